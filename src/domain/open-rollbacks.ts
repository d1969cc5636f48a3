/**
 * Rollbacks started and not yet known to have ended, read from the action log that the
 * dashboard and `oncall rollback` both write. Three kinds count as open:
 * - a run whose start (`rollback` success, with its run id) has no `rollback-watch` entry with a
 *   finished status after it. Another process (a second `oncall rollback`, a dashboard in another
 *   tmux window) may be following it, or may have died before it could log the outcome;
 * - a request whose outcome is unknown (`rollback` phase `unknown`: a timeout, a 5xx, a reset
 *   after it may have reached the provider), which may have started a rollback nobody follows;
 * - a request a provider accepted with no run to follow (a webhook's 2xx), whose end no entry
 *   will ever say.
 * Either way a second rollback of the same service should not go out unasked.
 */
import type {ActionLogEntry} from './action-log.ts';
import type {RollbackRun} from './deploy.ts';
import {isRunFinished} from './rollback-plan.ts';

/** How much is known of an open rollback (see the file's comment). */
export type OpenRollbackKind = 'run' | 'unknown' | 'accepted';

/** A rollback with no outcome logged. */
export interface OpenRollback {
  kind: OpenRollbackKind;
  /** Epoch ms of its start (the logged answer, or the failure that hid it). */
  at: number;
  /** The run's id; `null` when there is no run (`unknown`, `accepted`). */
  runId: string | null;
  /** The request id (idempotency key) it was sent with; '' when the entry names none. */
  requestId: string;
  url: string | null;
}

/** How long a start without an outcome still counts as possibly running (a CI run rarely takes longer). */
export const OPEN_ROLLBACK_MS = 2 * 60 * 60_000;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

// What kind of open rollback a `rollback` result entry is, or null when it is none (an attempt,
// a failure that certainly started nothing).
function kindOf(e: ActionLogEntry): OpenRollbackKind | null {
  if (e.phase === 'unknown') return 'unknown';
  if (e.phase !== 'success') return null;
  if (e.details?.['unfollowable'] === true) return 'accepted';
  return text(e.details?.['runId']) === null ? null : 'run';
}

/**
 * The rollbacks of `service` in `environment` of `context` started within `withinMs` before
 * `now` and not known to have ended, newest first: runs with no finished `rollback-watch` entry
 * for their run id, requests with an unknown outcome, and requests accepted without a run.
 */
export function openRollbacks(entries: readonly ActionLogEntry[], where: {context: string; service: string; environment: string}, now: number, withinMs = OPEN_ROLLBACK_MS): OpenRollback[] {
  const ended = new Set<string>();
  for (const e of entries) {
    const runId = e.details?.['runId'];
    // Only an outcome ends it: "stopped following; the run keeps going" does not.
    const status = e.details?.['status'];
    if (e.action === 'rollback-watch' && e.context === where.context && typeof runId === 'string' && typeof status === 'string' && isRunFinished(status as RollbackRun['status'])) ended.add(runId);
  }
  const open: OpenRollback[] = [];
  for (const e of entries) {
    if (e.action !== 'rollback' || e.context !== where.context) continue;
    const kind = kindOf(e);
    if (kind === null) continue;
    const runId = kind === 'run' ? text(e.details?.['runId']) : null;
    if (runId !== null && ended.has(runId)) continue;
    if (e.target['service'] !== where.service || e.target['environment'] !== where.environment) continue;
    const at = Date.parse(e.at);
    if (!(now - at <= withinMs)) continue;
    open.push({kind, at, runId, requestId: e.target['idempotencyKey'] ?? '', url: text(e.details?.['url'])});
  }
  return open.sort((a, b) => b.at - a.at);
}

const hhmm = (at: number) => `${new Date(at).toISOString().slice(11, 16)}Z`;

/** What an open rollback is called in a sentence: `run 560` or `the rollback requested at 10:00Z (request KEY)`. Unsanitized. */
export function openRollbackName(open: OpenRollback): string {
  if (open.runId !== null) return `run ${open.runId}`;
  return `the rollback requested at ${hhmm(open.at)}${open.requestId ? ` (request ${open.requestId})` : ''}`;
}

/**
 * The warning shown before a second rollback over `open` (by `oncall rollback` and the
 * dashboard's confirmation alike), without a leading capital or full stop. Unsanitized.
 */
export function openRollbackWarning(open: OpenRollback, where: {service: string; environment: string}): string {
  const what = `a rollback of ${where.service}${where.environment ? ` in ${where.environment}` : ''}`;
  const link = open.url ? ` ${open.url}` : '';
  if (open.kind === 'run') return `${what} started at ${hhmm(open.at)} (run ${open.runId ?? '?'}${link}) has no outcome logged yet: it may still be running`;
  // What matters first: a narrow screen cuts the end of the line.
  const request = open.requestId ? ` (request ${open.requestId})` : '';
  if (open.kind === 'accepted') return `${what} may still be going: its webhook accepted it at ${hhmm(open.at)}, and its outcome cannot be followed from here${request}`;
  return `${what} may have started: its outcome is unknown, the request at ${hhmm(open.at)} failed after it may have reached the provider${request}`;
}
