/**
 * A Sloth file with `denominator_corrected_rules` against a real Prometheus: the burn windows'
 * error ratios oncall reads equal what Sloth's plugin records (its expression evaluated by the
 * same Prometheus at the same instant), and differ from the plain ratio the plugin replaces. The
 * 30-day total they are weighed by is read once, in the period's request: a 30-day read the
 * server refuses as too heavy loses that request and the corrected SLO's windows (unknown without
 * it), never the other SLOs' short windows.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {parseSloFiles} from '../../src/config/slo-files/slo-files-parse.ts';
import {createPrometheusSource, type PrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy} from '../helpers/fault-proxy.ts';

const MIN = 60;
const DAY = 86_400;
const ERRORS = 'sum(rate(http_requests_total{service="shop",code=~"5.."}[{{.window}}]))';
const TOTAL = 'sum(rate(http_requests_total{service="shop"}[{{.window}}]))';

// Written for this test: Sloth's Kubernetes format with the contrib plugin on the whole file.
const SPEC = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: {name: shop}
spec:
  service: shop
  sloPlugins:
    chain:
      - id: sloth.dev/contrib/denominator_corrected_rules/v1
  slos:
    - name: requests
      objective: 99.5
      sli:
        events:
          errorQuery: '${ERRORS}'
          totalQuery: '${TOTAL}'
`;

/** The SLI expression the plugin records for `window`, with its correction metric written out. */
function slothExpression(window: string): string {
  const at = (q: string, w: string) => q.replaceAll('{{.window}}', w);
  const correction = `(${at(TOTAL, window)})/(${at(TOTAL, '30d')})`;
  return `(\n(${correction})\n* on()\n${at(ERRORS, window)}\n)\n/\n(${at(TOTAL, window)})\n`;
}

describe('Sloth denominator_corrected_rules against a real Prometheus', () => {
  let backends: Backends;
  let source: PrometheusSource;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const at = end + 30;

  beforeAll(async () => {
    const random = seededRandom(11);
    // 30 busy days, then a quiet last 90 minutes with the same error share: the correction makes
    // the quiet windows burn far less than the plain ratio says (Sloth's point: few requests, few
    // errors, no page).
    const start = end - 30 * DAY;
    const quietFrom = (end - 90 * MIN - start) / MIN;
    const backfill = generateBackfill(
      [{service: 'shop', requestsPerStep: (i) => (i >= quietFrom ? 100 : 2000), errorRatio: () => 0.01 + random() * 0.002}],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    source = createPrometheusSource({name: 'prom', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, recordedRules: 'off'});
  });

  afterAll(async () => {
    await source?.close();
    await backends?.stop();
  });

  async function instant(expr: string): Promise<number> {
    const body = new URLSearchParams({query: expr, time: String(at)});
    const answer = (await (await fetch(`${backends.prometheusUrl}/api/v1/query`, {method: 'POST', body})).json()) as {data: {result: Array<{value: [number, string]}>}};
    return Number(answer.data.result[0]?.value[1]);
  }

  it("reads each burn window's ratio as Sloth's plugin records it, and the period as the plain ratio", async () => {
    const {definitions, errors} = parseSloFiles([{file: 'shop.yaml', text: SPEC}]);
    expect(errors).toEqual([]);
    const {value} = await source.readRatios(definitions, ['5m', '1h', '2h', 'period'], at * 1000);
    const ratios = new Map(value[0]?.ratios.map((r) => [r.window, r.ratio]));
    for (const window of ['5m', '1h', '2h']) {
      const sloth = await instant(slothExpression(window));
      const plain = await instant(`(${ERRORS.replaceAll('{{.window}}', window)}) / (${TOTAL.replaceAll('{{.window}}', window)})`);
      const mine = ratios.get(window as '5m') ?? NaN;
      expect(Math.abs(mine - sloth) / sloth, `${window}: ${mine} vs Sloth's ${sloth}`).toBeLessThanOrEqual(1e-9);
      // What was shown before: the plain ratio, far from Sloth's in the quiet hour.
      expect(Math.abs(plain - sloth) / sloth, `${window} plain ${plain}`).toBeGreaterThan(0.3);
    }
    const period = await instant(`(${ERRORS.replaceAll('{{.window}}', '30d')}) / (${TOTAL.replaceAll('{{.window}}', '30d')})`);
    expect(Math.abs((ratios.get('period') ?? NaN) - period) / period).toBeLessThanOrEqual(1e-9);
  });

  it('a 30-day read too heavy for the server: the plain SLO keeps its short windows, the corrected one says its windows unread', async () => {
    const {definitions} = parseSloFiles([{file: 'shop.yaml', text: SPEC}]);
    const plain = {...definitions[0]!, name: 'plain', sli: {kind: 'ratio' as const, errorQuery: ERRORS, totalQuery: TOTAL}};
    const forward = forwardTo(backends.prometheusUrl!);
    const heavy = {status: 422, contentType: 'application/json', body: '{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}'};
    const sent: string[] = [];
    const proxy = await startFaultProxy(async (req, body) => {
      const query = new URLSearchParams(body).get('query') ?? '';
      sent.push(query);
      return query.includes('[30d]') ? heavy : forward(req, body);
    }, {prometheus: true});
    const fronted = createPrometheusSource({name: 'prom', baseUrl: proxy.url, timeoutMs: 5000, recordedRules: 'off'});
    try {
      const {value} = await fronted.readRatios([...definitions, plain], ['5m', '1h', '2h', 'period'], at * 1000);
      // One request of three reads 30 days: the period's.
      expect(sent.filter((q) => q.includes('[30d]'))).toHaveLength(1);
      const [corrected, other] = value;
      expect(other?.ratios.filter((r) => r.window !== '2h' && r.window !== 'period').map((r) => [r.window, r.ratio !== null, r.unread])).toEqual([
        ['5m', true, undefined],
        ['1h', true, undefined],
      ]);
      expect(corrected?.ratios.map((r) => [r.window, r.ratio, r.unread?.includes('too many samples')])).toEqual([
        ['5m', null, true],
        ['1h', null, true],
        ['2h', null, true],
        ['period', null, true],
      ]);
      expect(corrected?.ratios[0]?.unread).toMatch(/^the period's traffic it is weighed by was not read: /);
    } finally {
      await fronted.close();
      await proxy.close();
    }
  });
});
