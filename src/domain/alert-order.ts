/**
 * Alert severity ranking and grouping, worst first. Severity values vary by organisation
 * (`page`, `P1`, Sloth's `sloth_severity`), so a mapping normalises them before ranking.
 */
import {earliest} from './alert-dedupe.ts';
import type {Alert} from './alert.ts';
import {ownValue} from './own-value.ts';

/** Raw severity → normalised severity, e.g. `{page: 'critical', ticket: 'warning'}`. */
export type SeverityMapping = Readonly<Record<string, string>>;

// Higher is worse. `error` sits between critical and warning where organisations use it;
// `none`, `unknown` and anything unmapped rank lowest.
const RANK: Readonly<Record<string, number>> = {critical: 4, error: 3, warning: 2, info: 1};

/** The default grouping: one row per alert name and service. */
export const DEFAULT_GROUP_BY: readonly string[] = ['alertname', 'service'];

/** Lower-cases a severity and applies the mapping (exact key first, then lower-cased key). */
export function normaliseSeverity(severity: string, mapping: SeverityMapping = {}): string {
  const mapped = ownValue(mapping, severity) ?? ownValue(mapping, severity.toLowerCase()) ?? severity;
  return mapped.toLowerCase();
}

/** Rank of a severity, higher = worse: critical 4 > error 3 > warning 2 > info 1 > others 0. */
export function severityRank(severity: string, mapping?: SeverityMapping): number {
  return ownValue(RANK, normaliseSeverity(severity, mapping)) ?? 0;
}

/** A group of alerts sharing the values of the group-by labels. */
export interface AlertGroup {
  /** Stable identity of the group, e.g. `alertname="HighLatency",service="api"`. */
  key: string;
  /** The group-by labels the alerts share (absent labels are left out). */
  labels: Record<string, string>;
  /** Worst severity first, then oldest first. */
  alerts: Alert[];
  /** Severity of the worst alert, as the alert carries it. */
  worstSeverity: string;
  count: number;
}

function labelOf(alert: Alert, name: string): string {
  return alert.labels[name] ?? (name === 'alertname' ? alert.name : '');
}

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first; an unknown start (null) after every known one, since it cannot be called old. */
export function compareStarts(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

/**
 * Orders alerts worst severity first, then oldest first (unknown starts last), then by
 * fingerprint for stability.
 */
export function compareAlerts(a: Alert, b: Alert, mapping?: SeverityMapping): number {
  return severityRank(b.severity, mapping) - severityRank(a.severity, mapping) || compareStarts(a.startsAt, b.startsAt) || cmp(a.fingerprint, b.fingerprint);
}

/**
 * Groups alerts by the values of `groupBy` labels (`alertname` falls back to the alert's name).
 * Groups are ordered by worst severity, then by their oldest alert, then by key; alerts within a
 * group by {@link compareAlerts}.
 */
export function groupAlerts(alerts: readonly Alert[], groupBy: readonly string[] = DEFAULT_GROUP_BY, mapping?: SeverityMapping): AlertGroup[] {
  const byKey = new Map<string, {labels: Record<string, string>; alerts: Alert[]}>();
  for (const alert of alerts) {
    const labels: Record<string, string> = {};
    for (const name of groupBy) {
      const value = labelOf(alert, name);
      if (value !== '') labels[name] = value;
    }
    const key = groupBy.map((name) => `${name}=${JSON.stringify(labelOf(alert, name))}`).join(',');
    const group = byKey.get(key) ?? {labels, alerts: []};
    group.alerts.push(alert);
    byKey.set(key, group);
  }
  const groups: Array<AlertGroup & {oldest: number | null; rank: number}> = [];
  for (const [key, g] of byKey) {
    const sorted = [...g.alerts].sort((a, b) => compareAlerts(a, b, mapping));
    const worst = sorted[0];
    if (worst === undefined) continue;
    groups.push({
      key,
      labels: g.labels,
      alerts: sorted,
      worstSeverity: worst.severity,
      count: sorted.length,
      oldest: sorted.reduce<number | null>((oldest, a) => earliest(oldest, a.startsAt), null),
      rank: severityRank(worst.severity, mapping),
    });
  }
  groups.sort((a, b) => b.rank - a.rank || compareStarts(a.oldest, b.oldest) || cmp(a.key, b.key));
  return groups.map(({key, labels, alerts: members, worstSeverity, count}) => ({key, labels, alerts: members, worstSeverity, count}));
}
