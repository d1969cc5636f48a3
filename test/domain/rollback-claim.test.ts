import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {openRollbacks} from '../../src/domain/open-rollbacks.ts';
import {NOTHING_SEEN, rollbackClaimRefusal} from '../../src/domain/rollback-claim.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const where = {context: 'prod', service: 'checkout', environment: 'production'};
const target = {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k1'};
const attempt: ActionLogEntry = {at: new Date(NOW - 5000).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', source: 'gh', target};
const started: ActionLogEntry = {...attempt, at: new Date(NOW - 4000).toISOString(), phase: 'success', details: {runId: '690', status: 'in_progress', url: null}};

describe('rollbackClaimRefusal: the log read again right before the attempt', () => {
  it('refuses over a rollback of the target the first check did not list, naming it', () => {
    expect(rollbackClaimRefusal({entries: [attempt], torn: []}, where, NOW, NOTHING_SEEN)).toMatch(/the rollback being sent at 09:59Z \(request k1\)/);
    expect(rollbackClaimRefusal({entries: [attempt, started], torn: []}, where, NOW, NOTHING_SEEN)).toMatch(/^run 690, a rollback of checkout in production started elsewhere/);
  });

  it('goes ahead over one the confirmation showed, even when it moved on from being sent to its run', () => {
    const seen = {...NOTHING_SEEN, known: openRollbacks([attempt], where, NOW)};
    expect(rollbackClaimRefusal({entries: [attempt, started], torn: []}, where, NOW, seen)).toBeNull();
    expect(rollbackClaimRefusal({entries: [], torn: []}, where, NOW, NOTHING_SEEN)).toBeNull();
  });

  it('ignores other targets; refuses over a new torn line that may be a rollback, and over a log that became unreadable', () => {
    const other = {...attempt, target: {...target, service: 'cart'}};
    expect(rollbackClaimRefusal({entries: [other], torn: []}, where, NOW, NOTHING_SEEN)).toBeNull();
    const torn = {at: NOW - 1000, action: 'rollback', context: 'prod', service: null, environment: null};
    expect(rollbackClaimRefusal({entries: [], torn: [torn]}, where, NOW, NOTHING_SEEN)).toMatch(/cannot be read/);
    expect(rollbackClaimRefusal({entries: [], torn: [torn]}, where, NOW, {...NOTHING_SEEN, mayBeRollback: 1})).toBeNull();
    expect(rollbackClaimRefusal({error: 'EACCES'}, where, NOW, NOTHING_SEEN)).toMatch(/could not be read again/);
    expect(rollbackClaimRefusal({error: 'EACCES'}, where, NOW, {...NOTHING_SEEN, readFailed: true})).toBeNull();
  });
});
