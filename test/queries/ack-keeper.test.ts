import {MutationObserver, QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {ackKeeperQueryOptions, keeperOwesContext} from '../../src/queries/ack-keeper.ts';
import {alertKey, alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {sharingReads} from '../../src/queries/shared-requests.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {SilenceMayExist} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager} from './silence-fakes.ts';

const MIN = 60_000;
let client: QueryClient;
const {log, record} = actionLogEachTest();
const now = () => Date.now();
const matchers = [{name: 'alertname', value: 'A', isRegex: false, isEqual: true}];

freshQueryClientEachTest((c) => (client = c));

// An Alertmanager holding one ack by primary ending in 10 minutes, silencing a firing alert.
async function withAck(alertState: () => Alert[] | null = () => null, script: Parameters<typeof scriptedAlertmanager>[1] = {}) {
  let alerts: Alert[] = [];
  const am = scriptedAlertmanager('am-1', script, () => alertState() ?? alerts);
  const id = await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 10 * MIN, createdBy: 'primary', comment: 'ACK! on it'});
  alerts = [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: [id], seenBy: ['am-1']})];
  am.createCalls.length = 0;
  return {am, id, services: emptyServices({alertSources: [am.handle]}), setAlerts: (a: Alert[]) => void (alerts = a)};
}

