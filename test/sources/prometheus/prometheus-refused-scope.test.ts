import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {BURN_WINDOWS, type SloDefinition} from '../../../src/domain/slo.ts';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {createPrometheusSource} from '../../../src/sources/prometheus/prometheus-source.ts';

const ORIGIN = 'http://thanos.test:10902';
const JSON_HEADERS = {headers: {'content-type': 'application/json'}};
const AT = Date.UTC(2026, 4, 1, 12, 0, 0);
const DAY_MS = 86_400_000;
const DUPLICATE = 'found duplicate series for the match group {svc="search"} on the right hand-side of the operation';

const SEARCH: SloDefinition = {
  name: 'search',
  service: 'search',
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {kind: 'ratio', errorQuery: 'sum(rate(errors_total{svc="search"}[{{.window}}]))', totalQuery: 'sum(rate(requests_total{svc="search"}[{{.window}}]))'},
};

const sample = (part: string, value: string, window?: string) => ({metric: {oncall_slo: 'search', oncall_part: part, ...(window === undefined ? {} : {oncall_window: window})}, value: [AT / 1000, value]});

/**
 * A Prometheus whose range queries all fail at execution (a duplicate series somewhere in the
 * past day) while its instant queries answer a fresh spike: 1.5 % errors over 5m..1h (a 15x burn
 * of a 99.9 % objective), 0.1 % over the longer windows.
 */
function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const source = createPrometheusSource({name: 'thanos', baseUrl: ORIGIN, dispatcher: agent});
  const pool = agent.get(ORIGIN);
  const ranges: string[] = [];
  pool
    .intercept({path: '/api/v1/query_range', method: 'POST'})
    .reply((opts) => {
      ranges.push(new URLSearchParams(String(opts.body)).get('query') ?? '');
      return {statusCode: 422, data: {status: 'error', errorType: 'execution', error: DUPLICATE}, responseOptions: JSON_HEADERS};
    })
    .persist();
  pool
    .intercept({path: '/api/v1/query', method: 'POST'})
    .reply((opts) => {
      const query = new URLSearchParams(String(opts.body)).get('query') ?? '';
      // The 3d and period windows ride together and are told apart by their label.
      const windows = query.includes('[30d]') ? ['3d', 'period'] : [undefined];
      const errors = /\[(5m|30m|1h)\]/.test(query) ? '1.5' : '0.1';
      const result = windows.flatMap((w) => [sample('errors', errors, w), sample('total', '100', w)]);
      return {statusCode: 200, data: {status: 'success', data: {resultType: 'vector', result}}, responseOptions: JSON_HEADERS};
    })
    .persist();
  return {source, ranges};
}

describe('a refusal is remembered per kind of request', () => {
  it('a refused sparkline range leaves the refresh reading every window, and a fresh spike still pages', async () => {
    const {source} = setup();
    const history = await source.readHistory(SEARCH, AT - DAY_MS, AT, 600);
    expect(history.warnings.join('\n')).toContain('Prometheus refused the query of SLO search');

    const {value, warnings} = await source.readRatios([SEARCH], [...BURN_WINDOWS, 'period'], AT);
    const measurement = value[0]!;
    expect(measurement.ratios.filter((r) => r.unread !== undefined).map((r) => r.window)).toEqual([]);
    expect(measurement.error).toBeUndefined();
    expect(warnings.join('\n')).not.toContain('refused');
    const report = evaluateSlo(SEARCH, measurement);
    expect(report.status).toBe('page');
    expect(report.trippedBy).toContain('1h');
  });

  it('the sparkline remembers its own refusal: the next sparkline read asks nothing and says why', async () => {
    const {source, ranges} = setup();
    await source.readHistory(SEARCH, AT - DAY_MS, AT, 600);
    const asked = ranges.length;
    expect(asked).toBeGreaterThan(0);
    await source.readRatios([SEARCH], [...BURN_WINDOWS, 'period'], AT);

    const again = await source.readHistory(SEARCH, AT - DAY_MS, AT, 600);
    expect(ranges.length).toBe(asked);
    expect(again.warnings.join('\n')).toContain('Prometheus refused the query of SLO search');
    expect(again.value.every((p) => p.ratio === null)).toBe(true);
  });

  it('the timeline asks its own range after a sparkline refusal, and then remembers its own', async () => {
    const {source, ranges} = setup();
    await source.readHistory(SEARCH, AT - DAY_MS, AT, 600);
    const afterSparkline = ranges.length;

    await source.readRatioHistory([SEARCH], ['1h'], AT - 6 * 3_600_000, AT, 600);
    expect(ranges.length).toBeGreaterThan(afterSparkline);
    const afterTimeline = ranges.length;

    await source.readRatioHistory([SEARCH], ['1h'], AT - 6 * 3_600_000, AT, 600);
    expect(ranges.length).toBe(afterTimeline);
  });
});
