import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import type {Silence} from '../../src/domain/alert.ts';
import {ExpiryNotFoundUnconfirmed, SourceFailure} from '../../src/sources/capabilities.ts';
import {ackStates} from '../../src/queries/ack-state.ts';
import type {SilenceFailure} from '../../src/queries/silence-results.ts';
import {EXPIRED_NOTE, unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager, type Scripted} from './silence-fakes.ts';

const MIN = 60_000;
let client: QueryClient;
const {log, record} = actionLogEachTest();
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

// One Alertmanager holding one ack of alert f1; its expiries and reads answer as scripted.
async function setup(script: {expire: Scripted[]; list?: Scripted[]}) {
  const am = scriptedAlertmanager('am-1', {expire: script.expire});
  const id = await am.handle.capabilities.createSilence({matchers: [], startsAt: T0, endsAt: T0 + MIN, createdBy: 'a', comment: 'ACK! x'});
  // The listing that finds the ack answers; the reads after it answer as scripted.
  const list = am.handle.capabilities.listSilences.bind(am.handle.capabilities);
  let reads = 0;
  am.handle.capabilities.listSilences = async (read) => {
    const answer = reads === 0 ? 'ok' : (script.list?.[Math.min(reads - 1, script.list.length - 1)] ?? 'ok');
    reads++;
    if (answer !== 'ok') throw new Error(`am-1: list (${answer})`);
    return list(read);
  };
  const alert = makeAlert({fingerprint: 'f1', silencedBy: [id], seenBy: ['am-1']});
  const options = unackMutationOptions(emptyServices({alertSources: [am.handle]}), {record, now, prefix: 'ACK!', retry: 1, retryDelay: () => 1000});
  const settled = new MutationObserver(client, options).mutate({alerts: [alert]}).then(
    (outcome) => outcome,
    (error: SilenceFailure) => error.outcome,
  );
  await vi.advanceTimersByTimeAsync(1000);
  return {am, id, outcome: await settled};
}

const phases = () => log.map((e) => `${e.attempt} ${e.phase}`);

describe('an unack whose answer was lost', () => {
  it('read back expired: done, at the first try', async () => {
    const {am, id, outcome} = await setup({expire: ['expired-then-timeout']});
    expect(outcome).toEqual({status: 'ok', results: [{fingerprint: 'f1', source: 'am-1', ok: true, silenceId: id, retryable: false, attempts: 1, note: EXPIRED_NOTE}]});
    expect(am.expireCalls).toEqual([id]);
    expect(phases()).toEqual(['1 attempt', '1 success']);
  });

  it('read back still active: it did not land, a failure, and the retry expires it', async () => {
    const {am, id, outcome} = await setup({expire: ['sent-then-timeout', 'ok']});
    expect(outcome.status).toBe('ok');
    expect(am.expireCalls).toEqual([id, id]);
    expect(phases()).toEqual(['1 attempt', '1 failure', '2 attempt', '2 success']);
    expect(log[1]?.error).toBe('timeout: am-1: the request timed out after it was sent (no answer within 10000 ms); read back, the silence is still active: the expiry did not land');
  });

  it('not readable back: unknown, and a retry that cannot reach the Alertmanager leaves it unknown, never failed', async () => {
    const {am, id, outcome} = await setup({expire: ['sent-then-timeout', 'unavailable'], list: ['unavailable', 'ok']});
    expect(outcome).toMatchObject({status: 'unknown', results: [{source: 'am-1', ok: false, unknown: true, silenceId: id, attempts: 2}]});
    expect(outcome.results[0]?.error).toMatch(/the request timed out after it was sent .*; the silence may still be active \(reading the silences back failed too: am-1: list \(unavailable\)\)$/);
    expect(am.expireCalls).toEqual([id, id]);
    expect(phases()).toEqual(['1 attempt', '1 unknown', '2 attempt', '2 unknown']);
    expect(log[3]?.error).toMatch(/unavailable.*; the expiry an earlier try sent may have landed$/);
    expect(ackStates(client).get('f1')?.status).toBe('unknown');
  });

  it('a refusal on the retry is final, and still unknown: the earlier expiry may have landed, and no retry follows', async () => {
    const {am, id, outcome} = await setup({expire: ['sent-then-timeout', 'auth'], list: ['unavailable', 'ok']});
    expect(outcome).toMatchObject({status: 'unknown', results: [{source: 'am-1', ok: false, silenceId: id, retryable: false, unknown: true, attempts: 2}]});
    expect(am.expireCalls).toEqual([id, id]);
    expect(phases()).toEqual(['1 attempt', '1 unknown', '2 attempt', '2 unknown']);
  });
});

