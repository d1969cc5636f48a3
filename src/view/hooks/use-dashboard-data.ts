/** Subscribes the dashboard to every query of the current context; pausing stops the polling. */
import type {QueryClient, QueryObserverResult} from '@tanstack/query-core';
import {useMemo} from 'react';
import {perPane, type Pane} from '../../actions/panes.ts';
import {mergeSourceHealth, type SourceHealth} from '../../domain/health.ts';
import type {PanelDefinition} from '../../domain/panel.ts';
import type {SloDefinition} from '../../domain/slo.ts';
import {alertKey, alertQueryOptions, type AlertSnapshot} from '../../queries/alert-queries.ts';
import {clockQueryOptions} from '../../queries/clock-queries.ts';
import {deployKey, deployQueryOptions, type DeploySnapshot} from '../../queries/deploy-queries.ts';
import {lastFailureOptions, type FailedAttempt} from '../../queries/last-failure.ts';
import {panelKey, panelQueryOptions, type PanelSnapshot} from '../../queries/panel-queries.ts';
import {sloHistoryQueryOptions, sloKey, sloQueryOptions, type SloHistory, type SloSnapshot} from '../../queries/slo-queries.ts';
import type {Liveness} from '../../queries/source-outcome.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {PANE_VIEWS} from '../panes/pane-registry.ts';
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

/** Everything the dashboard draws from. */
export interface DashboardData {
  now: number;
  slos: QueryObserverResult<SloSnapshot, Error>;
  history: QueryObserverResult<SloHistory, Error>;
  alerts: QueryObserverResult<AlertSnapshot, Error>;
  deploys: QueryObserverResult<DeploySnapshot, Error>;
  panels: QueryObserverResult<PanelSnapshot, Error>;
  /** The health of the sources behind each pane (a Prometheus serving SLOs and alerts is in both). */
  paneHealth: Record<Pane, SourceHealth[]>;
  /** One entry per source, for the header. */
  health: SourceHealth[];
  /** Every configured SLO: listed whatever its source does (unknown before any answer). */
  configuredSlos: readonly SloDefinition[];
  /** Every configured panel, likewise. */
  configuredPanels: readonly PanelDefinition[];
}

/** Query results and the latest failures behind the panes. */
export type PaneResults = Pick<DashboardData, Pane> & {failures: LastFailures};

/**
 * The health of the sources behind each pane, from the latest attempt of its query (recorded as
 * it happens, see `queries/last-failure.ts`) and the last good data: a source is ok only after
 * an answer, failed from its first failed attempt on (query-core's retries included), pending
 * before either. `live` says per pane whether failures are retried and when data turns stale.
 */
export function paneHealth(services: ContextServices, d: PaneResults, live: Record<Pane, Liveness>): Record<Pane, SourceHealth[]> {
  return perPane((p) => PANE_VIEWS[p].health(services, d, live[p]));
}

// One empty list, so a context without panels does not rebuild the panel table on every render.
const NO_PANELS: readonly PanelDefinition[] = [];

/** Subscribes to all queries of `services`. */
export function useDashboardData(
  client: QueryClient,
  services: ContextServices,
  opts: {now: () => number; paused: boolean; intervals: RefreshIntervals; ackPrefix: string},
): DashboardData {
  const {now, paused, intervals, ackPrefix} = opts;
  const every = (ms: number) => (paused ? false : ms);
  const clockOpts = useMemo(() => clockQueryOptions(now), [now]);
  const sloOpts = useMemo(() => sloQueryOptions(services, {intervalMs: every(intervals.slos), now}), [services, paused, intervals, now]);
  const historyOpts = useMemo(() => sloHistoryQueryOptions(services, {intervalMs: every(intervals.history), now}), [services, paused, intervals, now]);
  const alertOpts = useMemo(() => alertQueryOptions(services, {intervalMs: every(intervals.alerts), now, ackPrefix}), [services, paused, intervals, now, ackPrefix]);
  const deployOpts = useMemo(() => deployQueryOptions(services, {intervalMs: every(intervals.deploys), now}), [services, paused, intervals, now]);
  const panelOpts = useMemo(() => panelQueryOptions(services, {intervalMs: every(intervals.panels), now}), [services, paused, intervals, now]);
  const failureOpts = useMemo(() => {
    const keys = {slos: sloKey, alerts: alertKey, deploys: deployKey, panels: panelKey};
    return perPane((p) => lastFailureOptions(keys[p](services.context)));
  }, [services.context]);
  const clock = useQueryObserver(client, clockOpts);
  const slos = useQueryObserver(client, sloOpts);
  const history = useQueryObserver(client, historyOpts);
  const alerts = useQueryObserver(client, alertOpts);
  const deploys = useQueryObserver(client, deployOpts);
  const panels = useQueryObserver(client, panelOpts);
  const failures: LastFailures = {
    slos: useQueryObserver(client, failureOpts.slos).data ?? null,
    alerts: useQueryObserver(client, failureOpts.alerts).data ?? null,
    deploys: useQueryObserver(client, failureOpts.deploys).data ?? null,
    panels: useQueryObserver(client, failureOpts.panels).data ?? null,
  };
  // While polling, a failed source is asked again by itself; paused, only query-core's retries do.
  const live = (pane: Pane, result: QueryObserverResult<unknown, Error>): Liveness => ({
    retrying: !paused || result.fetchStatus === 'fetching',
    staleAfterMs: 2 * intervals[pane],
  });
  const results = {slos, alerts, deploys, panels};
  const byPane = paneHealth(services, {...results, failures}, perPane((p) => live(p, results[p])));
  const health = mergeSourceHealth(Object.values(byPane).flat());
  return {slos, history, alerts, deploys, panels, now: clock.data ?? now(), paneHealth: byPane, health, configuredSlos: services.slos, configuredPanels: services.panels ?? NO_PANELS};
}
