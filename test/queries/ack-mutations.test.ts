import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {ackKey, ackMutationOptions, ackTargets, ackVariables, ENDED_UNKNOWN, LANDED_NOTE, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {STOPPED_BY_UNACK} from '../../src/queries/silence-retry.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {alertKey} from '../../src/queries/alert-queries.ts';
import {ackStates, retryAck} from '../../src/queries/ack-state.ts';
import {sharingReads} from '../../src/queries/shared-requests.ts';
import {SilenceFailure, type SilenceOutcome} from '../../src/queries/silence-results.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager, type Scripted} from './silence-fakes.ts';

const MIN = 60_000;
let client: QueryClient;
const {log, record} = actionLogEachTest();
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

const alert = makeAlert({fingerprint: 'f1', name: 'HighLatency', labels: {alertname: 'HighLatency', service: 'api'}, seenBy: ['am-1', 'am-2']});

function setup(scripts: Record<string, Scripted[]>, alerts: Alert[] = [alert]) {
  const ams = Object.entries(scripts).map(([name, create]) => scriptedAlertmanager(name, {create}));
  const services = emptyServices({alertSources: ams.map((a) => a.handle)});
  const plan = planAck(alerts, alerts, {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
  return {ams, services, variables: ackVariables(services, plan.drafts)};
}

// Starts the mutation without awaiting it, so the test can move the clock between tries.
function start(services: ReturnType<typeof setup>['services'], variables: ReturnType<typeof setup>['variables'], retry?: number) {
  const observer = new MutationObserver(client, ackMutationOptions(services, {record, now, ...(retry === undefined ? {} : {retry})}));
  const settled = observer.mutate(variables).then(
    (v) => ({ok: true as const, v}),
    (e: unknown) => ({ok: false as const, e}),
  );
  return {observer, settled};
}

const ackStatesOf = (fp: string) => ackStates(client).get(fp)?.status;
const phases = () => log.map((e) => `${e.source}#${e.attempt} ${e.phase}`);

describe('ackMutationOptions', () => {
  it('creates the silence on every target and records each attempt and success', async () => {
    const {ams, services, variables} = setup({'am-1': ['ok'], 'am-2': ['ok']});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record, now}), variables);
    expect(outcome).toEqual({
      status: 'ok',
      results: [
        {fingerprint: 'f1', source: 'am-1', ok: true, silenceId: 'am-1-s1', retryable: false, attempts: 1},
        {fingerprint: 'f1', source: 'am-2', ok: true, silenceId: 'am-2-s1', retryable: false, attempts: 1},
      ],
    });
    expect(ams[0]?.createCalls).toEqual([
      {matchers: [{name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true}, {name: 'service', value: 'api', isRegex: false, isEqual: true}], startsAt: T0, endsAt: T0 + 15 * MIN, createdBy: 'primary@bastion', comment: 'ACK! on it'},
    ]);
    expect(log.filter((e) => e.source === 'am-1')).toEqual([
      {
        action: 'ack',
        context: 'test',
        target: {alertname: 'HighLatency', service: 'api'},
        source: 'am-1',
        attempt: 1,
        at: new Date(T0).toISOString(),
        phase: 'attempt',
        details: {fingerprint: 'f1', covers: ['f1'], createdBy: 'primary@bastion', comment: 'ACK! on it', endsAt: new Date(T0 + 15 * MIN).toISOString()},
      },
      {action: 'ack', context: 'test', target: {alertname: 'HighLatency', service: 'api'}, source: 'am-1', attempt: 1, at: new Date(T0).toISOString(), phase: 'success', silenceId: 'am-1-s1'},
    ]);
    expect(client.getQueryState(alertKey('test'))?.isInvalidated).toBe(true);
    expect(client.getMutationCache().findAll({mutationKey: ackKey('test')})).toHaveLength(1);
  });

  it('retries an unavailable source with backoff (1 s, then 2 s) and records every attempt', async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable', 'timeout', 'ok']});
    const {settled} = start(services, variables);
    await vi.advanceTimersByTimeAsync(0);
    expect(ams[0]?.createCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(ams[0]?.createCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ams[0]?.createCalls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(ams[0]?.createCalls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    const result = await settled;
    expect(result.ok && result.v.status).toBe('ok');
    expect(ams[0]?.created).toHaveLength(1);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 failure', 'am-1#2 attempt', 'am-1#2 failure', 'am-1#3 attempt', 'am-1#3 success']);
    expect(log[1]?.error).toBe('unavailable: am-1: silence rejected (unavailable)');
    // A retry starts the silence when it is sent but keeps the chosen end: every Alertmanager ends the ack together.
    expect(ams[0]?.createCalls[2]).toMatchObject({startsAt: T0 + 3001, endsAt: T0 + 15 * MIN});
  });

  it('retries only the failed source after a partial success: one silence per Alertmanager', async () => {
    const {ams, services, variables} = setup({'am-1': ['ok'], 'am-2': ['unavailable', 'unavailable', 'ok']});
    const {settled} = start(services, variables);
    await vi.advanceTimersByTimeAsync(3002);
    const result = await settled;
    expect(result.ok && result.v.results.map((r) => [r.source, r.ok, r.attempts, r.silenceId])).toEqual([
      ['am-1', true, 1, 'am-1-s1'],
      ['am-2', true, 3, 'am-2-s1'],
    ]);
    expect(ams[0]?.createCalls).toHaveLength(1);
    expect(ams[1]?.createCalls).toHaveLength(3);
    expect(phases()).toEqual([
      'am-1#1 attempt',
      'am-2#1 attempt',
      'am-1#1 success',
      'am-2#1 failure',
      'am-2#2 attempt',
      'am-2#2 failure',
      'am-2#3 attempt',
      'am-2#3 success',
    ]);
  });

  it('a POST whose answer was lost is settled by reading the silences back: found, it is ok, with no second POST', async () => {
    const {ams, services, variables} = setup({'am-1': ['created-then-timeout', 'ok']});
    const {settled} = start(services, variables);
    const result = await settled;
    expect(result.ok && result.v.results).toEqual([{fingerprint: 'f1', source: 'am-1', ok: true, silenceId: 'am-1-s1', retryable: false, attempts: 1, note: LANDED_NOTE}]);
    expect(ams[0]?.createCalls).toHaveLength(1);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 success']);
  });

  it('a lost answer whose silences cannot be read back is unknown, never failed; the retry finds the silence and sends none', async () => {
    const am = scriptedAlertmanager('am-1', {create: ['created-then-timeout', 'ok'], list: ['ok', 'unavailable', 'ok']});
    const services = emptyServices({alertSources: [am.handle]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts));
    await vi.advanceTimersByTimeAsync(0);
    expect(ackStatesOf('f1')).toBe('retrying');
    expect(log.find((e) => e.phase === 'unknown')?.error).toMatch(/^timeout: am-1: the request timed out after it was sent .*; the silence may exist \(reading the silences back failed too: unavailable: am-1: list \(unavailable\)\)$/);
    await vi.advanceTimersByTimeAsync(1001);
    const result = await settled;
    expect(result.ok && result.v.results).toEqual([{fingerprint: 'f1', source: 'am-1', ok: true, silenceId: 'am-1-s1', retryable: false, attempts: 2, note: LANDED_NOTE}]);
    expect(am.createCalls).toHaveLength(1);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 unknown', 'am-1#2 attempt', 'am-1#2 success']);
  });

  it('with the retries used up and the silences never readable, the outcome is unknown (never failed), and nothing is posted twice', async () => {
    const am = scriptedAlertmanager('am-1', {create: ['created-then-timeout', 'ok'], list: ['ok', 'unavailable']});
    const services = emptyServices({alertSources: [am.handle]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts), 2);
    await vi.advanceTimersByTimeAsync(3001);
    const result = await settled;
    const outcome = !result.ok && result.e instanceof SilenceFailure ? result.e.outcome : null;
    expect(outcome?.status).toBe('unknown');
    expect(outcome?.results).toMatchObject([{source: 'am-1', ok: false, unknown: true, attempts: 3}]);
    expect(outcome?.results[0]?.error).toMatch(/the request timed out after it was sent .*; the silence may exist/);
    expect(am.createCalls).toHaveLength(1);
    expect(ackStatesOf('f1')).toBe('unknown');
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 unknown', 'am-1#2 attempt', 'am-1#2 unknown', 'am-1#3 attempt', 'am-1#3 unknown']);
  });

  it('a retry after an unknown whose read is refused (403) stays unknown, and is final: not retried into the same refusal while the dashboard runs', async () => {
    const am = scriptedAlertmanager('am-1', {create: ['created-then-timeout', 'ok'], list: ['ok', 'unavailable', 'auth']});
    const services = emptyServices({alertSources: [am.handle]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    // No retry limit: the dashboard's mutation.
    const {settled} = start(services, ackVariables(services, plan.drafts));
    await vi.advanceTimersByTimeAsync(1001);
    const result = await settled;
    const outcome = !result.ok && result.e instanceof SilenceFailure ? result.e.outcome : null;
    expect(outcome?.status).toBe('unknown');
    expect(outcome?.results).toMatchObject([{source: 'am-1', ok: false, unknown: true, retryable: false, attempts: 2}]);
    expect(am.createCalls).toHaveLength(1);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 unknown', 'am-1#2 attempt', 'am-1#2 unknown']);
    expect(log.at(-1)?.error).toMatch(/^auth: .*; the silence an earlier try sent may exist$/);
  });

  it("reads a lost answer back with a request of its own, not another ack's read sent before the POST landed", async () => {
    const am = scriptedAlertmanager('am-1', {create: ['created-then-timeout'], listDelayMs: 60});
    // As the runtime does: reads shared between contexts; another ack reads the silences just
    // before this POST reaches the Alertmanager, and that read answers after it landed.
    const capabilities = sharingReads(am.handle.capabilities);
    capabilities.createSilence = (draft) => {
      void capabilities.listSilences({forAction: true});
      return am.handle.capabilities.createSilence(draft);
    };
    const services = emptyServices({alertSources: [{...am.handle, capabilities}]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts));
    await vi.advanceTimersByTimeAsync(200);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 success']);
    const result = await settled;
    expect(result.ok && result.v.results).toEqual([{fingerprint: 'f1', source: 'am-1', ok: true, silenceId: 'am-1-s1', retryable: false, attempts: 1, note: LANDED_NOTE}]);
  });

  it('settles an unknown ack whose end has passed as unknown for good, logged once, instead of retrying it for as long as it runs', async () => {
    const am = scriptedAlertmanager('am-1', {create: ['created-then-timeout'], list: ['ok', 'unavailable']});
    const services = emptyServices({alertSources: [am.handle]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 2 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts));
    let done = false;
    void settled.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(done).toBe(true);
    const result = await settled;
    const outcome = !result.ok && result.e instanceof SilenceFailure ? result.e.outcome : null;
    expect(outcome).toMatchObject({status: 'unknown', results: [{source: 'am-1', ok: false, unknown: true, retryable: false}]});
    expect(outcome?.results[0]?.error).toMatch(new RegExp(`^${ENDED_UNKNOWN} \\(timeout: am-1: the request timed out after it was sent`));
    // Every try while the ack ran is logged; once it ended, one entry says so, and nothing more.
    expect(log.filter((e) => Date.parse(e.at) > T0 + 2 * MIN).map((e) => e.phase)).toEqual(['unknown']);
    expect(am.createCalls).toHaveLength(1);
    expect(ackStatesOf('f1')).toBe('unknown');
  });

  it('in an HA cluster, a POST lost on one peer is not sent to the other in the same try; a later try asks that peer first', async () => {
    const a = scriptedAlertmanager('am-1', {create: ['created-then-timeout'], list: ['ok', 'unavailable']});
    const b = scriptedAlertmanager('am-2');
    const services = emptyServices({alertSources: [{...a.handle, cluster: 'eu'}, {...b.handle, cluster: 'eu'}]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts));
    await vi.advanceTimersByTimeAsync(0);
    expect(ackStatesOf('f1')).toBe('retrying');
    // The silence may be on am-1 and not yet gossiped: am-2 was not asked.
    expect([a.createCalls.length, b.createCalls.length, b.listCalls]).toEqual([1, 0, 0]);
    await vi.advanceTimersByTimeAsync(1001);
    const result = await settled;
    // am-1 still unreadable, am-2 read its silences (gossip had its time) and took the ack.
    expect(result.ok && result.v.results).toMatchObject([{source: 'am-2', ok: true, attempts: 2}]);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 unknown', 'am-1#2 attempt', 'am-1#2 unknown', 'am-2#2 attempt', 'am-2#2 success']);
  });

  it('in an HA cluster, a POST lost on a peer in a retry after an unknown is not sent to the other peer in that try either', async () => {
    // Try 1: the POST is lost without landing, the read-back fails. Try 2: the peer reads (nothing
    // there), the POST lands and its answer is lost, the read-back fails again.
    const a = scriptedAlertmanager('am-1', {create: ['sent-then-timeout', 'created-then-timeout'], list: ['ok', 'unavailable', 'ok', 'unavailable']});
    const b = scriptedAlertmanager('am-2');
    const services = emptyServices({alertSources: [{...a.handle, cluster: 'eu'}, {...b.handle, cluster: 'eu'}]});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
    const {settled} = start(services, ackVariables(services, plan.drafts), 1);
    await vi.advanceTimersByTimeAsync(1001);
    const result = await settled;
    // The silence sent in try 2 may be on am-1 and not yet gossiped: am-2 was not asked.
    expect([b.createCalls.length, b.listCalls]).toEqual([0, 0]);
    expect(!result.ok && result.e instanceof SilenceFailure && result.e.outcome).toMatchObject({status: 'unknown', results: [{source: 'am-1', unknown: true, attempts: 2}]});
    expect(phases()).toEqual(['am-1#1 attempt', 'am-1#1 unknown', 'am-1#2 attempt', 'am-1#2 unknown']);
  });

  it('a re-ack replaces our own ack on each Alertmanager (POST with its id) and expires stacked duplicates; another user\'s ack stays', async () => {
    const {ams, services, variables} = setup({'am-1': ['ok'], 'am-2': ['ok']});
    const [am1, am2] = [ams[0]!, ams[1]!];
    const draft = variables.drafts[0]!.draft;
    const earlier = {...draft, comment: 'ACK! first', endsAt: T0 + 5 * MIN};
    await am1.handle.capabilities.createSilence(earlier);
    await am1.handle.capabilities.createSilence({...earlier, endsAt: T0 + 6 * MIN});
    await am2.handle.capabilities.createSilence({...earlier, createdBy: 'secondary@bastion'});
    am1.createCalls.length = 0;
    am2.createCalls.length = 0;
    const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record, now}), variables);
    expect(outcome.results.map((r) => [r.source, r.silenceId, r.note])).toEqual([
      ['am-1', 'am-1-s3', 'replaced am-1-s2'],
      ['am-2', 'am-2-s2', undefined],
    ]);
    expect(am1.createCalls).toEqual([{...draft, id: 'am-1-s2'}]);
    expect(am1.expireCalls).toEqual(['am-1-s1']);
    expect(am1.created.filter((s) => s.state !== 'expired').map((s) => [s.id, s.comment])).toEqual([['am-1-s3', 'ACK! on it']]);
    expect(am2.created.filter((s) => s.state !== 'expired').map((s) => [s.id, s.createdBy])).toEqual([
      ['am-2-s1', 'secondary@bastion'],
      ['am-2-s2', 'primary@bastion'],
    ]);
  });

  it('does not retry a refusal (400): the failure is final, partial when another source took it', async () => {
    const {ams, services, variables} = setup({'am-1': ['ok'], 'am-2': ['bad-response', 'ok']});
    const {settled} = start(services, variables);
    await vi.advanceTimersByTimeAsync(60_000);
    const result = await settled;
    expect(result.ok).toBe(false);
    const failure = (result as {e: unknown}).e as SilenceFailure;
    expect(failure).toBeInstanceOf(SilenceFailure);
    expect(failure.outcome.status).toBe('partial');
    expect(failure.outcome.results.map((r) => [r.source, r.ok, r.errorKind, r.retryable])).toEqual([
      ['am-1', true, undefined, false],
      ['am-2', false, 'bad-response', false],
    ]);
    expect(ams[1]?.createCalls).toHaveLength(1);
    expect(phases()).toEqual(['am-1#1 attempt', 'am-2#1 attempt', 'am-1#1 success', 'am-2#1 failure']);
  });

  it('with a retry limit (one-shot commands) gives up after it (1+2+4+8+16 s) and keeps the failed mutation in the cache', async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable']});
    const {settled} = start(services, variables, 5);
    await vi.advanceTimersByTimeAsync(31_003);
    expect(ams[0]?.createCalls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    const result = await settled;
    expect(ams[0]?.createCalls).toHaveLength(6);
    expect(result.ok).toBe(false);
    expect(((result as {e: unknown}).e as SilenceFailure).outcome.status).toBe('failed');
    expect(log.filter((e) => e.phase === 'failure').map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(client.getMutationCache().findAll({mutationKey: ackKey('test'), status: 'error'})).toHaveLength(1);
  });

  it('without a limit (the dashboard) keeps retrying, the wait capped at 30 s, until the Alertmanager answers', async () => {
    const down = Array.from({length: 12}, () => 'unavailable' as const);
    const {ams, services, variables} = setup({'am-1': [...down, 'ok']});
    const {settled} = start(services, variables);
    // 1+2+4+8+16 s, then 30 s each: the 12th failure comes after 31 s + 6 × 30 s.
    await vi.advanceTimersByTimeAsync(31_000 + 6 * 30_000 + 12);
    expect(ams[0]?.createCalls).toHaveLength(12);
    expect(ackStatesOf('f1')).toBe('retrying');
    await vi.advanceTimersByTimeAsync(29_990);
    expect(ams[0]?.createCalls).toHaveLength(12);
    await vi.advanceTimersByTimeAsync(20);
    const result = await settled;
    expect(result.ok && result.v.status).toBe('ok');
    expect(ams[0]?.createCalls).toHaveLength(13);
  });

  it('retries at once when the alert poll sees the Alertmanager answer again, not after the rest of the backoff', async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable', 'unavailable', 'unavailable', 'unavailable', 'ok']});
    const {settled} = start(services, variables);
    await vi.advanceTimersByTimeAsync(7_004);
    expect(ams[0]?.createCalls).toHaveLength(4);
    // Waiting 8 s now; the alert poll finds am-1 back after 2 s.
    await vi.advanceTimersByTimeAsync(2_000);
    await client.fetchQuery({queryKey: alertKey('test'), queryFn: async () => ({alerts: [], at: Date.now(), outcomes: [{name: 'am-1', kind: 'alertmanager', ok: true, error: null, warnings: []}]})});
    await vi.advanceTimersByTimeAsync(0);
    const result = await settled;
    expect(result.ok && result.v.status).toBe('ok');
    expect(Date.parse(log.at(-1)!.at) - T0).toBe(9_004);
  });

  it('stops retrying when a newer ack or unack of the alert takes over, so it cannot land late', async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable']});
    const {settled} = start(services, variables);
    await vi.advanceTimersByTimeAsync(10);
    await runSilenceMutation(client, unackMutationOptions(services, {record, now}), {alerts: [alert]});
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await settled;
    expect(result.ok).toBe(false);
    expect(((result as {e: unknown}).e as SilenceFailure).outcome.results[0]?.error).toBe(STOPPED_BY_UNACK);
    expect(ams[0]?.createCalls).toHaveLength(1);
  });

  it('sends to every Alertmanager, also one that has not reported the alert yet; fails without sending with none, and in a read-only context', async () => {
    const pending = makeAlert({fingerprint: 'p1', seenBy: ['prometheus']});
    const sent = setup({'am-1': ['ok'], 'am-2': ['ok']}, [pending]);
    expect(sent.variables.targets).toEqual({p1: [{key: 'am-1', sources: ['am-1']}, {key: 'am-2', sources: ['am-2']}]});
    const none = emptyServices({alertSources: [{name: 'prometheus', kind: 'prometheus', capabilities: {listAlerts: async () => ({value: [], warnings: []})}}]});
    const nothing = await runSilenceMutation(client, ackMutationOptions(none, {record, now}), ackVariables(none, sent.variables.drafts));
    expect(nothing).toEqual({status: 'failed', results: [{fingerprint: 'p1', source: 'none', ok: false, retryable: false, attempts: 0, error: 'no Alertmanager that can hold silences is configured'}]});

    const ro = setup({'am-1': ['ok']});
    const readOnly = await runSilenceMutation(client, ackMutationOptions({...ro.services, readOnly: true}, {record, now}), ro.variables);
    expect(readOnly.status).toBe('failed');
    expect(readOnly.results[0]?.error).toBe('bad-response: context test is read-only');
    expect([...sent.ams, ...ro.ams].flatMap((a) => a.createCalls)).toEqual([]);
  });

  it('ackTargets makes one group of a cluster\'s peers and skips sources that cannot silence', () => {
    const a = scriptedAlertmanager('am-1');
    const b = scriptedAlertmanager('am-2');
    const services = emptyServices({
      alertSources: [
        {name: 'prometheus', kind: 'prometheus', capabilities: {listAlerts: a.handle.capabilities.listAlerts}},
        {...a.handle, cluster: 'eu'},
        {...b.handle, cluster: 'eu'},
      ],
    });
    const seen = makeAlert({fingerprint: 'f9', seenBy: ['prometheus', 'am-1', 'am-2']});
    expect(ackTargets(services, [{alert: seen, covers: [seen], draft: {matchers: [], startsAt: 0, endsAt: 1, createdBy: '', comment: ''}}])).toEqual({f9: [{key: 'cluster:eu', sources: ['am-1', 'am-2']}]});
  });

  it('a recorder that throws never fails the ack', async () => {
    const {services, variables} = setup({'am-1': ['ok']});
    const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record: () => Promise.reject(new Error('disk full')), now}), variables);
    expect(outcome.status).toBe('ok');
  });
});

