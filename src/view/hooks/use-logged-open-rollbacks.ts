/**
 * The action log's open rollbacks for the rollback being confirmed, read once when `R` opens the
 * confirmation: a rollback started by `oncall rollback` in another window or by another dashboard
 * is in no state of this one. The read is asynchronous and never holds the confirmation up; one
 * that fails is said on the preview instead of passing for "nothing open".
 */
import {useEffect, useState} from 'react';
import type {ActionLogEntry} from '../../domain/action-log.ts';
import {openRollbacks, supersededRollbacks, supersededRuns, type OpenRollback} from '../../domain/open-rollbacks.ts';

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
 * bring back (`mergeOpenRollbacks`).
 */
export type LoggedOpenRollbacks = {state: 'off'} | {state: 'reading'} | {state: 'read'; open: OpenRollback[]; superseded: OpenRollback[]} | {state: 'failed'; error: string};

/**
 * Reads the action log whenever `question` names another confirmation; `readActions` absent: off.
 * The runs with no outcome that a later success superseded are then asked about with
 * `endedRuns` (the provider of the question's context; `endedRuns` in `queries/open-run-check.ts`):
 * only those it says ended stop being open. Absent, they all stay open.
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
    readActions().then(
      async (entries) => {
        const at = now();
        const runs = supersededRuns(entries, where, at);
        // Never rejects: a run that cannot be read stays open.
        const ended = runs.length > 0 && endedRuns ? await endedRuns(where.context, runs) : new Set<string>();
        const over = (o: OpenRollback) => o.runId !== null && ended.has(o.runId);
        const open = openRollbacks(entries, where, at).filter((o) => !over(o));
        if (current) setAnswer({key, value: {state: 'read', open, superseded: [...supersededRollbacks(entries, where, at), ...runs.filter(over)]}});
      },
      (error: unknown) => {
        const code = (error as {code?: unknown} | null)?.code;
        const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
        if (current) setAnswer({key, value: {state: 'failed', error: why}});
      },
    );
    // A confirmation closed or replaced before the read ended: its answer is for nobody.
    return () => {
      current = false;
    };
  }, [key]);
  if (key === null) return {state: 'off'};
  return answer?.key === key ? answer.value : {state: 'reading'};
}

/** The preview's line about the log read, or null when there is nothing to say (read, or off). */
export function loggedOpenNote(answer: LoggedOpenRollbacks): {text: string; tone: 'muted' | 'warn'} | null {
  if (answer.state === 'reading') return {text: 'checking the action log for rollbacks started elsewhere…', tone: 'muted'};
  // Not a refusal: the log is a record, not a lock, and R must work without it.
  if (answer.state === 'failed') return {text: `the action log could not be read (${answer.error}): a rollback started elsewhere (oncall rollback, another dashboard) is not checked`, tone: 'warn'};
  return null;
}
