/**
 * The action log's open rollbacks for the rollback being confirmed, as two queries keyed by the
 * confirmation (its context and request id, new at each `R`): a rollback started by `oncall
 * rollback` in another window or by another dashboard is in no state of this one. The log read
 * is published as soon as the file is read; the provider's word on superseded runs (a network
 * request per run, seconds when it is slow) is a second query that only narrows it afterwards,
 * so no warning waits on it. A read with no answer within {@link LOG_READ_WAIT_MS} fails, so a
 * stuck file never holds a confirmation up; should it answer later, what it holds still lands.
 */
import type {QueryClient, QueryObserverOptions, QueryObserverResult} from '@tanstack/query-core';
import type {ActionLogRead} from '../domain/action-log.ts';
import {openRollbacks, supersededRollbacks, supersededRuns, type OpenRollback} from '../domain/open-rollbacks.ts';
import {rollbackAttempts} from '../domain/rollback-claim.ts';
import {countTornLines, type TornCount} from '../domain/torn-lines.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {endedRuns} from './open-run-check.ts';

/** How long the log file read may take before it is said as failed (a local file: milliseconds). */
export const LOG_READ_WAIT_MS = 2000;

/** The rollback being confirmed: where it goes, and its request id (a new one at each `R`). */
export interface OpenRollbackQuestion {
  context: string;
  service: string;
  environment: string;
  idempotencyKey: string;
}

/** What the log file holds for a question: its open rollbacks, those superseded, and the superseded runs to ask the provider about. */
export interface LogRead {
  open: OpenRollback[];
  superseded: OpenRollback[];
  /** Superseded runs with no outcome, also in `open` until their provider says they ended (`supersededRuns`). */
  runs: OpenRollback[];
  /** Lines of the log that could not be read (a write cut short), and how many may have been a recent rollback of the question's target. */
  torn: TornCount;
  /** How many attempts of a rollback of the target the log holds, in any state (`rollbackAttempts`): what Enter goes ahead over. */
  attempts: number;
}

/** Query key of the log read for a question; `['logged-open-rollbacks']` alone when nothing is confirmed. */
export const loggedOpenKey = (q: OpenRollbackQuestion | null) => (q ? (['logged-open-rollbacks', q.context, q.idempotencyKey] as const) : (['logged-open-rollbacks'] as const));

/** Query key of the provider's answer about a question's superseded runs (their ids in the key: a re-read may list others). */
export const endedRunsKey = (q: OpenRollbackQuestion | null, runs: readonly OpenRollback[]) => [...loggedOpenKey(q), 'ended', ...runs.map((r) => r.runId ?? '')] as const;

/** Why a log read failed, as said on the preview: the system's code (`EACCES`) when there is one. */
export function readFailure(error: unknown): string {
  const code = (error as {code?: unknown} | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * Options of the log read for `question` (disabled without one, or without `readActions`). Read
 * afresh at each confirmation, never retried (a local file: a failure is said, not waited on),
 * and dropped once the confirmation closes. The read is raced against {@link LOG_READ_WAIT_MS};
 * an answer after that is set on the query, so its warnings still show.
 */
export function loggedOpenQueryOptions(
  client: QueryClient,
  question: OpenRollbackQuestion | null,
  deps: {readActions: (() => Promise<ActionLogRead>) | undefined; now: () => number},
): QueryObserverOptions<LogRead, Error, LogRead, LogRead, ReturnType<typeof loggedOpenKey>> {
  const queryKey = loggedOpenKey(question);
  const read = deps.readActions;
  return {
    queryKey,
    enabled: question !== null && read !== undefined,
    retry: false,
    staleTime: 0,
    gcTime: 0,
    queryFn: () => {
      if (!question || !read) throw new Error('no action log here');
      const where = {context: question.context, service: question.service, environment: question.environment};
      const held = ({entries, torn}: ActionLogRead): LogRead => {
        const at = deps.now();
        return {open: openRollbacks(entries, where, at), superseded: supersededRollbacks(entries, where, at), runs: supersededRuns(entries, where, at), torn: countTornLines(torn, where, at), attempts: rollbackAttempts(entries, where).length};
      };
      return new Promise<LogRead>((resolve, reject) => {
        let late = false;
        // A read that never answers (a stuck file system) must not hold the confirmation up: it
        // fails like any unreadable log.
        const wait = setTimeout(() => {
          late = true;
          reject(new Error(`no answer in ${LOG_READ_WAIT_MS / 1000}s`));
        }, LOG_READ_WAIT_MS);
        read().then(
          (answer) => {
            clearTimeout(wait);
            // A check that throws on what was read fails the read at once: never left to the timer,
            // which would say the file did not answer.
            let logRead: LogRead;
            try {
              logRead = held(answer);
            } catch (error) {
              if (!late) reject(new Error(readFailure(error)));
              return;
            }
            if (!late) return resolve(logRead);
            // Answered after all: shown, if the confirmation that asked is still open.
            if (client.getQueryCache().find({queryKey, exact: true})) client.setQueryData(queryKey, logRead);
          },
          (error: unknown) => {
            clearTimeout(wait);
            if (!late) reject(new Error(readFailure(error)));
          },
        );
      });
    },
  };
}

/**
 * Options of the provider's answer about `runs` (the log read's superseded runs): the ids of
 * those the rollback provider of the question's context says ended (`endedRuns`, which never
 * rejects). Disabled with no run to ask about; `services` null (the context is gone): none ended.
 */
export function endedRunsQueryOptions(
  question: OpenRollbackQuestion | null,
  runs: readonly OpenRollback[],
  services: ContextServices | null,
): QueryObserverOptions<string[], Error, string[], string[], ReturnType<typeof endedRunsKey>> {
  return {
    queryKey: endedRunsKey(question, runs),
    enabled: question !== null && runs.length > 0,
    retry: false,
    staleTime: 0,
    gcTime: 0,
    // A provider that cannot be read leaves every run open.
    queryFn: async () => (services ? [...(await endedRuns(services, runs).catch(() => new Set<string>()))] : []),
  };
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
  | {state: 'read'; open: OpenRollback[]; superseded: OpenRollback[]; asking: OpenRollback[]; torn: TornCount; attempts: number}
  | {state: 'failed'; error: string};

/**
 * The two queries' results as one answer (`log` null: off). Superseded runs stay in `open` until
 * the provider's answer is in, and only those it says ended leave it then.
 */
export function loggedOpenRollbacks(log: QueryObserverResult<LogRead, Error> | null, ended: QueryObserverResult<string[], Error> | null): LoggedOpenRollbacks {
  if (!log) return {state: 'off'};
  if (log.data === undefined) return log.status === 'error' ? {state: 'failed', error: log.error.message} : {state: 'reading'};
  // `open` lists the superseded runs too: they leave it only on the provider's word.
  const {open, superseded, runs, torn, attempts} = log.data;
  if (runs.length === 0) return {state: 'read', open, superseded, asking: [], torn, attempts};
  if (ended?.data === undefined) return {state: 'read', open, superseded, asking: ended?.status === 'error' ? [] : runs, torn, attempts};
  const over = new Set(ended.data);
  const isOver = (o: OpenRollback) => o.runId !== null && over.has(o.runId);
  return {state: 'read', open: open.filter((o) => !isOver(o)), superseded: [...superseded, ...runs.filter(isOver)], asking: [], torn, attempts};
}
