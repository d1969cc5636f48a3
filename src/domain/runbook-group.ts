/**
 * The runbook of an alert group: what `o` and `y` act on when the cursor is on a group header
 * (where it lands after `2`), so the runbook is two keys away instead of three.
 */
import type {Alert} from './alert.ts';
import {runbookPathOf} from './runbook-file.ts';
import {runbookUrlOf} from './runbook.ts';

/** Which alert's runbook a group header stands for, and why that one. */
export interface GroupRunbook {
  /** The alert whose runbook is opened (its link and local file are resolved as for that alert). */
  alert: Alert;
  /**
   * `shared`: every alert of the group has this same runbook. `first-firing`: they differ (or some
   * have none), so the first firing alert with a runbook is taken (the first with one when none fires).
   */
  how: 'shared' | 'first-firing';
}

/** The runbook an alert resolves to, as one comparable key: the local file first (as `o` opens it), else the link. */
function runbookKey(alert: Alert, template: string | undefined): string | null {
  const path = runbookPathOf(alert, template);
  if (path !== null) return `file:${path}`;
  const url = runbookUrlOf(alert, template);
  return url === null ? null : `url:${url}`;
}

/**
 * The runbook for a group header over `alerts` (in the group's display order), or null when no
 * alert of the group has one.
 */
export function groupRunbook(alerts: readonly Alert[], template: string | undefined): GroupRunbook | null {
  const keyed = alerts.map((alert) => ({alert, key: runbookKey(alert, template)}));
  const withRunbook = keyed.filter((k) => k.key !== null);
  const first = withRunbook[0];
  if (!first) return null;
  if (withRunbook.length === keyed.length && withRunbook.every((k) => k.key === first.key)) return {alert: first.alert, how: 'shared'};
  const firing = withRunbook.find((k) => k.alert.state === 'firing') ?? first;
  return {alert: firing.alert, how: 'first-firing'};
}
