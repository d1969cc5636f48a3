/**
 * Alerts grouped by the values of the group-by labels, worst group first, kept from one alert
 * list to the next: a poll of 10,000 alerts in which a few hundred changed regroups and re-sorts
 * only the groups those touched, so the main thread is not held for a whole regroup on every
 * poll (a key pressed meanwhile would wait for it).
 */
import type {Alert} from './alert.ts';
import {compareStarts, compareValues, DEFAULT_GROUP_BY, severityRank, type SeverityMapping} from './alert-order.ts';

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

/** Groups alert lists, reusing what did not change since the list before. */
export interface AlertGrouper {
  /**
   * The groups of `alerts`, exactly as {@link groupAlerts} orders them. A group whose alerts are
   * the same objects in the same order as in the previous list is the previous group object, and
   * when no group changed the previous array itself is returned.
   */
  group(alerts: readonly Alert[]): AlertGroup[];
}

// A group with its sort keys, computed once per change instead of in every comparison.
interface Slot {
  group: AlertGroup;
  /** The alerts in list order, to tell an unchanged group in the next list. */
  arrived: Alert[];
  rank: number;
  oldest: number | null;
}

function sameMembers(a: readonly Alert[], b: readonly Alert[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A grouper for `groupBy` (`alertname` falls back to the alert's name). Alerts are taken as
 * immutable: an alert object keeps the group it was first put in.
 */
export function createAlertGrouper(groupBy: readonly string[] = DEFAULT_GROUP_BY, mapping?: SeverityMapping): AlertGrouper {
  const labelOf = (alert: Alert, name: string): string => alert.labels[name] ?? (name === 'alertname' ? alert.name : '');
  // Weak: an alert's group key goes with the alert. Equal keys share one string (the slot's).
  const keys = new WeakMap<Alert, string>();
  // Severities are few: each is normalised and ranked once.
  const ranks = new Map<string, number>();
  const rankOf = (severity: string): number => {
    let rank = ranks.get(severity);
    if (rank === undefined) ranks.set(severity, (rank = severityRank(severity, mapping)));
    return rank;
  };
  let slots = new Map<string, Slot>();
  let lastList: readonly Alert[] | null = null;
  let last: AlertGroup[] = [];

  const keyOf = (alert: Alert): string => {
    let key = keys.get(alert);
    if (key === undefined) {
      const made = groupBy.map((name) => `${name}=${JSON.stringify(labelOf(alert, name))}`).join(',');
      key = slots.get(made)?.group.key ?? made;
      keys.set(alert, key);
    }
    return key;
  };

  const slotOf = (key: string, arrived: Alert[]): Slot => {
    const first = arrived[0]!;
    const labels: Record<string, string> = {};
    for (const name of groupBy) {
      const value = labelOf(first, name);
      if (value !== '') labels[name] = value;
    }
    // Worst severity first, then oldest, then by fingerprint: the rank read once per alert.
    const sorted = arrived
      .map((alert) => ({alert, rank: rankOf(alert.severity)}))
      .sort((a, b) => b.rank - a.rank || compareStarts(a.alert.startsAt, b.alert.startsAt) || compareValues(a.alert.fingerprint, b.alert.fingerprint));
    let oldest: number | null = null;
    for (const {alert} of sorted) if (alert.startsAt !== null && (oldest === null || alert.startsAt < oldest)) oldest = alert.startsAt;
    const worst = sorted[0]!;
    const alerts = sorted.map((s) => s.alert);
    return {group: {key, labels, alerts, worstSeverity: worst.alert.severity, count: alerts.length}, arrived, rank: worst.rank, oldest};
  };

  return {
    group(alerts) {
      if (alerts === lastList) return last;
      const arriving = new Map<string, Alert[]>();
      for (const alert of alerts) {
        const key = keyOf(alert);
        const members = arriving.get(key);
        if (members === undefined) arriving.set(key, [alert]);
        else members.push(alert);
      }
      const next = new Map<string, Slot>();
      let changed = arriving.size !== slots.size;
      for (const [key, arrived] of arriving) {
        const before = slots.get(key);
        if (before !== undefined && sameMembers(before.arrived, arrived)) next.set(key, before);
        else {
          changed = true;
          next.set(key, slotOf(key, arrived));
        }
      }
      slots = next;
      lastList = alerts;
      if (!changed) return last;
      const ordered = [...next.values()].sort((a, b) => b.rank - a.rank || compareStarts(a.oldest, b.oldest) || compareValues(a.group.key, b.group.key));
      last = ordered.map((s) => s.group);
      return last;
    },
  };
}

/**
 * Groups alerts by the values of `groupBy` labels (`alertname` falls back to the alert's name).
 * Groups are ordered by worst severity, then by their oldest alert, then by key; alerts within a
 * group by {@link compareAlerts} (worst severity, oldest, fingerprint).
 */
export function groupAlerts(alerts: readonly Alert[], groupBy: readonly string[] = DEFAULT_GROUP_BY, mapping?: SeverityMapping): AlertGroup[] {
  return createAlertGrouper(groupBy, mapping).group(alerts);
}
