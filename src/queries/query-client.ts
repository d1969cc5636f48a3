/**
 * The one QueryClient of a process. All polling, caching, retry and invalidation happen through it;
 * views subscribe to observers and never set timers of their own.
 */
import {QueryClient, environmentManager} from '@tanstack/query-core';

/**
 * A polling interval aimed at the next multiple of `intervalMs` on the clock. Polls of the same
 * cadence, and the clock's tick, then fire together: their answers land in one frame, and an idle
 * refresh rewrites the screen once instead of once per pane. A timer never fires early, so a
 * clock read at the tick is already in the new second; a late one re-aligns on the next tick.
 */
export function alignedInterval(intervalMs: number | false, now: () => number): false | (() => number) {
  if (intervalMs === false) return false;
  return () => intervalMs - (now() % intervalMs);
}

/** Retry a failed fetch with capped exponential backoff: 1 s, 2 s, 4 s … 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/**
 * The retry delay of a polled query: the backoff, but never longer than the poll interval. While
 * query-core waits to retry, the poll does not fire; a backoff longer than the interval would
 * keep a source that came back marked failed for up to 30 s instead of one poll.
 */
export function pollRetryDelay(intervalMs: number | false): (attempt: number) => number {
  return (attempt) => (intervalMs === false ? retryDelay(attempt) : Math.min(retryDelay(attempt), intervalMs));
}

/**
 * Creates and mounts a QueryClient for a long-running or one-shot process.
 * @param opts.retry how many times a failed fetch is retried before the query shows the error
 */
export function createQueryClient(opts: {retry?: number} = {}): QueryClient {
  // Without a `window`, query-core thinks it runs on a server: it would never poll or retry.
  environmentManager.setIsServer(() => false);
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        retry: opts.retry ?? 2,
        retryDelay,
        // A terminal has no focus or reconnect events worth refetching on; polling drives updates.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        refetchIntervalInBackground: true,
        // Keep the last good data while a refetch fails, so panes can show it with its age.
        gcTime: Infinity,
        networkMode: 'always',
      },
    },
  });
  client.mount();
  return client;
}
