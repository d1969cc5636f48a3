/**
 * PagerDuty as an alert source (REST API v2): the triggered and acknowledged incidents of the
 * configured services or teams become alert rows of their own (`source: pagerduty`), carrying
 * the incident (number, status, who acknowledged and when, `html_url`) and what links them to
 * the Alertmanager alerts that paged them. `a` acknowledges, `:resolve` resolves, both as the
 * configured user (`From:`); `/oncalls` tells who is on call for the services in view.
 */
import {z} from 'zod';
import type {Alert} from '../../domain/alert.ts';
import {incidentAlertLinks, incidentSeverity, type IncidentLinks, type IncidentRef, type Oncall} from '../../domain/incident.ts';
import type {OpenedIncident} from '../../domain/handover-incidents.ts';
import {IncidentUpdateMayHaveLanded, SourceFailure, type AlertLister, type IncidentAcker, type IncidentHistoryLister, type IncidentReader, type IncidentResolver, type OncallLister} from '../capabilities.ts';
import type {ProviderDeps, ProviderSecrets} from '../ci/ci-http.ts';
import {decodeWire} from '../http/decode.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {incidentAlert} from './incident-row.ts';
import {createLinkReads} from './link-reads.ts';
import {createPagerdutyClient} from './pagerduty-client.ts';
import {boundedFrom, listOpenedBetween, MAX_READ_MS} from './ranged-incidents.ts';
import {incidentAlertListSchema, incidentSchema, incidentUpdateSchema, oncallListSchema, serviceListSchema, wireTime, type WireIncident} from './pagerduty-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `alertSources:` entry of kind `pagerduty`, as the source reads it. */
export interface PagerdutySourceConfig {
  kind: 'pagerduty';
  /** The source's name in `seenBy`, the header and the action log. */
  name: string;
  apiUrl: string;
  /** The e-mail of the PagerDuty user writes are made as (`From:`). */
  from: string;
  /** PagerDuty service ids whose incidents are listed; with `teamIds`, either may be empty (not both). */
  serviceIds: string[];
  teamIds: string[];
  /** PagerDuty service (id or name) → our service name, as SLOs and alert labels call it. */
  services: Record<string, string>;
  /** An alert label whose value is an incident alert's dedup key or detail of the same name. */
  linkLabel?: string;
  /** Priority name → severity, over the built-in P1–P5 reading. */
  severities?: Record<string, string>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** Everything a PagerDuty source does, plus `close()`. */
export type PagerdutySource = AlertLister & IncidentAcker & IncidentResolver & IncidentReader & OncallLister & IncidentHistoryLister & {close(how?: CloseOptions): Promise<void>};

export {incidentFingerprint} from './incident-row.ts';

// Only the status is needed of an incident read back after a write.
const incidentStatusSchema = z.object({incident: z.object({status: z.enum(['triggered', 'acknowledged', 'resolved'])})});
/** How many of a range's incidents (the newest) have their alerts read to link them to the alerts that paged them. */
const LINKED_INCIDENTS = 50;
/**
 * How long a poll waits for the incidents' alerts (their links) once the incidents are listed.
 * Well inside the poll's wait for the source (12 s): the rows are what matter, and a link read
 * still running goes on and is cached for the next poll. A one-shot read waits for all of them.
 */
export const LINK_WAIT_MS = 6_000;

/** Creates the PagerDuty source of a context. */
export function createPagerdutySource(config: PagerdutySourceConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): PagerdutySource {
  const client = createPagerdutyClient(config, secrets, deps);
  const name = config.name;
  const scope = {'service_ids[]': config.serviceIds.length > 0 ? config.serviceIds : undefined, 'team_ids[]': config.teamIds.length > 0 ? config.teamIds : undefined};
  // An incident's alerts change rarely: read again only when its alert count or update time does.
  const linksOf = new Map<string, {key: string; links: IncidentLinks}>();
  // The row of an unchanged incident stays the identical object, so an unchanged list rebuilds nothing.
  const rows = new Map<string, {key: string; alert: Alert}>();
  // Our service → the escalation policies of its open incidents, as last listed (replaced by each
  // list, never added to). A stand-in only for a service whose own policy `/services` did not
  // give: an incident may have been reassigned to another team's policy, whose people are not
  // on call for the service.
  let incidentPolicies = new Map<string, Set<string>>();

  const ourService = (id: string, summary: string | null | undefined) => config.services[id] ?? (summary ? config.services[summary] : undefined) ?? summary ?? id;

  const linkReads = createLinkReads<IncidentLinks>();
  // An incident whose alerts could not be read (yet): the identical object, so its row stays the same.
  const noLinks: IncidentLinks = {labelSets: [], keys: [], ...(config.linkLabel !== undefined ? {label: config.linkLabel} : {})};
  const linksKey = (incident: WireIncident) => `${incident.alert_counts?.all ?? '?'}|${incident.updated_at ?? ''}`;

  async function readLinks(incident: WireIncident, key: string): Promise<IncidentLinks> {
    const path = `/incidents/${encodeURIComponent(incident.id)}/alerts`;
    const {items} = await client.list(path, {}, 'alerts');
    const alerts = decodeWire(incidentAlertListSchema.shape.alerts, items, `${name} GET ${path}`);
    const found = alerts.map((a) => incidentAlertLinks(a.body?.details, a.alert_key ?? null, config.linkLabel));
    const merged: IncidentLinks = {labelSets: found.flatMap((l) => l.labelSets), keys: found.flatMap((l) => l.keys), ...(config.linkLabel !== undefined ? {label: config.linkLabel} : {})};
    linksOf.set(incident.id, {key, links: merged});
    return merged;
  }

  /**
   * The links of each incident (`undefined`: not read), read a few at a time, waiting `waitMs`
   * at most, with a warning that says how many incidents are shown without theirs, and why.
   */
  async function linksOfAll(incidents: readonly WireIncident[], waitMs: number): Promise<{links: Array<IncidentLinks | undefined>; warnings: string[]}> {
    const links: Array<IncidentLinks | undefined> = incidents.map((incident) => {
      const known = linksOf.get(incident.id);
      return known && known.key === linksKey(incident) ? known.links : undefined;
    });
    const unread = incidents.flatMap((incident, n) => (links[n] === undefined ? [n] : []));
    if (unread.length === 0) return {links, warnings: []};
    const results = await linkReads.settle(
      unread.map((n) => {
        const incident = incidents[n]!;
        const key = linksKey(incident);
        return {key: `${incident.id}|${key}`, read: () => readLinks(incident, key)};
      }),
      waitMs,
    );
    let failed = 0;
    let waiting = 0;
    let firstError: unknown;
    results.forEach((result, i) => {
      if (result.state === 'read') links[unread[i]!] = result.value;
      else if (result.state === 'waiting') waiting++;
      else if (failed++ === 0) firstError = result.error;
    });
    const some = (n: number) => `${n} incident${n === 1 ? '' : 's'}`;
    const warnings = [
      ...(failed > 0 ? [sanitize(`${name}: the alerts behind ${some(failed)} could not be read (${firstError instanceof Error ? firstError.message : String(firstError)}); shown without the alerts that paged them`)] : []),
      ...(waiting > 0 ? [`${name}: the alerts behind ${some(waiting)} are still being read; shown without the alerts that paged them until the next refresh`] : []),
    ];
    return {links, warnings};
  }

  function row(incident: WireIncident, incidentLinks: IncidentLinks): Alert {
    const key = JSON.stringify(incident);
    const known = rows.get(incident.id);
    if (known && known.key === key && known.alert.incidentLinks === incidentLinks) return known.alert;
    const acks = [...(incident.acknowledgements ?? [])].sort((a, b) => (wireTime(b.at) ?? 0) - (wireTime(a.at) ?? 0));
    const acknowledgedBy = [...new Set(acks.map((a) => a.acknowledger.summary ?? a.acknowledger.id ?? '?'))];
    const service = ourService(incident.service.id, incident.service.summary);
    const title = incident.title ?? incident.summary ?? `incident #${incident.incident_number}`;
    const priority = incident.priority?.summary ?? incident.priority?.name ?? null;
    const ref: IncidentRef = {
      source: name,
      id: incident.id,
      number: incident.incident_number,
      title,
      status: incident.status,
      url: incident.html_url ?? null,
      service: incident.service.summary ?? incident.service.id,
      acknowledgedBy,
      acknowledgedAt: wireTime(acks[0]?.at),
    };
    const unack = wireTime(incident.pending_actions?.find((p) => p.type === 'unacknowledge')?.at);
    const severity = incidentSeverity(priority, incident.urgency ?? 'high', config.severities);
    const alert = incidentAlert({ref, service, severity, urgency: incident.urgency ?? 'high', priority, createdAt: wireTime(incident.created_at), links: incidentLinks, ackUntil: unack});
    rows.set(incident.id, {key, alert});
    return alert;
  }

  // An incident of the shift as the handover reads it, with the links of the alerts behind it
  // when read. Only the acks made by `to` (or at a time not said): one made after the shift
  // ended was not made in it.
  function opened(incident: WireIncident, incidentLinks: IncidentLinks | undefined, to: number): OpenedIncident | null {
    const createdAt = wireTime(incident.created_at);
    if (createdAt === null) return null;
    const acks = [...(incident.acknowledgements ?? [])].filter((a) => (wireTime(a.at) ?? -Infinity) <= to).sort((a, b) => (wireTime(b.at) ?? 0) - (wireTime(a.at) ?? 0));
    const priority = incident.priority?.summary ?? incident.priority?.name ?? null;
    return {
      source: name,
      number: incident.incident_number,
      title: incident.title ?? incident.summary ?? `incident #${incident.incident_number}`,
      service: ourService(incident.service.id, incident.service.summary),
      severity: incidentSeverity(priority, incident.urgency ?? 'high', config.severities),
      status: incident.status,
      createdAt,
      resolvedAt: resolvedTime(incident),
      acknowledgedBy: [...new Set(acks.map((a) => a.acknowledger.summary ?? a.acknowledger.id ?? '?'))],
      ...(incidentLinks === undefined ? {} : {links: incidentLinks}),
    };
  }

  async function update(id: string, status: 'acknowledged' | 'resolved'): Promise<void> {
    const path = `/incidents/${encodeURIComponent(id)}`;
    const body = await client.put(path, {incident: {type: 'incident_reference', status}});
    try {
      decodeWire(incidentUpdateSchema, body, `${name} PUT ${path}`);
    } catch (error) {
      // PagerDuty accepted the write (2xx) and its answer could not be read: it may be done.
      throw error instanceof SourceFailure ? new IncidentUpdateMayHaveLanded(error.kind, error.message) : error;
    }
  }

  return {
    async listAlerts(read) {
      // Every opening time: without `date_range=all` PagerDuty lists only the incidents opened in
      // the last month, and one open longer (acknowledged, slow-burning) would vanish from view.
      const {items, cut} = await client.list('/incidents', {'statuses[]': ['triggered', 'acknowledged'], date_range: 'all', ...scope}, 'incidents');
      const incidents = decodeWire(z.array(incidentSchema), items, `${name} GET /incidents`);
      const byService = new Map<string, Set<string>>();
      for (const incident of incidents) {
        const policy = incident.escalation_policy?.id;
        const service = ourService(incident.service.id, incident.service.summary);
        if (policy !== undefined) byService.set(service, (byService.get(service) ?? new Set()).add(policy));
      }
      incidentPolicies = byService;
      // A one-shot command has time for every incident's links; a poll shows the rows first.
      const linked = await linksOfAll(incidents, read?.once === true ? Number.POSITIVE_INFINITY : LINK_WAIT_MS);
      const alerts = incidents.map((incident, n) => row(incident, linked.links[n] ?? noLinks));
      const listed = new Set(incidents.map((i) => i.id));
      for (const id of [...rows.keys()]) if (!listed.has(id)) rows.delete(id);
      // Links too: a read still running when its incident was resolved lands after that incident left.
      for (const id of [...linksOf.keys()]) if (!listed.has(id)) linksOf.delete(id);
      const warnings = [...(cut ? [cutSaid(name, cut, items.length, 'open incidents', `showing the first ${items.length}`, 'the list shown may be incomplete')] : []), ...linked.warnings];
      return {value: alerts, warnings, ...(linked.warnings.length > 0 ? {partial: linked.warnings} : {})};
    },

    async listIncidentsBetween(asked, to) {
      // PagerDuty bounds `since`–`until` by when an incident was opened: one opened before the
      // shift and open at its end (the one most worth handing over), or resolved during it, is not
      // in that list. Two more reads find those: the incidents open now (every opening time,
      // `date_range=all`), and the resolved ones, newest resolution first, read down to `from`:
      // one resolved in the shift was open at its start, and for a shift in the past one resolved
      // after `to` was open at its end. PagerDuty filters by no resolution time, so that read is
      // bounded by the client's cut alone, said when it comes.
      // A range reaching back further than a few windows is read over its last part only (each
      // window is a request): one opened before that part and open in it is still found by the
      // reads of what is open or resolved since; one opened and resolved before it is not, a gap.
      const from = boundedFrom(asked, to);
      const isoFrom = new Date(from).toISOString();
      // PagerDuty refuses a `since`–`until` longer than 6 months: a longer range is read in windows.
      const ranged = listOpenedBetween(client, from, to, scope);
      const openNow = client.list('/incidents', {'statuses[]': ['triggered', 'acknowledged'], date_range: 'all', ...scope}, 'incidents');
      const lastResolvedBefore = (items: readonly unknown[]) => {
        const last = items.at(-1) as {resolved_at?: unknown; last_status_change_at?: unknown} | undefined;
        const at = wireTime(typeof last?.resolved_at === 'string' ? last.resolved_at : undefined) ?? wireTime(typeof last?.last_status_change_at === 'string' ? last.last_status_change_at : undefined);
        return at !== null && at < from;
      };
      const resolvedSince = client.list('/incidents', {'statuses[]': ['resolved'], date_range: 'all', sort_by: 'resolved_at:desc', ...scope}, 'incidents', lastResolvedBefore);
      const [inRange, open, resolved] = await Promise.all([ranged, openNow, resolvedSince]);
      const incidents = decodeWire(z.array(incidentSchema), inRange.items, `${name} GET /incidents`);
      const listed = new Set(incidents.map((i) => i.id));
      const before = (i: WireIncident) => (wireTime(i.created_at) ?? -Infinity) < from;
      const older = decodeWire(z.array(incidentSchema), open.items, `${name} GET /incidents`).filter((i) => !listed.has(i.id) && before(i));
      for (const i of older) listed.add(i.id);
      const after = resolvedFrom(decodeWire(z.array(incidentSchema), resolved.items, `${name} GET /incidents`), from);
      // Opened before the range and resolved in it or after it: open at its start.
      const openAtStart = after.incidents.filter((i) => !listed.has(i.id) && before(i));
      const undated = after.undated.filter((i) => !listed.has(i.id) && before(i)).length;
      // The alerts behind each incident tell which Prometheus alert paged it, so the handover lists
      // the two once. A request per incident (cached while it does not change), for the newest
      // few: past them, or when a read fails, the alert and its incident are listed apart.
      const both = [...incidents, ...older, ...openAtStart];
      const linked = new Set([...both].sort((a, b) => (wireTime(b.created_at) ?? 0) - (wireTime(a.created_at) ?? 0)).slice(0, LINKED_INCIDENTS).map((i) => i.id));
      const toLink = both.filter((i) => linked.has(i.id));
      const {links: linksRead} = await linksOfAll(toLink, Number.POSITIVE_INFINITY);
      const linksById = new Map(toLink.map((i, n) => [i.id, linksRead[n]]));
      const value = both.map((i) => opened(i, linksById.get(i.id), to));
      const unreadable = value.filter((i) => i === null).length;
      const some = (n: number) => `${n} incident${n === 1 ? '' : 's'}`;
      const warnings = [
        ...(from > asked ? [`${name}: incidents opened and resolved before ${isoFrom} not read (a range is read from PagerDuty ${MAX_READ_MS / 86_400_000} days back from its end at most)`] : []),
        // A window stopped by an empty page does not stop the newer ones: the count read is the
        // range's, so the warning names no number for the window.
        ...(inRange.cut === 'cap' ? [cutSaid(name, 'cap', inRange.items.length, 'incidents opened in the range', `only the first ${inRange.items.length} read`, '')] : []),
        ...(inRange.cut === 'empty-page' ? [`${name}: the server said more incidents opened in the range follow but sent none (a window of the range stopped early; the windows after it were read); the list may be incomplete`] : []),
        ...(open.cut ? [cutSaid(name, open.cut, open.items.length, 'open incidents', `only the first ${open.items.length} read`, 'the open incidents may be incomplete')] : []),
        ...(resolved.cut ? [cutSaid(name, resolved.cut, resolved.items.length, `incidents resolved since ${isoFrom}`, 'one opened before the range and resolved in it or open at its end may be missing', 'one opened before the range and resolved in it or open at its end may be missing')] : []),
        ...(after.unsorted ? [`${name}: the resolved incidents did not come newest resolution first, so which incidents opened before the range were resolved in it or open at its end is unknown`] : []),
        ...(undated > 0 ? [`${name}: ${some(undated)} opened before the range resolved at a time PagerDuty does not say, so whether ${undated === 1 ? 'it was' : 'they were'} resolved in the range is unknown`] : []),
        ...(unreadable > 0 ? [`${name}: ${some(unreadable)} without a readable opening time left out`] : []),
      ];
      return {value: value.filter((i): i is OpenedIncident => i !== null), warnings};
    },

    acknowledgeIncident: (id) => update(id, 'acknowledged'),
    resolveIncident: (id) => update(id, 'resolved'),

    async readIncidentStatus(id) {
      const path = `/incidents/${encodeURIComponent(id)}`;
      // An action's own read (before an acknowledge is sent, or settling a write whose answer was
      // lost): it waits behind no poll, and waits out a short rate limit as the write does.
      const body = await client.get(path, {}, true);
      return decodeWire(incidentStatusSchema, body, `${name} GET ${path}`).incident.status;
    },

    async listOncalls() {
      // Escalation policy id → our services it pages for, built afresh by each read: a service
      // whose policy was changed drops the old one at once.
      const policies = new Map<string, Set<string>>();
      const notePolicy = (policyId: string | undefined, service: string) => {
        if (policyId !== undefined) policies.set(policyId, (policies.get(policyId) ?? new Set()).add(service));
      };
      // Our services whose own policy `/services` gave.
      const read = new Set<string>();
      const warnings: string[] = [];
      // Our services whose escalation policy could not be learnt: their on-call is unknown, never "nobody".
      const unknownServices: string[] = [];
      // A list read in part: a service without an on-call here may have one past the cut.
      let incomplete = false;
      // The configured services' own escalation policies.
      if (config.serviceIds.length > 0 || config.teamIds.length > 0) {
        const {items, cut} = await client.list('/services', config.teamIds.length > 0 ? {'team_ids[]': config.teamIds} : {}, 'services');
        const services = decodeWire(serviceListSchema.shape.services, items, `${name} GET /services`);
        const listed = new Set<string>();
        for (const s of services) {
          listed.add(s.id);
          if (config.serviceIds.length > 0 && !config.serviceIds.includes(s.id)) continue;
          const ours = ourService(s.id, s.name ?? s.summary);
          if (s.escalation_policy?.id !== undefined) read.add(ours);
          notePolicy(s.escalation_policy?.id, ours);
        }
        // A service whose own policy was not read (not listed, past a cut): the policies of its
        // open incidents stand in, for this read only.
        for (const [service, ids] of incidentPolicies) if (!read.has(service)) for (const id of ids) notePolicy(id, service);
        // Scoped by team alone, any service of the teams may be past the cut; configured ids
        // past it are said one by one below.
        if (cut && config.serviceIds.length === 0) {
          incomplete = true;
          warnings.push(cutSaid(name, cut, services.length, 'services in the configured teams', `the on-call of those past the first ${services.length} is unknown`, 'the on-call of those not read is unknown'));
        }
        const known = new Set([...policies.values()].flatMap((set) => [...set]));
        for (const id of config.serviceIds) {
          const ours = ourService(id, null);
          // An open incident of the service told a policy for it.
          if (listed.has(id) || known.has(ours)) continue;
          unknownServices.push(ours);
          const why = cut === 'cap' ? `not among the first ${services.length} services read, or a wrong id` : cut === 'empty-page' ? `not among the ${services.length} services read before the list stopped early, or a wrong id` : config.teamIds.length > 0 ? 'not in the configured teams, or a wrong id or one the API key cannot read' : 'a wrong id, or one the API key cannot read';
          warnings.push(`${name}: service ${id}${ours === id ? '' : ` (${ours})`} not found in PagerDuty (${why}): who is on call for it is unknown`);
        }
      }
      const answer = (value: Oncall[]) => ({value, warnings, services: [...new Set([...policies.values()].flatMap((set) => [...set]))].sort(), unknownServices: [...new Set(unknownServices)].sort(), incomplete});
      if (policies.size === 0) return answer([]);
      const {items, cut} = await client.list('/oncalls', {'escalation_policy_ids[]': [...policies.keys()]}, 'oncalls');
      if (cut) {
        incomplete = true;
        warnings.push(cutSaid(name, cut, items.length, 'on-call entries', `showing the first ${items.length} (a service without one shown may have one)`, 'a service without one shown may have one'));
      }
      const oncalls = decodeWire(oncallListSchema.shape.oncalls, items, `${name} GET /oncalls`);
      // An entry without a user (a schedule with nobody on it) or a policy cannot be shown: it is
      // counted and reported, never dropped unsaid.
      let skipped = 0;
      const value: Oncall[] = oncalls.flatMap((o) => {
        const policy = o.escalation_policy?.id;
        if (!o.user || policy === undefined) return (skipped++, []);
        return [{
          source: name,
          user: o.user.summary ?? o.user.id,
          level: o.escalation_level ?? 1,
          escalationPolicy: o.escalation_policy?.summary ?? policy,
          schedule: o.schedule?.summary ?? null,
          until: wireTime(o.end),
          services: [...(policies.get(policy) ?? [])].sort(),
        }];
      });
      if (skipped > 0) warnings.push(`${name}: ${skipped} on-call entr${skipped === 1 ? 'y' : 'ies'} without a user or escalation policy (nobody on call there?)`);
      return answer(value);
    },

    close: (how) => client.close(how),
  };
}

/**
 * The warning of a list read cut short, worded by why it stopped: past the client's cap, more
 * than `read` exist (`capped` says what of them is shown); at an empty page still saying more,
 * how many remain is unknown (`stalled` says what that leaves unsure), and "more than 0" or
 * "the first 2000" would be false.
 */
function cutSaid(name: string, cut: 'cap' | 'empty-page', read: number, what: string, capped: string, stalled: string): string {
  if (cut === 'cap') return `${name}: more than ${read} ${what}; ${capped}`;
  return `${name}: the server said more ${what} follow after the ${read} read but sent none; ${stalled}`;
}

// A resolved incident's resolution time; its last status change is its resolution.
function resolvedTime(incident: WireIncident): number | null {
  return incident.status === 'resolved' ? (wireTime(incident.resolved_at) ?? wireTime(incident.last_status_change_at)) : null;
}

/**
 * Of resolved incidents read newest resolution first, those resolved at or after `from`; those
 * whose resolution time is not said (where they were resolved is unknown); and whether the list
 * was not in that order: then the read stopped at no bound, and what it left out is unknown.
 */
function resolvedFrom(incidents: readonly WireIncident[], from: number): {incidents: WireIncident[]; undated: WireIncident[]; unsorted: boolean} {
  const times = incidents.map(resolvedTime);
  const dated = times.filter((t): t is number => t !== null);
  const unsorted = dated.some((t, n) => n > 0 && t > dated[n - 1]!);
  return {incidents: incidents.filter((_, n) => (times[n] ?? -Infinity) >= from), undated: incidents.filter((_, n) => times[n] === null), unsorted};
}