describe('ackKeeperQueryOptions', () => {
  it('every 45 s, replaces the ack once it ends within 5 minutes, tracking the new id', async () => {
    const {am, id, services} = await withAck();
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const observer = new QueryObserver(client, ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary'}));
    const unsubscribe = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.getCurrentResult().data?.extended).toEqual([]);
    // 10 min left; at 45 s × 7 = 5:15 elapsed, 4:45 left: within the window.
    await vi.advanceTimersByTimeAsync(6 * 45_000);
    expect(am.createCalls).toEqual([]);
    await vi.advanceTimersByTimeAsync(45_000);
    const at = T0 + 7 * 45_000;
    expect(am.createCalls).toEqual([{id, matchers, startsAt: T0, endsAt: at + 15 * MIN, createdBy: 'primary', comment: 'ACK! on it'}]);
    expect(observer.getCurrentResult().data).toEqual({
      at,
      extended: [{source: 'am-1', previousId: id, silenceId: 'am-1-s2', endsAt: at + 15 * MIN, fingerprints: ['f1']}],
      failed: [],
      unknown: [],
      unread: [],
      nextAt: at + 45_000,
      lastExtended: {f1: {at, endsAt: at + 15 * MIN, silenceIds: ['am-1-s2', id]}},
      // The ack it read still silences the firing alert: the keeper has it to keep.
      held: 1,
      actionsSeen: 0,
      acksInFlight: [],
    });
    // The next run has nothing to extend, and still says when the ack was last extended.
    await vi.advanceTimersByTimeAsync(45_000);
    expect(observer.getCurrentResult().data).toMatchObject({at: at + 45_000, extended: [], lastExtended: {f1: {at, endsAt: at + 15 * MIN}}});
    expect(log.map((e) => [e.action, e.phase, e.silenceId])).toEqual([
      ['ack-extend', 'attempt', id],
      ['ack-extend', 'success', 'am-1-s2'],
    ]);
    expect(log[1]?.details).toEqual({previousId: id, fingerprints: ['f1'], endsAt: new Date(at + 15 * MIN).toISOString()});
    expect(client.getQueryState(alertKey('test'))?.isInvalidated).toBe(true);
    unsubscribe();
  });

  it('lets the ack end once the alert is resolved, and leaves other authors alone', async () => {
    const {am, services, setAlerts} = await withAck();
    setAlerts([]);
    vi.setSystemTime(T0 + 6 * MIN);
    expect((await client.fetchQuery(ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}))).extended).toEqual([]);
    const other = await withAck();
    expect((await client.fetchQuery({...ackKeeperQueryOptions(other.services, {record, now, prefix: 'ACK!', author: 'secondary', intervalMs: false}), staleTime: 0})).extended).toEqual([]);
    expect([...am.createCalls, ...other.am.createCalls]).toEqual([]);
  });

  it('records a failed replacement and an unreadable source, and is disabled in a read-only context', async () => {
    const am = scriptedAlertmanager('am-1', {create: ['ok', 'unavailable']});
    const id = await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 2 * MIN, createdBy: 'primary', comment: 'ACK!'});
    const down = scriptedAlertmanager('am-2', {list: ['timeout']});
    const alerts = [makeAlert({fingerprint: 'f1', silencedBy: [id]})];
    const services = emptyServices({alertSources: [{...am.handle, capabilities: {...am.handle.capabilities, listAlerts: async () => ({value: alerts, warnings: []})}}, down.handle]});
    const run = await client.fetchQuery(ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', intervalMs: false}));
    expect(run.extended).toEqual([]);
    // The failed replacement names its alerts and when the ack ends unless extended.
    expect(run.failed).toEqual([
      {source: 'am-1', silenceId: id, error: 'unavailable: am-1: silence rejected (unavailable)', fingerprints: ['f1'], endsAt: T0 + 2 * MIN, names: {f1: 'HighErrorRate'}},
      {source: 'am-2', error: 'timeout: am-2: list (timeout)'},
    ]);
    expect(run.unread).toEqual([{sources: ['am-2'], error: 'timeout: am-2: list (timeout)'}]);
    expect(run.nextAt).toBeNull();
    expect(log.map((e) => e.phase)).toEqual(['attempt', 'failure']);
    expect(ackKeeperQueryOptions({...services, readOnly: true}, {record, now, prefix: 'ACK!'}).enabled).toBe(false);
  });

  it('writes nothing where the alerts answer and the silences do not, while the alert poll says the ack is unknown', async () => {
    // A proxy granting alerts:read only: the keeper cannot see the ack it would extend.
    const {am, services} = await withAck(() => null, {list: ['auth']});
    vi.setSystemTime(T0 + 6 * MIN);
    const run = await client.fetchQuery(ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}));
    expect(am.createCalls).toEqual([]);
    expect(am.expireCalls).toEqual([]);
    expect(run.extended).toEqual([]);
    expect(run.unread).toEqual([{sources: ['am-1'], error: 'auth: am-1: list (auth)'}]);
    expect(log).toEqual([]);
    const snapshot = await client.fetchQuery(alertQueryOptions(services, {intervalMs: false, now, ackPrefix: 'ACK!', once: true}));
    expect(snapshot.alerts.map((a) => [a.fingerprint, a.ack, a.ackUnknown])).toEqual([['f1', null, ['am-1']]]);
    expect(snapshot.outcomes).toEqual([expect.objectContaining({name: 'am-1', ok: true, silencesUnread: 'auth: am-1: list (auth)', partial: ['silences unreadable: auth: am-1: list (auth)']})]);
  });

  it('reads every peer of a cluster, and replaces a silence once, through the peer that holds it', async () => {
    const {am, services} = await withAck();
    const peer = scriptedAlertmanager('am-1b', {}, () => []);
    const clustered = emptyServices({alertSources: [{...services.alertSources[0]!, cluster: 'eu'}, {...peer.handle, cluster: 'eu'}]});
    vi.setSystemTime(T0 + 6 * MIN);
    const run = await client.fetchQuery(ackKeeperQueryOptions(clustered, {record, now, prefix: 'ACK!', intervalMs: false}));
    expect(run.extended.map((e) => e.source)).toEqual(['am-1']);
    expect(am.createCalls).toHaveLength(1);
    // Read too (it may hold a copy the first lacks), and written nothing: it lacks none.
    expect(peer.listCalls).toBe(1);
    expect(peer.createCalls).toHaveLength(0);
  });

  it('counts a cluster as unread only when none of its peers answers', async () => {
    const {services} = await withAck();
    const down = scriptedAlertmanager('am-1a', {list: ['timeout']});
    const clustered = emptyServices({alertSources: [{...down.handle, cluster: 'eu'}, {...services.alertSources[0]!, cluster: 'eu'}]});
    vi.setSystemTime(T0 + 6 * MIN);
    const run = await client.fetchQuery(ackKeeperQueryOptions(clustered, {record, now, prefix: 'ACK!', intervalMs: false}));
    expect(run.failed.map((f) => f.source)).toEqual(['am-1a']);
    expect(run.unread).toEqual([]);
    expect(run.extended.map((e) => e.fingerprints)).toEqual([['f1']]);
  });

  it("reads an extension whose answer was lost back with a request of its own, not an alert poll's read sent before it landed", async () => {
    const {am, services} = await withAck(() => null, {listDelayMs: 60});
    // As the runtime does: reads shared between contexts; an alert poll reads the silences just
    // before the extension reaches the Alertmanager, which takes it and loses its answer.
    const capabilities = sharingReads(am.handle.capabilities);
    capabilities.createSilence = async (draft) => {
      void capabilities.listSilences();
      await am.handle.capabilities.createSilence(draft);
      throw new SilenceMayExist('unavailable', 'am-1: the answer was an error after the request was sent (HTTP 502)');
    };
    vi.setSystemTime(T0 + 6 * MIN);
    const running = client.fetchQuery(ackKeeperQueryOptions(emptyServices({alertSources: [{...services.alertSources[0]!, capabilities}]}), {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}));
    await vi.advanceTimersByTimeAsync(200);
    const run = await running;
    expect(run.failed).toEqual([]);
    expect(run.extended).toMatchObject([{silenceId: 'am-1-s2', fingerprints: ['f1']}]);
    expect(log.map((e) => e.phase)).toEqual(['attempt', 'success']);
  });
});

