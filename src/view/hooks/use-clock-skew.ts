/** Follows the runtime's clock skew (domain/clock-skew.ts) in the dashboard. */
import type {QueryClient} from '@tanstack/query-core';
import {useEffect, useRef} from 'react';

/**
 * The skew the runtime's clock adds to this machine's, read at every render (the clock ticks
 * every second). When it changes, found in the first answers or corrected later, every live
 * query reads again at once: an answer stamped by the old clock would otherwise read minutes old
 * (or marked stale) until its next poll. Not while polling is paused or the screen shows the past.
 */
export function useClockSkew(client: QueryClient, clockSkew: (() => number) | undefined, quiet: boolean): number {
  const skew = clockSkew?.() ?? 0;
  const seen = useRef(skew);
  useEffect(() => {
    if (skew === seen.current) return;
    seen.current = skew;
    if (!quiet) void client.invalidateQueries({refetchType: 'active'});
  }, [skew, quiet, client]);
  return skew;
}
