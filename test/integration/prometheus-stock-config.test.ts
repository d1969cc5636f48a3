/**
 * `externalLabels: auto` against a real Prometheus whose config is a stock one: external labels
 * and an Alertmanager, no `alert_relabel_configs`. The pending alert must carry the labels (and so
 * the fingerprint) Alertmanager gets once it fires.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const RULES = `groups:
  - name: stock
    rules:
      - alert: StockFiring
        expr: vector(1)
        labels: {severity: warning}
`;

describe('externalLabels auto on a stock Prometheus config', () => {
  let backends: Backends;

  beforeAll(async () => {
    backends = await startTestBackends({rules: RULES, externalLabels: {cluster: 'stock-1'}});
  });

  afterAll(async () => {
    await backends?.stop();
  });

  it('reads the external labels with no warning, and the alert has Alertmanager\'s fingerprint', async () => {
    const config = await (await fetch(`${backends.prometheusUrl}/api/v1/status/config`)).json() as {data: {yaml: string}};
    // The premise: Alertmanagers configured, no alert relabeling.
    expect(config.data.yaml).toMatch(/alertmanagers:/);
    expect(config.data.yaml).not.toMatch(/alert_relabel_configs/);
    const source = createPrometheusSource({name: 'prom', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000, externalLabels: 'auto'});
    try {
      const {value, warnings} = await pollUntil(() => source.listAlerts(), (r) => r.value.length === 1, 10_000, 'the rule active');
      expect(warnings).toEqual([]);
      expect(value[0]?.labels).toEqual({alertname: 'StockFiring', severity: 'warning', cluster: 'stock-1'});
      const delivered = await pollUntil(
        async () => (await (await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`)).json()) as Array<{fingerprint: string; labels: Record<string, string>}>,
        (list) => list.length > 0,
        20_000,
        'alert delivered to Alertmanager',
      );
      expect(delivered[0]?.labels).toEqual(value[0]?.labels);
      expect(delivered[0]?.fingerprint).toBe(value[0]?.fingerprint);
    } finally {
      await source.close();
    }
  }, 40_000);
});
