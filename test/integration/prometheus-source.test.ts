import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom, type Backfill} from '../../scripts/slo-backfill.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createPrometheusSource, type PrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const HOUR = 3600;

function availability(service: string, window = '30d'): SloDefinition {
  return {
    name: `${service}-availability`,
    service,
    objective: 99.9,
    window,
    source: 'native',
    sli: {
      kind: 'ratio',
      errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
      totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
    },
  };
}

// Alerting rules: one pending forever (`for: 1h`), one firing at once (and sent to Alertmanager).
const RULES = `groups:
  - name: oncall-test
    rules:
      - alert: CheckoutSlowBurn
        expr: vector(1)
        for: 1h
        labels: {severity: warning, service: checkout}
        annotations: {summary: "slow burn"}
      - alert: CheckoutFastBurn
        expr: vector(1)
        labels: {severity: Critical, service: checkout, team: "zürich ✓"}
        annotations: {summary: "fast burn", runbook_url: "https://runbooks.example/checkout"}
`;

// The test Prometheus' `global.external_labels`; its alerts' own `service` wins over this one.
// As in an HA pair, `replica` is dropped again by its alert_relabel_configs.
const EXTERNAL = {cluster: 'it-1', service: 'external', replica: 'A'};
const RELABEL = [{action: 'labeldrop', regex: 'replica'}];