describe('an ack selecting an alert and the incident row it paged', () => {
  const incident = {source: 'pd', id: 'PINC1', number: 1234, title: 'Checkout burning', status: 'triggered' as const, url: null, service: 'Checkout', acknowledgedBy: [], acknowledgedAt: null};
  const paged = makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout'}, seenBy: ['am-1'], incident});
  const row = makeAlert({fingerprint: 'pd-PINC1', name: 'Checkout burning', labels: {alertname: 'Checkout burning', service: 'checkout', incident: '#1234'}, seenBy: ['pd'], source: 'pd', incident});

  // An Alertmanager and a paging service whose acknowledge answers from `answers` (the last repeats).
  function pagingSetup(alerts: Alert[], answers: Array<'ok' | 'unavailable'> = ['ok']) {
    const am = scriptedAlertmanager('am-1', {create: ['ok']});
    const acknowledged: string[] = [];
    const pd = {
      name: 'pd',
      kind: 'pagerduty',
      capabilities: {
        listAlerts: async () => ({value: [], warnings: []}),
        acknowledgeIncident: async (id: string) => {
          const answer = answers[Math.min(acknowledged.length, answers.length - 1)];
          acknowledged.push(id);
          if (answer !== 'ok') throw new SourceFailure('unavailable', 'pd: connection reset');
        },
      },
    };
    const services = emptyServices({alertSources: [am.handle, pd]});
    const plan = planAck(alerts, alerts, {volatileLabels: [], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', now: T0});
    return {acknowledged, services, variables: ackVariables(services, plan.drafts)};
  }

  it('acknowledges the incident once, through the alert, and reports the row as covered by it: ok, nothing failed "on none"', async () => {
    for (const order of [[paged, row], [row, paged]]) {
      client.getMutationCache().clear();
      const {acknowledged, services, variables} = pagingSetup(order);
      expect(Object.values(ackTargets(services, variables.drafts)).flat().filter((g) => g.incident)).toHaveLength(1);
      const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record, now}), variables);
      expect(outcome.status).toBe('ok');
      expect(outcome.results.filter((r) => r.source === 'none')).toEqual([]);
      expect(outcome.results.filter((r) => r.incident).map((r) => [r.source, r.ok, r.incident])).toEqual([['pd', true, 'PD #1234']]);
      expect(acknowledged).toEqual(['PINC1']);
      // Both rows show the ack done, the incident row by the acknowledge the alert's ack sent.
      expect([ackStatesOf('f1'), ackStatesOf('pd-PINC1')]).toEqual(['done', 'done']);
      expect(ackStates(client).get('pd-PINC1')?.sources.map((r) => r.incident)).toEqual(['PD #1234']);
    }
  });

  it('shows the incident row failed by its incident\'s own failure when the acknowledge does not land, and a retry sends it once more', async () => {
    const {acknowledged, services, variables} = pagingSetup([paged, row], ['unavailable', 'ok']);
    const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record, now, retry: 0}), variables);
    expect(outcome.status).toBe('partial');
    expect(outcome.results.filter((r) => !r.ok).map((r) => [r.source, r.incident, r.error])).toEqual([['pd', 'PD #1234', 'unavailable: pd: connection reset']]);
    expect(ackStates(client).get('pd-PINC1')).toMatchObject({status: 'failed', error: 'unavailable: pd: connection reset'});
    expect(ackStatesOf('f1')).toBe('partial');
    expect(await retryAck(client, 'pd-PINC1', 'test')).toMatchObject({status: 'ok'});
    expect(acknowledged).toEqual(['PINC1', 'PINC1']);
    expect([ackStatesOf('f1'), ackStatesOf('pd-PINC1')]).toEqual(['done', 'done']);
  });
});

