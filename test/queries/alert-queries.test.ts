import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {alertKey, alertQueryOptions, shareAlerts} from '../../src/queries/alert-queries.ts';
import {AllSourcesFailed} from '../../src/queries/source-outcome.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {CHECKOUT_ALERT_FINGERPRINT} from '../../src/sources/demo/demo-scenario-alerts.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, makeSilence, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

function services(sources: Array<{name: string; source: ReturnType<typeof fakeAlertSource>}>): ContextServices {
  return emptyServices({alertSources: sources.map(({name, source}) => ({name, kind: 'alertmanager' as const, capabilities: source.capabilities}))});
}

const opts = {intervalMs: false as const, now, ackPrefix: 'ACK!'};

describe('alertQueryOptions', () => {
  it('shows the alerts of the sources that answered and marks the one that failed', async () => {
    const am1 = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f1', seenBy: ['am-1']})], warnings: ['cluster not ready']}));
    const am2 = fakeAlertSource(() => ({error: new SourceFailure('unavailable', 'connection refused')}));
    const snap = await client.fetchQuery(alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), opts));
    expect(snap.at).toBe(T0);
    expect(snap.alerts.map((a) => a.fingerprint)).toEqual(['f1']);
    expect(snap.outcomes).toEqual([
      {name: 'am-1', kind: 'alertmanager', ok: true, error: null, warnings: ['cluster not ready'], updatedAt: T0},
      {name: 'am-2', kind: 'alertmanager', ok: false, error: 'unavailable: connection refused', warnings: [], updatedAt: null},
    ]);
  });

  it('asks a one-shot read (`once`) of the sources, and a poll as a poll', async () => {
    const listAlerts = vi.fn(async () => ({value: [makeAlert({fingerprint: 'f1'})], warnings: []}));
    const svc = emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts}}]});
    await client.fetchQuery({...alertQueryOptions(svc, {...opts, once: true}), staleTime: 0});
    await client.fetchQuery({...alertQueryOptions(svc, opts), staleTime: 0});
    expect(listAlerts.mock.calls).toEqual([[{once: true}], []]);
  });

  it('fails with AllSourcesFailed, carrying every outcome, when no source answers', async () => {
    const am1 = fakeAlertSource(() => ({error: new SourceFailure('timeout', 'no answer within 10s')}));
    const am2 = fakeAlertSource(() => ({error: new SourceFailure('auth', 'HTTP 401 from am-2')}));
    const error = await client.fetchQuery(alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), opts)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllSourcesFailed);
    const failed = error as AllSourcesFailed;
    expect(failed.outcomes).toEqual([
      {name: 'am-1', kind: 'alertmanager', ok: false, error: 'timeout: no answer within 10s', warnings: [], updatedAt: null},
      {name: 'am-2', kind: 'alertmanager', ok: false, error: 'auth: HTTP 401 from am-2', warnings: [], updatedAt: null},
    ]);
    expect(failed.message).toBe('am-1: timeout: no answer within 10s; am-2: auth: HTTP 401 from am-2');
  });

  it('keeps the alerts of a source whose silences fail, the source read in part with why', async () => {
    const am1 = fakeAlertSource(
      () => ({value: [makeAlert({fingerprint: 'f1'})]}),
      () => ({error: new SourceFailure('bad-response', 'silences: not JSON')}),
    );
    const am2 = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f2'})]}));
    const snap = await client.fetchQuery(alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), opts));
    expect(snap.outcomes.map((o) => [o.name, o.ok, o.error, o.partial, o.silencesUnread])).toEqual([
      ['am-1', true, null, ['silences unreadable: bad-response: silences: not JSON'], 'bad-response: silences: not JSON'],
      ['am-2', true, null, undefined, undefined],
    ]);
    expect(snap.alerts.map((a) => a.fingerprint).sort()).toEqual(['f1', 'f2']);
  });

  it('deduplicates HA peers by fingerprint; an ack held by one peer only is partial, not an ack', async () => {
    const a1 = makeAlert({fingerprint: 'f1', seenBy: ['am-1'], silencedBy: ['s1'], state: 'suppressed', startsAt: T0 - 60_000});
    const a1Again = makeAlert({fingerprint: 'f1', seenBy: ['am-2'], silencedBy: [], startsAt: T0 - 120_000});
    const a2 = makeAlert({fingerprint: 'f2', seenBy: ['am-2'], silencedBy: ['s2'], state: 'suppressed'});
    const am1 = fakeAlertSource(
      () => ({value: [a1]}),
      () => ({value: [makeSilence({id: 's1', createdBy: 'primary@bastion', endsAt: T0 + 900_000, comment: 'ACK! on it'})], warnings: ['w-silences']}),
    );
    const am2 = fakeAlertSource(
      () => ({value: [a1Again, a2], warnings: ['w-alerts']}),
      () => ({value: [makeSilence({id: 's2', comment: 'maintenance window'})]}),
    );
    const snap = await client.fetchQuery(alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), opts));
    expect(snap.alerts).toHaveLength(2);
    const [first, second] = snap.alerts;
    expect(first!.fingerprint).toBe('f1');
    expect(first!.seenBy).toEqual(['am-1', 'am-2']);
    expect(first!.state).toBe('firing');
    expect(first!.startsAt).toBe(T0 - 120_000);
    // am-2 reports it unsilenced: it still notifies, so the alert is not acked.
    expect(first!.ack).toBeNull();
    expect(first!.partialAck).toEqual({by: 'primary@bastion', until: T0 + 900_000, silenceId: 's1', comment: 'ACK! on it', missing: ['am-2'], holding: ['am-1'], matchers: []});
    // A silence without the prefix is a plain silence, not an ack.
    expect(second!.ack).toBeNull();
    expect(second!.partialAck).toBeNull();
    expect(snap.outcomes.map((o) => o.warnings)).toEqual([['w-silences'], ['w-alerts']]);
  });

  it('recognises an ack once every peer reporting the alert has it silenced by an ack (a gossiped silence, or each its own)', async () => {
    const ack = makeSilence({id: 's1', createdBy: 'primary@bastion', endsAt: T0 + 900_000, comment: 'ACK! on it'});
    const on = (peer: string) => makeAlert({fingerprint: 'f1', seenBy: [peer], silencedBy: ['s1'], state: 'suppressed'});
    const am1 = fakeAlertSource(() => ({value: [on('am-1')]}), () => ({value: [ack]}));
    const am2 = fakeAlertSource(() => ({value: [on('am-2')]}), () => ({value: [ack]}));
    const snap = await client.fetchQuery(alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), opts));
    expect(snap.alerts[0]!.ack).toEqual({by: 'primary@bastion', until: T0 + 900_000, silenceId: 's1', comment: 'ACK! on it'});
    expect(snap.alerts[0]!.partialAck).toBeNull();
  });

  it('uses the configured ack prefix and ignores acks that already ended', async () => {
    const alert = makeAlert({fingerprint: 'f1', silencedBy: ['s1', 's2'], state: 'suppressed'});
    const am = fakeAlertSource(
      () => ({value: [alert]}),
      () => ({value: [makeSilence({id: 's1', comment: 'ACK! old', endsAt: T0 - 1}), makeSilence({id: 's2', comment: '[ack] mine', endsAt: T0 + 60_000})]}),
    );
    const svc = services([{name: 'am', source: am}]);
    const withDefault = await client.fetchQuery(alertQueryOptions(svc, opts));
    expect(withDefault.alerts[0]!.ack).toBeNull();
    client.clear();
    const withCustom = await client.fetchQuery(alertQueryOptions(svc, {...opts, ackPrefix: '[ack]'}));
    expect(withCustom.alerts[0]!.ack?.silenceId).toBe('s2');
  });

  it('keeps unchanged alerts, acked ones too, as the same objects and the list itself when nothing changed', async () => {
    const plain = makeAlert({fingerprint: 'f1', seenBy: ['am-1']});
    const silenced = makeAlert({fingerprint: 'f2', seenBy: ['am-1'], silencedBy: ['s1'], state: 'suppressed'});
    const am1 = fakeAlertSource(() => ({value: [plain, silenced]}), () => ({value: [makeSilence({id: 's1', comment: 'ACK! x'})]}));
    const observer = new QueryObserver(client, {...alertQueryOptions(services([{name: 'am-1', source: am1}]), opts), staleTime: 0});
    const first = await observer.refetch();
    const second = await observer.refetch();
    expect(first.data?.alerts[1]?.ack?.silenceId).toBe('s1');
    expect(second.data?.alerts).toBe(first.data?.alerts);
    expect(second.data?.alerts[0]).toBe(first.data?.alerts[0]);
    expect(second.data?.alerts[0]?.fingerprint).toBe(plain.fingerprint);
  });

  it('shareAlerts keeps the previous list only when it holds the same objects in the same order', () => {
    const a = makeAlert({fingerprint: 'a'});
    const b = makeAlert({fingerprint: 'b'});
    const old = {alerts: [a, b], at: 1, outcomes: [], staleSince: {}};
    expect(shareAlerts(old, {alerts: [a, b], at: 2, outcomes: [], staleSince: {}}).alerts).toBe(old.alerts);
    expect(shareAlerts(old, {alerts: [b, a], at: 2, outcomes: [], staleSince: {}}).alerts).not.toBe(old.alerts);
    expect(shareAlerts(old, {alerts: [a, {...b}], at: 2, outcomes: [], staleSince: {}}).alerts).not.toBe(old.alerts);
    expect(shareAlerts(undefined, old)).toBe(old);
  });

  it('is disabled without alert sources and keyed by context', () => {
    expect(alertQueryOptions(emptyServices(), opts).enabled).toBe(false);
    const am = fakeAlertSource(() => ({value: []}));
    const o = alertQueryOptions(services([{name: 'am', source: am}]), {...opts, intervalMs: 15_000});
    expect(o.enabled).toBe(true);
    expect(o.queryKey).toEqual(alertKey('test'));
    // Aligned on multiples of the interval: at T0 (a whole quarter-minute) the next poll is 15 s away.
    expect((o.refetchInterval as () => number)()).toBe(15_000);
  });

  it('on the demo merges Alertmanager, Prometheus and the paging service: six alerts and the incident, checkout critical and firing', async () => {
    const env = createDemoEnvironment({now});
    const snap = await client.fetchQuery(alertQueryOptions(env.services, opts));
    // The demo's PagerDuty-like source is a third alert source; its incident is a row of its own.
    expect(snap.outcomes.map((o) => [o.name, o.ok])).toEqual([
      ['alertmanager', true],
      ['prometheus', true],
      ['pagerduty', true],
    ]);
    expect(snap.alerts).toHaveLength(7);
    expect(snap.alerts.filter((a) => a.source === 'pagerduty').map((a) => a.name)).toEqual(['[FIRING:1] CheckoutHighErrorRate']);
    const checkout = snap.alerts.find((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)!;
    expect([checkout.name, checkout.severity, checkout.state, checkout.ack]).toEqual(['CheckoutHighErrorRate', 'critical', 'firing', null]);
    expect(snap.alerts.find((a) => a.name === 'InventoryQueueBacklog')?.state).toBe('pending');
  });

  it('polls every source at the interval; one source failing in between does not stop the polling', async () => {
    let failing = false;
    const am1 = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f1'})]}));
    const am2 = fakeAlertSource(() => (failing ? {error: new SourceFailure('unavailable', 'down')} : {value: [makeAlert({fingerprint: 'f2'})]}));
    const observer = new QueryObserver(client, alertQueryOptions(services([{name: 'am-1', source: am1}, {name: 'am-2', source: am2}]), {...opts, intervalMs: 2000}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect([am1.calls, am2.calls]).toEqual([1, 1]);
    failing = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect([am1.calls, am2.calls]).toEqual([2, 2]);
    const result = observer.getCurrentResult();
    expect(result.data?.alerts.map((a) => a.fingerprint)).toEqual(['f1']);
    expect(result.data?.outcomes.map((o) => o.ok)).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(4000);
    expect([am1.calls, am2.calls]).toEqual([4, 4]);
    stop();
  });
});
