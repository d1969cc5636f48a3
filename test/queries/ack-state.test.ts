import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {ackStates, createAckStateStore, retryAck, subscribeAckStates} from '../../src/queries/ack-state.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager, type Scripted} from './silence-fakes.ts';

const MIN = 60_000;
let client: QueryClient;
const record = async () => {};
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

const a1 = makeAlert({fingerprint: 'f1', labels: {alertname: 'A', service: 'api'}, seenBy: ['am-1', 'am-2']});
const a2 = makeAlert({fingerprint: 'f2', labels: {alertname: 'A', service: 'web'}, seenBy: ['am-1', 'am-2']});

function setup(scripts: Record<string, Scripted[]>, retry = 5) {
  const ams = Object.entries(scripts).map(([name, create]) => scriptedAlertmanager(name, {create}));
  const services = emptyServices({alertSources: ams.map((a) => a.handle)});
  const plan = planAck([a1, a2], [a1, a2], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary', prefix: 'ACK!', now: T0});
  const options = ackMutationOptions(services, {record, now, retry});
  return {ams, services, options, variables: ackVariables(services, plan.drafts)};
}

describe('ackStates', () => {
  it('follows an ack from pending to retrying to done, per alert and per source', async () => {
    const {options, variables} = setup({'am-1': ['ok'], 'am-2': ['unavailable', 'ok']});
    const done = new MutationObserver(client, options).mutate(variables);
    expect(ackStates(client).get('f1')).toMatchObject({action: 'ack', status: 'pending', attempts: 1, error: null});
    await vi.advanceTimersByTimeAsync(0);
    const retrying = ackStates(client).get('f1');
    expect(retrying).toMatchObject({status: 'retrying', attempts: 1, error: 'unavailable: am-2: silence rejected (unavailable)', submittedAt: T0});
    expect(retrying?.sources.map((r) => [r.source, r.ok])).toEqual([
      ['am-1', true],
      ['am-2', false],
    ]);
    // The same try already gave f2 its silence on both sources: f2 is done while f1 retries.
    expect(ackStates(client).get('f2')).toMatchObject({status: 'done', attempts: 1});
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    const states = ackStates(client);
    expect([...states.keys()]).toEqual(['f1', 'f2']);
    expect(states.get('f1')).toMatchObject({status: 'done', attempts: 2, error: null});
    expect(states.get('f1')?.sources.map((r) => [r.source, r.silenceId, r.attempts])).toEqual([
      ['am-1', 'am-1-s1', 1],
      ['am-2', 'am-2-s2', 2],
    ]);
  });

  it('shows failed and partial, and the latest action on an alert wins', async () => {
    const failed = setup({'am-1': ['bad-response']});
    await runSilenceMutation(client, failed.options, failed.variables);
    expect(ackStates(client).get('f1')).toMatchObject({status: 'failed', attempts: 1, error: 'bad-response: am-1: silence rejected (bad-response)'});

    const partial = setup({'am-1': ['ok'], 'am-2': ['auth']});
    await runSilenceMutation(client, partial.options, partial.variables);
    expect(ackStates(client).get('f1')?.status).toBe('partial');

    const unack = unackMutationOptions(partial.services, {record, now, prefix: 'ACK!'});
    await runSilenceMutation(client, unack, {alerts: [{...a1, silencedBy: ['am-1-s1']}]});
    expect(ackStates(client).get('f1')).toMatchObject({action: 'unack', status: 'done'});
    expect(ackStates(client).get('f2')).toMatchObject({action: 'ack', status: 'partial'});
    // Superseded settled mutations are pruned: the first failed ack covered only f1 and f2, both newer now.
    expect(client.getMutationCache().getAll()).toHaveLength(2);
  });

  it('forgets a success after 10 minutes (the alert shows the ACK by then) but keeps a failure', async () => {
    const ok = setup({'am-1': ['ok']});
    await runSilenceMutation(client, ok.options, ok.variables);
    const failed = setup({'am-1': ['auth']});
    const other = makeAlert({fingerprint: 'f3', labels: {alertname: 'B'}, seenBy: ['am-1']});
    const failedPlan = planAck([other], [other], {volatileLabels: [], durationMs: MIN, author: 'primary', prefix: 'ACK!', now: T0});
    await runSilenceMutation(client, failed.options, ackVariables(failed.services, failedPlan.drafts));
    vi.setSystemTime(T0 + 10 * MIN + 1);
    const late = makeAlert({fingerprint: 'f4', labels: {alertname: 'C'}, seenBy: ['am-1']});
    const latePlan = planAck([late], [late], {volatileLabels: [], durationMs: MIN, author: 'primary', prefix: 'ACK!', now: T0 + 10 * MIN});
    await runSilenceMutation(client, ok.options, ackVariables(ok.services, latePlan.drafts));
    expect([...ackStates(client).entries()].map(([fp, st]) => [fp, st.status])).toEqual([
      ['f3', 'failed'],
      ['f4', 'done'],
    ]);
  });

  it('notifies subscribers and gives useSyncExternalStore a stable snapshot', async () => {
    const {options, variables} = setup({'am-1': ['ok']});
    const store = createAckStateStore(client, 'test');
    const empty = store.getSnapshot();
    expect(store.getSnapshot()).toBe(empty);
    const listener = vi.fn();
    const unsubscribe = subscribeAckStates(client, listener);
    await runSilenceMutation(client, options, variables);
    expect(listener).toHaveBeenCalled();
    const after = store.getSnapshot();
    expect(after).not.toBe(empty);
    expect(store.getSnapshot()).toBe(after);
    expect(after.get('f1')?.status).toBe('done');
    unsubscribe();
    listener.mockClear();
    await runSilenceMutation(client, options, setup({'am-1': ['ok']}).variables);
    expect(listener).not.toHaveBeenCalled();
    expect(createAckStateStore(client, 'other').getSnapshot().size).toBe(0);
  });
});

describe('retryAck', () => {
  it('re-runs a failed ack only where it failed, continuing the attempt count', async () => {
    // Two drafts per try: am-2 fails six calls (three tries), then takes both silences.
    const {ams, options, variables} = setup({'am-1': ['ok'], 'am-2': ['unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable', 'ok']}, 1);
    const first = runSilenceMutation(client, options, variables);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await first).status).toBe('partial');
    expect(ackStates(client).get('f1')?.status).toBe('partial');

    // The user's retry goes at once; am-2 still fails it, and the retry after it lands.
    const tried = await retryAck(client, 'f1');
    expect(tried !== 'woken' && tried?.status).toBe('partial');
    expect(ackStates(client).get('f1')?.status).toBe('retrying');
    // The backoff goes on from the tries before: the fourth waits 4 s.
    await vi.advanceTimersByTimeAsync(4001);
    const outcome = ackStates(client).get('f1');
    expect(outcome?.status).toBe('done');
    expect(outcome?.sources.map((r) => [r.fingerprint, r.source, r.attempts, r.silenceId])).toEqual([
      ['f1', 'am-1', 1, 'am-1-s1'],
      ['f1', 'am-2', 4, 'am-2-s1'],
    ]);
    expect(ackStates(client).get('f2')?.sources.map((r) => [r.fingerprint, r.source, r.attempts, r.silenceId])).toEqual([
      ['f2', 'am-1', 1, 'am-1-s2'],
      ['f2', 'am-2', 4, 'am-2-s2'],
    ]);
    expect(ams[0]?.createCalls).toHaveLength(2);
    expect(ams[1]?.createCalls).toHaveLength(8);
    expect(ams[1]?.created).toHaveLength(2);
    expect(ackStates(client).get('f2')?.status).toBe('done');
  });

  it('tries a refused source again when the user asks, and has nothing to retry otherwise', async () => {
    const {ams, options, variables} = setup({'am-1': ['bad-response', 'ok']});
    await runSilenceMutation(client, options, variables);
    expect(await retryAck(client, 'f1')).toMatchObject({status: 'ok'});
    expect(ams[0]?.createCalls).toHaveLength(3);
    expect(await retryAck(client, 'f1')).toBeNull();
    expect(await retryAck(client, 'unknown')).toBeNull();
  });
});
