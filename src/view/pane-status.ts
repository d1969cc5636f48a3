/** Pane title state (error with data age, partial warnings) and collapsed summaries, from query results. */
import type {QueryObserverResult} from '@tanstack/query-core';
import type {Pane} from '../actions/action-ids.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {PaneStatus} from './components/Pane.tsx';
import type {DashboardData} from './hooks/use-dashboard-data.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';

function statusOf(result: QueryObserverResult<unknown, Error>, now: number, warnings: string[], enabled: boolean): PaneStatus {
  if (!enabled) return {error: 'no source configured', warnings: [], loading: false, ageSeconds: null};
  const age = result.dataUpdatedAt ? Math.max(0, Math.round((now - result.dataUpdatedAt) / 1000)) : null;
  // A refetch that is failing and retrying is still a failure the user should see.
  const error = result.error ?? (result.failureCount > 0 ? result.failureReason : null);
  return {error: error ? describeFailure(error) : null, warnings, loading: result.isLoading, ageSeconds: age};
}

/** The title-line state of each pane. */
export function paneStatuses(data: DashboardData, enabled: Record<Pane, boolean>): Record<Pane, PaneStatus> {
  const alertWarnings = (data.alerts.data?.outcomes ?? []).flatMap((o) => [
    ...(o.ok ? [] : [`${o.name}: ${o.error ?? 'failed'}`]),
    ...o.warnings.map((w) => `${o.name}: ${w}`),
  ]);
  return {
    slos: statusOf(data.slos, data.now, data.slos.data?.outcome.warnings ?? [], enabled.slos),
    alerts: statusOf(data.alerts, data.now, alertWarnings, enabled.alerts),
    deploys: statusOf(data.deploys, data.now, data.deploys.data?.outcome.warnings ?? [], enabled.deploys),
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
