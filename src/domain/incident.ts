/**
 * Incidents of a paging service (PagerDuty) as the dashboard understands them: a row of their
 * own in the alerts pane, and a link from the Alertmanager alerts that paged them. All strings
 * came from the backend and are sanitized where they are drawn, like alert labels. Pure.
 */

/** The status of an incident; a resolved one is no longer listed. */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** An incident as an alert row carries it (`Alert.incident`). */
export interface IncidentRef {
  /** The name of the alert source the incident was read from (config `name`, e.g. `pagerduty`). */
  source: string;
  /** The paging service's id of the incident, e.g. `PT4KHLK`; what `a` and `oncall ack` act on. */
  id: string;
  /** The incident number shown to people, e.g. 1234 (`PD #1234`). */
  number: number;
  title: string;
  status: IncidentStatus;
  /** The incident's web page (`html_url`); only http(s) is ever linked. */
  url: string | null;
  /** The paging service's service the incident is on, by name. */
  service: string;
  /** Who acknowledged it (latest first), and when the latest did (epoch ms). */
  acknowledgedBy: string[];
  acknowledgedAt: number | null;
}

/**
 * What ties an incident to the Alertmanager alerts that paged it: the label sets of the firing
 * alerts Alertmanager's PagerDuty integration wrote into the incident's alerts' details, and the
 * values of the configured link label found there (dedup keys and details).
 */
export interface IncidentLinks {
  labelSets: Array<Record<string, string>>;
  keys: string[];
  /** The configured link label (`linkLabel`) whose value is looked for among `keys`. */
  label?: string;
}

/** Severity of an incident: its priority name when it has one (`P1` … `P5`), else its urgency. */
export function incidentSeverity(priority: string | null, urgency: string, map: Readonly<Record<string, string>> = {}): string {
  if (priority !== null) {
    const own = map[priority];
    if (own !== undefined) return own;
    const level = /^P(\d)$/i.exec(priority.trim());
    if (level) return Number(level[1]) <= 2 ? 'critical' : Number(level[1]) === 3 ? 'warning' : 'info';
  }
  return urgency === 'high' ? 'critical' : 'warning';
}

/**
 * The label sets in one `firing` detail as Alertmanager's default PagerDuty template writes it
 * (`pagerduty.default.instances`): per alert a `Labels:` line, then ` - name = value` lines,
 * then `Annotations:`. Anything else yields nothing.
 */
export function firingLabelSets(text: string): Array<Record<string, string>> {
  const sets: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (line === 'Labels:') {
      current = {};
      sets.push(current);
      continue;
    }
    if (!line.startsWith(' - ')) {
      current = null;
      continue;
    }
    const pair = /^ - (.+?) = (.*)$/.exec(line);
    if (current !== null && pair) current[pair[1]!] = pair[2]!;
  }
  return sets.filter((s) => Object.hasOwn(s, 'alertname'));
}

/**
 * The links of one incident alert: label sets from the `firing` detail, and for `linkLabel` the
 * alert's dedup key and a detail of that name (string details only).
 */
export function incidentAlertLinks(details: unknown, alertKey: string | null, linkLabel: string | undefined): IncidentLinks {
  const record = details !== null && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
  const firing = Object.hasOwn(record, 'firing') && typeof record['firing'] === 'string' ? record['firing'] : '';
  const keys: string[] = [];
  if (linkLabel !== undefined) {
    if (alertKey !== null) keys.push(alertKey);
    const own = Object.hasOwn(record, linkLabel) ? record[linkLabel] : undefined;
    if (typeof own === 'string') keys.push(own);
  }
  return {labelSets: firingLabelSets(firing), keys, ...(linkLabel !== undefined ? {label: linkLabel} : {})};
}

// A private label, `__name__`-style: Grafana drops them from what it notifies (the incident's
// `firing` detail) while its Alertmanager API lists them (`__alert_rule_uid__`).
const PRIVATE_LABEL = /^__.*__$/;

