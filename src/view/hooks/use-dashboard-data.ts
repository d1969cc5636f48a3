/** Subscribes the dashboard to every query of the current context; pausing stops the polling. */
import type {QueryClient, QueryKey, QueryObserverResult} from '@tanstack/query-core';
import {useMemo} from 'react';
import {perPane, type Pane} from '../../actions/panes.ts';
import {mergeSourceHealth, type SourceHealth} from '../../domain/health.ts';
import type {SloDefinition} from '../../domain/slo.ts';
import {alertKey, alertQueryOptions, type AlertSnapshot} from '../../queries/alert-queries.ts';
import {clockQueryOptions} from '../../queries/clock-queries.ts';
import {deployKey, deployQueryOptions, type DeploySnapshot} from '../../queries/deploy-queries.ts';
import {lastFailureOptions, type FailedAttempt} from '../../queries/last-failure.ts';
import {sloHistoryQueryOptions, sloKey, sloQueryOptions, type SloHistory, type SloSnapshot} from '../../queries/slo-queries.ts';
import {unreadHealth, type Liveness} from '../../queries/source-outcome.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {FEED_PANES, PANE_VIEWS} from '../panes/pane-registry.ts';
import {useQueryObserver} from './use-query-observer.ts';

/** Refresh cadences in milliseconds. */
export interface RefreshIntervals {
  slos: number;
  history: number;
  alerts: number;
  deploys: number;
  panels: number;
  /** Who is on call (default 5 minutes: it changes at handovers). */
  oncalls?: number;
}

/** The latest failed attempt of each pane's query, `null` once one succeeded. */
export type LastFailures = Record<Pane, FailedAttempt | null>;

/**
 * The query results of the panes built together here (their tables read each other, see
 * `use-dashboard-tables.ts`), typed by their snapshots.
 */
export interface CoreResults {
  slos: QueryObserverResult<SloSnapshot, Error>;
  alerts: QueryObserverResult<AlertSnapshot, Error>;
  deploys: QueryObserverResult<DeploySnapshot, Error>;
}

/** The core panes, by the ids their results are kept under. */
type CorePane = keyof CoreResults;

/**
 * The query result of every self-contained pane (an entry with a `feed`), by its id; the pane
 * reads its own typed result through `feed.result`.
 */
export type FeedResults = {[P in Exclude<Pane, CorePane>]?: QueryObserverResult<unknown, Error>};

/** Everything the dashboard draws from. */
export interface DashboardData extends CoreResults, FeedResults {
  now: number;
  history: QueryObserverResult<SloHistory, Error>;
  /** The health of the sources behind each pane (a Prometheus serving SLOs and alerts is in both). */
  paneHealth: Record<Pane, SourceHealth[]>;
  /** One entry per source, for the header. */
  health: SourceHealth[];
  /** The alert sources not read at all (in the past: all but Prometheus' `ALERTS`), for the header and the alert pane to say so. */
  unread: SourceHealth[];
  /** Every configured SLO: listed whatever its source does (unknown before any answer). */
  configuredSlos: readonly SloDefinition[];
  /** The context the data is of: self-contained panes build their tables from it and their snapshot. */
  services: ContextServices;
}

/** Query results and the latest failures behind the panes. */
export type PaneResults = CoreResults & FeedResults & {failures: LastFailures};

/**
 * The health of the sources behind each pane, from the latest attempt of its query (recorded as
 * it happens, see `queries/last-failure.ts`) and the last good data: a source is ok only after
 * an answer, failed from its first failed attempt on (query-core's retries included), pending
 * before either. `live` says per pane whether failures are retried and when data turns stale.
 */
export function paneHealth(services: ContextServices, d: PaneResults, live: Record<Pane, Liveness>): Record<Pane, SourceHealth[]> {
  return perPane((p) => PANE_VIEWS[p].health(services, d, live[p]));
}

