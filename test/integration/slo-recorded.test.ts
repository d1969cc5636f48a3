/**
 * Sloth and Pyrra recording rules in a real Prometheus over backfilled raw counters: the adapter
 * finds them through `/api/v1/rules`, reads their recorded series in the same 7 instant queries,
 * and gets the numbers it would have recomputed from the raw SLI.
 *
 * Recorded and recomputed are compared at the instant T of a rule evaluation (read with
 * `timestamp()`): the recorded sample at T is the rule's expression evaluated at T, which is
 * exactly what the recomputing query evaluates at T.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCountingProxy, type CountingProxy} from '../../scripts/counting-proxy.ts';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {PYRRA_TABLE, WORKBOOK_TABLE} from '../../src/domain/burn-table.ts';
import {burnTableForSlo} from '../../src/domain/recorded-rules.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {fleetWindows} from '../../src/domain/slo-windows.ts';
import {BURN_WINDOWS, type SloDefinition} from '../../src/domain/slo.ts';
import {createPrometheusSource, type PrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';
import {pyrraRules, slothRules} from './recorded-rules-fixture.ts';

const MIN = 60;
const HOUR = 3600;
const errors = (service: string) => (w: string) => `sum(rate(http_requests_total{service="${service}",code=~"5.."}[${w}]))`;
const total = (service: string) => (w: string) => `sum(rate(http_requests_total{service="${service}"}[${w}]))`;

/** What the SLO file loader makes of the same Sloth/Pyrra SLO. */
function definition(name: string, service: string, source: 'sloth' | 'pyrra', objective: number, window: string): SloDefinition {
  return {name, service, objective, window, source, sli: {kind: 'ratio', errorQuery: errors(service)('{{.window}}'), totalQuery: total(service)('{{.window}}')}};
}

const CHECKOUT = definition('checkout-requests-availability', 'checkout', 'sloth', 99.9, '30d');
const SEARCH = definition('search-requests-availability', 'search', 'sloth', 99.9, '30d');
const API = definition('api-errors', 'api', 'pyrra', 99, '28d');
const BATCH = definition('batch-errors', 'batch', 'pyrra', 99, '28d');
const WINDOWS = [...BURN_WINDOWS, 'period' as const];

const RULES = [
  'groups:',
  slothRules({service: 'checkout', slo: 'requests-availability', objective: 99.9, period: '30d', errors: errors('checkout'), total: total('checkout')}),
  slothRules({service: 'search', slo: 'requests-availability', objective: 99.9, period: '30d', errors: errors('search'), total: total('search')}),
  pyrraRules({name: 'api-errors', metric: 'http_requests_total', matchers: {service: 'api'}, errorMatcher: 'code=~"5.."', target: 99}),
  pyrraRules({name: 'batch-errors', metric: 'http_requests_total', matchers: {service: 'batch'}, errorMatcher: 'code=~"5.."', target: 99}),
  '',
].join('\n');

