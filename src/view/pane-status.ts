/** Pane title state (error with data age, partial warnings) and collapsed summaries, from query results. */
import type {QueryObserverResult} from '@tanstack/query-core';
import type {Pane} from '../actions/action-ids.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {PaneStatus} from './components/Pane.tsx';
import type {DashboardData} from './hooks/use-dashboard-data.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';

/**
 * Why a pane has nothing to read in this context (`null`: it reads a source). Said as it is: a
 * context with a Prometheus and no SLOs has a source, it has no SLOs.
 */
export function idleReasons(services: ContextServices): Record<Pane, string | null> {
  return {
    slos: services.sloReader === null ? 'no Prometheus in this context' : services.slos.length === 0 ? 'no SLOs defined (slos: or sloFiles: in the config)' : null,
    alerts: services.alertSources.length === 0 ? 'no Alertmanager or Prometheus in this context' : null,
    deploys: services.deploySource === null ? 'no deploy history (deploys: in the config)' : null,
  };
}

function statusOf(result: QueryObserverResult<unknown, Error>, now: number, warnings: string[], idle: string | null): PaneStatus {
  // Nothing to read is not a failure: a quiet note, not an error with "no data yet".
  if (idle !== null) return {error: null, warnings: [], loading: false, ageSeconds: null, note: idle};
  const age = result.dataUpdatedAt ? Math.max(0, Math.round((now - result.dataUpdatedAt) / 1000)) : null;
  // A refetch that is failing and retrying is still a failure the user should see.
  const error = result.error ?? (result.failureCount > 0 ? result.failureReason : null);
  return {error: error ? describeFailure(error) : null, warnings, loading: result.isLoading, ageSeconds: age};
}

/** The title-line state of each pane. */
export function paneStatuses(data: DashboardData, idle: Record<Pane, string | null>): Record<Pane, PaneStatus> {
  const alertWarnings = (data.alerts.data?.outcomes ?? []).flatMap((o) => [
    ...(o.ok ? [] : [`${o.name}: ${o.error ?? 'failed'}`]),
    ...o.warnings.map((w) => `${o.name}: ${w}`),
  ]);
  return {
    slos: statusOf(data.slos, data.now, data.slos.data?.outcome.warnings ?? [], idle.slos),
    alerts: statusOf(data.alerts, data.now, alertWarnings, idle.alerts),
    deploys: statusOf(data.deploys, data.now, data.deploys.data?.outcome.warnings ?? [], idle.deploys),
  };
}

/** One-line summaries shown by collapsed panes. */
export function paneSummaries(built: DashboardTables): Record<Pane, string> {
  const statuses = [...built.reports.values()].map((r) => r.status);
  const n = (s: string) => statuses.filter((x) => x === s).length;
  const slos = [n('page') && `${n('page')} page`, n('ticket') && `${n('ticket')} ticket`, n('ok') && `${n('ok')} ok`, n('no-data') && `${n('no-data')} no data`]
    .filter(Boolean)
    .join(' · ');
  const alerts = [...built.alerts.values()];
  const active = alerts.filter((a) => a.state !== 'suppressed' && a.ack === null);
  const critical = active.filter((a) => a.severity === 'critical').length;
  const alertText = `${active.length} active${critical ? ` (${critical} critical)` : ''} · ${alerts.length - active.length} silenced/acked`;
  const deployText = `${built.deploys.length} deploys${built.suspects.size ? ` · ${built.suspects.size} suspect` : ''}`;
  return {slos: slos || 'no SLOs', alerts: alertText, deploys: deployText};
}
