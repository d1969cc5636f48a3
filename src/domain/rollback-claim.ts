/**
 * The second look at the action log, right after a rollback's attempt is written and before it
 * is sent. The first look (`oncall rollback`'s check, the dashboard's preview when `R` opens it)
 * may be seconds or minutes old by the time the user confirms, and two rollbacks started at the
 * same moment both find the log empty. The log itself arbitrates: it is only appended to, one
 * write per line, so every process reads its lines in the same order. Each process writes its
 * attempt first, then reads the log again; an attempt of a rollback of the same target that the
 * first look did not see, and that comes before this process's own attempt, refuses this one,
 * whatever became of it since (sent, finished, refused). Of two concurrent rollbacks exactly the
 * first in the log is sent: the other finds it before its own attempt.
 */
import type {ActionLogEntry, ActionLogRead} from './action-log.ts';
import {OPEN_ROLLBACK_MS, openRollbackName, sameRollbackEnvironment} from './open-rollbacks.ts';
import {countTornLines, type RollbackTarget} from './torn-lines.ts';
import {environmentText, rollbackTargetText} from './rollback-plan.ts';

/** What the first look knew when the user confirmed (or `--yes` stood for them). */
export interface RollbackSeen {
  /**
   * How many attempts of a rollback of the target the first look read ({@link rollbackAttempts}):
   * the log is only appended to, so these are its first ones, and confirming went ahead over them.
   */
  attempts: number;
  /** How many torn lines of the log the first look said may have been such a rollback. */
  mayBeRollback: number;
  /** Whether the first look could not read the log (the user was told so, and confirmed anyway). */
  readFailed: boolean;
}

/** Nothing seen: the first look found the log empty of the target. */
export const NOTHING_SEEN: RollbackSeen = {attempts: 0, mayBeRollback: 0, readFailed: false};

/** The key in an attempt's `details` naming the process's claim: how it finds its own line again. */
export const CLAIM_ID_KEY = 'claimId';

/**
 * The attempts of a rollback of `target` in `entries`, in the log's order: of its service in its
 * environment, or in an unknown one when either is unknown (`sameRollbackEnvironment`), so two
 * processes racing, one planned without an environment, still find each other.
 */
export function rollbackAttempts(entries: readonly ActionLogEntry[], target: RollbackTarget): ActionLogEntry[] {
  return entries.filter((e) => e.action === 'rollback' && e.phase === 'attempt' && e.context === target.context && e.target?.['service'] === target.service && sameRollbackEnvironment(e.target?.['environment'], target.environment));
}

// What the other attempt is called: its run when the log names one, else its request.
function attemptName(attempt: ActionLogEntry, entries: readonly ActionLogEntry[]): string {
  const requestId = typeof attempt.target?.['idempotencyKey'] === 'string' ? attempt.target['idempotencyKey'] : '';
  const answer = entries.find((e) => e.action === 'rollback' && e.phase === 'success' && requestId !== '' && e.target?.['idempotencyKey'] === requestId && typeof e.details?.['runId'] === 'string');
  const runId = answer ? (answer.details!['runId'] as string) : null;
  return openRollbackName({kind: runId === null ? 'in-flight' : 'run', at: Date.parse(attempt.at), runId, requestId, url: null});
}

/**
 * Why the rollback of `target` must not be sent, given the log as read again after its attempt
 * was written (`read`, or the read's failure) and what the first look `seen`; null when it may
 * go. `claimId`: the one written in this process's attempt (null: the attempt could not be
 * logged, and every attempt the first look did not see refuses, there being no order to judge
 * by). Says what was found, to be prefixed with "not sent: ". Unsanitized.
 */
export function rollbackClaimRefusal(read: ActionLogRead | {error: string}, target: RollbackTarget, now: number, seen: RollbackSeen, claimId: string | null): string | null {
  if ('error' in read) {
    // Confirmed over a log already unreadable: the user was told, and nothing new is known.
    return seen.readFailed ? null : `the action log could not be read again before sending (${read.error}), so a rollback of ${target.service} started at the same moment would not be seen`;
  }
  const attempts = rollbackAttempts(read.entries, target);
  const mine = claimId === null ? attempts.length : attempts.findIndex((e) => e.details?.[CLAIM_ID_KEY] === claimId);
  if (mine < 0) return `this rollback's attempt, just written, is not in the action log read back, so whether a rollback of ${rollbackTargetText(target.service, target.environment)} came before it cannot be told`;
  // A first look that could not read the log saw nothing: only a rollback recent enough to be
  // going is then news (an old one refusing would keep every rollback from being sent).
  const unseen = attempts.slice(seen.readFailed ? 0 : seen.attempts, mine).filter((e) => !seen.readFailed || now - Date.parse(e.at) <= OPEN_ROLLBACK_MS);
  const first = unseen[0];
  if (first !== undefined) {
    const others = unseen.length > 1 ? ` (and ${unseen.length - 1} more)` : '';
    // Named in the environment it was logged in: one of the two may be unknown ('').
    const logged = first.target?.['environment'];
    const environment = typeof logged === 'string' && logged !== '' ? logged : target.environment;
    return `${attemptName(first, read.entries)}${others}, a rollback of ${target.service} ${environmentText(environment)} started elsewhere since the check before the confirmation, came first in the action log`;
  }
  const torn = countTornLines(read.torn, target, now);
  if (torn.mayBeRollback > seen.mayBeRollback) return `a line of the action log written since the check cannot be read, and it may have been a rollback of ${rollbackTargetText(target.service, target.environment)}`;
  return null;
}
