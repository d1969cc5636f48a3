/**
 * Time travel: the dashboard as it was at an instant. Each context's feed reads the past from a
 * QueryClient of its own and the context's services answering as of then (`servicesAt`, the same
 * swap `status --at` makes): SLOs evaluated at the instant, the alerts `ALERTS` held then, the
 * deploys started by then. Its queries are never polled, and the live client's pane queries lose
 * their observers, so nothing of the present is read until Esc returns to live (which refetches
 * at once). The live clock keeps ticking for the banner's "ago".
 */
import {QueryObserver, type QueryClient, type QueryKey, type QueryObserverOptions} from '@tanstack/query-core';
import {useEffect, useMemo} from 'react';
import {formatAge} from '../../domain/duration.ts';
import {utcTime} from '../../domain/timeline-select.ts';
import {clockQueryOptions} from '../../queries/clock-queries.ts';
import {createQueryClient} from '../../queries/query-client.ts';
import {servicesAt} from '../../queries/status-at-queries.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useQueryObserver} from './use-query-observer.ts';

/** Where a context's panes read from now: the live client and services, or the past's. */
export interface FeedSources {
  client: QueryClient;
  services: ContextServices;
  now: () => number;
  past: boolean;
}

/**
 * The context's services as of `at` (`servicesAt`: where no history of alerts can be read, the
 * alert pane says so as a failed source), without the rollbacker.
 */
export function pastServices(services: ContextServices, at: number): ContextServices {
  // Nothing is rolled back from the past: without a rollbacker its rows offer no `(R)`.
  return {...servicesAt(services, at), rollbacker: null};
}

/** The sources of one context's panes for `pastAt` (null: live). */
export function usePastSources(client: QueryClient, services: ContextServices, pastAt: number | null, now: () => number): FeedSources {
  const past = useMemo(() => (pastAt === null ? null : {client: createQueryClient({retry: 0}), services: pastServices(services, pastAt), now: () => pastAt, past: true}), [pastAt, services]);
  useEffect(
    () => () => {
      past?.client.unmount();
      past?.client.clear();
    },
    [past],
  );
  return past ?? {client, services, now, past: false};
}

/**
 * Holds a live query of `client` while the past is shown (`past`), without fetching it: the
 * panes then observe only the past's client, and a query without observers is dropped after its
 * `gcTime` (the alerts' is short, meant for contexts left with `:ctx`). Held, Esc finds its last
 * answer, shown stale when the sources fail on return, as live does. Not held while live: the
 * panes observe it then, and leaving the context lets it go as before.
 * @param options the live query's own options, memoized by the caller (the query takes an observer's options)
 */
export function useHeldWhilePast<TData, TKey extends QueryKey>(client: QueryClient, options: QueryObserverOptions<TData, Error, TData, TData, TKey>, past: boolean): void {
  useEffect(() => {
    if (!past) return;
    const observer = new QueryObserver<TData, Error, TData, TData, TKey>(client, {...options, enabled: false});
    return observer.subscribe(() => {});
  }, [client, options, past]);
}

/** The banner text: the instant in UTC and how long ago it was (by the live clock). */
export function pastBanner(at: number, liveNow: number): string {
  return `AT ${utcTime(at, liveNow)} (${formatAge(liveNow - at)} ago)`;
}

/**
 * The live clock, the past's banner and why actions that change the present are off (null when
 * live), naming `back`, the key that returns to live as bound.
 */
export function usePastBanner(client: QueryClient, pastAt: number | null, now: () => number, back = 'Esc'): {liveNow: number; banner: string | null; pastReason: string | null} {
  const clockOpts = useMemo(() => clockQueryOptions(now), [now]);
  const liveNow = useQueryObserver(client, clockOpts).data ?? now();
  if (pastAt === null) return {liveNow, banner: null, pastReason: null};
  const banner = pastBanner(pastAt, liveNow);
  return {liveNow, banner, pastReason: `the dashboard shows the past (${banner}); ${back} returns to live`};
}
