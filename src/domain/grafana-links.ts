/**
 * Grafana-managed alerts as the dashboard shows them. Grafana ties an alert rule to a panel with
 * the annotations `__dashboardUid__` and `__panelId__` (and the organisation in `__orgId__`), and
 * labels each alert with its rule's folder (`grafana_folder`) and uid (`__alert_rule_uid__`).
 * These are Grafana's own names, not garbage: they identify the alert exactly (an ack silences by
 * them, as Grafana's own "silence" button does) and say where it came from. Pure.
 */

/** Grafana's label holding the folder of the alert rule. */
export const GRAFANA_FOLDER_LABEL = 'grafana_folder';
/** Grafana's label holding the uid of the alert rule. */
export const GRAFANA_RULE_UID_LABEL = '__alert_rule_uid__';

const DIGITS = /^\d+$/;

/** How far before the alert's start its panel link opens: Grafana's own notifications use an hour. */
export const GRAFANA_LINK_LEAD_MS = 3_600_000;

/**
 * The link to the panel (or, without a panel id, the dashboard) an alert's rule is tied to, as
 * Grafana builds it for its own notifications (Grafana 11.6+): `<base>/d/<uid>?from=<startsAt −
 * 1h>&to=now&orgId=<org>&viewPanel=<panel>`, `from` in epoch ms, so the panel opens on the
 * alert's onset however long it has been firing. The end is Grafana's relative `now`, not an
 * instant: the link is the same from one poll and one clock second to the next (an unchanged
 * alert keeps its object and row, the details are not redrawn every second), and it opens on the
 * moment it is clicked. `null` without `__dashboardUid__`. The uid is percent-encoded and the
 * numeric ids are used only when they are digits, so an alert's text cannot steer the link off
 * the configured Grafana.
 * @param baseUrl the Grafana the alert came from, as configured (http or https, maybe a sub-path)
 * @param startsAt the alert's start (epoch ms); without it the link has no time range
 */
export function grafanaPanelUrl(annotations: Readonly<Record<string, string>>, baseUrl: string, startsAt: number | null = null): string | null {
  const uid = annotations['__dashboardUid__'];
  if (uid === undefined || uid === '') return null;
  const params = new URLSearchParams();
  const org = annotations['__orgId__'];
  const panel = annotations['__panelId__'];
  if (startsAt !== null && Number.isFinite(startsAt)) {
    params.set('from', String(Math.trunc(startsAt) - GRAFANA_LINK_LEAD_MS));
    params.set('to', 'now');
  }
  if (org !== undefined && DIGITS.test(org)) params.set('orgId', org);
  if (panel !== undefined && DIGITS.test(panel)) params.set('viewPanel', panel);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `${baseUrl.replace(/\/+$/, '')}/d/${encodeURIComponent(uid)}${query}`;
}
