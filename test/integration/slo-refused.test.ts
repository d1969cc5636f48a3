/**
 * One SLO whose query Prometheus cannot parse (MetricsQL's `histogram_share`, as in Sloth's
 * VictoriaMetrics example) next to SLOs it can, against a real Prometheus: the batch is split to
 * find it once, it shows its own error, and the others keep their numbers (a page included).
 */
import {Agent, type Dispatcher} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom, type Backfill} from '../../scripts/slo-backfill.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {BURN_WINDOWS, type SloDefinition} from '../../src/domain/slo.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {main} from '../../src/cli/main.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const HOUR = 3600;

const availability = (service: string): SloDefinition => ({
  name: `${service}-availability`,
  service,
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {kind: 'ratio', errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`, totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`},
});

// Written for this test after the shape of Sloth's VictoriaMetrics example: a MetricsQL SLI.
const METRICSQL = `version: prometheus/v1
service: grpc
slo_plugins:
  overridePrevious: true
  chain:
    - id: sloth.dev/contrib/validate_victoria_metrics/v1
    - id: sloth.dev/core/sli_rules/v1
slos:
  - name: latency-p90
    objective: 90
    sli:
      events:
        error_query: 1 - histogram_share(0.2, sum by (vmrange) (rate(rpc_duration_seconds_bucket[{{.window}}])))
        total_query: vector(1)[{{.window}}]
`;

