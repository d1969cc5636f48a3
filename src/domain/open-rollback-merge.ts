/**
 * The open rollbacks a confirmation warns of: those the action log holds (written by any oncall
 * process: `oncall rollback` in another window, another dashboard) merged with those this
 * dashboard session knows of itself. The same rollback appears in both when this session wrote
 * it, so each is named once; what the session has seen end is not open whatever the log says (its
 * `rollback-watch` entry may not have landed when the log was read), and what the log or the
 * session shows superseded by a later successful rollback (`supersededRollbacks`,
 * `sessionOpenRollbacks`) is not open whatever the other says: the session keeps its own unknown
 * requests for the whole window, and the log may be unreadable or not yet hold the success.
 */
import {openRollbackWarning, type OpenRollback} from './open-rollbacks.ts';

/** What names one rollback in both lists: its run id, else its request id (idempotency key). */
export function openRollbackKey(open: OpenRollback): string {
  if (open.runId !== null) return `run:${open.runId}`;
  // An entry naming no request cannot be matched with another: its own start time keeps it apart.
  return open.requestId ? `request:${open.requestId}` : `at:${open.at}`;
}

/**
 * `logged` (from the action log) and `session` (this dashboard's own) as one list, newest first,
 * each rollback once. The log's entry is kept when both have it: it carries the start time and
 * link as written then. Runs in `finished` (run ids this session followed to a final status) are
 * left out, and so is each rollback that `superseded` (from the log, the session or both) names,
 * matched the same way, and each logged `in-flight` request whose id is in `answered` (requests
 * this session sent and got an answer to).
 */
export function mergeOpenRollbacks(logged: readonly OpenRollback[], session: readonly OpenRollback[], finished: ReadonlySet<string> = new Set(), superseded: readonly OpenRollback[] = [], answered: ReadonlySet<string> = new Set()): OpenRollback[] {
  const seen = new Set<string>(superseded.map(openRollbackKey));
  const merged: OpenRollback[] = [];
  for (const open of [...logged, ...session]) {
    if (open.runId !== null && finished.has(open.runId)) continue;
    if (open.kind === 'in-flight' && answered.has(open.requestId)) continue;
    const key = openRollbackKey(open);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(open);
  }
  return merged.sort((a, b) => b.at - a.at);
}

/** The warning sentences for `open`, newest first, each capitalized as a sentence, worded as `oncall rollback` words them. Unsanitized. */
export function openRollbackWarnings(open: readonly OpenRollback[], where: {service: string; environment: string}): string[] {
  return open.map((o) => {
    const text = openRollbackWarning(o, where);
    return `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;
  });
}
