/**
 * Rollbacks started and not yet known to have ended, read from the action log that the
 * dashboard and `oncall rollback` both write. Three kinds count as open:
 * - a run whose start (`rollback` success, with its run id) has no `rollback-watch` entry with a
 *   finished status after it. Another process (a second `oncall rollback`, a dashboard in another
 *   tmux window) may be following it, or may have died before it could log the outcome;
 * - a request whose outcome is unknown (`rollback` phase `unknown`: a timeout, a 5xx, a reset
 *   after it may have reached the provider), which may have started a rollback nobody follows;
 * - a request a provider accepted with no run to follow (a webhook's 2xx, or a dispatch whose run
 *   cannot be identified), whose end no entry will ever say;
 * - a request being sent (`rollback` phase `attempt` with no later `rollback` entry of the same
 *   provider and request id): another process is still waiting for its answer, or died before it
 *   could log one (killed, out of memory). Its request may have reached the provider.
 * Either way a second rollback of the same service should not go out unasked.
 *
 * The last two are ended by nothing but time, or by a later rollback of the same target that is
 * known to have worked (see `supersedesEarlier`): once the provider confirmed a newer rollback
 * finished successfully, warning of the older request only stands in the way during an incident.
 * A run superseded so is ended by its provider's word only (`supersededRuns`).
 */
import type {ActionLogEntry} from './action-log.ts';
import {pendingRunRequest, type RollbackRun} from './deploy.ts';
import {isRunFinished} from './rollback-plan.ts';
import {formatClock} from './format.ts';

/** How much is known of an open rollback (see the file's comment). */
export type OpenRollbackKind = 'run' | 'unknown' | 'accepted' | 'in-flight';

/** A rollback with no outcome logged. */
export interface OpenRollback {
  kind: OpenRollbackKind;
  /** Epoch ms of its start (the logged answer, or the failure that hid it). */
  at: number;
  /** The run's id; `null` when there is no run (`unknown`, `accepted`, `in-flight`). */
  runId: string | null;
  /** The request id (idempotency key) it was sent with; '' when the entry names none. */
  requestId: string;
  url: string | null;
  /** Set on an `accepted` dispatch whose run cannot be identified (not a webhook's acceptance). */
  unidentified?: true;
  /**
   * The environment the log holds it in, when that is not the one asked about: one of them
   * unknown (`''`), it counts all the same ({@link sameRollbackEnvironment}) and is named so.
   */
  environment?: string;
}

/**
 * Whether a rollback logged in environment `logged` is one of the target's `environment`: the
 * same, or either of them unknown (`''`: planned with `--to` while the history was down, or a
 * deploy whose history names none). An unknown environment is not another one: a rollback of
 * checkout planned without one may be the very rollback of checkout in production, and the
 * other way round, so each counts as the other's for every check that stops a second rollback.
 * An entry naming no environment at all is no rollback of any.
 */
export function sameRollbackEnvironment(logged: string | null | undefined, environment: string): boolean {
  if (typeof logged !== 'string') return false;
  return logged === environment || logged === '' || environment === '';
}

/** How long a start without an outcome still counts as possibly running (a CI run rarely takes longer). */
export const OPEN_ROLLBACK_MS = 2 * 60 * 60_000;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

// What kind of open rollback a `rollback` entry is, or null when it is none (an attempt whose
// answer is logged after it, a failure that certainly started nothing). `answered`: whether a
// later entry gives the attempt's answer.
function kindOf(e: ActionLogEntry, answered: boolean): OpenRollbackKind | null {
  if (e.phase === 'attempt') return answered ? null : 'in-flight';
  if (e.phase === 'unknown') return 'unknown';
  if (e.phase !== 'success') return null;
  if (e.details?.['unfollowable'] === true) return 'accepted';
  return text(e.details?.['runId']) === null ? null : 'run';
}

// Whether a later rollback of the same target supersedes an earlier one with no outcome: only a
// run that finished successfully. Its provider then confirmed the target rolled back after that
// request was sent, so the next rollback is a new decision over a known state. A later run that
// failed or was cancelled does not: the rollback the earlier request asked for has still not
// happened and that request may still be queued or running, so another would be the double
// firing this guard exists to prevent; nor does a later request refused before it was sent (it
// tells nothing of the earlier one), one whose outcome is unknown too, or a run still going.
// A run with no outcome is the exception: its id lets the provider be asked whether it is still
// queued or running, which no later success rules out (see `supersededRuns`).
/** Whether a later rollback whose run ended with `status` supersedes an earlier one with no outcome (see the comment above). */
export const supersedesEarlier = (status: unknown): boolean => status === 'success';

// The request a `rollback` entry belongs to: its target and provider (the entry's `source`) and
// the request id it was sent with. An attempt and its answer name the same one.
const requestKey = (e: ActionLogEntry): string => {
  const target: Partial<Record<string, string>> = e.target ?? {};
  return [e.context, target['service'] ?? '', target['environment'] ?? '', e.source ?? '', target['idempotencyKey'] ?? ''].join('\n');
};

