/**
 * Queries ending in a PromQL `# comment` (a YAML `query: |` block, its newline trimmed by the
 * schema), against a real Prometheus. Prometheus reads such a query as written; oncall wraps every
 * query in its batch, and the comment must not swallow the wrapper's closing parenthesis: the
 * panel and the SLO are read, not shown as refused.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, type Backfill} from '../../scripts/slo-backfill.ts';
import {panelSchema} from '../../src/config/config-schema-panels.ts';
import {evaluatePanel, type PanelDefinition} from '../../src/domain/panel.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;

describe('a query ending in a # comment (real Prometheus)', () => {
  let backends: Backends;
  let backfill: Backfill;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN - MIN;
  // Between sample instants (see Backfill.expectedRatio).
  const at = end + 30;

  beforeAll(async () => {
    backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.01}], end - 2 * 3600, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
  });
  afterAll(async () => {
    await backends?.stop();
  });

  it('a panel is read, not shown as QUERY REFUSED', {timeout: 60_000}, async () => {
    const query = 'sum(rate(http_requests_total{service="checkout",code="500"}[5m]))  # failures of checkout\n';
    const panel = panelSchema.parse({name: 'checkout failures', query, unit: 'per-second', warn: 100, crit: 200}) as PanelDefinition;
    // Prometheus itself accepts the query as the schema leaves it.
    const own = (await (await fetch(`${backends.prometheusUrl}/api/v1/query?query=${encodeURIComponent(panel.query)}&time=${at}`)).json()) as {status: string};
    expect(own.status).toBe('success');
    const source = createPrometheusSource({name: 'prometheus', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000});
    try {
      const {value} = await source.readPanels([panel], at * 1000);
      const reading = evaluatePanel(panel, value.get(panel.name));
      expect(reading.error).toBeUndefined();
      // 10 failures a minute.
      expect(reading.value).toBeCloseTo(10 / 60, 6);
    } finally {
      await source.close();
    }
  });

  it('an SLO whose errorQuery and totalQuery end in a comment is read, not refused', {timeout: 60_000}, async () => {
    const slo: SloDefinition = {
      name: 'checkout-availability',
      service: 'checkout',
      objective: 99.9,
      window: '30d',
      source: 'native',
      sli: {
        kind: 'ratio',
        errorQuery: 'sum(rate(http_requests_total{service="checkout",code="500"}[{{.window}}])) # 5xx',
        totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))  # every request',
      },
    };
    const source = createPrometheusSource({name: 'prometheus', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000});
    try {
      const {value} = await source.readRatios([slo], ['5m', '1h'], at * 1000);
      const m = value.find((x) => x.slo === slo.name);
      expect(m?.error).toBeUndefined();
      for (const window of ['5m', '1h'] as const) {
        const ratio = m?.ratios.find((r) => r.window === window)?.ratio ?? NaN;
        const expected = backfill.expectedRatio('checkout', at, window === '5m' ? 5 * MIN : 60 * MIN) ?? NaN;
        expect(Math.abs(ratio - expected) / expected).toBeLessThanOrEqual(1e-6);
      }
    } finally {
      await source.close();
    }
  });
});