describe('unackMutationOptions', () => {
  function unackSetup(expire: Scripted[]) {
    const am = scriptedAlertmanager('am-1', {expire});
    const services = emptyServices({alertSources: [am.handle]});
    return {am, services, options: unackMutationOptions(services, {record, now, prefix: 'ACK!'})};
  }

  it('expires the ack silences of an alert on the source that holds them, not plain silences', async () => {
    const {am, services} = unackSetup(['ok']);
    const ack = await am.handle.capabilities.createSilence({matchers: [], startsAt: T0, endsAt: T0 + MIN, createdBy: 'a', comment: 'ACK! x'});
    const plain = await am.handle.capabilities.createSilence({matchers: [], startsAt: T0, endsAt: T0 + MIN, createdBy: 'a', comment: 'maintenance'});
    const acked = makeAlert({fingerprint: 'f1', silencedBy: [ack, plain]});
    const outcome = await runSilenceMutation(client, unackMutationOptions(services, {record, now, prefix: 'ACK!'}), {alerts: [acked]});
    expect(outcome).toEqual({status: 'ok', results: [{fingerprint: 'f1', source: 'am-1', ok: true, silenceId: ack, retryable: false, attempts: 1}]});
    expect(am.expireCalls).toEqual([ack]);
    expect(log.map((e) => [e.action, e.phase, e.silenceId])).toEqual([
      ['unack', 'attempt', ack],
      ['unack', 'success', ack],
    ]);
  });

  it('counts an unknown silence id as already gone', async () => {
    const {options} = unackSetup(['not-found']);
    const outcome = await runSilenceMutation(client, options, {silenceIds: ['gone']});
    expect(outcome).toEqual({status: 'ok', results: [{source: 'am-1', ok: true, silenceId: 'gone', retryable: false, attempts: 1, note: 'already gone'}]});
  });

  it('retries an expire that failed for want of an answer', async () => {
    const {am, options} = unackSetup(['timeout', 'ok']);
    const observer = new MutationObserver(client, options);
    const done = observer.mutate({silenceIds: ['s1']});
    await vi.advanceTimersByTimeAsync(1000);
    expect(((await done) as SilenceOutcome).status).toBe('ok');
    expect(am.expireCalls).toEqual(['s1', 's1']);
    expect(log.map((e) => `${e.attempt} ${e.phase}`)).toEqual(['1 attempt', '1 failure', '2 attempt', '2 success']);
  });
});

