/** Follows the runtime's clock skew (domain/clock-skew.ts) in the dashboard. */
import type {QueryClient} from '@tanstack/query-core';
import {useEffect, useRef} from 'react';
import {CLOCK_SKEW_WARN_MS} from '../../domain/clock-skew.ts';

/** At most one read of everything for a change of skew in this long: answers whose clocks disagree must not start a storm of reads. */
export const SKEW_REREAD_EVERY_MS = 60_000;

/**
 * The skew the runtime's clock adds to this machine's, read at every render (the clock ticks
 * every second). When it moves by {@link CLOCK_SKEW_WARN_MS} or more from the skew the data was
 * last read by (found in the first answers, or the machine's clock corrected later), every live
 * query reads again at once: an answer stamped by the old clock would otherwise read minutes old
 * (or marked stale) until its next poll. A smaller change waits for the polls; and at most one
 * such read a minute. Not while polling is paused or the screen shows the past.
 */
export function useClockSkew(client: QueryClient, clockSkew: (() => number) | undefined, quiet: boolean): number {
  const skew = clockSkew?.() ?? 0;
  const readBy = useRef({skew, at: Number.NEGATIVE_INFINITY});
  useEffect(() => {
    const last = readBy.current;
    if (quiet || Math.abs(skew - last.skew) < CLOCK_SKEW_WARN_MS || performance.now() - last.at < SKEW_REREAD_EVERY_MS) return;
    readBy.current = {skew, at: performance.now()};
    void client.invalidateQueries({refetchType: 'active'});
  }, [skew, quiet, client]);
  return skew;
}
