/** Subscribes the dashboard to who is on call, when a source of the context can tell. */
import type {QueryClient} from '@tanstack/query-core';
import {useEffect, useMemo, useRef} from 'react';
import {lastFailureOptions} from '../../queries/last-failure.ts';
import {oncallKey, oncallQueryOptions, oncallSources} from '../../queries/oncall-queries.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {oncallView, type OncallView} from '../rows/oncall-lines.ts';
import {useQueryObserver} from './use-query-observer.ts';

/** The on-call read of `services`, polled every `intervalMs`; null when no source knows who is on call. */
export function useOncalls(client: QueryClient, services: ContextServices, opts: {now: () => number; paused: boolean; intervalMs: number}): OncallView | null {
  const {now, paused, intervalMs} = opts;
  const options = useMemo(() => oncallQueryOptions(services, {intervalMs: paused ? false : intervalMs, now}), [services, paused, intervalMs, now]);
  const result = useQueryObserver(client, options);
  // Each failed attempt as it happens: query-core clears `error` of a query without data while
  // the next read runs, and the line would read "reading…" again for as long as it takes.
  const failureOptions = useMemo(() => lastFailureOptions(oncallKey(services.context)), [services.context]);
  const failure = useQueryObserver(client, failureOptions).data ?? null;
  // Polling again (Esc from the past, `p`): an answer older than a poll is read at once, as the
  // panes are, rather than left to age until the next tick.
  const wasPaused = useRef(paused);
  useEffect(() => {
    if (wasPaused.current && !paused) void client.refetchQueries({queryKey: options.queryKey, type: 'active', stale: true});
    wasPaused.current = paused;
  }, [client, paused, options]);
  const {data, error, dataUpdatedAt} = result;
  const asked = useMemo(() => oncallSources(services).length > 0, [services]);
  const context = services.context;
  return useMemo(() => (asked ? {...oncallView({data, error, dataUpdatedAt}, 2 * intervalMs, failure), context} : null), [asked, data, error, dataUpdatedAt, intervalMs, context, failure]);
}