const CORE_KEYS: Record<CorePane, (context: string) => QueryKey> = {slos: sloKey, alerts: alertKey, deploys: deployKey};
const isCore = (pane: Pane): pane is CorePane => pane in CORE_KEYS;

// A pane that is neither core nor has a feed would poll nothing: the registry test forbids it.
const feedOf = (pane: Pane) => PANE_VIEWS[pane].feed!;

/** The query key under which the failed attempts of `pane`'s query are recorded. */
function failureKey(pane: Pane, context: string): QueryKey {
  return isCore(pane) ? CORE_KEYS[pane](context) : feedOf(pane).key(context);
}

/** How often `pane` is polled in a context with these cadences. */
export function paneInterval(pane: Pane, intervals: RefreshIntervals): number {
  return isCore(pane) ? intervals[pane] : feedOf(pane).interval(intervals);
}

/** Subscribes to all queries of `services`. */
export function useDashboardData(
  client: QueryClient,
  services: ContextServices,
  opts: {now: () => number; paused: boolean; intervals: RefreshIntervals; ackPrefix: string; past?: boolean},
): DashboardData {
  const {now, paused, intervals, ackPrefix, past = false} = opts;
  const every = (ms: number) => (paused ? false : ms);
  const clockOpts = useMemo(() => clockQueryOptions(now), [now]);
  const sloOpts = useMemo(() => sloQueryOptions(services, {intervalMs: every(intervals.slos), now}), [services, paused, intervals, now]);
  const historyOpts = useMemo(() => sloHistoryQueryOptions(services, {intervalMs: every(intervals.history), now}), [services, paused, intervals, now]);
  const alertOpts = useMemo(() => alertQueryOptions(services, {intervalMs: every(intervals.alerts), now, ackPrefix}), [services, paused, intervals, now, ackPrefix]);
  const deployOpts = useMemo(() => deployQueryOptions(services, {intervalMs: every(intervals.deploys), now}), [services, paused, intervals, now]);
  const feedOpts = useMemo(() => FEED_PANES.map((p) => p.feed.query(services, {intervalMs: every(p.feed.interval(intervals)), now})), [services, paused, intervals, now]);
  const failureOpts = useMemo(() => perPane((p) => lastFailureOptions(failureKey(p, services.context))), [services.context]);
  const clock = useQueryObserver(client, clockOpts);
  const slos = useQueryObserver(client, sloOpts);
  const history = useQueryObserver(client, historyOpts);
  const alerts = useQueryObserver(client, alertOpts);
  const deploys = useQueryObserver(client, deployOpts);
  // Hooks in a loop: the registry is a module constant, so every render calls them in the same order.
  const fed: FeedResults = {};
  FEED_PANES.forEach((p, i) => (fed[p.id as Exclude<Pane, CorePane>] = useQueryObserver(client, feedOpts[i]!)));
  const failures: LastFailures = perPane((p) => useQueryObserver(client, failureOpts[p]).data ?? null);
  // While polling, a failed source is asked again by itself; paused, only query-core's retries do.
  const results: CoreResults & FeedResults = {slos, alerts, deploys, ...fed};
  // Since when these services are asked: a source with no answer yet says how long it is tried.
  // Not in the past: nothing there is asked again, and its clock stands at the instant shown,
  // so a count would read `trying 0s` for ever, as if an answer were still awaited.
  const askedSince = useMemo(() => (past ? null : now()), [services, now, past]);
  const live = (pane: Pane): Liveness => ({
    retrying: !paused || results[pane]?.fetchStatus === 'fetching',
    staleAfterMs: 2 * paneInterval(pane, intervals),
    askedSince,
  });
  const byPane = paneHealth(services, {...results, failures}, perPane(live));
  const health = mergeSourceHealth(Object.values(byPane).flat());
  const unread = useMemo(() => (services.unreadAlertSources ?? []).map(unreadHealth), [services]);
  return {...results, history, now: clock.data ?? now(), paneHealth: byPane, health, unread, configuredSlos: services.slos, services};
}
