/**
 * The terminal side of `oncall rollback`: the typed confirmation (one line read with readline,
 * no Ink: a one-shot command must not take the terminal over) and following the triggered run
 * until it finishes. Ctrl-C while following stops the following only: the run is the CI
 * system's and keeps going, and the user is told where to watch it. A hangup (SIGHUP: the SSH
 * session dropped, the tmux pane was killed) or SIGTERM stops it the same way, at once, with the
 * action log told that the run is no longer followed before the process exits.
 */
import {createInterface} from 'node:readline';
import type {QueryClient} from '@tanstack/query-core';
import {rollbackWatchEntry, type ActionRecorder} from '../domain/action-log.ts';
import type {DeployStatus, RollbackRun} from '../domain/deploy.ts';
import {isRunFinished} from '../domain/rollback-plan.ts';
import {sanitize} from '../domain/sanitize.ts';
import {rollbackRunQueryOptions} from '../queries/rollback-queries.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import {RateLimited, type ContextServices} from '../sources/capabilities.ts';
import {formatDuration} from '../domain/duration.ts';
import {EXIT_HANGUP, EXIT_TERMINATED} from '../domain/exit-codes.ts';
import type {Io} from './main.ts';

/**
 * A signal that ends the command rather than asking it to stop following: SIGHUP (the terminal
 * is gone) or SIGTERM (someone, a session manager or a pane closing, asked the process to end).
 */
export type EndSignal = 'SIGHUP' | 'SIGTERM';

const END_WHY: Record<EndSignal, string> = {SIGHUP: 'the terminal hung up', SIGTERM: 'asked to stop'};

/** The exit code after an end signal: 128 + its number, as a shell reports it. */
export function endSignalExitCode(signal: EndSignal): number {
  return signal === 'SIGHUP' ? EXIT_HANGUP : EXIT_TERMINATED;
}

/** What `oncall rollback` needs from the terminal; injectable for tests. */
export interface RollbackTerminal {
  /** Where the confirmation is read; without `isTTY` nobody can type it. */
  stdin: NodeJS.ReadableStream & {isTTY?: boolean};
  /** Calls `handler` on Ctrl-C (instead of exiting) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /**
   * Calls `handler` on SIGHUP or SIGTERM (instead of Node's default of dying at once, which
   * would leave the action log without the run's fate) until the returned function is called.
   */
  onEnd(handler: (signal: EndSignal) => void): () => void;
  /**
   * Waits between two polls of the run, or out a rate limit (up to the minutes of following).
   * Resolves early, its timer cleared, when `signal` aborts: a Ctrl-C or SIGHUP must not leave a
   * timer holding the process open until the wait would have ended.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real terminal: process stdin, SIGINT, SIGHUP and SIGTERM, timers. */
export const processTerminal: RollbackTerminal = {
  stdin: process.stdin,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
  onEnd(handler) {
    const hup = () => handler('SIGHUP');
    const term = () => handler('SIGTERM');
    process.on('SIGHUP', hup);
    process.on('SIGTERM', term);
    return () => {
      process.off('SIGHUP', hup);
      process.off('SIGTERM', term);
    };
  },
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted === true) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, {once: true});
    }),
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

/** A Ctrl-C flag plus a sleep that a Ctrl-C cuts short; an end signal counts as a Ctrl-C too. */
export interface Interruptible {
  interrupted(): boolean;
  /** The end signal that arrived (SIGHUP, SIGTERM), if one did: the process must go. */
  ended(): EndSignal | null;
  /** Resolves with the end signal when one arrives (never otherwise): a read in flight is not waited for. */
  whenEnded: Promise<EndSignal>;
  /** Resolves after `ms`, or at once on Ctrl-C or an end signal, cancelling the terminal's sleep. */
  pause(ms: number): Promise<void>;
  /** Stops listening for Ctrl-C and the end signals. */
  release(): void;
}

/**
 * Starts listening for Ctrl-C, SIGHUP and SIGTERM; `onFirst` runs once, when the first of them
 * arrives, with its name.
 */
export function interruptible(terminal: RollbackTerminal, onFirst: (signal: 'SIGINT' | EndSignal) => void): Interruptible {
  let hit = false;
  let end: EndSignal | null = null;
  let wake: (() => void) | null = null;
  let endNow: (signal: EndSignal) => void = () => {};
  const whenEnded = new Promise<EndSignal>((resolve) => (endNow = resolve));
  const heard = (signal: 'SIGINT' | EndSignal) => {
    if (!hit) onFirst(signal);
    hit = true;
    if (signal !== 'SIGINT' && end === null) {
      end = signal;
      endNow(signal);
    }
    wake?.();
  };
  const releaseInterrupt = terminal.onInterrupt(() => heard('SIGINT'));
  const releaseEnd = terminal.onEnd(heard);
  return {
    interrupted: () => hit,
    ended: () => end,
    whenEnded,
    pause: (ms) =>
      hit
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            // The process ends by draining its event loop: a signal cancels the sleep's timer
            // too, or a rate-limit wait would hold the process open for minutes after it.
            const cancel = new AbortController();
            wake = () => {
              cancel.abort();
              resolve();
            };
            void terminal.sleep(ms, cancel.signal).then(() => resolve());
          }).finally(() => {
            wake = null;
          }),
    release: () => {
      releaseInterrupt();
      releaseEnd();
    },
  };
}