describe('the ack keeper and an unack of the same alert', () => {
  const keep = (services: Parameters<typeof ackKeeperQueryOptions>[0]) => ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false});
  const unack = (services: Parameters<typeof unackMutationOptions>[0], id: string) =>
    new MutationObserver(client, unackMutationOptions(services, {record, now, prefix: 'ACK!', retryDelay: () => 30_000})).mutate({alerts: [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: [id], seenBy: ['am-1']})]});

  it("reads the acks it extends with a request of its own: an alert poll's read sent before an unack landed still shows it due", async () => {
    const {am, id, services} = await withAck(() => null, {listDelayMs: 100});
    // As the runtime does: reads shared. An alert poll reads the silences; while its answer is
    // on the way the ack is expired (an unack), and then the keeper runs.
    const capabilities = sharingReads(am.handle.capabilities);
    vi.setSystemTime(T0 + 6 * MIN);
    const poll = capabilities.listSilences();
    await am.handle.capabilities.expireSilence(id);
    const running = client.fetchQuery(keep(emptyServices({alertSources: [{...services.alertSources[0]!, capabilities}]})));
    await vi.advanceTimersByTimeAsync(300);
    const run = await running;
    expect((await poll).value.map((s) => s.state)).toEqual(['active']);
    // Extended by its id, the expired ack would have come back as a new silence.
    expect(am.createCalls).toEqual([]);
    expect(run.extended).toEqual([]);
    expect(am.created.filter((s) => s.state === 'active')).toEqual([]);
  });

  it('does not extend an ack whose unack is still in flight here', async () => {
    const {am, id, services} = await withAck(() => null, {expire: ['unavailable', 'ok']});
    vi.setSystemTime(T0 + 6 * MIN);
    // The unack's first expiry fails: it waits to retry, and the ack is still active and due.
    const unacking = unack(services, id).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(am.expireCalls).toEqual([id]);
    const run = await client.fetchQuery(keep(services));
    expect(run.extended).toEqual([]);
    expect(am.createCalls).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    await unacking;
    expect(am.created.filter((s) => s.state === 'active')).toEqual([]);
  });

  it("does not extend an ack another context of the dashboard is unacking (the two read one Alertmanager); an alert of the same labels elsewhere does not count", async () => {
    const {am, id, services} = await withAck(() => null, {expire: ['unavailable', 'ok']});
    vi.setSystemTime(T0 + 6 * MIN);
    const other = emptyServices({context: 'other', alertSources: [am.handle]});
    const row = (silenceId: string) => makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: [silenceId], seenBy: ['am-1'], ack: {by: 'primary', until: T0 + 10 * MIN, silenceId, comment: 'ACK! on it'}});
    const unackIn = (ctx: typeof services, alert: Alert) => new MutationObserver(client, unackMutationOptions(ctx, {record, now, prefix: 'ACK!', retryDelay: () => 30_000})).mutate({alerts: [alert]});
    // Another context's unack of an alert of the same labels but another ack (another
    // Alertmanager): not this ack; the keeper extends it.
    const elsewhere = unackIn(other, row('not-this-one')).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const first = await client.fetchQuery({...keep(services), staleTime: 0});
    expect(first.extended.map((e) => e.previousId)).toEqual([id]);
    await vi.advanceTimersByTimeAsync(30_000);
    await elsewhere;
    // The same ack, unacked from the other context, its first expiry failing: not extended.
    const {am: am2, id: id2, services: services2} = await withAck(() => null, {expire: ['unavailable', 'ok']});
    const other2 = emptyServices({context: 'other', alertSources: [am2.handle]});
    const unacking = unackIn(other2, row(id2)).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(am2.expireCalls).toEqual([id2]);
    const run = await client.fetchQuery({...keep(services2), staleTime: 0});
    expect(run.extended).toEqual([]);
    expect(am2.createCalls).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    await unacking;
    expect(am2.created.filter((s) => s.state === 'active')).toEqual([]);
  });

  it('does not extend an ack the user acks anew while the keeper reads it: two replacements would fork it', async () => {
    const {am, services} = await withAck();
    const capabilities = am.handle.capabilities;
    const alert = makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: [am.created[0]!.id], seenBy: ['am-1']});
    const draft = {matchers, startsAt: T0 + 6 * MIN, endsAt: T0 + 2 * 60 * MIN, createdBy: 'primary', comment: 'ACK! longer'};
    let acking: Promise<unknown> | undefined;
    // The keeper's read answers the ack as it was; the user's new ack replaces it meanwhile.
    const keeper = emptyServices({
      alertSources: [
        {
          ...am.handle,
          capabilities: {
            ...capabilities,
            listSilences: async (read) => {
              const before = await capabilities.listSilences(read);
              acking = runSilenceMutation(client, ackMutationOptions(services, {record, now, prefix: 'ACK!'}), ackVariables(services, [{alert, covers: [alert], draft}]));
              await acking;
              return before;
            },
          },
        },
      ],
    });
    vi.setSystemTime(T0 + 6 * MIN);
    const run = await client.fetchQuery(keep(keeper));
    await acking;
    expect(run.extended).toEqual([]);
    // Only the new ack was sent: one silence, the user's, ending when they chose.
    expect(am.createCalls.map((d) => d.comment)).toEqual(['ACK! longer']);
    expect(am.created.filter((s) => s.state === 'active').map((s) => s.endsAt)).toEqual([T0 + 2 * 60 * MIN]);
  });
});