/**
 * The `rollback` attempts of `entries` (in the log's order) that no later `rollback` entry of the
 * same request answers: being sent, or their sender died before it could log the answer (killed,
 * out of memory, its terminal closed). Their request may have reached the provider. One rule for
 * every reader of an attempt: the open rollbacks `R` warns of and the timeline's events.
 */
export function unansweredAttempts(entries: readonly ActionLogEntry[]): ReadonlySet<ActionLogEntry> {
  const answered = new Set<string>();
  const unanswered = new Set<ActionLogEntry>();
  // Newest first: an answer is known before the attempt it follows.
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.action !== 'rollback') continue;
    const key = requestKey(e);
    if (e.phase !== 'attempt') answered.add(key);
    else if (!answered.has(key)) unanswered.add(e);
  }
  return unanswered;
}

/**
 * An open rollback as the log holds it, and whether a later finished rollback superseded it. A
 * superseded run is only a candidate: it stays open until its provider says it ended.
 */
interface LoggedRollback {
  open: OpenRollback;
  superseded: boolean;
}

// Every rollback of `where` started within the window and with no outcome of its own, oldest
// first in log order. "Later" is the log's order (it is only appended to, by every process), not
// the entries' times, which may bear the same millisecond; and it is the later rollback's attempt
// that must follow the request's outcome: one sent while that request was still unanswered (from
// another window) may have reached the provider before it, so it supersedes nothing.
function loggedRollbacks(entries: readonly ActionLogEntry[], where: {context: string; service: string; environment: string}, now: number, withinMs: number): LoggedRollback[] {
  const ended = new Set<string>();
  const succeeded = new Set<string>();
  for (const e of entries) {
    const runId = e.details?.['runId'];
    // Only an outcome ends it: "stopped following; the run keeps going" does not.
    const status = e.details?.['status'];
    if (e.action !== 'rollback-watch' || e.context !== where.context || typeof runId !== 'string' || typeof status !== 'string') continue;
    if (isRunFinished(status as RollbackRun['status'])) ended.add(runId);
    if (supersedesEarlier(status)) succeeded.add(runId);
  }
  // Walked newest first, so that each request knows the providers (the entry's `source`) that
  // confirmed a rollback of the same target attempted after it: a successful run's start names
  // its request, whose attempt, further back, is where that rollback was sent.
  const succeededRequests = new Set<string>();
  const unanswered = unansweredAttempts(entries);
  // Per provider, the environments of the later rollbacks it confirmed. A success ends only a
  // request of exactly its own environment: with `where` unknown ('') entries of several
  // environments are read, and a success in staging ends nothing in production, nor a request
  // whose environment is unknown (it may have gone to production). The other way round, a
  // success with no environment tells nothing of production either. `''` matching any
  // environment is for refusing a second rollback, never for ending an open one.
  // `source\nenvironment` of each request confirmed by a later success.
  const confirmedLater = new Set<string>();
  const found: LoggedRollback[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.action !== 'rollback' || e.context !== where.context) continue;
    // The reader drops an entry with no target; one handed over by another caller is no rollback of it.
    const target: Partial<Record<string, string>> = e.target ?? {};
    const environment = target['environment'];
    if (target['service'] !== where.service || environment === undefined || !sameRollbackEnvironment(environment, where.environment)) continue;
    const source = e.source ?? '';
    const request = `${source}\n${target['idempotencyKey'] ?? ''}`;
    if (e.phase === 'attempt' && succeededRequests.has(request)) confirmedLater.add(`${source}\n${environment}`);
    const kind = kindOf(e, !unanswered.has(e));
    if (kind === null) continue;
    const runId = kind === 'run' ? text(e.details?.['runId']) : null;
    if (runId !== null && succeeded.has(runId)) succeededRequests.add(request);
    if (runId !== null && ended.has(runId)) continue;
    const at = Date.parse(e.at);
    if (!(now - at <= withinMs)) continue;
    // A request with no answer is never superseded: a later rollback was sent while it was still
    // unanswered, so this one may have reached the provider after it and rolled back again.
    const superseded = kind !== 'in-flight' && confirmedLater.has(`${source}\n${environment}`);
    const unidentified = kind === 'accepted' && text(e.details?.['unidentified']) !== null;
    const named = environment === where.environment ? {} : {environment};
    found.push({open: {kind, at, runId, requestId: target['idempotencyKey'] ?? '', url: text(e.details?.['url']), ...(unidentified ? {unidentified: true as const} : {}), ...named}, superseded});
  }
  return found.reverse();
}

const newestFirst = (list: readonly LoggedRollback[]): OpenRollback[] => list.map((r) => r.open).sort((a, b) => b.at - a.at);

