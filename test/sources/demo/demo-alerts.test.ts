import {describe, expect, it} from 'vitest';
import type {Alert, SilenceDraft} from '../../../src/domain/alert.ts';
import {CHECKOUT_ALERT_FINGERPRINT} from '../../../src/sources/demo/demo-scenario-alerts.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {HOUR, MINUTE} from '../../../src/sources/demo/demo-scenario.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);

function setup() {
  let t = T0;
  const env = createDemoEnvironment({now: () => t});
  const byName = async (): Promise<Record<string, Alert>> => {
    const [am, prom] = await Promise.all([env.alertmanager.listAlerts(), env.prometheus.listAlerts()]);
    return Object.fromEntries([...am.value, ...prom.value].map((a) => [a.name, a]));
  };
  return {env, byName, advance: (ms: number) => (t += ms), now: () => t};
}

const ackDraft = (now: number): SilenceDraft => ({
  matchers: [
    {name: 'alertname', value: 'CheckoutHighErrorRate', isRegex: false, isEqual: true},
    {name: 'service', value: 'checkout', isRegex: false, isEqual: true},
    {name: 'env', value: 'production', isRegex: false, isEqual: true},
  ],
  startsAt: now,
  endsAt: now + 15 * MINUTE,
  createdBy: 'dev',
  comment: 'ACK! rolling back',
});

describe('demo alerts at T0', () => {
  it('fires the checkout page with its runbook and dashboard', async () => {
    const {byName} = setup();
    const checkout = (await byName())['CheckoutHighErrorRate']!;
    expect(checkout).toEqual({
      fingerprint: CHECKOUT_ALERT_FINGERPRINT,
      name: 'CheckoutHighErrorRate',
      severity: 'critical',
      state: 'firing',
      labels: {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout', env: 'production', team: 'storefront'},
      annotations: {
        summary: 'Checkout is failing more than 1% of requests',
        description: 'checkout returns 5xx for 2.0% of requests over the last minute (threshold 1%).',
        runbook_url: 'https://runbooks.example.com/checkout/high-error-rate',
        dashboard_url: 'https://grafana.example.com/d/checkout-overview',
      },
      startsAt: T0 - 10 * MINUTE,
      generatorUrl: expect.stringMatching(/^https:\/\/prometheus\.example\.com\/graph\?g0\.expr=/),
      silencedBy: [],
      inhibitedBy: [],
      seenBy: ['alertmanager'],
      ack: null,
    });
  });

  it('shows every state: firing at each severity, silenced, inhibited and pending', async () => {
    const {byName} = setup();
    const alerts = await byName();
    const summary = Object.values(alerts).map((a) => [a.name, a.severity, a.state, a.silencedBy, a.inhibitedBy, a.seenBy]);
    expect(summary).toEqual([
      ['CheckoutHighErrorRate', 'critical', 'firing', [], [], ['alertmanager']],
      ['SearchLatencyBudgetBurn', 'warning', 'firing', [], [], ['alertmanager']],
      ['PaymentsUpstreamLatency', 'warning', 'suppressed', [], [CHECKOUT_ALERT_FINGERPRINT], ['alertmanager']],
      ['DiskSpaceLow', 'warning', 'suppressed', ['demo-silence-1'], [], ['alertmanager']],
      ['CertificateExpiresSoon', 'info', 'firing', [], [], ['alertmanager']],
      ['InventoryQueueBacklog', 'warning', 'pending', [], [], ['prometheus']],
    ]);
    for (const a of Object.values(alerts)) {
      expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(a.labels['alertname']).toBe(a.name);
      expect(a.labels['severity']).toBe(a.severity);
      expect(a.labels['service']).toMatch(/^(checkout|payments|search|inventory|auth)$/);
      expect(a.annotations['summary']).toBeTruthy();
      expect(a.annotations['description']).toBeTruthy();
      expect(a.generatorUrl).toMatch(/^https:\/\//);
    }
  });

  it('lists the maintenance silence that hides DiskSpaceLow, not as an ack', async () => {
    const {env} = setup();
    const {value} = await env.alertmanager.listSilences();
    expect(value).toEqual([
      {
        id: 'demo-silence-1',
        matchers: [
          {name: 'alertname', value: 'DiskSpaceLow', isRegex: false, isEqual: true},
          {name: 'instance', value: 'db-.*', isRegex: true, isEqual: true},
        ],
        startsAt: T0 - HOUR,
        endsAt: T0 + 3 * HOUR,
        createdBy: 'ops-bot',
        comment: 'maintenance window',
        state: 'active',
      },
    ]);
  });

  it('fires DiskSpaceLow once the maintenance window is over', async () => {
    const {byName, advance} = setup();
    advance(3 * HOUR);
    expect((await byName())['DiskSpaceLow']!.state).toBe('firing');
  });
});

describe('acking the checkout page', () => {
  it('suppresses the alert with the silence id while the silence is active', async () => {
    const {env, byName, now} = setup();
    const id = await env.alertmanager.createSilence(ackDraft(now()));
    expect(id).toBe('demo-silence-2');
    const checkout = (await byName())['CheckoutHighErrorRate']!;
    expect(checkout.state).toBe('suppressed');
    expect(checkout.silencedBy).toEqual([id]);
    // The ack matches checkout's labels only.
    expect((await byName())['SearchLatencyBudgetBurn']!.state).toBe('firing');
  });

  it('extending replaces the silence: a new id, the old one expired, still suppressed', async () => {
    const {env, byName, now, advance} = setup();
    const first = await env.alertmanager.createSilence(ackDraft(now()));
    advance(5 * MINUTE);
    const second = await env.alertmanager.createSilence({...ackDraft(now()), id: first});
    expect(second).not.toBe(first);
    expect(second).toBe('demo-silence-3');
    const silences = (await env.alertmanager.listSilences()).value;
    expect(silences.find((s) => s.id === first)).toMatchObject({state: 'expired', endsAt: T0 + 5 * MINUTE});
    expect(silences.find((s) => s.id === second)).toMatchObject({state: 'active', endsAt: T0 + 20 * MINUTE});
    expect((await byName())['CheckoutHighErrorRate']!.silencedBy).toEqual([second]);
  });

  it('unack (expire) makes the alert fire again', async () => {
    const {env, byName, now, advance} = setup();
    const id = await env.alertmanager.createSilence(ackDraft(now()));
    advance(MINUTE);
    await env.alertmanager.expireSilence(id);
    const checkout = (await byName())['CheckoutHighErrorRate']!;
    expect(checkout.state).toBe('firing');
    expect(checkout.silencedBy).toEqual([]);
    expect((await env.alertmanager.listSilences()).value.find((s) => s.id === id)).toMatchObject({state: 'expired', endsAt: T0 + MINUTE});
  });

  it('lets the ack lapse on its own after its duration', async () => {
    const {env, byName, now, advance} = setup();
    await env.alertmanager.createSilence(ackDraft(now()));
    advance(15 * MINUTE);
    expect((await byName())['CheckoutHighErrorRate']!.state).toBe('firing');
  });

  it('does not silence a pending Prometheus alert', async () => {
    const {env, byName, now} = setup();
    await env.alertmanager.createSilence({...ackDraft(now()), matchers: [{name: 'service', value: 'inventory', isRegex: false, isEqual: true}]});
    const alerts = await byName();
    expect(alerts['InventoryQueueBacklog']!.state).toBe('pending');
    expect(alerts['DiskSpaceLow']!.silencedBy).toEqual(['demo-silence-1', 'demo-silence-2']);
  });
});
