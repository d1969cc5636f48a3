/** The alert pane: active alerts of every alert source, deduplicated and grouped. */
import {hiddenSummary, NO_QUIET, quietSummary, quietWord, type QuietCounts} from '../../domain/alert-states.ts';
import {AllSourcesFailed, failedHealth, pendingHealth, toHealth} from '../../queries/source-outcome.ts';
import type {Alert} from '../../domain/alert.ts';
import {GRAFANA_RULE_UID_LABEL} from '../../domain/grafana-links.ts';
import {rulesForAlert} from '../../domain/rule-detail.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {DashboardTables} from '../hooks/use-dashboard-tables.ts';
import {alertDetails, type DetailLine} from '../rows/detail-lines.ts';
import {ruleLines, type RulesView} from '../rows/rule-lines.ts';
import {oncallDetails} from '../rows/oncall-lines.ts';
import type {PaneView} from './pane-view.ts';

// The counts of each alert map (a new one per alert list).
const counted = new WeakMap<ReadonlyMap<string, unknown>, AlertCounts>();

/**
 * `active`: the alerts needing someone (neither silenced, inhibited nor acked), `critical` the
 * critical ones among them; `quiet` the others by why they are quiet; `allCritical` every
 * critical alert, for the past, whose alerts come from Prometheus' `ALERTS`, which knows nothing
 * of silences or acks.
 */
interface AlertCounts {
  active: number;
  critical: number;
  quiet: QuietCounts;
  allCritical: number;
}

// Counted once per alert list, not on every clock second (10,000 alerts walked each time).
function countsOf(built: DashboardTables): AlertCounts {
  let counts = counted.get(built.alerts);
  if (counts === undefined) {
    counts = {active: 0, critical: 0, quiet: {...NO_QUIET}, allCritical: 0};
    for (const a of built.alerts.values()) {
      const critical = a.severity === 'critical';
      if (critical) counts.allCritical++;
      const quiet = quietWord(a);
      if (quiet !== null) {
        counts.quiet[quiet]++;
        continue;
      }
      counts.active++;
      if (critical) counts.critical++;
    }
    counted.set(built.alerts, counts);
  }
  return counts;
}

// `3 crit · ` ahead of a count: a line cut at its end keeps the critical count. '' for none.
const crit = (n: number): string => (n > 0 ? `${n} crit · ` : '');

// ` · 1 silenced · 1 inhibited` after the active count: the quiet alerts by why, none when none is.
function quietPart(quiet: QuietCounts): string {
  const said = quietSummary(quiet);
  return said === '' ? '' : ` · ${said}`;
}

// Rows whose rule is not among the context's Prometheus rules: said in one line, no rule guessed.
function noRuleReason(a: Alert): string | null {
  if (a.source !== undefined) return sanitize(`a ${a.source} incident: no alerting rule of this context's Prometheus`);
  if (a.labels[GRAFANA_RULE_UID_LABEL] !== undefined) return "a Grafana-managed alert: its rule is Grafana's, not among this context's Prometheus rules";
  return null;
}

/**
 * A group header's details when its alerts share one name: that name's rules (the alerts'
 * labels may differ, so none is marked as theirs). A group of several names has none.
 */
function groupDetail(ids: readonly string[], built: DashboardTables, rules: RulesView): {title: string; lines: DetailLine[]} | null {
  const alerts = ids.flatMap((id) => built.alerts.get(`a:${id}`) ?? []);
  const names = new Set(alerts.map((a) => a.name));
  const [name] = names;
  if (names.size !== 1 || name === undefined || alerts.some((a) => noRuleReason(a) !== null)) return null;
  return {
    title: 'Alert group details',
    lines: [
      {label: 'alertname', value: sanitize(name), tone: 'accent'},
      {label: 'alerts', value: String(alerts.length)},
      ...ruleLines(rules, name, (all) => rulesForAlert(all, name, null)),
    ],
  };
}

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
  // Sources not read (in the past, all but Prometheus' `ALERTS`): their incidents and alerts are
  // missing from the rows, said above them rather than left to read as none.
  notices: ({unread}) => (unread ? [{text: `ℹ ${unread}: incidents and alerts only they hold are not listed`, tone: 'info'}] : []),
  total: (built) => built.alerts.size,
  // A collapsed pane's line is cut at its width (a stacked terminal 40 columns wide): the critical
  // count first, as in the brief, so `3 crit · 12 ac…` still says a page is firing.
  summary(built, view) {
    // Counts of silenced or acked alerts in the past would claim what nobody can know of that instant.
    if (view?.past) {
      const unread = view.unread ? ` · ${view.unread}` : '';
      return `${crit(countsOf(built).allCritical)}${built.alerts.size} firing or pending · acks unknown in the past${unread}`;
    }
    const {active, critical, quiet} = countsOf(built);
    return `${crit(critical)}${active} active${quietPart(quiet)}`;
  },
  // The one line of a very short screen is cut at its width (20 columns in a small tmux pane):
  // the critical count first, so `+ 2 crit · 5 a…` still says a page is firing.
  brief(built, view) {
    const plural = (n: number) => (n === 1 ? 'alert' : 'alerts');
    if (view?.past) {
      const unread = view.unread ? ` · ${view.unread}` : '';
      const n = built.alerts.size;
      return `${crit(countsOf(built).allCritical)}${n} ${plural(n)} firing or pending · acks unknown in the past${unread}`;
    }
    const {active, critical, quiet} = countsOf(built);
    return `${crit(critical)}${active} active ${plural(active)}${quietPart(quiet)}`;
  },
  hiding: (hidden, built) => hiddenSummary(hidden, built.hiddenAlerts),
  // A group header is about the service of its alerts (the first one's, as `R` on it rolls back).
  serviceOf: (row, built) => {
    const id = row.id ?? row.group?.ids[0];
    return id === undefined ? undefined : built.alerts.get(`a:${id}`)?.labels['service'];
  },
  detail(row, {built, now, runbookTemplate, oncall, rules}) {
    const a = built.alerts.get(row.key);
    if (!a) return rules && row.group ? groupDetail(row.group.ids, built, rules) : null;
    const rule = rules ? ruleLines(rules, a.name, (all) => rulesForAlert(all, a.name, a.labels), noRuleReason(a)) : [];
    const lines = alertDetails(a, now, runbookTemplate, built.suspectByService.get(a.labels['service'] ?? ''), built.kept?.get(a.fingerprint), rule, built.rollbackKeys?.alerts ?? null);
    return {title: 'Alert details', lines: oncall ? [...lines, ...oncallDetails(oncall, a.labels['service'], now)] : lines};
  },
  wide: {row: 1, share: 0.58},
};
