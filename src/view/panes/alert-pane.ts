/** The alert pane: active alerts of every alert source, deduplicated and grouped. */
import {hiddenSummary} from '../../domain/alert-states.ts';
import {AllSourcesFailed, failedHealth, pendingHealth, toHealth} from '../../queries/source-outcome.ts';
import {alertDetails} from '../rows/detail-lines.ts';
import {oncallDetails} from '../rows/oncall-lines.ts';
import type {PaneView} from './pane-view.ts';

// The summary of each alert map (a new one per alert list).
const summaries = new WeakMap<ReadonlyMap<string, unknown>, string>();

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
    // A source that never answered has `updatedAt: null`: the snapshot's time is the others'
    // answer, and given to it would show an age as if it had data.
    if (last) return last.outcomes.map((o) => toHealth(o, o.updatedAt !== undefined ? o.updatedAt : o.ok ? last.at : null, live));
    return services.alertSources.map((s) => pendingHealth(s, live.askedSince ?? null));
  },
  namesSources: true,
  total: (built) => built.alerts.size,
  summary(built, view) {
    // The past's alerts come from Prometheus' `ALERTS`, which knows nothing of silences or acks:
    // "0 silenced/acked" would claim what nobody can know of that instant.
    if (view?.past) {
      let critical = 0;
      for (const a of built.alerts.values()) if (a.severity === 'critical') critical++;
      return `${built.alerts.size} firing or pending${critical ? ` (${critical} critical)` : ''} · acks unknown in the past`;
    }
    // Counted once per alert list, not on every clock second (10,000 alerts walked each time).
    let text = summaries.get(built.alerts);
    if (text === undefined) {
      let active = 0;
      let critical = 0;
      for (const a of built.alerts.values()) {
        if (a.state === 'suppressed' || a.ack !== null) continue;
        active++;
        if (a.severity === 'critical') critical++;
      }
      text = `${active} active${critical ? ` (${critical} critical)` : ''} · ${built.alerts.size - active} silenced/acked`;
      summaries.set(built.alerts, text);
    }
    return text;
  },
  hiding: (hidden, built) => hiddenSummary(hidden, built.hiddenAlerts),
  // A group header is about the service of its alerts (the first one's, as `R` on it rolls back).
  serviceOf: (row, built) => {
    const id = row.id ?? row.group?.ids[0];
    return id === undefined ? undefined : built.alerts.get(`a:${id}`)?.labels['service'];
  },
  detail(row, {built, now, runbookTemplate, oncall}) {
    const a = built.alerts.get(row.key);
    if (!a) return null;
    const lines = alertDetails(a, now, runbookTemplate, built.suspectByService.get(a.labels['service'] ?? ''), built.kept?.get(a.fingerprint));
    return {title: 'Alert details', lines: oncall ? [...lines, ...oncallDetails(oncall, a.labels['service'], now)] : lines};
  },
  wide: {row: 1, share: 0.58},
};