describe('Prometheus adapter against a real Prometheus', () => {
  let backends: Backends;
  let source: PrometheusSource;
  let backfill: Backfill;
  // Four hours of minute samples ending at the last whole minute; queries land 30 s after it.
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const at = end + 30;
  const slos = [availability('checkout'), availability('search', '28d'), availability('idle'), availability('ghost')];

  beforeAll(async () => {
    const random = seededRandom(42);
    backfill = generateBackfill(
      [
        // A spike of 20 % errors during the last 20 minutes, on top of ~0.1 %.
        {service: 'checkout', requestsPerStep: () => 900 + Math.floor(random() * 200), errorRatio: (i) => (i > 220 ? 0.2 : random() * 0.002)},
        {service: 'search', requestsPerStep: () => 300, errorRatio: () => 0.004 + random() * 0.002},
        {service: 'idle', requestsPerStep: () => 0, errorRatio: () => 0},
      ],
      end - 4 * HOUR,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, rules: RULES, externalLabels: EXTERNAL, alertRelabelConfigs: RELABEL});
    source = createPrometheusSource({name: 'prom-test', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, externalLabels: EXTERNAL, alertRelabelConfigs: RELABEL});
  });

  afterAll(async () => {
    await source?.close();
    await backends?.stop();
  });

  it('reads every SLO ratio per window in one query each, matching the generator within 1e-6', async () => {
    const {value, warnings} = await source.readRatios(slos, ['5m', '1h', 'period'], at * 1000);
    expect(warnings).toEqual([]);
    const windowSeconds = {'5m': 5 * MIN, '1h': HOUR};
    const periodSeconds: Record<string, number> = {'30d': 30 * 24 * HOUR, '28d': 28 * 24 * HOUR};
    for (const service of ['checkout', 'search']) {
      const measured = value.find((m) => m.slo === `${service}-availability`);
      expect(measured?.at).toBe(at * 1000);
      for (const r of measured?.ratios ?? []) {
        const seconds = r.window === 'period' ? (periodSeconds[slos.find((s) => s.service === service)?.window ?? ''] ?? 0) : windowSeconds[r.window as '5m' | '1h'];
        const expected = backfill.expectedRatio(service, at, seconds);
        expect(expected).not.toBeNull();
        expect(r.ratio).not.toBeNull();
        expect(Math.abs((r.ratio ?? 0) - (expected ?? 0)) / (expected ?? 1)).toBeLessThanOrEqual(1e-6);
      }
      expect(measured?.ratios.map((r) => r.window)).toEqual(['5m', '1h', 'period']);
    }
    // The spike: 20 % over the last 5 minutes.
    expect(value.find((m) => m.slo === 'checkout-availability')?.ratios[0]?.ratio).toBeCloseTo(0.2, 2);
    // No traffic (flat counters) and no series at all are both "no data", never zero errors.
    for (const name of ['idle-availability', 'ghost-availability']) {
      expect(value.find((m) => m.slo === name)?.ratios.map((r) => r.ratio)).toEqual([null, null, null]);
    }
  });

  it('reads the 1h ratio history on an even grid, matching the generator', async () => {
    const from = (at - 2 * HOUR) * 1000;
    const {value} = await source.readHistory(slos[0] as SloDefinition, from, at * 1000, 600);
    expect(value.map((p) => p.at)).toEqual(Array.from({length: 13}, (_, i) => from + i * 600_000));
    for (const point of value) {
      const expected = backfill.expectedRatio('checkout', point.at / 1000, HOUR) ?? NaN;
      expect(Math.abs((point.ratio ?? NaN) - expected) / expected).toBeLessThanOrEqual(1e-6);
    }
  });

  it('lists pending and firing alerts with the fingerprint Alertmanager gives them', async () => {
    const {value} = await pollUntil(() => source.listAlerts(), (r) => r.value.length === 2, 10_000, 'both rules active');
    const byName = new Map(value.map((a) => [a.name, a]));
    expect(byName.get('CheckoutSlowBurn')).toMatchObject({state: 'pending', severity: 'warning', seenBy: ['prom-test'], annotations: {summary: 'slow burn'}});
    const fast = byName.get('CheckoutFastBurn');
    expect(fast).toMatchObject({state: 'firing', severity: 'critical'});
    expect(fast?.labels).toEqual({alertname: 'CheckoutFastBurn', severity: 'Critical', service: 'checkout', team: 'zürich ✓', cluster: 'it-1'});
    expect(byName.get('CheckoutSlowBurn')?.labels).toEqual({alertname: 'CheckoutSlowBurn', severity: 'warning', service: 'checkout', cluster: 'it-1'});
    expect(fast?.startsAt).toBeGreaterThan(Date.now() - 60_000);
    // The firing alert reaches Alertmanager (resend delay 1 s), external labels added and
    // relabeled by Prometheus: same labels, same fingerprint.
    const delivered = (await alertmanagerAlerts()).find((a) => a.labels.alertname === 'CheckoutFastBurn');
    expect(delivered?.labels).toEqual(fast?.labels);
    expect(delivered?.fingerprint).toBe(fast?.fingerprint);
  }, 40_000);

  it('reads the external labels and alert relabeling from the server with externalLabels auto, and differs from Alertmanager without them', async () => {
    const auto = createPrometheusSource({name: 'prom-auto', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, externalLabels: 'auto'});
    const bare = createPrometheusSource({name: 'prom-bare', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000});
    const externalOnly = createPrometheusSource({name: 'prom-external', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, externalLabels: EXTERNAL});
    try {
      const delivered = (await alertmanagerAlerts()).find((a) => a.labels.alertname === 'CheckoutFastBurn');
      const fastOf = async (s: PrometheusSource) => {
        const {value, warnings} = await pollUntil(() => s.listAlerts(), (r) => r.value.length === 2, 10_000, 'both rules active');
        expect(warnings).toEqual([]);
        return value.find((a) => a.name === 'CheckoutFastBurn');
      };
      const fromAuto = await fastOf(auto);
      expect(fromAuto?.labels).toEqual(delivered?.labels);
      expect(fromAuto?.fingerprint).toBe(delivered?.fingerprint);
      // What the known gaps were: without them the same alert has another identity, and so has
      // it with the external labels but without the relabeling (`replica` stays).
      expect((await fastOf(bare))?.fingerprint).not.toBe(delivered?.fingerprint);
      expect((await fastOf(externalOnly))?.labels).toEqual({...delivered?.labels, replica: 'A'});
    } finally {
      await auto.close();
      await bare.close();
      await externalOnly.close();
    }
  }, 40_000);

  /** Alertmanager's alerts once the firing rule has been delivered to it. */
  async function alertmanagerAlerts() {
    return pollUntil(
      async () => (await (await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`)).json()) as Array<{fingerprint: string; labels: Record<string, string>}>,
      (list) => list.some((a) => a.labels.alertname === 'CheckoutFastBurn'),
      20_000,
      'alert delivered to Alertmanager',
    );
  }

  it('reports a stopped Prometheus as unavailable', async () => {
    await backends.stopPrometheus();
    const failure = await source.readRatios(slos, ['5m'], at * 1000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect((failure as SourceFailure).kind).toBe('unavailable');
    expect((failure as SourceFailure).message).toBe(`POST ${backends.prometheusUrl}/api/v1/query: connection refused`);
  });
});
