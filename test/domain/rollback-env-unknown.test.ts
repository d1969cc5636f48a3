/**
 * An unknown environment ('') is not another one: a rollback planned without an environment (the
 * history down, `--to`, no template using {{environment}}) may be the very rollback of the service
 * in production, and the other way round. Every check that stops a second rollback (the open
 * rollbacks, the claim after the confirmation, the torn lines) counts each as the other's; a
 * known environment still keeps apart from another known one.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {openRollbacks, openRollbackWarning, sameRollbackEnvironment, supersededRollbacks} from '../../src/domain/open-rollbacks.ts';
import {NOTHING_SEEN, rollbackAttempts, rollbackClaimRefusal} from '../../src/domain/rollback-claim.ts';
import {countTornLines} from '../../src/domain/torn-lines.ts';
import {unreadableLinesCheck, unreadableLinesWarning} from '../../src/domain/action-log.ts';
import {sessionOpenRollbacks} from '../../src/domain/open-rollback-session.ts';

const T0 = Date.parse('2026-05-04T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const target = (environment: string, key: string) => ({service: 'checkout', environment, from: 'v2', to: 'v1', idempotencyKey: key});
const unknown = (environment: string, key: string, ms: number): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'unknown', context: 'prod', source: 'cmd', target: target(environment, key), error: 'timeout'});
const attempt = (environment: string, key: string, ms: number, claimId?: string): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'attempt', context: 'prod', source: 'cmd', target: target(environment, key), ...(claimId === undefined ? {} : {details: {claimId}})});
const started = (environment: string, key: string, runId: string, ms: number): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'success', context: 'prod', source: 'cmd', target: target(environment, key), details: {runId, status: 'queued', url: null}});
const watched = (environment: string, key: string, runId: string, ms: number): ActionLogEntry => ({at: at(ms), action: 'rollback-watch', phase: 'success', context: 'prod', source: 'cmd', target: target(environment, key), details: {runId, status: 'success', url: null}});
const where = (environment: string) => ({context: 'prod', service: 'checkout', environment});

describe('sameRollbackEnvironment', () => {
  it('matches the same environment, or either unknown; never another known one, nor none at all', () => {
    expect([sameRollbackEnvironment('production', 'production'), sameRollbackEnvironment('', 'production'), sameRollbackEnvironment('production', ''), sameRollbackEnvironment('', '')]).toEqual([true, true, true, true]);
    expect([sameRollbackEnvironment('staging', 'production'), sameRollbackEnvironment(undefined, ''), sameRollbackEnvironment(null, 'production')]).toEqual([false, false, false]);
  });
});

describe('open rollbacks with an unknown environment', () => {
  it('a rollback with no environment counts an open one of the service in production, and the other way round; staging stays apart', () => {
    const production = unknown('production', 'k-p', T0 - 60_000);
    expect(openRollbacks([production], where(''), T0).map((o) => [o.requestId, o.environment])).toEqual([['k-p', 'production']]);
    expect(openRollbacks([unknown('', 'k-n', T0 - 60_000)], where('production'), T0).map((o) => [o.requestId, o.environment])).toEqual([['k-n', '']]);
    expect(openRollbacks([production], where('staging'), T0)).toEqual([]);
  });

  it('names where the log holds it, so the warning says where to check', () => {
    const [open] = openRollbacks([unknown('production', 'k-p', T0 - 60_000)], where(''), T0);
    expect(openRollbackWarning(open!, {service: 'checkout', environment: ''})).toMatch(/^a rollback of checkout in production may have started/);
  });

  it('a later success supersedes only a request of exactly its own environment', () => {
    const log = [unknown('production', 'k-p', T0 - 60_000), attempt('staging', 'k-s', T0 - 50_000), started('staging', 'k-s', '7', T0 - 40_000), watched('staging', 'k-s', '7', T0 - 30_000)];
    // Asked about an unknown environment both are read, but staging's success ends nothing in production.
    expect(openRollbacks(log, where(''), T0).map((o) => o.requestId)).toEqual(['k-p']);
    expect(supersededRollbacks(log, where(''), T0)).toEqual([]);
    // A success with no environment tells nothing of production: it may have rolled back staging.
    // The user can still confirm the second rollback by hand over the warning.
    const none = [unknown('production', 'k-p', T0 - 60_000), attempt('', 'k-n', T0 - 50_000), started('', 'k-n', '8', T0 - 40_000), watched('', 'k-n', '8', T0 - 30_000)];
    expect(openRollbacks(none, where('production'), T0).map((o) => o.requestId)).toEqual(['k-p']);
    expect(supersededRollbacks(none, where('production'), T0)).toEqual([]);
    // The same success in production does end it.
    const same = [unknown('production', 'k-p', T0 - 60_000), attempt('production', 'k-q', T0 - 50_000), started('production', 'k-q', '9', T0 - 40_000), watched('production', 'k-q', '9', T0 - 30_000)];
    expect(supersededRollbacks(same, where('production'), T0).map((o) => o.requestId)).toEqual(['k-p']);
  });

  it('a later success in another environment does not end a request whose environment is unknown', () => {
    // History down, `--to` with no environment: outcome unknown. Then staging is rolled back and
    // succeeds. The unknown request may have gone to production: a check with no environment
    // must keep it open, as the check in production does.
    const log = [attempt('', 'k-n', T0 - 70_000), unknown('', 'k-n', T0 - 60_000), attempt('staging', 'k-s', T0 - 50_000), started('staging', 'k-s', '7', T0 - 40_000), watched('staging', 'k-s', '7', T0 - 30_000)];
    expect(openRollbacks(log, where('production'), T0).map((o) => o.requestId)).toEqual(['k-n']);
    expect(openRollbacks(log, where(''), T0).map((o) => o.requestId)).toEqual(['k-n']);
  });

  it("a dashboard session's own success supersedes only its request of exactly the same environment", () => {
    const item = (environment: string | undefined, status: 'success' | null, sent: number, answered: number) => ({open: {kind: status === null ? ('unknown' as const) : ('run' as const), at: T0 - 60_000, runId: status === null ? null : `r${sent}`, requestId: `k${sent}`, url: null, ...(environment === undefined ? {} : {environment})}, status, sent, answered});
    const open = (sent: ReturnType<typeof item>[]) => sessionOpenRollbacks(sent, T0).open.map((o) => o.requestId);
    expect(open([item('production', null, 1, 2), item('staging', 'success', 3, 4)])).toEqual(['k1']);
    // Left out means the target's: a success of the target's environment is not production's.
    expect(open([item('production', null, 1, 2), item(undefined, 'success', 3, 4)])).toEqual(['k1']);
    // Asked with no environment: the unknown request is the target's (left out), staging's run is named.
    expect(open([item(undefined, null, 1, 2), item('staging', 'success', 3, 4)])).toEqual(['k1']);
    expect(open([item(undefined, null, 1, 2), item(undefined, 'success', 3, 4)])).toEqual([]);
  });
});

describe('the claim and the torn lines with an unknown environment', () => {
  it('two rollbacks racing, one without an environment, find each other: only the first in the log is sent', () => {
    const log = {entries: [attempt('production', 'k-p', T0 - 1000, 'a'), attempt('', 'k-n', T0, 'b')], torn: []};
    expect(rollbackAttempts(log.entries, where('')).length).toBe(2);
    expect(rollbackClaimRefusal(log, where('production'), T0, NOTHING_SEEN, 'a')).toBeNull();
    expect(rollbackClaimRefusal(log, where(''), T0, NOTHING_SEEN, 'b')).toMatch(/a rollback of checkout in production started elsewhere/);
  });

  it('a torn line of the service with no environment may be a rollback of it in production, and the other way round', () => {
    const line = (environment: string) => ({at: T0 - 1000, action: 'rollback', context: 'prod', service: 'checkout', environment});
    expect(countTornLines([line('')], where('production'), T0).mayBeRollback).toBe(1);
    expect(countTornLines([line('production')], where(''), T0).mayBeRollback).toBe(1);
    expect(countTornLines([line('staging')], where('production'), T0).mayBeRollback).toBe(0);
  });
});

describe('what is said of a rollback with no environment', () => {
  // A bare "in " before a colon or the end reads as cut off; and with no environment a line of
  // the service in any environment counts, so "not a rollback of checkout in <one place>" would
  // be wrong in substance too.
  const none = {service: 'checkout', environment: ''};
  const bareIn = /checkout in (?=[:;.,]|$)/;

  it('the torn-line warning and what to check say the target is the service in any environment', () => {
    const texts = [unreadableLinesWarning({unreadable: 1, mayBeRollback: 0}, none), unreadableLinesWarning({unreadable: 2, mayBeRollback: 1}, none), unreadableLinesCheck(none)];
    for (const text of texts) expect(text).not.toMatch(bareIn);
    expect(texts[0]).toMatch(/legibly not a rollback of checkout in any environment \(this rollback's is not known\)$/);
    expect(texts[2]).toMatch(/^It may have been a rollback of checkout in any environment \(this rollback's is not known\): check/);
    // A known environment reads as before.
    expect(unreadableLinesCheck({service: 'checkout', environment: 'production'})).toMatch(/^It may have been a rollback of checkout in production: check/);
  });

  it('the claim after the confirmation says so too', () => {
    const torn = {at: T0 - 1000, action: 'rollback', context: 'prod', service: 'checkout', environment: 'production'};
    const refusal = rollbackClaimRefusal({entries: [], torn: [torn]}, where(''), T0, NOTHING_SEEN, null);
    expect(refusal).toMatch(/cannot be read, and it may have been a rollback of checkout in any environment \(this rollback's is not known\)$/);
    const missing = rollbackClaimRefusal({entries: [], torn: []}, where(''), T0, NOTHING_SEEN, 'no-such-claim');
    expect(missing).toMatch(/whether a rollback of checkout in any environment \(this rollback's is not known\) came before it cannot be told/);
  });

  it('an open one logged with no environment, checked in production, is said to be of an unknown one', () => {
    const [open] = openRollbacks([unknown('', 'k-n', T0 - 60_000)], where('production'), T0);
    expect(openRollbackWarning(open!, {service: 'checkout', environment: 'production'})).toMatch(/^a rollback of checkout in an environment not known \(perhaps this one\) may have started/);
  });
});
