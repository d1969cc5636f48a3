/**
 * The second look at the action log right before a rollback's attempt is written. The first look
 * (`oncall rollback`'s check, the dashboard's preview when `R` opens it) may be seconds or minutes
 * old by the time the user confirms, and two rollbacks started at the same moment both find the
 * log empty: each would write its attempt and send. So the log is read again, with the log locked
 * (`platform/action-log-lock.ts`) until this process's attempt is written, and a rollback of the
 * same target the first look did not know of refuses this one. Exactly one of two concurrent
 * rollbacks is sent: the second to take the lock finds the first's attempt.
 */
import type {ActionLogRead} from './action-log.ts';
import {openRollbackName, openRollbacks, type OpenRollback} from './open-rollbacks.ts';
import {countTornLines, type RollbackTarget} from './torn-lines.ts';

/** What the first look knew when the user confirmed (or `--yes` stood for them). */
export interface RollbackSeen {
  /**
   * The rollbacks of the target the first look listed, open or known to have ended (superseded,
   * or runs the provider said ended): confirming went ahead over these, knowingly.
   */
  known: readonly OpenRollback[];
  /** How many torn lines of the log the first look said may have been such a rollback. */
  mayBeRollback: number;
  /** Whether the first look could not read the log (the user was told so, and confirmed anyway). */
  readFailed: boolean;
}

/** Nothing seen: the first look found nothing open (what `--yes` goes ahead on). */
export const NOTHING_SEEN: RollbackSeen = {known: [], mayBeRollback: 0, readFailed: false};

// The same rollback across the two looks: by request id, which outlives its kind (an attempt
// being sent at the first look may have its run at the second), else by run id, else by time.
function same(a: OpenRollback, b: OpenRollback): boolean {
  if (a.requestId !== '' || b.requestId !== '') return a.requestId === b.requestId;
  if (a.runId !== null || b.runId !== null) return a.runId === b.runId;
  return a.at === b.at && a.kind === b.kind;
}

/**
 * Why the rollback of `target` must not be sent, given the log as read again (`read`, or the
 * read's failure) and what the first look `seen`; null when it may go. Says what was found, to
 * be prefixed with "not sent: ". Unsanitized.
 */
export function rollbackClaimRefusal(read: ActionLogRead | {error: string}, target: RollbackTarget, now: number, seen: RollbackSeen): string | null {
  if ('error' in read) {
    // Confirmed over a log already unreadable: the user was told, and nothing new is known.
    return seen.readFailed ? null : `the action log could not be read again before sending (${read.error}), so a rollback of ${target.service} started since the check would not be seen`;
  }
  const fresh = openRollbacks(read.entries, target, now).filter((o) => !seen.known.some((k) => same(k, o)));
  const first = fresh[0];
  if (first !== undefined) {
    const others = fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : '';
    return `${openRollbackName(first)}${others}, a rollback of ${target.service} in ${target.environment} started elsewhere since the check before the confirmation, has no outcome logged`;
  }
  const torn = countTornLines(read.torn, target, now);
  if (torn.mayBeRollback > seen.mayBeRollback) return `a line of the action log written since the check cannot be read, and it may have been a rollback of ${target.service} in ${target.environment}`;
  return null;
}