describe('an SLO whose query Prometheus refuses, beside SLOs it can read', () => {
  let backends: Backends;
  let backfill: Backfill;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const at = end + 30;
  const refused: SloDefinition = {...availability('grpc'), name: 'grpc-latency-p90', sli: {kind: 'ratio', errorQuery: '1 - histogram_share(0.2, sum by (vmrange) (rate(rpc_duration_seconds_bucket[{{.window}}])))', totalQuery: 'vector(1)'}};
  // The refused SLO sits between the other two, so a split has to look on both sides.
  const slos = [availability('checkout'), refused, availability('search')];

  beforeAll(async () => {
    const random = seededRandom(7);
    backfill = generateBackfill(
      [
        // 20 % errors for the last 20 minutes: pages on 1h&5m.
        {service: 'checkout', requestsPerStep: () => 1000, errorRatio: (i) => (i > 220 ? 0.2 : random() * 0.0005)},
        {service: 'search', requestsPerStep: () => 300, errorRatio: () => random() * 0.0005},
      ],
      end - 4 * HOUR,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
  });

  afterAll(async () => {
    await backends?.stop();
  });

  it('reads the others exactly, gives the refused SLO its own error, and splits the batch only once', async () => {
    const paths: string[] = [];
    const counting = new Agent().compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
      paths.push(String(opts.path));
      return dispatch(opts, handler);
    });
    const source = createPrometheusSource({name: 'prom', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, dispatcher: counting});
    try {
      const windows = [...BURN_WINDOWS, 'period' as const];
      const first = await source.readRatios(slos, windows, at * 1000);
      const firstRequests = paths.length;
      for (const service of ['checkout', 'search']) {
        const m = first.value.find((x) => x.slo === `${service}-availability`);
        expect(m?.error).toBeUndefined();
        const fiveMinutes = m?.ratios.find((r) => r.window === '5m')?.ratio ?? NaN;
        const expected = backfill.expectedRatio(service, at, 5 * MIN) ?? NaN;
        expect(Math.abs(fiveMinutes - expected) / expected).toBeLessThanOrEqual(1e-6);
      }
      const bad = first.value.find((x) => x.slo === 'grpc-latency-p90');
      expect(bad?.error).toMatch(/^Prometheus refused its query \(HTTP 400\): .*histogram_share/);
      expect(bad?.ratios.every((r) => r.ratio === null)).toBe(true);
      expect(first.warnings).toEqual(['Prometheus refused the query of SLO grpc-latency-p90; the others are read']);
      // The search: more than one request per window the first time…
      expect(firstRequests).toBeGreaterThan(7);
      // …and none the next time: one request per window, the refused SLO left out, its error kept.
      const second = await source.readRatios(slos, windows, at * 1000);
      expect(paths.length - firstRequests).toBe(7);
      expect(second.value.find((x) => x.slo === 'grpc-latency-p90')?.error).toBe(bad?.error);
      expect(second.value.find((x) => x.slo === 'checkout-availability')?.ratios).toEqual(first.value.find((x) => x.slo === 'checkout-availability')?.ratios);
      // The sparklines' range query leaves it out too.
      const history = await source.readHistory(slos[0]!, (at - HOUR) * 1000, at * 1000, 600);
      expect(history.value.filter((p) => p.ratio !== null)).toHaveLength(7);
    } finally {
      await source.close();
      await counting.close();
    }
  });

  it('status --json: the Sloth file passes validation, the page still pages (exit 1), the refused SLO says why', async () => {
    const tmp = tempDir();
    try {
      tmp.write('slos/grpc.yaml', METRICSQL);
      const config = tmp.write(
        'config.yaml',
        `current-context: t
contexts:
  - name: t
    prometheus: {url: ${backends.prometheusUrl}}
    sloFiles: [slos/*.yaml]
    slos:
      - {name: checkout-availability, service: checkout, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
`,
      );
      expect((await run(['config', 'validate', '--config', config], {HOME: tmp.dir})).code).toBe(0);
      let out = '';
      const code = await main(['status', '--json', '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at * 1000});
      const doc = JSON.parse(out) as StatusDocument;
      expect(doc.slos.map((s) => [s.name, s.status, s.error === null ? null : s.error.slice(0, 40)])).toEqual([
        ['checkout-availability', 'page', null],
        ['grpc-latency-p90', 'unknown', 'Prometheus refused its query (HTTP 400):'],
      ]);
      expect(doc.sources[0]).toMatchObject({ok: true, warnings: ['Prometheus refused the query of SLO grpc-latency-p90; the others are read']});
      expect(code).toBe(1);
    } finally {
      tmp.cleanup();
    }
  });

  it('status --json: an SLO whose query fails at execution (HTTP 422, a many-to-many match) is set aside; the page beside it pages (exit 1)', async () => {
    const tmp = tempDir();
    try {
      // Both sides of the match hold two series with the same (empty) matching labels: Prometheus
      // parses it, then fails it at evaluation with HTTP 422 `execution`.
      const twice = 'sum by (service) (rate(http_requests_total[{{.window}}]))';
      const config = tmp.write(
        'config.yaml',
        `current-context: t
contexts:
  - name: t
    prometheus: {url: ${backends.prometheusUrl}}
    slos:
      - {name: checkout-availability, service: checkout, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
      - {name: joined, service: search, objective: 99.9, window: 30d,
         errorQuery: '${twice} * on() ${twice}',
         totalQuery: 'sum(rate(http_requests_total{service="search"}[{{.window}}]))'}
`,
      );
      let out = '';
      const code = await main(['status', '--json', '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at * 1000});
      const doc = JSON.parse(out) as StatusDocument;
      expect(doc.slos.map((s) => [s.name, s.status])).toEqual([
        ['checkout-availability', 'page'],
        ['joined', 'unknown'],
      ]);
      expect(doc.slos[1]!.error).toMatch(/^Prometheus refused its query \(HTTP 422\): .*many-to-many matching not allowed/);
      expect(doc.slos[0]!.burnRates['1h']).toBeGreaterThan(14.4);
      expect(doc.sources[0]).toMatchObject({ok: true, warnings: ['Prometheus refused the query of SLO joined; the others are read']});
      expect(code).toBe(1);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('an SLO whose query Prometheus refuses in one request only (real Prometheus)', () => {
  let backends: Backends;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const at = end + 30;
  // Matched against `legacy` by nothing (`on()`): one replica in the last day, two over 3 days
  // (replica b ran 2 to 2.5 days ago), so the 3d and 30d reads are a many-to-many match (HTTP 422)
  // and the others are not.
  const flaky: SloDefinition = {
    ...availability('checkout'),
    name: 'checkout-joined',
    sli: {
      kind: 'ratio',
      errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}])) * on() group_left() (count by (replica) (count_over_time(legacy[{{.window}}])) ^ 0)',
      totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))',
    },
  };

  beforeAll(async () => {
    // 5 % errors: a 50× burn, a page on 1h&5m.
    const traffic = generateBackfill([{service: 'checkout', requestsPerStep: () => 600, errorRatio: () => 0.05}], end - 7 * HOUR, end).openMetrics.replace(/# EOF\n?$/, '');
    const legacy = ['# TYPE legacy gauge'];
    for (let t = end - 7 * HOUR; t <= end; t += MIN) legacy.push(`legacy{replica="a"} 1 ${t}`);
    for (let t = end - 60 * HOUR; t <= end - 48 * HOUR; t += MIN) legacy.push(`legacy{replica="b"} 1 ${t}`);
    backends = await startTestBackends({openMetrics: `${traffic}${legacy.join('\n')}\n# EOF\n`, alertmanager: false});
  });

  afterAll(async () => {
    await backends?.stop();
  });

  it('loses only that request\'s windows for that SLO: its page stands, the SLO beside it is read whole', async () => {
    const source = createPrometheusSource({name: 'prom', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000});
    try {
      const {value, warnings} = await source.readRatios([availability('checkout'), flaky], [...BURN_WINDOWS, 'period'], at * 1000);
      const [plain, joined] = value;
      expect(plain!.ratios.every((r) => r.unread === undefined && r.ratio !== null)).toBe(true);
      expect(joined!.error).toBeUndefined();
      expect(joined!.ratios.filter((r) => r.unread !== undefined).map((r) => r.window)).toEqual(['3d', 'period']);
      expect(joined!.ratios.find((r) => r.window === '3d')!.unread).toMatch(/^Prometheus refused its query \(HTTP 422\): .*many-to-many/);
      expect(joined!.ratios.find((r) => r.window === '1d')!.ratio).toBeCloseTo(0.05, 2);
      expect(evaluateSlo(flaky, joined!)).toMatchObject({status: 'page', trippedBy: '1h&5m', unread: ['3d', 'period']});
      expect(warnings).toEqual(['Prometheus refused the query of SLO checkout-joined; the others are read']);
    } finally {
      await source.close();
    }
  });
});
