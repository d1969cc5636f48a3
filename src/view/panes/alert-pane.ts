/** The alert pane: active alerts of every alert source, deduplicated and grouped. */
import {hiddenSummary} from '../../domain/alert-states.ts';
import {AllSourcesFailed, failedHealth, pendingHealth, toHealth} from '../../queries/source-outcome.ts';
import {alertDetails} from '../rows/detail-lines.ts';
import type {PaneView} from './pane-view.ts';

/** The alert pane. */
export const alertPane: PaneView = {
  id: 'alerts',
  empty: 'no alerts firing',
  noun: 'alerts',
  idle: (services) => (services.alertSources.length === 0 ? 'no Alertmanager or Prometheus in this context' : null),
  // Several sources: one failing is a per-source outcome, not a failed query.
  health(services, d, live) {
    if (services.alertSources.length === 0) return [];
    const failure = d.failures.alerts?.error;
    const last = d.alerts.data;
    const lastGood = (name: string) => last?.outcomes.find((o) => o.name === name)?.updatedAt ?? null;
    if (failure instanceof AllSourcesFailed) return failure.outcomes.map((o) => toHealth(o, o.updatedAt ?? null, live));
    if (failure) return services.alertSources.map((s) => failedHealth(s, failure, lastGood(s.name), live));
    if (last) return last.outcomes.map((o) => toHealth(o, o.updatedAt ?? (d.alerts.dataUpdatedAt || null), live));
    return services.alertSources.map(pendingHealth);
  },
  namesSources: true,
  total: (built) => built.alerts.size,
  summary(built) {
    const alerts = [...built.alerts.values()];
    const active = alerts.filter((a) => a.state !== 'suppressed' && a.ack === null);
    const critical = active.filter((a) => a.severity === 'critical').length;
    return `${active.length} active${critical ? ` (${critical} critical)` : ''} · ${alerts.length - active.length} silenced/acked`;
  },
  hiding: (hidden, built) => hiddenSummary(hidden, built.hiddenAlerts),
  detail(row, {built, now, runbookTemplate}) {
    const a = built.alerts.get(row.key);
    return a ? {title: 'Alert details', lines: alertDetails(a, now, runbookTemplate, built.suspectByService.get(a.labels['service'] ?? ''))} : null;
  },
  wide: {row: 1, share: 0.58},
};
