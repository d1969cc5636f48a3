/**
 * One context of the dashboard's set, drawn nowhere: it runs the one-context hooks (queries at
 * the context's own cadence, tables, acks in flight, the ack keeper's word, the page bell), reads
 * its rollback runs from their follower, and publishes the result to the dashboard's feed store.
 * A component per context, so the set can grow and shrink (`:ctx`) while each context keeps its hooks.
 */
import type {QueryClient} from '@tanstack/query-core';
import {memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore} from 'react';
import type {Pane} from '../../actions/panes.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import type {HiddenKinds} from '../../domain/alert-states.ts';
import {keeperRunText} from '../../actions/alert-ops.ts';
import type {ActionMessage} from '../../actions/action-record.ts';
import {keptAcks, type KeptAck} from '../../domain/ack-keeping.ts';
import {createAckStateStore, type AckStates} from '../../queries/ack-state.ts';
import type {AckProgress} from '../rows/alert-rows.ts';
import type {DashboardContext} from '../context-set.ts';
import {useDashboardData} from '../hooks/use-dashboard-data.ts';
import {useDashboardTables, type RollbackKeys} from '../hooks/use-dashboard-tables.ts';
import type {FeedStore} from '../hooks/use-context-feeds.ts';
import {usePageBell} from '../hooks/use-page-bell.ts';
import {useQueryObserver} from '../hooks/use-query-observer.ts';
import type {RollbackStore} from '../hooks/use-rollback-followers.ts';
import {alertQueryOptions} from '../../queries/alert-queries.ts';
import {useHeldWhilePast, usePastSources} from '../hooks/use-time-travel.ts';
import type {DashboardSettings} from '../Dashboard.tsx';
import {keeperObserverOptions} from './AckKeeper.tsx';

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
  /** The rollback runs of each context, published by their followers (`RollbackFollower`). */
  rollbackStore: RollbackStore;
  writeRaw(bytes: string): void;
  store: FeedStore;
  /** The instant shown (time travel), epoch ms; null = live. */
  pastAt?: number | null;
  /** Says a keeper run's outcome in the footer, once per run that left an ack not extended. */
  onKeeperMessage?: (context: string, message: ActionMessage) => void;
  /** The contexts whose acks in flight its rows show (itself and those sharing its alerts); its own alone when absent. */
  ackContexts?: readonly string[];
  /** The keys bound to the rollback, which its rows offer where this context can roll back (absent: none). */
  rollbackKeys?: RollbackKeys;
}