describe('what the keeper still owes a context it may leave (keeperOwesContext)', () => {
  const keep = (services: Parameters<typeof ackKeeperQueryOptions>[0]) => ({...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0});

  it('counts one firing alert acked on two Alertmanagers that are no cluster as one ack kept, not two', async () => {
    const fingerprints = new Map<string, string[]>();
    const amOf = (name: string) => scriptedAlertmanager(name, {}, () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: fingerprints.get(name) ?? [], seenBy: ['am-a', 'am-b']})]);
    const amA = amOf('am-a');
    const amB = amOf('am-b');
    // One ack of the alert: a silence on each Alertmanager that sees it.
    for (const am of [amA, amB]) fingerprints.set(am.handle.name, [await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'primary', comment: 'ACK! on it'})]);
    const run = await client.fetchQuery(keep(emptyServices({alertSources: [amA.handle, amB.handle]})));
    expect(run.unread).toEqual([]);
    expect(run.held).toBe(1);
  });

  it('owes a run to an ack that was in flight when its last run began and landed after that run read its silences', async () => {
    const am = scriptedAlertmanager('am-1', {}, () => [makeAlert({fingerprint: 'f1', state: am.created.some((s) => s.state === 'active') ? 'suppressed' : 'firing', silencedBy: am.created.filter((s) => s.state === 'active').map((s) => s.id), seenBy: ['am-1']})]);
    let land!: () => void;
    const landing = new Promise<void>((resolve) => (land = resolve));
    // A slow Alertmanager: the ack reaches it only once `land` is called.
    const slow = {...am.handle, capabilities: {...am.handle.capabilities, createSilence: async (draft: Parameters<typeof am.handle.capabilities.createSilence>[0]) => (await landing, am.handle.capabilities.createSilence(draft))}};
    const services = emptyServices({alertSources: [slow]});
    const alert = makeAlert({fingerprint: 'f1', state: 'firing', seenBy: ['am-1']});
    const draft = {matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'primary', comment: 'ACK! on it'};
    const acking = runSilenceMutation(client, ackMutationOptions(services, {record, now, prefix: 'ACK!'}), ackVariables(services, [{alert, covers: [alert], draft}]));
    await vi.advanceTimersByTimeAsync(0);
    expect(am.createCalls).toEqual([]);
    // The run begins with the ack on its way: it reads no silence of the user's.
    const before = await client.fetchQuery(keep(services));
    expect(before.held).toBe(0);
    land();
    await acking;
    expect(am.created.map((s) => s.state)).toEqual(['active']);
    // The ack landed after the run's read: the run could not see it, and it is still owed.
    expect(keeperOwesContext(client, 'test', before)).toBe(true);
    // A run begun after it landed sees it held; once the alert's ack is gone, one finds nothing.
    const after = await client.fetchQuery(keep(services));
    expect(after.held).toBe(1);
    expect(keeperOwesContext(client, 'test', after)).toBe(true);
    await am.handle.capabilities.expireSilence(am.created[0]!.id);
    expect(keeperOwesContext(client, 'test', await client.fetchQuery(keep(services)))).toBe(false);
  });
});