describe('an unack over an ack still retrying', () => {
  it("waits for the retry's request in flight and expires what it landed: nothing left silencing", async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable', 'ok']}, [makeAlert({...alert, seenBy: ['am-1']})]);
    const am = ams[0]!;
    // The retry's POST is held in flight until released, as over a slow link.
    const create = am.handle.capabilities.createSilence.bind(am.handle.capabilities);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    am.handle.capabilities.createSilence = async (draft) => {
      if (++calls === 2) await held;
      return create(draft);
    };
    const old = start(services, variables);
    await vi.advanceTimersByTimeAsync(1_010);
    expect(calls).toBe(2);
    // `u` meanwhile.
    const unack = new MutationObserver(client, unackMutationOptions(services, {record, now, prefix: 'ACK!', retry: 0})).mutate({alerts: [alert]}).then(
      (v) => ({ok: true as const, v}),
      (e: unknown) => ({ok: false as const, e}),
    );
    await vi.advanceTimersByTimeAsync(10);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect((await old.settled).ok).toBe(true);
    expect((await unack).ok).toBe(true);
    expect(am.created).toHaveLength(1);
    expect(am.created.filter((s) => s.state === 'active')).toEqual([]);
    expect(am.expireCalls).toEqual([am.created[0]?.id]);
  });
});