function ContextFeedView({client, member, settings, paused, filters, hidden, record, rollbackStore, writeRaw, store, pastAt = null, onKeeperMessage, ackContexts, rollbackKeys}: ContextFeedProps) {
  const {services} = member;
  const intervals = member.intervals ?? settings.intervals;
  // In the past the panes read from the past's own client, never polled (see use-time-travel.ts).
  const from = usePastSources(client, services, pastAt, settings.now);
  // The live alerts outlive a long look at the past (the SLO and deploy queries never expire);
  // `:ctx` leaving the context still lets them go, this feed going with it.
  const liveAlertOpts = useMemo(() => alertQueryOptions(services, {intervalMs: false, now: settings.now, ackPrefix: settings.ackPrefix}), [services, settings.now, settings.ackPrefix]);
  useHeldWhilePast(client, liveAlertOpts, from.past);
  const data = useDashboardData(from.client, from.services, {now: from.now, paused: paused || from.past, intervals, ackPrefix: settings.ackPrefix, past: from.past});
  // Each alert's ack in flight, read from query-core's MutationCache, for the ACK column: also
  // those sent through another context reading the same alerts (a shared set acks through a
  // writable member while its rows may be this one's). By value: the list is rebuilt per render.
  const ackKey = (ackContexts ?? [services.context]).join('\n');
  const ackStore = useMemo(() => createAckStateStore(client, ackKey.split('\n')), [client, ackKey]);
  const ackStates = useSyncExternalStore(ackStore.subscribe, ackStore.getSnapshot);
  usePageBell(data, services.context, from.past ? 'off' : (settings.notify ?? 'off'), writeRaw);
  // The keeper runs in `AckKeeper`, which outlives this feed when `:ctx` leaves a context with
  // acks to keep; the feed only reads its runs (never fetches: one keeper per context).
  const keeperOpts = useMemo(() => ({...keeperObserverOptions(services, settings, record), enabled: false}), [services, record, settings.now, settings.ack]);
  // Read, so the feed re-renders with each run: an ack it could not extend must show on its row.
  const run = useQueryObserver(client, keeperOpts).data;
  const alertList = data.alerts.data?.alerts;
  // The keeper's word on each alert's ack; in the past the rows are the past's, not the keeper's.
  const kept = useMemo(
    () => (from.past || !settings.ack.untilResolved || !run ? EMPTY_KEPT : keptAcks(run, alertList ?? [], {author: settings.ack.author, prefix: settings.ack.prefix})),
    [run, alertList, from.past, settings.ack],
  );
  // The ACK column: the dashboard's own ack or unack in flight first, else the keeper's failure.
  const progress = useMemo(() => withKeeper(ackStates, kept), [ackStates, kept]);
  const tables = useDashboardTables(data, filters, settings.groupBy, settings.suspectWindowMs, services.environment, progress, hidden, from.past, rollbackKeys);
  const built = useMemo(() => (kept.size === 0 ? tables : {...tables, kept}), [tables, kept]);
  // The runs are followed in `RollbackFollower`, which outlives this feed when `:ctx` leaves a
  // context where a rollback was started: the feed only reads them.
  const rollbackOf = useCallback(() => rollbackStore.get(services.context), [rollbackStore, services.context]);
  const rollbacks = useSyncExternalStore(rollbackStore.subscribe, rollbackOf);
  // Once per run (a run is a new object; the same run re-rendered is not said again), and not
  // before the alerts are read: a run that ends before the first alert answer would otherwise be
  // taken as said with nothing to say (its outcomes are per alert), and never said at all.
  const said = useRef<unknown>(null);
  useEffect(() => {
    if (!run || said.current === run || !onKeeperMessage || alertList === undefined) return;
    said.current = run;
    const names = new Map((alertList ?? []).map((a) => [a.fingerprint, a.name]));
    const message = keeperRunText(kept, (fp) => names.get(fp));
    if (message) onKeeperMessage(services.context, message);
  }, [run, kept, alertList, onKeeperMessage, services.context]);
  // What a key or an action changes reaches this feed as props, an ack in flight or a rollback
  // run (dispatched, then followed): such a publish is urgent (drawn at once); one where only
  // answers or the clock moved is gathered with the rest of its poll (see DATA_GATHER_MS).
  const asked = useRef<readonly unknown[]>([]);
  // Before the paint: the dashboard's next render (synchronous, from this effect) draws it.
  // A keeper run is urgent too: its footer line is flashed at once, and the row must agree with
  // it. The run, not `kept`: that is worked out again with each alert answer, which is gathered.
  useLayoutEffect(() => {
    const inputs = [member, settings, paused, filters, hidden, pastAt, ackStates, run, rollbacks.runs, rollbacks.failures, rollbacks.start];
    const urgent = inputs.some((x, i) => x !== asked.current[i]) || inputs.length !== asked.current.length;
    asked.current = inputs;
    store.publish({context: member, data, built, filters, hidden, pastAt, ackStates, rollbacks}, urgent);
  });
  // Left out of the set (`:ctx`): the store lets go of this context's last snapshot.
  const name = services.context;
  useEffect(() => () => store.drop(name), [store, name]);
  return null;
}

const EMPTY_KEPT: ReadonlyMap<string, KeptAck> = new Map();

// The progress map of the ACK column with the keeper's failed and unknown extensions added, for
// alerts without an ack or unack of the dashboard's own still going.
function withKeeper(ackStates: AckStates, kept: ReadonlyMap<string, KeptAck>): ReadonlyMap<string, AckProgress> {
  let out: Map<string, AckProgress> | null = null;
  for (const [fp, k] of kept) {
    if (k.status === 'extended') continue;
    const own = ackStates.get(fp);
    if (own && own.status !== 'done') continue;
    out ??= new Map(ackStates);
    out.set(fp, {action: 'extend', status: k.status, attempts: 0, endsAt: k.endsAt});
  }
  return out ?? ackStates;
}

/** Renders nothing; re-renders only when its own queries or its props change. */
export const ContextFeed = memo(ContextFeedView);
