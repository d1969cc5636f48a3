/**
 * A Grafana-managed alert that paged PagerDuty through Grafana's own PagerDuty contact point is
 * linked to its incident, as an Alertmanager alert is. The incident alert's `firing` detail is
 * Grafana's default alert list (the same ` - name = value` lines under `Labels:`), rendered from
 * the alert's labels with Grafana's private labels (`__alert_rule_uid__`, any `__name__`-style
 * key) removed before any template runs; Grafana's Alertmanager API lists the same alert with
 * `__alert_rule_uid__` among its labels. Linked, `a` on the alert acknowledges the page too.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {startFakeGrafana, type FakeGrafana} from '../helpers/fake-grafana.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const PD_TOKEN = 'pd-grafana-link';
const GF_TOKEN = 'grafana-sa-token-for-test';
const LABELS = {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', severity: 'critical', service: 'checkout'};

let pd: FakePagerduty;
let grafana: FakeGrafana;
let sources: AlertSourceInstance[];
let client: QueryClient;

beforeAll(async () => {
  grafana = await startFakeGrafana(GF_TOKEN, [
    {fingerprint: '6c2a1f0e9b8d7a65', labels: {...LABELS, __alert_rule_uid__: 'fe1x2abcd'}, annotations: {summary: 'p99 latency over 2s'}, startsAt: new Date(Date.now() - 5 * 60_000).toISOString()},
  ]);
  // The incident Grafana's PagerDuty contact point opened: its `firing` detail lists the labels without the private ones.
  pd = await startFakePagerduty(PD_TOKEN, [{id: 'PGRF001', number: 777, title: '[FIRING:1] CheckoutLatencyHigh Checkout', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', firing: [LABELS]}]);
  sources = [
    createAlertSource({kind: 'grafana', name: 'grafana', url: grafana.url}, {provider: {token: GF_TOKEN}}),
    createAlertSource({kind: 'pagerduty', name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}, {provider: {token: PD_TOKEN}}),
  ];
  client = createQueryClient({retry: 0});
}, 30_000);

afterAll(async () => {
  client.clear();
  await Promise.all(sources.map((s) => s.close()));
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  await grafana.close();
});

const services = (): ContextServices => ({context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: sources.map((s) => s.handle), deploySource: null, rollbacker: null});

describe('a Grafana-managed alert that paged PagerDuty', () => {
  it('is linked to its incident (⚑ PD #777), as an Alertmanager alert is', async () => {
    const data = await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0});
    const alert = data.alerts.find((a) => a.name === 'CheckoutLatencyHigh' && a.source === undefined);
    expect(alert).toBeDefined();
    expect(data.alerts.some((a) => a.incident?.number === 777 && a.source === 'pagerduty')).toBe(true);
    expect(alert!.incident?.number ?? null).toBe(777);
  });
});
