/**
 * The terminal side of `oncall rollback`: the typed confirmation (one line read with readline,
 * no Ink: a one-shot command must not take the terminal over) and following the triggered run
 * until it finishes. Ctrl-C while following stops the following only: the run is the CI
 * system's and keeps going, and the user is told where to watch it.
 */
import {createInterface} from 'node:readline';
import type {QueryClient} from '@tanstack/query-core';
import {rollbackWatchEntry, type ActionRecorder} from '../domain/action-log.ts';
import type {DeployStatus, RollbackRun} from '../domain/deploy.ts';
import {isRunFinished} from '../domain/rollback-plan.ts';
import {sanitize} from '../domain/sanitize.ts';
import {rollbackRunQueryOptions} from '../queries/rollback-queries.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {Io} from './main.ts';

/** What `oncall rollback` needs from the terminal; injectable for tests. */
export interface RollbackTerminal {
  /** Where the confirmation is read; without `isTTY` nobody can type it. */
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  /** Calls `handler` on Ctrl-C (instead of exiting) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Waits between two polls of the run. */
  sleep(ms: number): Promise<void>;
}

/** The real terminal: process stdin, SIGINT, timers. */
export const processTerminal: RollbackTerminal = {
  stdin: process.stdin,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How often a run is polled while followed (the dashboard's cadence too). */
export const FOLLOW_INTERVAL_MS = 2_000;
/** How many polls before giving up on following: 10 minutes at 2 s. */
export const FOLLOW_MAX_POLLS = 300;
/** Consecutive failed reads of the run before we stop following it. */
export const FOLLOW_MAX_FAILURES = 5;

const WORDS: Record<DeployStatus, string> = {
  queued: 'queued',
  in_progress: 'running',
  success: 'done',
  failure: 'failed',
  cancelled: 'cancelled',
  unknown: 'unknown',
};

/** The word the CLI and the dashboard's run lines use for a run status. */
export function runWord(status: DeployStatus): string {
  return WORDS[status];
}

/** Reads one line; `null` when stdin ends first (Ctrl-D). */
export function readLine(stdin: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({input: stdin, terminal: false});
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}

/** A Ctrl-C flag plus a sleep that a Ctrl-C cuts short. */
export interface Interruptible {
  interrupted(): boolean;
  /** Resolves after `ms`, or at once on Ctrl-C. */
  pause(ms: number): Promise<void>;
  /** Stops listening for Ctrl-C. */
  release(): void;
}

/** Starts listening for Ctrl-C; `onFirst` runs once, when the first one arrives. */
export function interruptible(terminal: RollbackTerminal, onFirst: () => void): Interruptible {
  let hit = false;
  let wake: (() => void) | null = null;
  const release = terminal.onInterrupt(() => {
    if (!hit) onFirst();
    hit = true;
    wake?.();
  });
  return {
    interrupted: () => hit,
    pause: (ms) =>
      hit
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = resolve;
            void terminal.sleep(ms).then(() => resolve());
          }).finally(() => {
            wake = null;
          }),
    release,
  };
}

/** How following a run ended. */
export type FollowOutcome = {kind: 'finished'; run: RollbackRun} | {kind: 'stopped'; run: RollbackRun; why: string; lostTrack: boolean};

/**
 * Polls the run with the dashboard's query options every {@link FOLLOW_INTERVAL_MS}, printing
 * each status change, until it finishes, the user presses Ctrl-C, {@link FOLLOW_MAX_POLLS} polls
 * pass, or {@link FOLLOW_MAX_FAILURES} reads in a row fail. The outcome is recorded in the
 * action log as `rollback-watch`.
 */
export async function followRun(
  client: QueryClient,
  services: ContextServices,
  first: RollbackRun,
  deps: {io: Io; stop: Interruptible; record: ActionRecorder; now: () => number},
): Promise<FollowOutcome> {
  const {io, stop} = deps;
  const options = rollbackRunQueryOptions(client, services, first, {intervalMs: FOLLOW_INTERVAL_MS});
  let run = first;
  let polls = 0;
  let failures = 0;
  let why: string | null = null;
  while (!isRunFinished(run.status)) {
    if (stop.interrupted()) why = 'stopped following (Ctrl-C)';
    else if (polls >= FOLLOW_MAX_POLLS) why = `still ${runWord(run.status)} after ${(FOLLOW_MAX_POLLS * FOLLOW_INTERVAL_MS) / 60_000}m, stopped following`;
    if (why !== null) break;
    await stop.pause(FOLLOW_INTERVAL_MS);
    if (stop.interrupted()) continue;
    polls++;
    try {
      const next = await client.fetchQuery({...options, staleTime: 0});
      failures = 0;
      if (next.status !== run.status) io.out(`  ${runWord(next.status)}\n`);
      run = next;
    } catch (error) {
      failures++;
      const message = sanitize(describeFailure(error));
      io.err(`  could not read the run (${failures}/${FOLLOW_MAX_FAILURES}): ${message}\n`);
      if (failures >= FOLLOW_MAX_FAILURES) why = `lost track of the run: ${message}`;
      if (why !== null) break;
    }
  }
  const finished = why === null;
  await deps.record(rollbackWatchEntry({at: deps.now(), context: services.context, source: services.rollbacker?.name ?? 'rollback', run, ...(why === null ? {} : {stopped: why})}));
  return finished ? {kind: 'finished', run} : {kind: 'stopped', run, why: why ?? '', lostTrack: failures >= FOLLOW_MAX_FAILURES};
}