/** What the command says when the first Ctrl-C or end signal arrives. */
export function stopNotice(signal: 'SIGINT' | EndSignal): string {
  const what = signal === 'SIGINT' ? 'Ctrl-C' : `${signal} (${END_WHY[signal]})`;
  return `\n${what}: stopping; a rollback already sent keeps going in the CI system\n`;
}

/** How following a run ended; `signal` when an end signal stopped it (the process then exits with {@link endSignalExitCode}). */
export type FollowOutcome = {kind: 'finished'; run: RollbackRun} | {kind: 'stopped'; run: RollbackRun; why: string; lostTrack: boolean; signal?: EndSignal};

/**
 * Polls the run with the dashboard's query options every {@link FOLLOW_INTERVAL_MS}, printing
 * each status change, until it finishes, the user presses Ctrl-C, an end signal arrives,
 * {@link FOLLOW_MAX_POLLS} polls pass, or {@link FOLLOW_MAX_FAILURES} reads in a row fail. The
 * outcome is recorded in the action log as `rollback-watch`. An end signal does not wait for a
 * read in flight (up to the provider's timeout): whatever sent it may not wait that long before
 * killing the process, and the log must say the run is no longer followed before that.
 */
export async function followRun(
  client: QueryClient,
  services: ContextServices,
  first: RollbackRun,
  deps: {io: Io; stop: Interruptible; record: ActionRecorder; now: () => number},
): Promise<FollowOutcome> {
  const {io, stop} = deps;
  const options = rollbackRunQueryOptions(client, services, first, {intervalMs: FOLLOW_INTERVAL_MS, now: deps.now});
  const ended = stop.whenEnded.then(() => null);
  let run = first;
  let polls = 0;
  let failures = 0;
  let rateLimited = false;
  let why: string | null = null;
  while (!isRunFinished(run.status)) {
    const signal = stop.ended();
    if (signal !== null) why = `stopped following (${signal}: ${END_WHY[signal]})`;
    else if (stop.interrupted()) why = 'stopped following (Ctrl-C)';
    else if (polls >= FOLLOW_MAX_POLLS) why = `still ${runWord(run.status)} after ${(FOLLOW_MAX_POLLS * FOLLOW_INTERVAL_MS) / 60_000}m, stopped following`;
    if (why !== null) break;
    await stop.pause(FOLLOW_INTERVAL_MS);
    if (stop.interrupted()) continue;
    polls++;
    try {
      const next = await Promise.race([client.fetchQuery({...options, staleTime: 0}), ended]);
      // An end signal came while the read was in flight: its answer no longer matters.
      if (next === null) continue;
      failures = 0;
      if (next.status !== run.status) io.out(`  ${runWord(next.status)}\n`);
      run = next;
    } catch (error) {
      if (stop.ended() !== null) continue;
      // Refused for a spent rate limit, with when to ask again: asking every 2 s into the same
      // refusal would give up on a run that is fine (and may get the token banned). Waited out,
      // not counted as a failed read, within the time following has left; beyond it, said at once.
      if (error instanceof RateLimited) {
        const message = sanitize(describeFailure(error));
        const waits = Math.max(1, Math.ceil(error.retryAfterMs / FOLLOW_INTERVAL_MS));
        if (polls + waits > FOLLOW_MAX_POLLS) {
          why = `lost track of the run: rate limited past the ${(FOLLOW_MAX_POLLS * FOLLOW_INTERVAL_MS) / 60_000}m of following (${message})`;
          rateLimited = true;
          break;
        }
        io.err(`  waiting ${formatDuration(waits * FOLLOW_INTERVAL_MS)} for the rate limit (not a failed read): ${message}\n`);
        polls += waits - 1;
        // The loop's own pause makes up the last interval of the wait.
        await stop.pause((waits - 1) * FOLLOW_INTERVAL_MS);
        continue;
      }
      failures++;
      const message = sanitize(describeFailure(error));
      io.err(`  could not read the run (${failures}/${FOLLOW_MAX_FAILURES}): ${message}\n`);
      if (failures >= FOLLOW_MAX_FAILURES) why = `lost track of the run: ${message}`;
      if (why !== null) break;
    }
  }
  const finished = why === null;
  await deps.record(rollbackWatchEntry({at: deps.now(), context: services.context, source: services.rollbacker?.name ?? 'rollback', run, ...(why === null ? {} : {stopped: why})}));
  if (finished) return {kind: 'finished', run};
  const signal = stop.ended();
  return {kind: 'stopped', run, why: why ?? '', lostTrack: failures >= FOLLOW_MAX_FAILURES || rateLimited, ...(signal === null ? {} : {signal})};
}