// The same label set, but for the names in `ignore` and, unless `withPrivate`, private labels
// (on either side or both).
function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>, ignore: ReadonlySet<string>, withPrivate: boolean): boolean {
  const compared = (k: string) => !ignore.has(k) && (withPrivate || !PRIVATE_LABEL.test(k));
  const keys = Object.keys(a).filter(compared);
  return keys.length === Object.keys(b).filter(compared).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * How an alert's labels match an incident's links: `exact` (a label set equal with private labels
 * compared too, or the link label's value), `private-ignored` (equal only once private labels are
 * left out), or null (no match).
 */
export type IncidentMatch = 'exact' | 'private-ignored' | null;

/**
 * How an alert with `labels` matches the incident with `links` ({@link alertPagedIncident}),
 * saying whether the match needed private labels left out: two Grafana alerts that differ only
 * by `__alert_rule_uid__` both match both incidents they paged that way.
 */
export function incidentMatch(labels: Readonly<Record<string, string>>, links: IncidentLinks, ignore: readonly string[] = []): IncidentMatch {
  const linkLabel = links.label;
  if (linkLabel !== undefined && Object.hasOwn(labels, linkLabel) && links.keys.includes(labels[linkLabel]!)) return 'exact';
  const skip = new Set(ignore);
  if (links.labelSets.some((set) => sameLabels(set, labels, skip, true))) return 'exact';
  return links.labelSets.some((set) => sameLabels(set, labels, skip, false)) ? 'private-ignored' : null;
}

/**
 * True when an alert with `labels` paged the incident: its label set is one of those the
 * incident's alerts list as firing, or its `linkLabel` value is one of the incident's keys.
 * `ignore` names labels left out of the comparison: Prometheus' external labels, which it adds
 * to the alerts it sends (so the incident's sets have them) and not to its `ALERTS` history.
 * Private `__…__` labels are left out too: Grafana lists them on its alerts and drops them
 * from its notifications, so a Grafana-managed alert would never match the incident it paged.
 * Choosing among several incidents, use {@link pagedIncidentOf}.
 */
export function alertPagedIncident(labels: Readonly<Record<string, string>>, links: IncidentLinks, ignore: readonly string[] = []): boolean {
  return incidentMatch(labels, links, ignore) !== null;
}

/**
 * The incident of `candidates` an alert paged, given how it matches each (`match`): the first
 * exact match; else the only one matched once private labels are left out. Several of those and
 * which one the alert paged is unknown (two Grafana rules of one title differ only in private
 * labels): none, rather than the first, which would show and acknowledge another rule's incident
 * and leave the alert's own unlinked.
 */
export function pagedIncidentOf<T>(candidates: readonly T[], match: (candidate: T) => IncidentMatch): T | null {
  let loose: T | null = null;
  let looseCount = 0;
  for (const c of candidates) {
    const how = match(c);
    if (how === 'exact') return c;
    if (how === 'private-ignored' && looseCount++ === 0) loose = c;
  }
  return looseCount === 1 ? loose : null;
}

/** `PD #1234 acked by alice`, `PD #1234 triggered`: the incident on a linked alert's row. Unsanitized. */
export function incidentBadge(ref: IncidentRef): string {
  const who = ref.acknowledgedBy[0];
  return ref.status === 'acknowledged' ? `PD #${ref.number} acked${who ? ` by ${who}` : ''}` : `PD #${ref.number} ${ref.status}`;
}

/** An alert as far as linking goes (the domain `Alert`, kept structural to avoid an import cycle). */
interface Linkable {
  labels: Record<string, string>;
  source?: string;
  incident?: IncidentRef | null;
  incidentLinks?: IncidentLinks;
}

/**
 * The incident each alert paged, for the alerts that are not incidents themselves: the first
 * incident row (in list order) whose links match the alert's labels exactly, else the only one
 * that matches once private labels are left out ({@link pagedIncidentOf}).
 */
export function pagedIncidents<A extends Linkable>(alerts: readonly A[]): Map<A, IncidentRef> {
  const owners = alerts.filter((a) => a.source !== undefined && a.incident && a.incidentLinks);
  const out = new Map<A, IncidentRef>();
  if (owners.length === 0) return out;
  for (const alert of alerts) {
    if (alert.source !== undefined) continue;
    const owner = pagedIncidentOf(owners, (o) => incidentMatch(alert.labels, o.incidentLinks!));
    if (owner) out.set(alert, owner.incident!);
  }
  return out;
}

/** Who is on call at one escalation level of a paging service's escalation policy. */
export interface Oncall {
  /** The alert source it was read from. */
  source: string;
  user: string;
  /** 1 = first paged. */
  level: number;
  escalationPolicy: string;
  schedule: string | null;
  /** Epoch ms the shift ends; `null` = no end (a permanent on-call). */
  until: number | null;
  /** Our services (after the config's mapping) that this escalation policy pages for. */
  services: string[];
  /**
   * The context it was read in, when several were asked (`eu`, or `eu, us` for one PagerDuty
   * entry they share): another region's engineer is not the one to page.
   */
  context?: string;
}

/**
 * The on-calls for `service` (all when null), one per user and level, by level then name: what
 * the detail view, the header line and `oncall whoison` show. A person on several escalation
 * policies at one level is one entry carrying every service and policy she is on call for:
 * keeping only the first would leave the other services without that level.
 */
export function oncallsFor(oncalls: readonly Oncall[], service: string | null): Oncall[] {
  const byKey = new Map<string, Oncall>();
  for (const o of oncalls) {
    if (service !== null && !o.services.includes(service)) continue;
    // Per context too: the same person on call in two regions is two answers to "whom to page".
    const key = `${o.context ?? ''}|${o.level}|${o.user}`;
    const kept = byKey.get(key);
    if (!kept) {
      byKey.set(key, {...o, services: [...o.services]});
      continue;
    }
    const policies = kept.escalationPolicy.split(', ');
    byKey.set(key, {
      ...kept,
      escalationPolicy: policies.includes(o.escalationPolicy) ? kept.escalationPolicy : [...policies, o.escalationPolicy].join(', '),
      schedule: kept.schedule === null || o.schedule === null || kept.schedule === o.schedule ? (kept.schedule ?? o.schedule) : `${kept.schedule}, ${o.schedule}`,
      // The shift that ends first: the soonest this person stops being on call for one of them.
      until: kept.until === null ? o.until : o.until === null ? kept.until : Math.min(kept.until, o.until),
      services: [...new Set([...kept.services, ...o.services])].sort(),
    });
  }
  return [...byKey.values()].sort((a, b) => a.level - b.level || a.user.localeCompare(b.user) || (a.context ?? '').localeCompare(b.context ?? ''));
}

/** `L1 alice, L2 bob`: the on-calls in one line. Unsanitized. */
export function oncallLine(oncalls: readonly Oncall[]): string {
  const byLevel = new Map<number, string[]>();
  // A person on call in two contexts is named once on the line (the rows below say each context).
  for (const o of oncalls) {
    const users = byLevel.get(o.level) ?? [];
    if (!users.includes(o.user)) byLevel.set(o.level, [...users, o.user]);
  }
  return [...byLevel].sort(([a], [b]) => a - b).map(([level, users]) => `L${level} ${users.join(', ')}`).join(' · ');
}
