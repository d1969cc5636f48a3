/**
 * The screen clock as a query: the header's clock and data ages tick through query-core like
 * every other timer, so no view ever sets one.
 */
import type {QueryObserverOptions} from '@tanstack/query-core';
import {alignedInterval} from './query-client.ts';

/** Query key of the clock. */
export const clockKey = ['clock'] as const;

/** Options for a query whose data is the current time, refreshed every `intervalMs`. */
export function clockQueryOptions(
  now: () => number,
  intervalMs = 1000,
): QueryObserverOptions<number, Error, number, number, typeof clockKey> {
  return {
    queryKey: clockKey,
    queryFn: () => now(),
    // Aimed at the next whole second, so the clock never skips one as timers drift.
    refetchInterval: alignedInterval(intervalMs, now),
    staleTime: 0,
    retry: false,
  };
}