describe('an unack in an HA cluster whose answer was lost on one peer', () => {
  it('is retried on that peer first: the other peer refusing cannot turn its unknown into a failure', async () => {
    // Try 1: am-1 cannot be reached (nothing sent), am-2 takes the DELETE, loses its answer and
    // cannot be read back: unknown there. Try 2: am-1 answers now, but refuses (403).
    const a = scriptedAlertmanager('am-1', {expire: ['unavailable', 'auth']});
    const b = scriptedAlertmanager('am-2', {expire: ['sent-then-timeout'], list: ['unavailable']});
    const services = emptyServices({alertSources: [{...a.handle, cluster: 'eu'}, {...b.handle, cluster: 'eu'}]});
    const options = unackMutationOptions(services, {record, now, prefix: 'ACK!', retry: 1, retryDelay: () => 1000});
    const settled = new MutationObserver(client, options).mutate({silenceIds: ['s1']}).then(
      (outcome) => outcome,
      (error: SilenceFailure) => error.outcome,
    );
    await vi.advanceTimersByTimeAsync(5000);
    const outcome = await settled;
    expect(outcome).toMatchObject({status: 'unknown', results: [{source: 'am-2', ok: false, unknown: true, silenceId: 's1', attempts: 2}]});
    // The retry went to am-2 first, which still cannot say: am-1's refusal came after, and is logged only.
    expect(b.expireCalls).toEqual(['s1', 's1']);
    expect(log.map((e) => `${e.source} ${e.attempt} ${e.phase}`)).toEqual(['am-1 1 attempt', 'am-1 1 failure', 'am-2 1 attempt', 'am-2 1 unknown', 'am-2 2 attempt', 'am-2 2 unknown', 'am-1 2 attempt', 'am-1 2 failure']);
  });
});

// Two peers of cluster eu sharing one gossiped silence store, each answering the DELETE as given:
// 'ok' expires it, 'proxy-404' is a proxy in front that does not route the expiry (its 404 page),
// 'down' cannot be reached.
function clusterOf(answers: Record<string, 'ok' | 'proxy-404' | 'down'>) {
  const silences: Silence[] = [{id: 's1', matchers: [], startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'me', comment: 'ACK! x', state: 'active'}];
  const calls: string[] = [];
  const peer = (name: string) => ({
    name,
    kind: 'alertmanager' as const,
    cluster: 'eu',
    capabilities: {
      async listAlerts() {
        return {value: [], warnings: []};
      },
      async listSilences() {
        return {value: silences.map((s) => ({...s})), warnings: []};
      },
      async createSilence(): Promise<string> {
        throw new Error('not in this test');
      },
      async expireSilence(id: string) {
        calls.push(`${name} ${id}`);
        if (answers[name] === 'down') throw new SourceFailure('unavailable', `${name}: connection refused`);
        if (answers[name] === 'proxy-404') throw new ExpiryNotFoundUnconfirmed(`${name}: could not expire silence ${id}: HTTP 404 (404 page not found), not the Alertmanager's answer for an unknown silence`);
        const s = silences.find((x) => x.id === id);
        if (s) s.state = 'expired';
      },
    },
  });
  return {silences, calls, services: emptyServices({alertSources: Object.keys(answers).map(peer)})};
}

async function unackS1(services: ReturnType<typeof emptyServices>) {
  const options = unackMutationOptions(services, {record, now, prefix: 'ACK!', retry: 1, retryDelay: () => 1000});
  const settled = new MutationObserver(client, options).mutate({silenceIds: ['s1']}).then(
    (outcome) => outcome,
    (error: SilenceFailure) => error.outcome,
  );
  await vi.advanceTimersByTimeAsync(5000);
  return settled;
}

