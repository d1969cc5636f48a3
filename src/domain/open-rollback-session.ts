/**
 * The rollbacks one dashboard session sent and has not seen end, as it knows them itself: what
 * it warns of even when the action log cannot be read. The session applies the log's supersede
 * rule to its own requests (`supersedesEarlier`): an unknown or webhook-accepted request of this
 * session stops counting once a rollback of the same target that this session sent after that
 * request's answer ran and finished successfully. Its own runs need no such rule: it reads them
 * until they finish, so a run still queued stays open (it may yet roll back again).
 */
import type {DeployStatus} from './deploy.ts';
import {OPEN_ROLLBACK_MS, supersedesEarlier, type OpenRollback} from './open-rollbacks.ts';
import {isRunFinished} from './rollback-plan.ts';

/** A rollback of one target (context, service, environment, provider) that this session sent. */
export interface SessionRollback {
  /** As it is listed while open: a run, an unknown outcome, an accepted webhook request. */
  open: OpenRollback;
  /** Its run's status as last read; `null` with no run to read (`unknown`, `accepted`). */
  status: DeployStatus | null;
  /**
   * Its places in the session's order of events: when its request was sent, and when its answer
   * (or the failure that hid it) came. Times may bear the same millisecond; this order may not.
   */
  sent: number;
  answered: number;
}

/** What the session knows of the rollbacks of one target (see {@link sessionOpenRollbacks}). */
export interface SessionOpenRollbacks {
  /** Started and not seen to end, within the window; superseded requests left out. */
  open: OpenRollback[];
  /** Run ids this session followed to a final status (the action log may not say so yet). */
  finished: ReadonlySet<string>;
  /** Requests a later successful rollback of this session superseded: the log's copies go too. */
  superseded: OpenRollback[];
  /**
   * Request ids (idempotency keys) this session sent and got an answer to: the log read before
   * that answer landed lists them as still being sent, which this session knows they are not.
   */
  answered: ReadonlySet<string>;
}

/**
 * Splits `sent` (this session's rollbacks of one target) into those still open within
 * `withinMs` before `now`, the runs it saw finish, and the requests superseded by a rollback it
 * sent after their answer whose run finished successfully.
 */
export function sessionOpenRollbacks(sent: readonly SessionRollback[], now: number, withinMs = OPEN_ROLLBACK_MS): SessionOpenRollbacks {
  const finished = new Set<string>();
  const open: OpenRollback[] = [];
  const superseded: OpenRollback[] = [];
  const succeeded = sent.filter((s) => s.status !== null && supersedesEarlier(s.status));
  for (const s of sent) {
    if (s.status !== null) {
      if (!isRunFinished(s.status)) open.push(s.open);
      else if (s.open.runId !== null) finished.add(s.open.runId);
      continue;
    }
    // Sent after this request's answer: one sent while it was unanswered may have gone first.
    // And of exactly its environment (an `environment` left out is the target's, so two left out
    // are the same): a success in staging ends nothing in production, nor a request whose
    // environment is unknown (''), which may have gone to production; a success with no
    // environment tells nothing of production either.
    const sameTarget = (later: SessionRollback) => later.open.environment === s.open.environment;
    if (succeeded.some((later) => later.sent > s.answered && sameTarget(later))) superseded.push(s.open);
    else open.push(s.open);
  }
  const answered = new Set(sent.map((s) => s.open.requestId).filter((id) => id !== ''));
  return {open: open.filter((o) => now - o.at <= withinMs), finished, superseded, answered};
}
