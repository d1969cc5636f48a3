/**
 * Rollbacks started and not yet known to have ended, read from the action log that the
 * dashboard and `oncall rollback` both write: a run whose start (`rollback` success, with its run
 * id) has no `rollback-watch` entry with a finished status after it. Another process (a second `oncall rollback`, a
 * dashboard in another tmux window) may be following it, or may have died before it could log
 * the outcome: either way a second rollback of the same service should not go out unasked.
 */
import type {ActionLogEntry} from './action-log.ts';
import type {RollbackRun} from './deploy.ts';
import {isRunFinished} from './rollback-plan.ts';

/** A rollback run with no outcome logged. */
export interface OpenRollback {
  /** Epoch ms of its start. */
  at: number;
  runId: string;
  url: string | null;
}

/** How long a start without an outcome still counts as possibly running (a CI run rarely takes longer). */
export const OPEN_ROLLBACK_MS = 2 * 60 * 60_000;

/**
 * The runs of rollbacks of `service` in `environment` of `context` started within `withinMs`
 * before `now` and with no `rollback-watch` entry for their run id since, newest first.
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
    const runId = e.details?.['runId'];
    if (e.action !== 'rollback' || e.phase !== 'success' || e.context !== where.context || typeof runId !== 'string' || ended.has(runId)) continue;
    if (e.target['service'] !== where.service || e.target['environment'] !== where.environment) continue;
    const at = Date.parse(e.at);
    if (!(now - at <= withinMs)) continue;
    const url = e.details?.['url'];
    open.push({at, runId, url: typeof url === 'string' ? url : null});
  }
  return open.sort((a, b) => b.at - a.at);
}
