/**
 * A real Prometheus started with a sample limit that the 30-day read exceeds and the burn windows
 * do not: it answers that request with HTTP 422 ("too many samples"), as a loaded server does.
 * That is a limit, not a refused query: only the 3d and period windows are lost, the page the
 * short windows show still pages (exit 1), and the SLO is not set aside in the next refresh.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {BURN_WINDOWS, type SloDefinition} from '../../src/domain/slo.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const SLO: SloDefinition = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {
    kind: 'ratio',
    errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))',
  },
};

// Two days a minute apart: `rate` loads one series at a time, about 1,440 samples for a 1-day
// read and all 2,880 for the 3-day and 30-day ones. The limit sits between.
const MAX_SAMPLES = 2000;

describe('a 30-day read over the server sample limit (real Prometheus, HTTP 422)', () => {
  let backends: Backends;
  const end = Math.floor(Date.now() / 60_000) * 60;
  const at = (end + 30) * 1000;

  beforeAll(async () => {
    // 5 % errors against a 0.1 % budget: a 50× burn in every window.
    const backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 600, errorRatio: () => 0.05}], end - 2 * 86_400, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false, prometheusFlags: [`--query.max-samples=${MAX_SAMPLES}`]});
  });

  afterAll(async () => {
    await backends?.stop();
  });

  it('loses only the 3d and period windows, twice in a row: the page stands and the SLO is never set aside', async () => {
    const source = createPrometheusSource({name: 'prom', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000});
    try {
      for (const round of [1, 2]) {
        const {value, warnings} = await source.readRatios([SLO], [...BURN_WINDOWS, 'period'], at);
        const m = value[0]!;
        expect(m.error, `round ${round}`).toBeUndefined();
        expect(m.ratios.filter((r) => r.unread !== undefined).map((r) => r.window)).toEqual(['3d', 'period']);
        expect(m.ratios.find((r) => r.window === 'period')!.unread).toMatch(/HTTP 422.*too many samples/);
        expect(m.ratios.find((r) => r.window === '1d')!.ratio).toBeCloseTo(0.05, 2);
        expect(warnings).toEqual([expect.stringMatching(/^could not read the 3d, period windows \(.*too many samples.*\); SLOs are judged on the windows read; the error budget is unknown$/)]);
        const report = evaluateSlo(SLO, m);
        expect([report.status, report.trippedBy, report.error]).toEqual(['page', '1h&5m', undefined]);
      }
    } finally {
      await source.close();
    }
  });

  it('status --json: the SLO pages (exit 1) and names its unread windows', async () => {
    const tmp = tempDir();
    try {
      const config = tmp.write(
        'config.yaml',
        `current-context: p
contexts:
  - name: p
    prometheus: {url: ${backends.prometheusUrl}}
    slos:
      - {name: ${SLO.name}, service: checkout, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
`,
      );
      let out = '';
      const code = await main(['status', '--json', '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at});
      const doc = JSON.parse(out) as StatusDocument;
      expect(doc.slos[0]).toMatchObject({name: SLO.name, status: 'page', trippedBy: '1h&5m', error: null, errorBudgetRemaining: null, unread: ['3d', 'period']});
      expect(code).toBe(1);
    } finally {
      tmp.cleanup();
    }
  });
});
