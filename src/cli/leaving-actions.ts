/**
 * What the dashboard says on stderr as it leaves with actions in flight. The screen is gone by
 * then: an ack quit right after `a` waited up to its source's timeout on a blank terminal, and
 * ended with exit 0 without a word of whether the ack landed (only the action log said
 * "failure: timeout"). Now a line says what it waits for and that Ctrl-C cuts the wait short,
 * and each action that settled meanwhile says how it ended.
 */
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';
import {sanitize} from '../domain/sanitize.ts';

/** The actions whose outcome is told when the dashboard leaves before it (not `rollback-watch`, not notes). */
const TOLD = new Set(['ack', 'unack', 'ack-extend', 'resolve', 'rollback']);

function tryKey(e: ActionLogEntry): string {
  return JSON.stringify([e.action, e.context, e.source ?? null, e.attempt ?? null, e.target]);
}

/**
 * An entry's action and what it acted on, as a person names them: `ack CheckoutDown`,
 * `rollback checkout v2 → v1`, `resolve PD #4711 (checkout)`.
 */
export function actionName(e: Pick<ActionLogEntry, 'action' | 'target'>): string {
  const t = e.target ?? {};
  const what =
    t['from'] !== undefined && t['to'] !== undefined
      ? `${t['service'] ?? '?'} ${t['from']} → ${t['to']}`
      : // A resolve's target names its service too: the incident is what was or was not resolved.
        t['incident'] !== undefined
        ? `${t['incident']}${t['service'] === undefined ? '' : ` (${t['service']})`}`
        : (t['alertname'] ?? t['service'] ?? (Object.entries(t).map(([k, v]) => `${k}=${v}`).join(', ') || '?'));
  return sanitize(`${e.action} ${what}`);
}

/**
 * How a settled entry ended, in one line: `oncall: ack CheckoutDown: NOT done (timeout)`; a
 * success that carries a note says the note instead of `done`.
 */
export function outcomeLine(e: ActionLogEntry): string {
  const where = e.source ? ` on ${sanitize(e.source)}` : '';
  const why = e.error ? `: ${sanitize(e.error)}` : '';
  // A rollback's success is its request accepted: the run it starts is the provider's to tell.
  const done = e.action === 'rollback' ? 'requested (its run is not followed: see the provider)' : 'done';
  // A success with a note settled otherwise than as sent ("resolved meanwhile, nothing to
  // resolve", "already acknowledged", "found in place: …"): the note says how, "done" would not.
  const note = e.details?.['note'];
  const succeeded = typeof note === 'string' && note !== '' ? sanitize(note) : done;
  const how = e.phase === 'success' ? succeeded : e.phase === 'unknown' ? 'outcome unknown' : 'NOT done';
  return `oncall: ${actionName(e)}${where}: ${how}${why}\n`;
}

/** The line said while the end waits for `open` (tries without an answer), `boundMs` at most unless a rollback is among them. */
export function waitingLine(open: readonly ActionLogEntry[], boundMs: number): string {
  const names = [...new Set(open.map(actionName))];
  const what = names.length === 0 ? 'actions in flight' : names.join(', ');
  // A rollback dispatch is waited for until its provider answers or times out (dashboard-shutdown.ts).
  const bound = open.some((e) => e.action === 'rollback') ? 'until its provider answers' : `up to ${Math.ceil(boundMs / 1000)} s`;
  return `oncall: waiting ${bound} for the answer to ${what} (Ctrl-C stops waiting; the action log keeps its outcome)\n`;
}

/** A recorder that keeps what is in flight and, once {@link LeavingActions.leave} was called, what settled. */
export interface LeavingActions {
  record: ActionRecorder;
  /** From now on the outcomes are kept; answers the tries still without one. */
  leave(): ActionLogEntry[];
  /** The outcomes recorded since {@link leave}, of the actions told: the last of each action on each source. */
  settled(): ActionLogEntry[];
}

/** Wraps `record` to tell, at the end, what was in flight and how it ended. */
export function leavingActions(record: ActionRecorder): LeavingActions {
  const open = new Map<string, ActionLogEntry>();
  let after: ActionLogEntry[] | null = null;
  return {
    record: (entry) => {
      if (TOLD.has(entry.action)) {
        if (entry.phase === 'attempt') open.set(tryKey(entry), entry);
        else {
          open.delete(tryKey(entry));
          after?.push(entry);
        }
      }
      return record(entry);
    },
    leave: () => {
      after ??= [];
      return [...open.values()];
    },
    // The last word on each action: a try that failed and then stopped retrying is one outcome.
    settled: () => [...new Map((after ?? []).map((e) => [JSON.stringify([e.action, e.context, e.source ?? null, e.target]), e])).values()],
  };
}
