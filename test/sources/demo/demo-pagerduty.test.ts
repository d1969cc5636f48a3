/**
 * The demo's paging service: derived from the scenario (the critical checkout alert pages, each
 * team of the alerts has its on-calls), linked to the alert through the same query as a real
 * PagerDuty, acked with the alert in one ack (silence and incident, in the demo's memory), and
 * resolved, by `:resolve` or when the alert stops.
 */
import {describe, expect, it} from 'vitest';
import {planAck} from '../../../src/domain/ack-plan.ts';
import {oncallLine, oncallsFor} from '../../../src/domain/incident.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {CHECKOUT_ALERT_FINGERPRINT, DEMO_ALERTS} from '../../../src/sources/demo/demo-scenario-alerts.ts';
import {DEMO_ESCALATION_POLICIES} from '../../../src/sources/demo/demo-scenario-paging.ts';
import {DAY, HOUR, MINUTE} from '../../../src/sources/demo/demo-scenario.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);

function setup() {
  let t = T0;
  const env = createDemoEnvironment({now: () => t, user: 'tester@host'});
  const client = createQueryClient({retry: 0});
  const alerts = async () => (await client.fetchQuery({...alertQueryOptions(env.services, {intervalMs: false, now: () => t, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
  return {env, client, alerts, advance: (ms: number) => (t += ms), now: () => t};
}

describe('the demo paging service', () => {
  it('opens an incident for the critical checkout alert only, linked to it as a real one is', async () => {
    const {env, alerts} = setup();
    expect(env.pagerduty.incidents().map((i) => [i.number, i.alert, i.status])).toEqual([]);
    const all = await alerts();
    const incidents = all.filter((a) => a.source === 'pagerduty');
    expect(incidents.map((a) => [a.fingerprint, a.name, a.severity, a.labels['service'], a.seenBy])).toEqual([['pagerduty-PDEMO4217', '[FIRING:1] CheckoutHighErrorRate', 'critical', 'checkout', ['pagerduty']]]);
    // Opened half a minute after the alert fired (Alertmanager's group_wait).
    expect(incidents[0]!.startsAt).toBe(T0 - 10 * MINUTE + 30_000);
    const checkout = all.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)!;
    expect(checkout.incident).toMatchObject({source: 'pagerduty', id: 'PDEMO4217', number: 4217, status: 'triggered'});
    // No other alert paged.
    expect(all.filter((a) => a.source === undefined && a.incident).map((a) => a.name)).toEqual(['CheckoutHighErrorRate']);
  });

  it('one ack for both: the silence and the incident, each in the demo backends', async () => {
    const {env, client, alerts, now} = setup();
    const all = await alerts();
    const checkout = all.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)!;
    const plan = planAck([checkout], all, {volatileLabels: [], durationMs: 15 * MINUTE, author: 'tester@host', prefix: 'ACK!', comment: '', now: now()});
    const outcome = await runSilenceMutation(client, ackMutationOptions(env.services, {record: async () => {}, now, context: 'demo', prefix: 'ACK!'}), ackVariables(env.services, plan.drafts));
    expect(outcome.results.map((r) => [r.source, r.ok, r.incident ?? r.silenceId])).toEqual([['alertmanager', true, 'demo-silence-2'], ['pagerduty', true, 'PD #4217']]);
    expect(env.pagerduty.incidents()).toEqual([{id: 'PDEMO4217', number: 4217, alert: CHECKOUT_ALERT_FINGERPRINT, status: 'acknowledged', acknowledgedBy: ['tester@host'], acknowledgedAt: T0, openedAt: T0 - 10 * MINUTE + 30_000, resolvedAt: null}]);
    const after = await alerts();
    expect(after.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)?.state).toBe('suppressed');
    expect(after.find((a) => a.source === 'pagerduty')?.ack).toMatchObject({by: 'tester@host', comment: 'acknowledged in PagerDuty'});
  });

  it('resolves an incident once; it leaves the list while its alert keeps firing', async () => {
    const {env, alerts} = setup();
    await alerts();
    await env.pagerduty.resolveIncident('PDEMO4217');
    const all = await alerts();
    expect(all.filter((a) => a.source === 'pagerduty')).toEqual([]);
    expect(all.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)?.incident).toBeUndefined();
    await expect(env.pagerduty.resolveIncident('PDEMO4217')).rejects.toThrow('pagerduty: incident PDEMO4217 is already resolved');
    await expect(env.pagerduty.acknowledgeIncident('PDEMO9')).rejects.toThrow('pagerduty: incident PDEMO9 not found');
  });

  it('resolves by itself when its alert stops, and a new page opens a new incident', async () => {
    const {env, advance} = setup();
    expect((await env.pagerduty.listAlerts()).value).toHaveLength(1);
    // The rollback ends the errors; the alert (1m ratio) and its incident go.
    env.metrics.endEpisodesOnRollback('checkout', 'production', T0 + MINUTE);
    advance(3 * MINUTE);
    expect((await env.pagerduty.listAlerts()).value).toEqual([]);
    expect(env.pagerduty.incidents()).toEqual([]);
  });

  it('lists the incidents of a range for the handover, linked to their alert as the rows are', async () => {
    const {env, advance, now} = setup();
    const opened = T0 - 10 * MINUTE + 30_000;
    const between = async (from: number, to: number) => (await env.pagerduty.listIncidentsBetween(from, to)).value;
    const [incident] = await between(T0 - HOUR, T0);
    expect(incident).toEqual({
      source: 'pagerduty',
      number: 4217,
      title: '[FIRING:1] CheckoutHighErrorRate',
      service: 'checkout',
      severity: 'critical',
      status: 'triggered',
      createdAt: opened,
      resolvedAt: null,
      acknowledgedBy: [],
      links: {labelSets: [DEMO_ALERTS.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)!.labels], keys: []},
    });
    // Not opened yet at the end of a range before it.
    expect(await between(T0 - 2 * HOUR, opened - 1)).toEqual([]);
    // An ack made after the range's end is left out of it.
    advance(MINUTE);
    await env.pagerduty.acknowledgeIncident('PDEMO4217');
    expect((await between(T0 - HOUR, T0)).map((i) => [i.status, i.acknowledgedBy])).toEqual([['acknowledged', []]]);
    expect((await between(T0 - HOUR, now())).map((i) => i.acknowledgedBy)).toEqual([['tester@host']]);
    // Its alert stopped: resolved when the demo saw it, and still listed for a range that saw it open.
    env.metrics.endEpisodesOnRollback('checkout', 'production', now());
    advance(3 * MINUTE);
    const resolvedAt = now();
    expect((await between(T0 - HOUR, now())).map((i) => [i.number, i.status, i.resolvedAt])).toEqual([[4217, 'resolved', resolvedAt]]);
    expect(await between(resolvedAt + 1, resolvedAt + HOUR)).toEqual([]);
  });

  it('knows who is on call per team of the scenario, per level, until the next handover', async () => {
    const {env, advance} = setup();
    expect(DEMO_ESCALATION_POLICIES.map((p) => [p.team, p.services])).toEqual([
      ['storefront', ['checkout']],
      ['discovery', ['search']],
      ['payments', ['payments']],
      ['platform', ['inventory']],
      ['identity', ['auth']],
      ['fulfilment', ['inventory']],
    ]);
    const {value} = await env.pagerduty.listOncalls();
    const checkout = oncallsFor(value, 'checkout');
    expect(oncallLine(checkout)).toBe('L1 storefront-primary · L2 storefront-secondary');
    expect(checkout.map((o) => [o.escalationPolicy, o.schedule, o.until])).toEqual([
      ['storefront escalation', 'storefront primary', T0 + 2 * DAY + 9 * HOUR],
      ['storefront escalation', 'storefront secondary', T0 + 2 * DAY + 9 * HOUR],
    ]);
    // Two teams page for inventory.
    expect(oncallLine(oncallsFor(value, 'inventory'))).toBe('L1 fulfilment-primary, platform-primary · L2 fulfilment-secondary, platform-secondary');
    // After the handover the shift ends a week later.
    advance(3 * DAY);
    expect((await env.pagerduty.listOncalls()).value[0]!.until).toBe(T0 + 9 * DAY + 9 * HOUR);
  });
});
