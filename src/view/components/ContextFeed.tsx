/**
 * One context of the dashboard's set, drawn nowhere: it runs the one-context hooks (queries at
 * the context's own cadence, tables, acks in flight, rollback runs, the ack keeper, the page bell)
 * and publishes the result to the dashboard's feed store. A component per context, so the set can
 * grow and shrink (`:ctx`) while each context keeps its hooks.
 */
import type {QueryClient} from '@tanstack/query-core';
import {memo, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore} from 'react';
import type {Pane} from '../../actions/panes.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import type {HiddenKinds} from '../../domain/alert-states.ts';
import {ackKeeperQueryOptions} from '../../queries/ack-keeper.ts';
import {createAckStateStore} from '../../queries/ack-state.ts';
import type {DashboardContext} from '../context-set.ts';
import {useDashboardData} from '../hooks/use-dashboard-data.ts';
import {useDashboardTables} from '../hooks/use-dashboard-tables.ts';
import type {FeedStore} from '../hooks/use-context-feeds.ts';
import {usePageBell} from '../hooks/use-page-bell.ts';
import {useQueryObserver} from '../hooks/use-query-observer.ts';
import {useRollbackRuns} from '../hooks/use-rollback-runs.ts';
import {usePastSources} from '../hooks/use-time-travel.ts';
import type {DashboardSettings} from '../Dashboard.tsx';

/** Props of {@link ContextFeed}. */
export interface ContextFeedProps {
  client: QueryClient;
  member: DashboardContext;
  settings: DashboardSettings;
  paused: boolean;
  /** Each pane's filter without its `ctx=` matchers (those choose contexts, not rows). */
  filters: Record<Pane, string>;
  hidden: HiddenKinds;
  record: ActionRecorder;
  writeRaw(bytes: string): void;
  store: FeedStore;
  /** The instant shown (time travel), epoch ms; null = live. */
  pastAt?: number | null;
}

function ContextFeedView({client, member, settings, paused, filters, hidden, record, writeRaw, store, pastAt = null}: ContextFeedProps) {
  const {services} = member;
  const intervals = member.intervals ?? settings.intervals;
  // In the past the panes read from the past's own client, never polled (see use-time-travel.ts).
  const from = usePastSources(client, services, pastAt, settings.now);
  const data = useDashboardData(from.client, from.services, {now: from.now, paused: paused || from.past, intervals, ackPrefix: settings.ackPrefix});
  // Each alert's ack in flight, read from query-core's MutationCache, for the ACK column.
  const ackStore = useMemo(() => createAckStateStore(client, services.context), [client, services.context]);
  const ackStates = useSyncExternalStore(ackStore.subscribe, ackStore.getSnapshot);
  usePageBell(data, services.context, from.past ? 'off' : (settings.notify ?? 'off'), writeRaw);
  const built = useDashboardTables(data, filters, settings.groupBy, settings.suspectWindowMs, services.environment, ackStates, hidden, from.past);
  const rollbackDeps = useMemo(() => ({record, now: settings.now}), [record, settings.now]);
  const rollbacks = useRollbackRuns(client, services, rollbackDeps);
  const keeperOpts = useMemo(
    () => ({
      ...ackKeeperQueryOptions(services, {record, now: settings.now, prefix: settings.ack.prefix, author: settings.ack.author}),
      enabled: settings.ack.untilResolved && !services.readOnly && services.alertSources.some((s) => s.capabilities.createSilence),
    }),
    [services, record, settings.now, settings.ack],
  );
  useQueryObserver(client, keeperOpts);
  // What a key or an action changes reaches this feed as props, an ack in flight or a rollback
  // run (dispatched, then followed): such a publish is urgent (drawn at once); one where only
  // answers or the clock moved is gathered with the rest of its poll (see DATA_GATHER_MS).
  const asked = useRef<readonly unknown[]>([]);
  // Before the paint: the dashboard's next render (synchronous, from this effect) draws it.
  useLayoutEffect(() => {
    const inputs = [member, settings, paused, filters, hidden, pastAt, ackStates, rollbacks.runs, rollbacks.failures, rollbacks.start];
    const urgent = inputs.some((x, i) => x !== asked.current[i]) || inputs.length !== asked.current.length;
    asked.current = inputs;
    store.publish({context: member, data, built, ackStates, rollbacks}, urgent);
  });
  // Left out of the set (`:ctx`): the store lets go of this context's last snapshot.
  const name = services.context;
  useEffect(() => () => store.drop(name), [store, name]);
  return null;
}

/** Renders nothing; re-renders only when its own queries or its props change. */
export const ContextFeed = memo(ContextFeedView);
