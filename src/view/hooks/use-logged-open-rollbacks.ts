/**
 * The action log's open rollbacks for the rollback being confirmed, read once when `R` opens the
 * confirmation: a rollback started by `oncall rollback` in another window or by another dashboard
 * is in no state of this one. The read is asynchronous and never holds the preview up; one
 * that fails is said on the preview instead of passing for "nothing open". What the log holds is
 * shown as soon as the file is read: the provider's word on superseded runs (a network request
 * per run, seconds when it is slow) only narrows it afterwards, so no warning waits on it.
 * Until the file is read the confirmation does not send (`holdUnread`); a read with no answer
 * within {@link LOG_READ_WAIT_MS} is said as failed, so a stuck file never blocks a rollback.
 */
import {useEffect, useState} from 'react';
import type {RollbackOps} from '../../actions/action-record.ts';
import type {ActionLogEntry} from '../../domain/action-log.ts';
import type {RollbackPlan} from '../../domain/deploy.ts';
import {openRollbackName, openRollbacks, supersededRollbacks, supersededRuns, type OpenRollback} from '../../domain/open-rollbacks.ts';

/** How long the log file read may take before it is said as failed (a local file: milliseconds). */
export const LOG_READ_WAIT_MS = 2000;

/** Where the rollback being confirmed goes; `key` changes with each key press that planned one. */
export interface OpenRollbackQuestion {
  key: string;
  context: string;
  service: string;
  environment: string;
}

/**
 * The log's answer: not asked (no log reader, no confirmation), still reading, read, or failed.
 * Read, it also holds the requests a later successful rollback superseded, and the runs so
 * superseded that their provider says ended, which the session's own copies of them must not
 * bring back (`mergeOpenRollbacks`). `asking`: the superseded runs the provider has not answered
 * about yet; they are in `open` meanwhile (the safe answer: each may still be queued).
 */
export type LoggedOpenRollbacks =
  | {state: 'off'}
  | {state: 'reading'}
  | {state: 'read'; open: OpenRollback[]; superseded: OpenRollback[]; asking: OpenRollback[]}
  | {state: 'failed'; error: string};

/**
 * Reads the action log whenever `question` names another confirmation; `readActions` absent: off.
 * The log's open rollbacks are published as soon as it is read, every superseded run with no
 * outcome among them; those runs are then asked about with `endedRuns` (the provider of the
 * question's context; `endedRuns` in `queries/open-run-check.ts`) and only those it says ended
 * are dropped when it answers. Absent, or a read that fails, they all stay open.
 */
export function useLoggedOpenRollbacks(
  question: OpenRollbackQuestion | null,
  readActions: (() => Promise<ActionLogEntry[]>) | undefined,
  now: () => number,
  endedRuns?: (context: string, runs: readonly OpenRollback[]) => Promise<ReadonlySet<string>>,
): LoggedOpenRollbacks {
  const [answer, setAnswer] = useState<{key: string; value: LoggedOpenRollbacks} | null>(null);
  const key = question && readActions ? question.key : null;
  useEffect(() => {
    if (key === null || !question || !readActions) return;
    let current = true;
    const where = {context: question.context, service: question.service, environment: question.environment};
    setAnswer({key, value: {state: 'reading'}});
    // A read that never answers (a stuck file system) must not hold the confirmation up: it is
    // said as failed, like any unreadable log. Should it answer later, what it holds is shown.
    const wait = setTimeout(() => {
      const error = `no answer in ${LOG_READ_WAIT_MS / 1000}s`;
      if (current) setAnswer((was) => (was?.key === key && was.value.state === 'reading' ? {key, value: {state: 'failed', error}} : was));
    }, LOG_READ_WAIT_MS);
    readActions().then(
      async (entries) => {
        clearTimeout(wait);
        const at = now();
        const runs = supersededRuns(entries, where, at);
        const open = openRollbacks(entries, where, at);
        const superseded = supersededRollbacks(entries, where, at);
        const ask = runs.length > 0 ? endedRuns : undefined;
        // At once, before the provider is asked: a slow provider must not hide what the log holds.
        if (current) setAnswer({key, value: {state: 'read', open, superseded, asking: ask ? runs : []}});
        if (!ask) return;
        // A run that cannot be read stays open (`endedRuns` never rejects; any other reader might).
        const ended = await ask(where.context, runs).catch(() => new Set<string>());
        const over = (o: OpenRollback) => o.runId !== null && ended.has(o.runId);
        if (current) setAnswer({key, value: {state: 'read', open: open.filter((o) => !over(o)), superseded: [...superseded, ...runs.filter(over)], asking: []}});
      },
      (error: unknown) => {
        clearTimeout(wait);
        const code = (error as {code?: unknown} | null)?.code;
        const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
        if (current) setAnswer({key, value: {state: 'failed', error: why}});
      },
    );
    // A confirmation closed or replaced before the read ended: its answer is for nobody.
    return () => {
      current = false;
      clearTimeout(wait);
    };
  }, [key]);
  if (key === null) return {state: 'off'};
  return answer?.key === key ? answer.value : {state: 'reading'};
}

/** The preview's line about the log read, or null when there is nothing to say (read and answered, or off). */
export function loggedOpenNote(answer: LoggedOpenRollbacks): {text: string; tone: 'muted' | 'warn'} | null {
  // Milliseconds (a local file), said as unread rather than passing for "nothing open"; Enter
  // meanwhile sends nothing (`holdUnread`).
  if (answer.state === 'reading') return {text: 'checking the action log for rollbacks started elsewhere… (none shown yet; a confirmation before it is not sent)', tone: 'warn'};
  // Not a refusal: the log is a record, not a lock, and R must work without it.
  if (answer.state === 'failed') return {text: `the action log could not be read (${answer.error}): a rollback started elsewhere (oncall rollback, another dashboard) is not checked`, tone: 'warn'};
  if (answer.state === 'read' && answer.asking.length > 0) {
    return {text: `asking the provider whether ${answer.asking.map(openRollbackName).join(', ')} ended; warned of until it answers`, tone: 'muted'};
  }
  return null;
}

/** What the confirmation of a rollback showed when it was last drawn: its question's key, and whether the log was still unread. */
export interface DrawnLogCheck {
  key: string;
  reading: boolean;
}

/**
 * `ops` with a start that sends nothing when the confirmation of that plan was last drawn before
 * the log was read (`drawn()`, asked as the confirmed rollback starts; `keyOf` names the plan's
 * question as {@link OpenRollbackQuestion} does). Enter typed ahead of that read (a paste, keys
 * buffered while the screen was busy) would otherwise confirm a rollback over warnings never
 * shown. The hold lasts the file read only, at most {@link LOG_READ_WAIT_MS}: not the provider's.
 */
export function holdUnread(ops: RollbackOps, drawn: () => DrawnLogCheck | null, keyOf: (plan: RollbackPlan) => string): RollbackOps {
  return {
    ...ops,
    start: (plan) => {
      const check = drawn();
      if (check?.key === keyOf(plan) && check.reading) {
        return Promise.resolve({ok: false, text: `rollback of ${plan.service} not sent: the action log was still being read for rollbacks started elsewhere; press R to see what it holds and confirm again`});
      }
      return ops.start(plan);
    },
  };
}
