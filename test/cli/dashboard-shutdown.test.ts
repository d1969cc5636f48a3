import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {closeConnections, endRequests, MAX_SETTLE_MS, settleActions, settleBound} from '../../src/cli/dashboard-shutdown.ts';
import {CLOSED_BEFORE_ANSWER, trackTries} from '../../src/cli/unanswered-tries.ts';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {ackMutationOptions, ackVariables} from '../../src/queries/ack-mutations.ts';
import {CLOSED_WHILE_RETRYING} from '../../src/queries/silence-retry.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {freshQueryClientEachTest} from '../queries/query-harness.ts';
import {scriptedAlertmanager, type Scripted} from '../queries/silence-fakes.ts';

let client: QueryClient;
freshQueryClientEachTest((c) => (client = c));

const alert = makeAlert({fingerprint: 'f1', name: 'HighLatency', labels: {alertname: 'HighLatency', service: 'api'}, seenBy: ['am-1']});

// An in-memory action log whose writes take a little while, drained like the real one.
function slowLog() {
  const written: ActionLogEntry[] = [];
  let tail = Promise.resolve();
  const record = (e: ActionLogEntry) => {
    tail = tail.then(() => new Promise((resolve) => setTimeout(resolve, 5))).then(() => void written.push(e));
    return tail;
  };
  return {written, record, drain: () => tail};
}

// The dashboard's ack (no retry limit), its entries through the try tracker as in the dashboard.
function startAck(script: {create?: Scripted[]; list?: Scripted[]; listDelayMs?: number}) {
  const log = slowLog();
  const tries = trackTries(log.record);
  const am = scriptedAlertmanager('am-1', script);
  const services = emptyServices({alertSources: [am.handle]});
  const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * 60_000, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
  const observer = new MutationObserver(client, ackMutationOptions(services, {record: tries.record, now: () => Date.now()}));
  void observer.mutate(ackVariables(services, plan.drafts)).catch(() => undefined);
  return {log, tries, am};
}

const phases = (log: ActionLogEntry[]) => log.map((e) => `${e.action}#${e.attempt} ${e.phase}`);

it('stops an ack waiting to retry at once (an Alertmanager down), logging that it stopped with its last failure', async () => {
  const {log, tries, am} = startAck({create: ['unavailable']});
  // First try failed; the second is waiting for its backoff.
  await vi.advanceTimersByTimeAsync(100);
  expect(am.createCalls).toHaveLength(1);
  let settled = false;
  const settling = settleActions(client, log, {boundMs: 10_000, abandon: () => tries.abandon(new Date().toISOString())}).then(() => (settled = true));
  // Promptly: the log's writes and a poll or two, not the bound, nor the backoff.
  await vi.advanceTimersByTimeAsync(200);
  expect(settled).toBe(true);
  await settling;
  expect(am.createCalls).toHaveLength(1);
  expect(client.isMutating()).toBe(0);
  expect(phases(log.written)).toEqual(['ack#1 attempt', 'ack#1 failure', 'ack#1 failure']);
  expect(log.written[2]?.error).toBe(`${CLOSED_WHILE_RETRYING} (last try: unavailable: am-1: silence rejected (unavailable))`);
  // Nothing sent later, with no screen.
  await vi.advanceTimersByTimeAsync(60_000);
  expect(am.createCalls).toHaveLength(1);
});

it('stops an ack whose last try was unknown as unknown, never as failed', async () => {
  // The POST's answer lost and the silences unreadable: unknown, retried.
  const {log, am} = startAck({create: ['created-then-timeout'], list: ['ok', 'unavailable']});
  await vi.advanceTimersByTimeAsync(100);
  expect(am.createCalls).toHaveLength(1);
  expect(log.written.at(-1)?.phase).toBe('unknown');
  const settling = settleActions(client, log, {boundMs: 10_000});
  await vi.advanceTimersByTimeAsync(200);
  await settling;
  const last = log.written.at(-1);
  expect(log.written).toHaveLength(3);
  expect(last?.phase).toBe('unknown');
  expect(last?.error).toMatch(new RegExp(`^${CLOSED_WHILE_RETRYING}; timeout: am-1: .*the silence may exist`));
  expect(am.createCalls).toHaveLength(1);
});

it('waits for an ack in flight that answers within the bound, and logs its real outcome', async () => {
  const {log, tries} = startAck({listDelayMs: 3_000});
  await vi.advanceTimersByTimeAsync(10);
  let settled = false;
  const settling = settleActions(client, log, {boundMs: 10_000, abandon: () => tries.abandon(new Date().toISOString())}).then((left) => ((settled = true), left));
  await vi.advanceTimersByTimeAsync(2_900);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(300);
  expect(settled).toBe(true);
  expect(await settling).toBe(false);
  expect(phases(log.written)).toEqual(['ack#1 attempt', 'ack#1 success']);
});

it('past the bound, logs the try still in flight as unknown and ends', async () => {
  const {log, tries} = startAck({listDelayMs: 60_000});
  await vi.advanceTimersByTimeAsync(10);
  let settled = false;
  const settling = settleActions(client, log, {boundMs: 10_000, abandon: () => tries.abandon(new Date().toISOString())}).then((left) => ((settled = true), left));
  await vi.advanceTimersByTimeAsync(9_900);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(200);
  expect(settled).toBe(true);
  // Left without its answer: the connections are then destroyed, not waited on (closeConnections).
  expect(await settling).toBe(true);
  expect(phases(log.written)).toEqual(['ack#1 attempt', 'ack#1 unknown']);
  expect(log.written[1]).toMatchObject({source: 'am-1', target: {alertname: 'HighLatency', service: 'api'}, error: CLOSED_BEFORE_ANSWER});
});

