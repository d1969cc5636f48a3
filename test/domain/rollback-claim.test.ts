import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {NOTHING_SEEN, rollbackClaimRefusal} from '../../src/domain/rollback-claim.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const where = {context: 'prod', service: 'checkout', environment: 'production'};
const target = {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k1'};
const attempt: ActionLogEntry = {at: new Date(NOW - 5000).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', source: 'gh', target};
const started: ActionLogEntry = {...attempt, at: new Date(NOW - 4000).toISOString(), phase: 'success', details: {runId: '690', status: 'in_progress', url: null}};
const finished: ActionLogEntry = {...attempt, action: 'rollback-watch', at: new Date(NOW - 2000).toISOString(), phase: 'success', details: {runId: '690', status: 'success', url: null}};
// This process's attempt, found again by its claim id.
const mine = (id = 'me'): ActionLogEntry => ({...attempt, at: new Date(NOW).toISOString(), target: {...target, idempotencyKey: 'k2'}, details: {claimId: id}});

describe('rollbackClaimRefusal: the log read again after the attempt is written', () => {
  it('refuses over an attempt of the target the first check did not see that comes before ours, naming it', () => {
    expect(rollbackClaimRefusal({entries: [attempt, mine()], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/the rollback being sent at 09:59Z \(request k1\)/);
    expect(rollbackClaimRefusal({entries: [attempt, started, mine()], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/^run 690, a rollback of checkout in production started elsewhere/);
  });

  it('refuses over one that started AND finished since the check, whatever its state now', () => {
    expect(rollbackClaimRefusal({entries: [attempt, started, finished, mine()], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/^run 690/);
  });

  it('goes ahead over an attempt the check saw, and over one after ours (that one refuses itself)', () => {
    expect(rollbackClaimRefusal({entries: [attempt, started, mine()], torn: []}, where, NOW, {...NOTHING_SEEN, attempts: 1}, 'me')).toBeNull();
    expect(rollbackClaimRefusal({entries: [mine(), attempt], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toBeNull();
    // Two at the same moment: the first in the log goes, the second refuses.
    const both = {entries: [mine('a'), mine('b')], torn: []};
    expect([rollbackClaimRefusal(both, where, NOW, NOTHING_SEEN, 'a'), rollbackClaimRefusal(both, where, NOW, NOTHING_SEEN, 'b')].map((r) => r === null)).toEqual([true, false]);
  });

  it('refuses when its own attempt is not in the log read back', () => {
    expect(rollbackClaimRefusal({entries: [], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/not in the action log read back/);
  });

  it('ignores other targets; refuses over a new torn line that may be a rollback, and over a log that became unreadable', () => {
    const other = {...attempt, target: {...target, service: 'cart'}};
    expect(rollbackClaimRefusal({entries: [other, mine()], torn: []}, where, NOW, NOTHING_SEEN, 'me')).toBeNull();
    const torn = {at: NOW - 1000, action: 'rollback', context: 'prod', service: null, environment: null};
    expect(rollbackClaimRefusal({entries: [mine()], torn: [torn]}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/cannot be read/);
    expect(rollbackClaimRefusal({entries: [mine()], torn: [torn]}, where, NOW, {...NOTHING_SEEN, mayBeRollback: 1}, 'me')).toBeNull();
    expect(rollbackClaimRefusal({error: 'EACCES'}, where, NOW, NOTHING_SEEN, 'me')).toMatch(/could not be read again/);
    expect(rollbackClaimRefusal({error: 'EACCES'}, where, NOW, {...NOTHING_SEEN, readFailed: true}, 'me')).toBeNull();
  });

  it('over a first check that could not read the log, refuses only over a recent attempt', () => {
    const old = {...attempt, at: new Date(NOW - 3 * 3600_000).toISOString()};
    const failed = {...NOTHING_SEEN, readFailed: true};
    expect(rollbackClaimRefusal({entries: [old, mine()], torn: []}, where, NOW, failed, 'me')).toBeNull();
    expect(rollbackClaimRefusal({entries: [attempt, mine()], torn: []}, where, NOW, failed, 'me')).toMatch(/request k1/);
  });
});
