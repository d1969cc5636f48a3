/**
 * An Alertmanager whose alerts answer while its silences list is slow (many silences) does not
 * hold back its alerts past the poll's deadline: they are shown then, the source read in part
 * with its silences unread for that poll. The silences request still out is joined by the next
 * poll, never by one after a write. Fake timers: the deadline passes when the test says so.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {ALERT_SOURCE_DEADLINE_MS, alertQueryOptions, noteAlertWrite, type AlertSnapshot} from '../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import type {Sourced} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, makeSilence} from './fakes.ts';

let client: QueryClient;
beforeEach(() => {
  // Only the timers: the alert and silence promises settle as the test resolves them.
  vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
  client = createQueryClient({retry: 0});
});
afterEach(() => {
  client.clear();
  vi.useRealTimers();
});

const PAGE = makeAlert({fingerprint: 'f-page', name: 'CheckoutDown', severity: 'critical', seenBy: ['am']});
const SILENCED = makeAlert({fingerprint: 'f-silenced', name: 'DiskFull', seenBy: ['am'], state: 'suppressed', silencedBy: ['s-ack']});
const ACK = makeSilence({id: 's-ack', comment: 'ACK! on it', startsAt: Date.now() - 60_000, endsAt: Date.now() + 15 * 60_000});

/** An Alertmanager answering its alerts at once; each silences request waits until the test answers it. */
function slowSilences() {
  const pending: Array<(s: Sourced<Silence[]>) => void> = [];
  const capabilities = {
    listAlerts: async (): Promise<Sourced<Alert[]>> => ({value: [PAGE, SILENCED], warnings: []}),
    listSilences: () => new Promise<Sourced<Silence[]>>((ok) => pending.push(ok)),
  };
  const services = emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities}]});
  const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0};
  return {
    services,
    poll: () => client.fetchQuery(options),
    silenceRequests: () => pending.length,
    answerSilences: (i: number) => pending[i]!({value: [ACK], warnings: []}),
  };
}

/** Whether `p` is still pending once every promise ready now has run. */
async function pending(p: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([p, vi.advanceTimersByTimeAsync(0).then(() => marker)])) === marker;
}

const am = (snap: AlertSnapshot) => snap.outcomes.find((o) => o.name === 'am')!;
const ackOf = (snap: AlertSnapshot, fingerprint: string) => snap.alerts.find((a) => a.fingerprint === fingerprint)!;

describe('a slow silences list does not hold back the alerts', () => {
  it('at the deadline the alerts are shown, the source read in part, the silenced alert’s ack unknown', async () => {
    const rig = slowSilences();
    const poll = rig.poll();
    // Within the deadline the poll waits for the silences (they may still answer in time).
    await vi.advanceTimersByTimeAsync(ALERT_SOURCE_DEADLINE_MS - 1);
    expect(await pending(poll)).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    const snap = await poll;
    expect(snap.alerts.map((a) => a.fingerprint).sort()).toEqual(['f-page', 'f-silenced']);
    expect(am(snap)).toMatchObject({ok: true, error: null, partial: ['silences unreadable: timeout: no answer within 12 s'], silencesUnread: 'timeout: no answer within 12 s'});
    expect(ackOf(snap, 'f-silenced')).toMatchObject({ack: null, ackUnknown: ['am']});
    expect(ackOf(snap, 'f-page').ack).toBeNull();
  });

  it('silences answering within the deadline are used: the ack is known, the source whole', async () => {
    const rig = slowSilences();
    const poll = rig.poll();
    await vi.advanceTimersByTimeAsync(ALERT_SOURCE_DEADLINE_MS - 1);
    rig.answerSilences(0);
    const snap = await poll;
    expect(am(snap).partial).toBeUndefined();
    expect(ackOf(snap, 'f-silenced').ack).toMatchObject({silenceId: 's-ack'});
  });

  it('the next poll joins the silences request still out rather than sending a second; once it ends, one is sent anew', async () => {
    const rig = slowSilences();
    const first = rig.poll();
    await vi.advanceTimersByTimeAsync(ALERT_SOURCE_DEADLINE_MS);
    expect(am(await first).silencesUnread).toBeDefined();
    const second = rig.poll();
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.silenceRequests()).toBe(1);
    rig.answerSilences(0);
    const snap = await second;
    expect(am(snap).partial).toBeUndefined();
    expect(ackOf(snap, 'f-silenced').ack).toMatchObject({silenceId: 's-ack'});
    const third = rig.poll();
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.silenceRequests()).toBe(2);
    rig.answerSilences(1);
    await third;
  });

  it('a poll after a write does not join the silences request sent before it: it sends its own', async () => {
    const rig = slowSilences();
    const first = rig.poll();
    await vi.advanceTimersByTimeAsync(ALERT_SOURCE_DEADLINE_MS);
    await first;
    noteAlertWrite(rig.services);
    const second = rig.poll();
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.silenceRequests()).toBe(2);
    // The answer of the one from before the write is dropped: the poll waits for its own.
    rig.answerSilences(0);
    expect(await pending(second)).toBe(true);
    rig.answerSilences(1);
    expect(am(await second).partial).toBeUndefined();
  });
});