describe('recorded Sloth and Pyrra series in a real Prometheus', () => {
  let backends: Backends;
  let proxy: CountingProxy;
  let source: PrometheusSource;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;

  /** Instant query straight to Prometheus (not through the proxy), one value. */
  async function scalar(promql: string, atMs?: number): Promise<number> {
    const form = new URLSearchParams({query: promql, ...(atMs === undefined ? {} : {time: String(atMs / 1000)})});
    const res = await fetch(`${backends.prometheusUrl}/api/v1/query`, {method: 'POST', body: form});
    const body = (await res.json()) as {data: {result: Array<{value: [number, string]}>}};
    return Number(body.data.result[0]?.value[1] ?? NaN);
  }

  beforeAll(async () => {
    const random = seededRandom(3);
    const start = end - 4 * 24 * HOUR - HOUR;
    const minutesAgo = (i: number) => (end - (start + i * MIN)) / MIN;
    const backfill = generateBackfill(
      [
        {service: 'checkout', requestsPerStep: () => 1000 + Math.floor(random() * 100), errorRatio: (i) => (minutesAgo(i) < 45 ? 0.03 : random() * 0.001)},
        {service: 'search', requestsPerStep: () => 400, errorRatio: () => random() * 0.002},
        // 14.2× a 99 % budget for the last 2 hours: over Pyrra's 14, under the Workbook's 14.4.
        {service: 'api', requestsPerStep: () => 1000, errorRatio: (i) => (minutesAgo(i) < 120 ? 0.142 : 0.0005)},
        // A slow burn: 1.5 % of a 99 % SLO's requests fail, 1.5× everywhere. Only Pyrra's 4d&6h
        // (1×) trips; its 1d&2h needs 2×.
        {service: 'batch', requestsPerStep: () => 1000, errorRatio: () => 0.015},
      ],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, rules: RULES, alertmanager: false});
    proxy = await startCountingProxy(backends.prometheusUrl ?? '');
    source = createPrometheusSource({name: 'prom', baseUrl: proxy.url, timeoutMs: 10_000});
    // Rules evaluate every second: wait until each SLO's longest window has been recorded.
    for (const q of ['slo:sli_error:ratio_rate3d{sloth_id="checkout-requests-availability"}', 'slo:sli_error:ratio_rate30d{sloth_id="search-requests-availability"}', 'http_requests:burnrate4d{slo="api-errors"}', 'http_requests:burnrate4d{slo="batch-errors"}']) {
      await pollUntil(() => scalar(q), (v) => !Number.isNaN(v), 15_000, q);
    }
  });

  afterAll(async () => {
    await source?.close();
    await proxy?.close();
    await backends?.stop();
  });

  it('discovers which SLOs Sloth and Pyrra record, and in which windows', async () => {
    const {value} = await source.discoverRecordedSlos();
    expect(value).toEqual([
      {kind: 'pyrra', id: 'api-errors', selector: 'slo="api-errors"', windows: ['5m', '30m', '1h', '2h', '6h', '1d', '4d']},
      {kind: 'pyrra', id: 'batch-errors', selector: 'slo="batch-errors"', windows: ['5m', '30m', '1h', '2h', '6h', '1d', '4d']},
      {kind: 'sloth', id: 'checkout-requests-availability', selector: 'sloth_id="checkout-requests-availability"', windows: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']},
      {kind: 'sloth', id: 'search-requests-availability', selector: 'sloth_id="search-requests-availability"', windows: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']},
    ]);
  });

  it('reads Sloth-recorded ratios in the same 7 queries, equal to the recomputed ones at the rule instant', async () => {
    const at = Math.round((await scalar('timestamp(slo:sli_error:ratio_rate5m{sloth_id="checkout-requests-availability"})')) * 1000);
    proxy.requests.length = 0;
    const recorded = await source.readRatios([CHECKOUT], WINDOWS, at);
    const calls = proxy.requests.map((r) => `${r.method} ${r.path}`);
    // One rules lookup (then cached for minutes), and still 7 instant queries.
    expect(calls.filter((c) => c === 'GET /api/v1/rules')).toHaveLength(1);
    expect(calls.filter((c) => c === 'POST /api/v1/query')).toHaveLength(7);
    const bodies = proxy.requests.map((r) => r.params.get('query') ?? '');
    for (const w of BURN_WINDOWS) expect(bodies.some((b) => b.includes(`max(slo:sli_error:ratio_rate${w}{sloth_id="checkout-requests-availability"})`)), w).toBe(true);
    // Recorded windows are not recomputed; the period is (Sloth's own is an average of 5m ratios).
    expect(bodies.some((b) => b.includes('code=~"5.."}[1h]'))).toBe(false);
    expect(bodies.some((b) => b.includes('code=~"5.."}[30d]'))).toBe(true);

    proxy.requests.length = 0;
    const computed = await source.readRatios([{...CHECKOUT, source: 'native'}], WINDOWS, at);
    expect(proxy.requests.map((r) => r.path)).toEqual(Array(7).fill('/api/v1/query'));
    const r = recorded.value[0]?.ratios ?? [];
    const c = computed.value[0]?.ratios ?? [];
    expect(r.map((x) => x.window)).toEqual(WINDOWS);
    for (const [i, x] of r.entries()) {
      expect(x.ratio, x.window).toEqual(expect.any(Number));
      expect(Math.abs((x.ratio ?? NaN) - (c[i]?.ratio ?? NaN)) / (c[i]?.ratio ?? NaN), x.window).toBeLessThanOrEqual(1e-9);
    }
    // The planted burn is visible through the recorded series: 3 % → 30× on 1h and 5m.
    expect(evaluateSlo(CHECKOUT, recorded.value[0]!)).toMatchObject({status: 'page', trippedBy: '1h&5m'});
  });

  it('reads Pyrra-recorded ratios where its windows match, recomputes 3d, and judges by Pyrra factors', async () => {
    const at = Math.round((await scalar('timestamp(http_requests:burnrate5m{slo="api-errors"})')) * 1000);
    proxy.requests.length = 0;
    const recorded = await source.readRatios([API], WINDOWS, at);
    const bodies = proxy.requests.map((r) => r.params.get('query') ?? '');
    expect(bodies.some((b) => b.includes('max({__name__=~".+:burnrate1h",slo="api-errors"})'))).toBe(true);
    // Pyrra records 4d, not 3d: 3d is recomputed from the raw counters.
    expect(bodies.some((b) => b.includes('{service="api",code=~"5.."}[3d]'))).toBe(true);
    const computed = await source.readRatios([{...API, source: 'native'}], WINDOWS, at);
    for (const [i, x] of (recorded.value[0]?.ratios ?? []).entries()) {
      const expected = computed.value[0]?.ratios[i]?.ratio ?? NaN;
      expect(x.ratio, x.window).toEqual(expect.any(Number));
      expect(Math.abs((x.ratio ?? NaN) - expected) / expected, x.window).toBeLessThanOrEqual(1e-9);
    }
    // 14.2× trips Pyrra's 14× page; the Workbook's 14.4× would not.
    expect(burnTableForSlo(API)).toBe(PYRRA_TABLE);
    const report = evaluateSlo(API, recorded.value[0]!, burnTableForSlo(API));
    expect(report.burnRates['1h']).toBeCloseTo(14.2, 1);
    expect(report).toMatchObject({status: 'page', trippedBy: '1h&5m'});
    expect(evaluateSlo(API, recorded.value[0]!, WORKBOOK_TABLE).status).toBe('ok');
  });

  it('tickets a slow-burning Pyrra SLO on 4d&6h from Pyrra\'s recorded 4d series, in one more instant query', async () => {
    const at = Math.round((await scalar('timestamp(http_requests:burnrate4d{slo="batch-errors"})')) * 1000);
    const windows = fleetWindows([CHECKOUT, BATCH]);
    proxy.requests.length = 0;
    const {value} = await source.readRatios([CHECKOUT, BATCH], windows, at);
    const instant = proxy.requests.filter((r) => r.path === '/api/v1/query').map((r) => r.params.get('query') ?? '');
    expect(instant).toHaveLength(8);
    // The 4d request reads the Pyrra SLO's recorded series, and nothing of the Sloth SLO.
    expect(instant.filter((q) => q.includes('burnrate4d'))).toEqual([
      'label_replace(label_replace(max({__name__=~".+:burnrate4d",slo="batch-errors"}), "oncall_slo", "batch-errors", "", ""), "oncall_part", "ratio", "", "")',
    ]);
    const [checkout, batch] = value;
    expect(checkout?.ratios.map((r) => r.window)).toEqual(WINDOWS);
    const fourDay = batch?.ratios.find((r) => r.window === '4d');
    expect(fourDay?.origin).toBe('recorded series {__name__=~".+:burnrate4d",slo="batch-errors"}');
    expect(fourDay?.ratio).toBeCloseTo(await scalar('http_requests:burnrate4d{slo="batch-errors"}', at), 12);
    const report = evaluateSlo(BATCH, batch!, burnTableForSlo(BATCH));
    expect(report).toMatchObject({status: 'ticket', trippedBy: '4d&6h'});
    expect(report.extraBurnRates?.['4d']).toBeCloseTo(1.5, 2);
    expect(report.burnRates['1d']).toBeLessThan(2);
  });

  it('falls back to Sloth\'s recorded period ratio only when the SLI itself is unknown', async () => {
    const at = Math.round((await scalar('timestamp(slo:sli_error:ratio_rate30d{sloth_id="search-requests-availability"})')) * 1000);
    const {sli: _omitted, ...withoutSli} = SEARCH;
    const {value} = await source.readRatios([withoutSli], ['5m', 'period'], at);
    const recordedPeriod = await scalar('slo:sli_error:ratio_rate30d{sloth_id="search-requests-availability"}', at);
    const recorded5m = await scalar('slo:sli_error:ratio_rate5m{sloth_id="search-requests-availability"}', at);
    expect(value[0]?.ratios).toEqual([
      {window: '5m', ratio: recorded5m, origin: 'recorded series slo:sli_error:ratio_rate5m{sloth_id="search-requests-availability"}'},
      {window: 'period', ratio: recordedPeriod, origin: 'recorded series slo:sli_error:ratio_rate30d{sloth_id="search-requests-availability"}'},
    ]);
  });
});