it('a second signal ends the wait at once, the try in flight logged as unknown', async () => {
  const {log, tries} = startAck({listDelayMs: 60_000});
  await vi.advanceTimersByTimeAsync(10);
  let signal: () => void = () => {};
  const cut = new Promise<void>((resolve) => (signal = resolve));
  let settled = false;
  const settling = settleActions(client, log, {boundMs: 10_000, cut, abandon: () => tries.abandon(new Date().toISOString())}).then((left) => ((settled = true), left));
  await vi.advanceTimersByTimeAsync(500);
  expect(settled).toBe(false);
  signal();
  // The log's own write, nothing more.
  await vi.advanceTimersByTimeAsync(10);
  expect(settled).toBe(true);
  expect(await settling).toBe(true);
  expect(phases(log.written)).toEqual(['ack#1 attempt', 'ack#1 unknown']);
  expect(log.written[1]?.error).toBe(CLOSED_BEFORE_ANSWER);
});

it('stops an unack waiting to retry, logging its last failure', async () => {
  const log = slowLog();
  const silence = {id: 's1', matchers: [{name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true}], startsAt: T0, endsAt: T0 + 60_000, createdBy: 'primary@bastion', comment: 'ACK! on it', status: 'active' as const};
  const am = scriptedAlertmanager('am-1', {expire: ['unavailable']});
  am.created.push(silence as never);
  const services = emptyServices({alertSources: [am.handle]});
  const observer = new MutationObserver(client, unackMutationOptions(services, {record: log.record, now: () => Date.now()}));
  void observer.mutate({silenceIds: ['s1']}).catch(() => undefined);
  await vi.advanceTimersByTimeAsync(100);
  expect(am.expireCalls).toHaveLength(1);
  const settling = settleActions(client, log, {boundMs: 10_000});
  await vi.advanceTimersByTimeAsync(200);
  await settling;
  expect(client.isMutating()).toBe(0);
  expect(log.written.at(-1)).toMatchObject({action: 'unack', phase: 'failure', silenceId: 's1'});
  expect(log.written.at(-1)?.error).toContain(CLOSED_WHILE_RETRYING);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(am.expireCalls).toHaveLength(1);
});

it('only drains when nothing is in flight', async () => {
  let drained = 0;
  const left = await settleActions(client, {drain: async () => void drained++}, {boundMs: 10_000, sleep: () => Promise.reject(new Error('no wait expected'))});
  expect(drained).toBe(1);
  expect(left).toBe(false);
});

it('waits at most the longest request timeout, never past the cap', () => {
  expect(settleBound([2_000, 5_000])).toBe(5_000);
  expect(settleBound([undefined])).toBe(10_000);
  expect(settleBound([60_000])).toBe(MAX_SETTLE_MS);
  expect(settleBound([])).toBe(10_000);
});

describe('endRequests', () => {
  const settledNow = async (p: Promise<void>) => {
    let settled = false;
    void p.then(() => (settled = true));
    await Promise.resolve();
    await Promise.resolve();
    return settled;
  };

  it('ends at the first signal without cutting the wait', async () => {
    const ends = endRequests();
    ends.signal();
    expect(await settledNow(ends.done)).toBe(true);
    expect(await settledNow(ends.cut)).toBe(false);
  });

  it('a second signal cuts the wait instead of being swallowed', async () => {
    const ends = endRequests();
    ends.signal();
    ends.signal();
    expect(await settledNow(ends.cut)).toBe(true);
  });

  it('a signal after quitting by key cuts the wait; quitting twice does not', async () => {
    const twice = endRequests();
    twice.quit();
    twice.quit();
    expect(await settledNow(twice.cut)).toBe(false);
    const ends = endRequests();
    ends.quit();
    ends.signal();
    expect(await settledNow(ends.cut)).toBe(true);
  });
});

describe('closeConnections', () => {
  // A close that records how it was asked, and whose graceful form waits until told to end.
  function closer() {
    const calls: string[] = [];
    let endGraceful: () => void = () => {};
    const close = (how?: {abort?: boolean}) => {
      calls.push(how?.abort === true ? 'abort' : 'graceful');
      return how?.abort === true ? Promise.resolve() : new Promise<void>((resolve) => (endGraceful = resolve));
    };
    return {calls, close, endGraceful: () => endGraceful()};
  }

  it('destroys the connections at once when requests were left without their answer', async () => {
    const c = closer();
    await closeConnections(c.close, true, new Promise(() => {}));
    expect(c.calls).toEqual(['abort']);
  });

  it('closes gracefully when every request answered', async () => {
    const c = closer();
    let closed = false;
    const closing = closeConnections(c.close, false, new Promise(() => {})).then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    c.endGraceful();
    await closing;
    expect(c.calls).toEqual(['graceful']);
  });

  it('a signal during a graceful close destroys the connections instead of waiting on', async () => {
    const c = closer();
    let signal: () => void = () => {};
    const cut = new Promise<void>((resolve) => (signal = resolve));
    const closing = closeConnections(c.close, false, cut);
    signal();
    await closing;
    expect(c.calls).toEqual(['graceful', 'abort']);
  });
});
