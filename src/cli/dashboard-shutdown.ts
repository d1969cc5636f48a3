/**
 * The end of the dashboard: what must be on disk before the process may go. An ack or unack
 * waiting to retry is stopped at once (against an Alertmanager that is down it would retry for
 * as long as the process runs, with no screen) and logs where it stands. One whose request is
 * in flight is given a bounded time for its answer; past it, or at a second signal, its try is
 * logged as unknown and the process goes. A rollback dispatch in flight is waited for until it
 * answers or its provider's own timeout ends it, however long: only a second signal cuts it. A process that exits without either would leave the
 * log with an attempt and no outcome.
 */
import type {QueryClient} from '@tanstack/query-core';
import {stopRetries} from '../queries/silence-retry.ts';
import type {CloseOptions} from '../sources/http/http-client.ts';

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

/** Whether a rollback dispatch is still without its answer (any context). */
function rollbackPending(client: QueryClient): boolean {
  return client.isMutating({mutationKey: ['rollback']}) > 0;
}

/**
 * Stops the acks and unacks waiting to retry, waits (within the bound, until a cut) for the
 * requests in flight (a rollback dispatch past the bound too, see below), logs what is left as unknown, and resolves once every entry is written:
 * with `true` when requests were left without their answer (see {@link closeConnections}).
 */
export async function settleActions(client: QueryClient, log: {drain(): Promise<void>}, options: SettleOptions): Promise<boolean> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  stopRetries(client);
  let cut = false;
  const cutting = (options.cut ?? new Promise<never>(() => {})).then(() => void (cut = true));
  // Counted in polls rather than read from a clock, so the bound holds with any sleep given.
  // A rollback dispatch is not held to the bound: its provider's timeout (a minute by default)
  // ends it anyway, and cutting it would destroy a request whose run may well start, logging
  // `unknown` for a rollback the provider is about to confirm. Only a second signal cuts it.
  const waiting = (waited: number) => !cut && (rollbackPending(client) || (client.isMutating() > 0 && waited < options.boundMs));
  for (let waited = 0; waiting(waited); waited += POLL_MS) {
    await Promise.race([sleep(POLL_MS), cutting]);
  }
  const left = client.isMutating() > 0;
  if (left) await options.abandon?.();
  await log.drain();
  return left;
}

/**
 * Closes the sources' connections once the log is written. With requests left without their
 * answer (the wait was cut or its bound passed) they are destroyed at once: a graceful close
 * would wait for each such request up to its timeout, holding a process asked to go now, and
 * its answer could still arrive after the log called it unknown. Otherwise they are closed
 * gracefully, unless a signal comes meanwhile (a read in flight to a slow backend): then
 * they are destroyed too.
 */
export async function closeConnections(close: (how?: CloseOptions) => Promise<void>, unanswered: boolean, cut: Promise<unknown>): Promise<void> {
  if (unanswered) return close({abort: true});
  await Promise.race([close(), cut.then(() => close({abort: true}))]);
}
