/** Subscribes the dashboard to every query of the current context; pausing stops the polling. */
import type {QueryClient, QueryObserverResult} from '@tanstack/query-core';
import {useMemo} from 'react';
import {mergeSourceHealth, type SourceHealth} from '../../domain/health.ts';
import {alertQueryOptions, type AlertSnapshot} from '../../queries/alert-queries.ts';
import {clockQueryOptions} from '../../queries/clock-queries.ts';
import {deployQueryOptions, type DeploySnapshot} from '../../queries/deploy-queries.ts';
import {sloHistoryQueryOptions, sloQueryOptions, type SloHistory, type SloSnapshot} from '../../queries/slo-queries.ts';
import {AllSourcesFailed, describeFailure, toHealth} from '../../queries/source-outcome.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useQueryObserver} from './use-query-observer.ts';

/** Refresh cadences in milliseconds. */
export interface RefreshIntervals {
  slos: number;
  history: number;
  alerts: number;
  deploys: number;
}

/** Everything the dashboard draws from. */
export interface DashboardData {
  now: number;
  slos: QueryObserverResult<SloSnapshot, Error>;
  history: QueryObserverResult<SloHistory, Error>;
  alerts: QueryObserverResult<AlertSnapshot, Error>;
  deploys: QueryObserverResult<DeploySnapshot, Error>;
  health: SourceHealth[];
}

function failedHealth(name: string, kind: SourceHealth['kind'], error: Error | null, updatedAt: number): SourceHealth {
  return {name, kind, ok: error === null, error: error ? describeFailure(error) : null, updatedAt: updatedAt || null, warnings: []};
}

/** The health of every source of the context, from the current query results. */
export function sourceHealth(services: ContextServices, d: Omit<DashboardData, 'health' | 'now'>): SourceHealth[] {
  const out: SourceHealth[] = [];
  if (services.sloReader) {
    const s = services.sloReader;
    const last = d.slos.data;
    out.push(
      d.slos.error || !last
        ? failedHealth(s.name, s.kind, d.slos.error, d.slos.dataUpdatedAt)
        : toHealth(last.outcome, d.slos.dataUpdatedAt),
    );
  }
  if (services.alertSources.length > 0) {
    const error = d.alerts.error;
    if (error instanceof AllSourcesFailed) out.push(...error.outcomes.map((o) => toHealth(o, d.alerts.dataUpdatedAt || null)));
    else if (d.alerts.data) out.push(...d.alerts.data.outcomes.map((o) => toHealth(o, d.alerts.dataUpdatedAt)));
    else out.push(...services.alertSources.map((s) => failedHealth(s.name, s.kind, error, 0)));
  }
  if (services.deploySource) {
    const s = services.deploySource;
    out.push(d.deploys.error || !d.deploys.data ? failedHealth(s.name, s.kind, d.deploys.error, d.deploys.dataUpdatedAt) : toHealth(d.deploys.data.outcome, d.deploys.dataUpdatedAt));
  }
  return mergeSourceHealth(out);
}

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
  const clock = useQueryObserver(client, clockOpts);
  const slos = useQueryObserver(client, sloOpts);
  const history = useQueryObserver(client, historyOpts);
  const alerts = useQueryObserver(client, alertOpts);
  const deploys = useQueryObserver(client, deployOpts);
  const base = {slos, history, alerts, deploys};
  return {...base, now: clock.data ?? now(), health: sourceHealth(services, base)};
}
