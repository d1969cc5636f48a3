/**
 * Contexts on one Prometheus share one adapter, and SLO names are only unique within a context:
 * team-a and team-b may each have an `api-availability` SLO with its own queries. One refused
 * for team-a must not be reported refused for team-b, whose query Prometheus reads.
 */
import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import type {SloDefinition} from '../../../src/domain/slo.ts';
import {createPrometheusSource} from '../../../src/sources/prometheus/prometheus-source.ts';

const ORIGIN = 'http://prom.test:9090';
const JSON_HEADERS = {headers: {'content-type': 'application/json'}};
const AT = Date.UTC(2026, 4, 1, 12, 0, 0);

const api = (metric: string): SloDefinition => ({
  name: 'api-availability',
  service: 'api',
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {kind: 'ratio', errorQuery: `sum(rate(${metric}{code=~"5.."}[{{.window}}]))`, totalQuery: `sum(rate(${metric}[{{.window}}]))`},
});
// team-a's query names a MetricsQL function Prometheus does not know; team-b's is plain PromQL.
const TEAM_A = {...api('http_requests_total'), sli: {kind: 'ratio' as const, errorQuery: 'histogram_share(0.2, x[{{.window}}])', totalQuery: 'vector(1)'}};
const TEAM_B = api('http_requests_total');

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const source = createPrometheusSource({name: 'prom', baseUrl: ORIGIN, dispatcher: agent});
  agent
    .get(ORIGIN)
    .intercept({path: '/api/v1/query', method: 'POST'})
    .reply((opts) => {
      const query = new URLSearchParams(String(opts.body)).get('query') ?? '';
      const result = ['errors', 'total'].map((part) => ({metric: {oncall_slo: 'api-availability', oncall_part: part}, value: [AT / 1000, part === 'errors' ? '0.1' : '100']}));
      const refused = query.includes('histogram_share');
      const data: object = refused ? {status: 'error', errorType: 'bad_data', error: '1:1: parse error: unknown function with name "histogram_share"'} : {status: 'success', data: {resultType: 'vector', result}};
      return {statusCode: refused ? 400 : 200, data, responseOptions: JSON_HEADERS};
    })
    .persist();
  return source;
}

describe('a refused SLO of one context, on a Prometheus shared with another', () => {
  it("leaves the other context's SLO of the same name and another query read", async () => {
    const source = setup();
    try {
      const a = await source.readRatios([TEAM_A], ['5m'], AT);
      expect(a.value[0]!.error).toMatch(/^Prometheus refused its query \(HTTP 400\)/);
      const b = await source.readRatios([TEAM_B], ['5m'], AT);
      expect(b.value[0]!.error).toBeUndefined();
      expect(b.value[0]!.ratios.find((r) => r.window === '5m')?.ratio).toBeCloseTo(0.001);
      expect(b.warnings.join('\n')).not.toContain('refused');
      // team-a's is still set aside, and still says why.
      expect((await source.readRatios([TEAM_A], ['5m'], AT)).value[0]!.error).toMatch(/refused/);
    } finally {
      await source.close();
    }
  });
});
