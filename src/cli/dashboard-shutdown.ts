/**
 * The end of the dashboard: what must be on disk before the process may go. An ack or unack
 * waiting to retry is stopped at once (against an Alertmanager that is down it would retry for
 * as long as the process runs, with no screen) and logs where it stands. One whose request is
 * in flight is given a bounded time for its answer; past it, or at a second signal, its try is
 * logged as unknown and the process goes. A process that exits without either would leave the
 * log with an attempt and no outcome.
 */
import type {QueryClient} from '@tanstack/query-core';
import {stopRetries} from '../queries/silence-retry.ts';

/** How often the actions in flight are looked at while waiting for them. */
const POLL_MS = 50;
/** The longest the dashboard waits at its end for answers, whatever the timeouts configured. */
export const MAX_SETTLE_MS = 15_000;
/** The request timeout of a source configured without one (the schema's default). */
const DEFAULT_TIMEOUT_MS = 10_000;

/** How long to wait for answers at the end: the longest request timeout, at most {@link MAX_SETTLE_MS}. */
export function settleBound(timeouts: ReadonlyArray<number | undefined>): number {
  const longest = Math.max(0, ...timeouts.map((t) => t ?? DEFAULT_TIMEOUT_MS));
  return Math.min(MAX_SETTLE_MS, longest === 0 ? DEFAULT_TIMEOUT_MS : longest);
}

/** The ways the dashboard is asked to end, see {@link endRequests}. */
export interface EndRequests {
  /** Settles at the first request to end (a key, a signal, the terminal gone). */
  done: Promise<void>;
  /** Asks to end (the screen's quit, a terminal error). */
  quit: () => void;
  /** An end signal (SIGINT, SIGTERM, SIGHUP): ends, or, once ending, cuts the wait short. */
  signal: () => void;
  /** Settles at a signal that came once the dashboard was already ending. */
  cut: Promise<void>;
}

/**
 * The first request ends the screen; a signal after it (a second Ctrl-C, a SIGTERM after `q`)
 * ends the wait for answers at once: whoever sends it wants the process gone now, and a signal
 * swallowed there would leave only SIGKILL, which can cut the log's last lines.
 */
export function endRequests(): EndRequests {
  let ending = false;
  let end: () => void = () => {};
  let cutNow: () => void = () => {};
  const done = new Promise<void>((resolve) => (end = resolve));
  const cut = new Promise<void>((resolve) => (cutNow = resolve));
  const quit = () => {
    ending = true;
    end();
  };
  return {done, cut, quit, signal: () => (ending ? cutNow() : quit())};
}

/** How {@link settleActions} waits. */
export interface SettleOptions {
  /** The longest wait for requests in flight (ms), see {@link settleBound}. */
  boundMs: number;
  /** Settles when the wait must end now (a second signal). */
  cut?: Promise<unknown>;
  /** Logs the tries still without an answer as unknown; called when the wait ends with some left. */
  abandon?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Stops the acks and unacks waiting to retry, waits (within the bound, until a cut) for the
 * requests in flight, logs what is left as unknown, and resolves once every entry is written.
 */
export async function settleActions(client: QueryClient, log: {drain(): Promise<void>}, options: SettleOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  stopRetries(client);
  let cut = false;
  const cutting = (options.cut ?? new Promise<never>(() => {})).then(() => void (cut = true));
  // Counted in polls rather than read from a clock, so the bound holds with any sleep given.
  for (let waited = 0; client.isMutating() > 0 && !cut && waited < options.boundMs; waited += POLL_MS) {
    await Promise.race([sleep(POLL_MS), cutting]);
  }
  if (client.isMutating() > 0) await options.abandon?.();
  await log.drain();
}