describe("an unack in an HA cluster where one peer's proxy answers the expiry with its own 404", () => {
  it('asks the next peer of the cluster, which expires it: done', async () => {
    const {silences, calls, services} = clusterOf({'am-1': 'proxy-404', 'am-2': 'ok'});
    const outcome = await unackS1(services);
    expect(outcome).toMatchObject({status: 'ok', results: [{source: 'am-2', ok: true, silenceId: 's1'}]});
    expect(silences[0]?.state).toBe('expired');
    expect(calls).toEqual(['am-1 s1', 'am-2 s1']);
  });

  it('failed only when no peer expired it, naming each peer, and not retried into the same 404s', async () => {
    const {silences, calls, services} = clusterOf({'am-1': 'proxy-404', 'am-2': 'proxy-404'});
    const outcome = await unackS1(services);
    expect(outcome).toMatchObject({status: 'failed', results: [{ok: false, silenceId: 's1', retryable: false}]});
    expect(outcome.results).toHaveLength(1);
    const error = outcome.results[0]?.error ?? '';
    expect(error.split(' · ')).toEqual([
      expect.stringMatching(/^bad-response: am-1: could not expire silence s1: HTTP 404 .*; read back, the silence is still active: the expiry did not land$/),
      expect.stringMatching(/^bad-response: am-2: could not expire silence s1: HTTP 404 .*; read back, the silence is still active: the expiry did not land$/),
    ]);
    expect(silences[0]?.state).toBe('active');
    expect(calls).toEqual(['am-1 s1', 'am-2 s1']);
  });

  it('with the other peer down, failed naming both, and retried for the peer that may come back', async () => {
    const {calls, services} = clusterOf({'am-1': 'proxy-404', 'am-2': 'down'});
    const outcome = await unackS1(services);
    expect(outcome).toMatchObject({status: 'failed', results: [{ok: false, silenceId: 's1', retryable: true, attempts: 2}]});
    expect(outcome.results[0]?.error).toMatch(/am-1: could not expire silence s1: HTTP 404 .* · unavailable: am-2: connection refused$/);
    expect(calls).toEqual(['am-1 s1', 'am-2 s1', 'am-1 s1', 'am-2 s1']);
  });
});

describe("an alert's unack kept to one author", () => {
  it("expires only that author's ack and reports another user's still in place", async () => {
    const am = scriptedAlertmanager('am-1', {expire: ['ok']});
    const mine = await am.handle.capabilities.createSilence({matchers: [], startsAt: T0, endsAt: T0 + 15 * MIN, createdBy: 'me', comment: 'ACK! mine'});
    const theirs = await am.handle.capabilities.createSilence({matchers: [], startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'alice', comment: 'ACK! theirs'});
    const alert = makeAlert({fingerprint: 'f1', silencedBy: [mine, theirs], seenBy: ['am-1']});
    const options = unackMutationOptions(emptyServices({alertSources: [am.handle]}), {record, now, prefix: 'ACK!', retry: 0});
    const outcome = await new MutationObserver(client, options).mutate({alerts: [alert], author: 'me'});
    expect(am.expireCalls).toEqual([mine]);
    expect(outcome.status).toBe('ok');
    expect(outcome.left).toEqual([{silenceId: theirs, by: 'alice', endsAt: T0 + 60 * MIN, source: 'am-1', fingerprints: ['f1']}]);
  });

  it("reports another user's one silence over several of the alerts once, with each alert it covers", async () => {
    const am = scriptedAlertmanager('am-1', {expire: ['ok', 'ok']});
    const ack = (createdBy: string, name: string, value: string) => am.handle.capabilities.createSilence({matchers: [{name, value, isRegex: false, isEqual: true}], startsAt: T0, endsAt: T0 + 60 * MIN, createdBy, comment: 'ACK! x'});
    const mine = [await ack('me', 'alertname', 'A'), await ack('me', 'alertname', 'B')];
    const theirs = await ack('alice', 'service', 'api');
    // fC is not of the service: her silence does not cover it.
    const alerts = [
      makeAlert({fingerprint: 'fA', labels: {alertname: 'A', service: 'api'}, silencedBy: [mine[0]!, theirs], seenBy: ['am-1']}),
      makeAlert({fingerprint: 'fB', labels: {alertname: 'B', service: 'api'}, silencedBy: [mine[1]!, theirs], seenBy: ['am-1']}),
      makeAlert({fingerprint: 'fC', labels: {alertname: 'C', service: 'web'}, silencedBy: [], seenBy: ['am-1']}),
    ];
    const options = unackMutationOptions(emptyServices({alertSources: [am.handle]}), {record, now, prefix: 'ACK!', retry: 0});
    const outcome = await new MutationObserver(client, options).mutate({alerts, author: 'me'});
    expect(outcome.status).toBe('ok');
    expect(outcome.left).toEqual([{silenceId: theirs, by: 'alice', endsAt: T0 + 60 * MIN, source: 'am-1', fingerprints: ['fA', 'fB']}]);
  });
});
