/**
 * Alert severity ranking and order, worst first (grouping: `alert-groups.ts`). Severity values vary by organisation
 * (`page`, `P1`, Sloth's `sloth_severity`), so a mapping normalises them before ranking.
 */
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

/** Ascending order of two strings or two numbers (code unit order for strings, no locale). */
export function compareValues(a: string | number, b: string | number): number {
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
  return severityRank(b.severity, mapping) - severityRank(a.severity, mapping) || compareStarts(a.startsAt, b.startsAt) || compareValues(a.fingerprint, b.fingerprint);
}

/**
 * `alerts` in {@link compareAlerts} order, as a new array (the same order `sort(compareAlerts)`
 * gives, ties included). Each alert's rank is worked out once, not in each of the ~14 comparisons
 * per alert a sort of 10,000 makes (normalising the severity twice in every one).
 */
export function sortAlerts<A extends Alert>(alerts: readonly A[], mapping?: SeverityMapping): A[] {
  const ranked = alerts.map((alert) => ({alert, rank: severityRank(alert.severity, mapping)}));
  ranked.sort((a, b) => b.rank - a.rank || compareStarts(a.alert.startsAt, b.alert.startsAt) || compareValues(a.alert.fingerprint, b.alert.fingerprint));
  return ranked.map((r) => r.alert);
}