/**
 * The rollbacks of `service` in `environment` of `context` started within `withinMs` before
 * `now` and not known to have ended, newest first: runs with no finished `rollback-watch` entry
 * for their run id, requests whose answer is not logged (being sent, or their sender died), and
 * requests with an unknown outcome or accepted without a run, unless a
 * rollback of the same target by the same provider (the entry's `source`), sent after them in the
 * log, ran and finished successfully. `entries` are in the log's order.
 */
export function openRollbacks(entries: readonly ActionLogEntry[], where: {context: string; service: string; environment: string}, now: number, withinMs = OPEN_ROLLBACK_MS): OpenRollback[] {
  return newestFirst(loggedRollbacks(entries, where, now, withinMs).filter((r) => !r.superseded || r.open.kind === 'run'));
}

/**
 * The requests {@link openRollbacks} leaves out because a later rollback of the same target
 * finished successfully, newest first. The dashboard drops its own session's copies of them.
 */
export function supersededRollbacks(entries: readonly ActionLogEntry[], where: {context: string; service: string; environment: string}, now: number, withinMs = OPEN_ROLLBACK_MS): OpenRollback[] {
  return newestFirst(loggedRollbacks(entries, where, now, withinMs).filter((r) => r.superseded && r.open.kind !== 'run'));
}

/**
 * The runs with no outcome that {@link openRollbacks} still lists although a later rollback of
 * the same target finished successfully, by the same rule, newest first. Unlike a request with
 * an unknown outcome, such a run can be asked about: a run still queued (waiting for a runner, an
 * approval, a concurrency group) may start after that success and roll back again, so it stops
 * being open only once its provider says it ended (`endedRuns` in `queries/open-run-check.ts`).
 */
export function supersededRuns(entries: readonly ActionLogEntry[], where: {context: string; service: string; environment: string}, now: number, withinMs = OPEN_ROLLBACK_MS): OpenRollback[] {
  return newestFirst(loggedRollbacks(entries, where, now, withinMs).filter((r) => r.superseded && r.open.kind === 'run'));
}


/**
 * What an open rollback is called in a sentence: `run 560`, `the run of request KEY (not found
 * yet)` for a stand-in run id, or `the rollback requested at 10:00Z (request KEY)`. Unsanitized.
 */
export function openRollbackName(open: OpenRollback): string {
  const pending = open.runId === null ? null : pendingRunRequest(open.runId);
  if (pending !== null) return `the run of request ${pending} (not found yet)`;
  if (open.runId !== null) return `run ${open.runId}`;
  if (open.kind === 'in-flight') return `the rollback being sent at ${formatClock(open.at)}${open.requestId ? ` (request ${open.requestId})` : ''}`;
  return `the rollback requested at ${formatClock(open.at)}${open.requestId ? ` (request ${open.requestId})` : ''}`;
}

/**
 * The warning shown before a second rollback over `open` (by `oncall rollback` and the
 * dashboard's confirmation alike), without a leading capital or full stop. Unsanitized.
 */
export function openRollbackWarning(open: OpenRollback, where: {service: string; environment: string}): string {
  // Where the log holds it, when that differs (one of the two unknown): the one to check.
  const environment = open.environment ?? where.environment;
  // Logged with none, checked for a known one: said so, not left out, as the log holds it.
  const unnamed = open.environment === '' ? ' in an environment not known (perhaps this one)' : '';
  const what = `a rollback of ${where.service}${environment ? ` in ${environment}` : unnamed}`;
  const link = open.url ? ` ${open.url}` : '';
  const pending = open.runId === null ? null : pendingRunRequest(open.runId);
  // A stand-in id is no run anyone can look up: say that its run was not found yet instead.
  if (open.kind === 'run' && pending !== null) return `${what} started at ${formatClock(open.at)} (request ${pending}${link}) has no outcome logged yet, and its run has not been found yet: it may still be queued or running`;
  if (open.kind === 'run') return `${what} started at ${formatClock(open.at)} (run ${open.runId ?? '?'}${link}) has no outcome logged yet: it may still be running`;
  // What matters first: a narrow screen cuts the end of the line.
  const request = open.requestId ? ` (request ${open.requestId})` : '';
  if (open.kind === 'in-flight') return `${what} was being sent at ${formatClock(open.at)}${request}; its answer is not logged: it may have started`;
  if (open.kind === 'accepted' && open.unidentified) return `${what} may still be going: it was dispatched at ${formatClock(open.at)}, and its run cannot be identified from here${request}`;
  if (open.kind === 'accepted') return `${what} may still be going: its webhook accepted it at ${formatClock(open.at)}, and its outcome cannot be followed from here${request}`;
  return `${what} may have started: its outcome is unknown, the request at ${formatClock(open.at)} failed after it may have reached the provider${request}`;
}