describe('a new ack over one still retrying', () => {
  it("waits for the retry's request in flight and replaces what it landed: one silence, the new one's end", async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable', 'ok']}, [makeAlert({...alert, seenBy: ['am-1']})]);
    const am = ams[0]!;
    // The retry's POST is held in flight until released, as over a slow link.
    const create = am.handle.capabilities.createSilence.bind(am.handle.capabilities);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    am.handle.capabilities.createSilence = async (draft) => {
      if (++calls === 2) await held;
      return create(draft);
    };
    const old = start(services, variables);
    await vi.advanceTimersByTimeAsync(1_010);
    expect(calls).toBe(2);
    // :ack 1h meanwhile.
    const at = Date.now();
    const longer = planAck([alert], [alert], {volatileLabels: [], durationMs: 60 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: at});
    const newer = start(services, ackVariables(services, longer.drafts));
    await vi.advanceTimersByTimeAsync(10);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect((await old.settled).ok).toBe(true);
    expect((await newer.settled).ok).toBe(true);
    const active = am.created.filter((s) => s.state === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]?.endsAt).toBe(at + 60 * MIN);
  });

  it('stops a retry waiting out its backoff at once, without sending again', async () => {
    const {ams, services, variables} = setup({'am-1': ['unavailable']}, [makeAlert({...alert, seenBy: ['am-1']})]);
    const old = start(services, variables);
    let stopped = false;
    void old.settled.then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    const longer = planAck([alert], [alert], {volatileLabels: [], durationMs: 60 * MIN, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: Date.now()});
    void start(services, ackVariables(services, longer.drafts), 0).settled;
    // Well within the 1 s backoff the old one was waiting out.
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(true);
    const result = await old.settled;
    expect(((result as {e: unknown}).e as SilenceFailure).outcome.results[0]?.error).toBe('stopped: a newer ack or unack of this alert took over');
    // The first try of each, nothing more.
    expect(ams[0]?.createCalls).toHaveLength(2);
  });
});
