import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {OPEN_ROLLBACK_MS, openRollbackName, openRollbacks, openRollbackWarning, supersededRollbacks, supersededRuns} from '../../src/domain/open-rollbacks.ts';

const T0 = Date.parse('2026-05-04T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const target = {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k'};
const started = (runId: string, ms: number, over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'success', context: 'prod', target, source: 'gh', details: {runId, status: 'queued', url: `https://ci/${runId}`}, ...over});
const watched = (runId: string, status: string, ms: number): ActionLogEntry => ({at: at(ms), action: 'rollback-watch', phase: status === 'success' ? 'success' : 'failure', context: 'prod', target, source: 'gh', details: {runId, status, url: null}});
const where = {context: 'prod', service: 'checkout', environment: 'production'};

describe('openRollbacks', () => {
  it('lists started runs without a finished outcome, newest first; "stopped following" is not an outcome', () => {
    const log = [started('1', T0 - 60_000), watched('1', 'success', T0 - 30_000), started('2', T0 - 20_000), started('3', T0 - 10_000), watched('3', 'running', T0 - 5000)];
    expect(openRollbacks(log, where, T0)).toEqual([
      {kind: 'run', at: T0 - 10_000, runId: '3', requestId: 'k', url: 'https://ci/3'},
      {kind: 'run', at: T0 - 20_000, runId: '2', requestId: 'k', url: 'https://ci/2'},
    ]);
    expect(openRollbacks([...log, watched('2', 'failure', T0), watched('3', 'cancelled', T0)], where, T0)).toEqual([]);
  });

  it('keeps to the service, environment and context, to starts that were sent, and to the last two hours', () => {
    const log = [
      started('a', T0, {target: {...target, service: 'cart'}}),
      started('b', T0, {target: {...target, environment: 'staging'}}),
      started('c', T0, {context: 'eu'}),
      started('d', T0, {phase: 'attempt'}),
      started('e', T0, {phase: 'failure'}),
      started('f', T0 - OPEN_ROLLBACK_MS - 1),
    ];
    expect(openRollbacks(log, where, T0)).toEqual([]);
    // Another context's outcome for the same run id does not end this one.
    expect(openRollbacks([started('g', T0), {...watched('g', 'success', T0), context: 'eu'}], where, T0).map((r) => r.runId)).toEqual(['g']);
  });

  it('counts a request being sent (an attempt with no later answer of the same provider and request id) as in flight, for the same window', () => {
    const attempt = (key: string, ms: number, over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'attempt', context: 'prod', target: {...target, idempotencyKey: key}, source: 'gh', details: {description: 'x'}, ...over});
    const flying = attempt('k-a', T0 - 5000);
    expect(openRollbacks([flying], where, T0)).toEqual([{kind: 'in-flight', at: T0 - 5000, runId: null, requestId: 'k-a', url: null}]);
    // Its answer, whatever it is, ends it (a success becomes the run; a failure started nothing).
    expect(openRollbacks([flying, started('9', T0 - 1000, {target: {...target, idempotencyKey: 'k-a'}})], where, T0).map((o) => o.kind)).toEqual(['run']);
    expect(openRollbacks([flying, {...flying, phase: 'failure', at: at(T0 - 1000)}], where, T0)).toEqual([]);
    // Another request's answer, or another provider's for the same key, does not.
    expect(openRollbacks([flying, {...attempt('k-b', T0 - 4000), phase: 'failure'}, {...flying, source: 'hook', phase: 'failure'}], where, T0).map((o) => o.requestId)).toEqual(['k-a']);
    // An answer logged before the attempt is an earlier request's, not this one's.
    expect(openRollbacks([{...flying, phase: 'failure', at: at(T0 - 9000)}, flying], where, T0).map((o) => o.kind)).toEqual(['in-flight']);
    // A sender that died (killed mid-call) leaves it open for the window, no longer.
    expect(openRollbacks([attempt('k-old', T0 - OPEN_ROLLBACK_MS - 1)], where, T0)).toEqual([]);
  });

  it('keeps a request being sent open although a later rollback of the target finished successfully (it may reach the provider after it)', () => {
    const flying: ActionLogEntry = {at: at(T0 - 60_000), action: 'rollback', phase: 'attempt', context: 'prod', target: {...target, idempotencyKey: 'k-a'}, source: 'gh'};
    const later = {...target, idempotencyKey: 'k-b'};
    const log = [flying, {...flying, target: later, at: at(T0 - 50_000)}, started('7', T0 - 40_000, {target: later}), watched('7', 'success', T0 - 30_000)];
    expect(openRollbacks(log, where, T0).map((o) => o.kind)).toEqual(['in-flight']);
    expect(supersededRollbacks(log, where, T0)).toEqual([]);
  });

  it('counts a request with an unknown outcome (it may have started) and one a webhook accepted, for the same window', () => {
    const unknown: ActionLogEntry = {at: at(T0 - 30_000), action: 'rollback', phase: 'unknown', context: 'prod', target: {...target, idempotencyKey: 'k-timeout'}, source: 'gh', error: 'timeout: no answer', details: {check: 'the runs'}};
    const accepted: ActionLogEntry = {at: at(T0 - 10_000), action: 'rollback', phase: 'success', context: 'prod', target: {...target, idempotencyKey: 'k-hook'}, source: 'hook', details: {status: 'unknown', url: null, unfollowable: true}};
    expect(openRollbacks([unknown, accepted], where, T0)).toEqual([
      {kind: 'accepted', at: T0 - 10_000, runId: null, requestId: 'k-hook', url: null},
      {kind: 'unknown', at: T0 - 30_000, runId: null, requestId: 'k-timeout', url: null},
    ]);
    // Nothing ends them but time: no run id for a watch to name, even one that names "undefined".
    const watchedAll = [...[unknown, accepted], watched('undefined', 'success', T0), watched('', 'success', T0)];
    expect(openRollbacks(watchedAll, where, T0)).toHaveLength(2);
    expect(openRollbacks([unknown, accepted], where, T0 - 10_000 + OPEN_ROLLBACK_MS + 1)).toEqual([]);
    expect(openRollbacks([unknown, accepted], where, T0 - 30_000 + OPEN_ROLLBACK_MS + 1).map((o) => o.kind)).toEqual(['accepted']);
    // A plain failure (refused, never sent) and another service's are not open.
    expect(openRollbacks([{...unknown, phase: 'failure'}, {...accepted, target: {...accepted.target, service: 'cart'}}], where, T0)).toEqual([]);
  });

  describe('a request with no outcome, once a later rollback of the same target finished', () => {
    const keyed = (idempotencyKey: string) => ({...target, idempotencyKey});
    const attempt = (key: string, ms: number, over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'attempt', context: 'prod', target: keyed(key), source: 'gh', ...over});
    const unknown = attempt('k-timeout', T0 - 60_000, {phase: 'unknown', error: 'timeout: no answer', details: {check: 'the runs'}});
    const accepted = attempt('k-hook', T0 - 50_000, {phase: 'success', details: {status: 'unknown', url: null, unfollowable: true}});
    // A later rollback, as the log has it: its attempt, its run's start, how its run ended.
    const later = (runId: string, status: string, over: Partial<ActionLogEntry> = {}): ActionLogEntry[] => [
      attempt(`k-${runId}`, T0 - 40_000, over),
      started(runId, T0 - 39_000, {target: keyed(`k-${runId}`), ...over}),
      {...watched(runId, status, T0 - 20_000), ...(over.context ? {context: over.context} : {})},
    ];
    const prior = [attempt('k-timeout', T0 - 61_000), unknown, attempt('k-hook', T0 - 51_000), accepted];

    it('is no longer open when that rollback ran and finished successfully', () => {
      const log = [...prior, ...later('570', 'success')];
      expect(openRollbacks(log, where, T0)).toEqual([]);
      expect(supersededRollbacks(log, where, T0).map((o) => [o.kind, o.requestId])).toEqual([
        ['accepted', 'k-hook'],
        ['unknown', 'k-timeout'],
      ]);
      // Also when every entry bears the same millisecond: the log's order says which came later.
      const sameTime = log.map((e) => ({...e, at: at(T0)}));
      expect(openRollbacks(sameTime, where, T0)).toEqual([]);
    });

    it('stays open when that rollback failed, was cancelled, was refused before it was sent, or has no outcome either', () => {
      const kinds = (log: ActionLogEntry[]) => openRollbacks(log, where, T0).map((o) => o.kind);
      expect(kinds([...prior, ...later('571', 'failure')])).toEqual(['accepted', 'unknown']);
      expect(kinds([...prior, ...later('572', 'cancelled')])).toEqual(['accepted', 'unknown']);
      expect(kinds([...prior, attempt('k-refused', T0 - 40_000), attempt('k-refused', T0 - 39_000, {phase: 'failure', error: 'connection refused'})])).toEqual(['accepted', 'unknown']);
      expect(kinds([...prior, attempt('k-again', T0 - 40_000), attempt('k-again', T0 - 39_000, {phase: 'unknown', error: 'HTTP 502'})])).toEqual(['unknown', 'accepted', 'unknown']);
      // Still running, or no longer followed: it is open itself, and the earlier requests with it.
      const running = later('573', 'running').slice(0, 2);
      expect(kinds([...prior, ...running])).toEqual(['run', 'accepted', 'unknown']);
      expect(kinds([...prior, ...running, {...watched('573', 'in_progress', T0 - 20_000), phase: 'failure', error: 'stopped following; the run keeps going'}])).toEqual(['run', 'accepted', 'unknown']);
    });

    it('stays open when that rollback went to another service, environment, context or provider', () => {
      const kinds = (log: ActionLogEntry[]) => openRollbacks(log, where, T0).map((o) => o.kind);
      expect(kinds([...prior, ...later('574', 'success', {target: {...keyed('k-574'), service: 'cart'}})])).toEqual(['accepted', 'unknown']);
      expect(kinds([...prior, ...later('575', 'success', {target: {...keyed('k-575'), environment: 'staging'}})])).toEqual(['accepted', 'unknown']);
      expect(kinds([...prior, ...later('576', 'success', {context: 'eu'})])).toEqual(['accepted', 'unknown']);
      // The webhook's request is superseded by its own provider only; the unknown one by gh's run.
      const viaArgo = later('577', 'success', {source: 'argo'});
      expect(kinds([...prior.map((e) => (e.target['idempotencyKey'] === 'k-hook' ? {...e, source: 'hook'} : e)), ...later('578', 'success')])).toEqual(['accepted']);
      expect(kinds([...prior, ...viaArgo])).toEqual(['accepted', 'unknown']);
    });

    it('stays open when that rollback was sent before the request\'s outcome was known (from another window)', () => {
      const [attempted, start, watch] = later('579', 'success');
      const log = [attempt('k-timeout', T0 - 61_000), attempted!, unknown, start!, watch!];
      expect(openRollbacks(log, where, T0).map((o) => o.requestId)).toEqual(['k-timeout']);
    });

    it('leaves a run with no outcome open, but names it superseded once a later rollback finished successfully: its provider decides', () => {
      const run = started('560', T0 - 60_000);
      const log = [run, ...later('580', 'success')];
      expect(openRollbacks(log, where, T0).map((o) => o.runId)).toEqual(['560']);
      expect(supersededRuns(log, where, T0).map((o) => [o.kind, o.runId])).toEqual([['run', '560']]);
      expect(supersededRollbacks(log, where, T0)).toEqual([]);
      // The same rule as for requests: a later failure, a later run still going, another target or one sent before it supersede nothing.
      expect(supersededRuns([run, ...later('581', 'failure')], where, T0)).toEqual([]);
      expect(supersededRuns([run, ...later('582', 'running').slice(0, 2)], where, T0)).toEqual([]);
      expect(supersededRuns([run, ...later('583', 'success', {target: {...keyed('k-583'), service: 'cart'}})], where, T0)).toEqual([]);
      const [attempted, start, watch] = later('584', 'success');
      expect(supersededRuns([attempted!, run, start!, watch!], where, T0)).toEqual([]);
      // A run that ended is not open at all, superseded or not.
      expect(supersededRuns([...log, watched('560', 'failure', T0 - 10_000)], where, T0)).toEqual([]);
    });
  });

  it('says what it is in words: a run, an unknown outcome, an accepted webhook request', () => {
    const w = {service: 'checkout', environment: 'production'};
    expect(openRollbackWarning({kind: 'run', at: T0, runId: '560', requestId: 'k', url: 'https://ci/560'}, w)).toBe('a rollback of checkout in production started at 10:00Z (run 560 https://ci/560) has no outcome logged yet: it may still be running');
    expect(openRollbackWarning({kind: 'unknown', at: T0, runId: null, requestId: 'k', url: null}, w)).toBe(
      'a rollback of checkout in production may have started: its outcome is unknown, the request at 10:00Z failed after it may have reached the provider (request k)',
    );
    expect(openRollbackWarning({kind: 'accepted', at: T0, runId: null, requestId: 'k', url: null}, {service: 'checkout', environment: ''})).toBe(
      'a rollback of checkout may still be going: its webhook accepted it at 10:00Z, and its outcome cannot be followed from here (request k)',
    );
    expect(openRollbackName({kind: 'run', at: T0, runId: '560', requestId: 'k', url: null})).toBe('run 560');
    expect(openRollbackName({kind: 'unknown', at: T0, runId: null, requestId: 'k', url: null})).toBe('the rollback requested at 10:00Z (request k)');
  });

  it('says a request being sent was being sent, that its answer is not logged, and that it may have started', () => {
    const open = {kind: 'in-flight' as const, at: T0, runId: null, requestId: 'k', url: null};
    expect(openRollbackWarning(open, {service: 'checkout', environment: 'production'})).toBe('a rollback of checkout in production was being sent at 10:00Z (request k); its answer is not logged: it may have started');
    expect(openRollbackName(open)).toBe('the rollback being sent at 10:00Z (request k)');
  });

  it('names a run not found yet (a stand-in id) by its request, and says it was not found yet', () => {
    const open = {kind: 'run' as const, at: T0, runId: 'pending:k-1', requestId: 'k-1', url: 'https://ci/runs'};
    expect(openRollbackWarning(open, {service: 'checkout', environment: 'production'})).toBe(
      'a rollback of checkout in production started at 10:00Z (request k-1 https://ci/runs) has no outcome logged yet, and its run has not been found yet: it may still be queued or running',
    );
    expect(openRollbackName(open)).toBe('the run of request k-1 (not found yet)');
  });
});
