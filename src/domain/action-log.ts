/**
 * The action log: one entry per attempt and per outcome of every mutating action the user
 * triggered (ack, unack, ack extension, rollback). It is the record that makes a failed ack
 * "never lost": even when the dashboard is closed, the user can see what was tried, where, and
 * what the backend answered. Entries are written as JSON Lines by `platform/action-log.ts`.
 */
import type {RollbackRun} from './deploy.ts';
import {rollbackTargetText} from './rollback-plan.ts';
import type {TornCount, TornLine} from './torn-lines.ts';

/** Action names written to the log; other layers may add their own (`rollback-watch` …). */
export type ActionName = 'ack' | 'unack' | 'ack-extend' | 'rollback' | (string & {});

/**
 * Where an entry sits in an action's life: before the call, or its result. `unknown` is a call
 * that failed after its request may have reached the backend (a timeout, a 5xx, a reset): it
 * may have acted, so it is neither a success nor a failure (a rollback that may have started).
 */
export type ActionPhase = 'attempt' | 'success' | 'failure' | 'unknown';

/** The log as read back: its entries in order, and what can be read of the lines that are none. */
export interface ActionLogRead {
  entries: ActionLogEntry[];
  /**
   * Lines (or fragments before an entry) that are no entry, a write torn by a crash or a full
   * disk: what each still says (`readTornLine`), in log order.
   */
  torn: TornLine[];
}

/**
 * The warning for torn lines of the log (`count.unreadable` > 0) before a rollback of `target`,
 * said by `oncall rollback` and the dashboard's rollback preview alike. One that may have been a
 * recent rollback of that target leaves the check for rollbacks started elsewhere incomplete,
 * never silently "nothing open"; the others are counted, and said to be no such rollback.
 */
export function unreadableLinesWarning(count: TornCount, target: {service: string; environment: string}): string {
  const {unreadable, mayBeRollback} = count;
  const one = unreadable === 1;
  const lines = `${unreadable} line${one ? '' : 's'} of the action log could not be read (a write cut short)`;
  const notOne = `older than 2 h or legibly not a rollback of ${rollbackTargetText(target.service, target.environment)}`;
  if (mayBeRollback === unreadable) return `${lines}: what ${one ? 'it' : 'they'} held, perhaps a rollback started elsewhere, is not taken into account`;
  if (mayBeRollback === 0) return `${lines}: ${one ? 'it is' : 'each is'} ${notOne}`;
  const rest = unreadable - mayBeRollback === 1 ? 'the other is' : 'the others are each';
  return `${lines}: what ${mayBeRollback} of them held, perhaps a rollback started elsewhere, is not taken into account; ${rest} ${notOne}`;
}

/**
 * What to check before confirming a rollback of `target` over torn lines of the log, when at
 * least one of them may have been a recent rollback of it. Not "start another one": nothing
 * says a rollback is going, only that a line that may have been one cannot be read.
 */
export function unreadableLinesCheck(target: {service: string; environment: string}): string {
  return `It may have been a rollback of ${rollbackTargetText(target.service, target.environment)}: check the action log and the provider's runs, and confirm only if none is going`;
}

/** One line of the action log. Never holds a credential: only labels, ids and messages. */
export interface ActionLogEntry {
  /** ISO 8601 time of the entry. */
  at: string;
  action: ActionName;
  phase: ActionPhase;
  /** The context (environment) the action ran against. */
  context: string;
  /** What was acted on, e.g. an ack's silence matchers as `{label: value}`, or `{service, from, to}`. */
  target: Record<string, string>;
  /** The backend that was asked, e.g. an Alertmanager's configured name. */
  source?: string;
  /** 1 for the first try of this action on this source, 2 for the first retry … */
  attempt?: number;
  /** The silence the backend returned (success) or the one acted on (unack, extend). */
  silenceId?: string;
  /** The failure, as shown to the user (already sanitized and scrubbed by the adapter). */
  error?: string;
  details?: Record<string, unknown>;
}

/** What a recorder answers when the entry did not land: why (`action log … not writable (ENOSPC)`). */
export interface ActionNotLogged {
  notLogged: string;
}

/**
 * Appends one entry. Implementations never reject: a failing log must not fail the action. One
 * that knows the entry did not land says so ({@link ActionNotLogged}): a rollback must not go out
 * unseen by the next process that reads the log to decide whether one is already going.
 */
export type ActionRecorder = (entry: ActionLogEntry) => Promise<void | ActionNotLogged>;

/**
 * The `rollback-watch` entry: how following a rollback run ended, written by `oncall rollback`
 * and the dashboard alike. `success` only for a run that finished successfully; a run that failed
 * or was cancelled, or one no longer followed (`stopped` says why), is a `failure`.
 */
export function rollbackWatchEntry(input: {at: number; context: string; source: string; run: RollbackRun; stopped?: string}): ActionLogEntry {
  const {run, stopped} = input;
  const {plan} = run;
  const ok = stopped === undefined && run.status === 'success';
  return {
    at: new Date(input.at).toISOString(),
    action: 'rollback-watch',
    phase: ok ? 'success' : 'failure',
    context: input.context,
    target: {service: plan.service, environment: plan.environment, from: plan.fromVersion, to: plan.toVersion, idempotencyKey: plan.idempotencyKey},
    source: input.source,
    ...(ok ? {} : {error: stopped === undefined ? `run ${run.status}` : `${stopped}; the run keeps going`}),
    details: {runId: run.id, status: run.status, url: run.url},
  };
}

/** A recorder that keeps nothing, for callers that have no log (tests, previews). */
export const discardRecorder: ActionRecorder = async () => {};
