/**
 * A recording PagerDuty stand-in for tests: the fake CI server in its `pagerduty` flavor (every
 * request and answer checked against PagerDuty's OpenAPI description in the shared contracts,
 * `Token token=` auth, `Accept`, `From` on writes), holding incidents whose status the source's
 * PUTs change as PagerDuty does, with their alerts as Alertmanager's PagerDuty integration
 * writes them, the services' escalation policies and who is on call.
 */
import {startFakeCi, type FakeCi, type FakeReply, type FakeRequest} from './fake-ci.ts';

/** A user of the stand-in's account, by e-mail (what `From` names). */
export const PD_USERS: Record<string, {id: string; name: string}> = {
  'alice@example.com': {id: 'PUSER01', name: 'alice'},
  'bob@example.com': {id: 'PUSER02', name: 'bob'},
};

/** One incident as the stand-in holds it. */
export interface FakeIncident {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  priority?: string;
  serviceId: string;
  serviceName: string;
  policyId?: string;
  acknowledgedBy?: string;
  /** Label sets of the firing alerts, as Alertmanager's default `firing` detail lists them. */
  firing?: Array<Record<string, string>>;
  /** The alert's dedup key (Alertmanager sends the group key's hash). */
  alertKey?: string;
  createdAt?: string;
  /** When a resolved incident was resolved. */
  resolvedAt?: string;
  /** When `acknowledgedBy` acked it (default 2026-12-04T18:06:00Z). */
  acknowledgedAt?: string;
}

const ref = (type: string, id: string, summary: string, path: string) => ({id, type, summary, self: `https://api.pagerduty.com/${path}/${id}`, html_url: `https://acme.pagerduty.com/${path}/${id}`});

/** Alertmanager's `pagerduty.default.instances` text for these label sets. */
export function firingText(sets: ReadonlyArray<Record<string, string>>): string {
  return sets
    .map((labels) => `Labels:\n${Object.keys(labels).sort().map((k) => ` - ${k} = ${labels[k]}\n`).join('')}Annotations:\n - summary = it burns\nSource: http://prometheus.example/graph\n`)
    .join('');
}

/** The `Incident` body of one incident. */
export function incidentBody(i: FakeIncident): Record<string, unknown> {
  const user = i.acknowledgedBy ? PD_USERS[i.acknowledgedBy] : undefined;
  return {
    ...ref('incident', i.id, `[#${i.number}] ${i.title}`, 'incidents'),
    incident_number: i.number,
    title: i.title,
    created_at: i.createdAt ?? '2026-12-04T18:00:00Z',
    updated_at: '2026-12-04T18:05:00Z',
    status: i.status,
    ...(i.resolvedAt ? {resolved_at: i.resolvedAt, last_status_change_at: i.resolvedAt} : {}),
    incident_key: i.alertKey ?? `key-${i.id}`,
    service: ref('service_reference', i.serviceId, i.serviceName, 'services'),
    escalation_policy: ref('escalation_policy_reference', i.policyId ?? 'PPOL001', 'Checkout escalation', 'escalation_policies'),
    assignments: [],
    acknowledgements: user ? [{at: i.acknowledgedAt ?? '2026-12-04T18:06:00Z', acknowledger: ref('user_reference', user.id, user.name, 'users')}] : [],
    pending_actions: [],
    alert_counts: {all: 1, triggered: 1, resolved: 0},
    urgency: i.urgency ?? 'high',
    ...(i.priority ? {priority: {id: `PRI${i.priority}`, type: 'priority_reference', summary: i.priority, self: null}} : {}),
  };
}

/** A running stand-in. */
export interface FakePagerduty {
  fake: FakeCi;
  url: string;
  incidents: Map<string, FakeIncident>;
  /** While set, every request is answered with this (e.g. `{reset: true}`: PagerDuty is down). */
  outage: FakeReply | null;
  /**
   * How the read of one incident's alerts is answered, over the usual answer: `{delayMs}` (in
   * time, not at once), or a whole reply of its own (a 500). Absent, or `undefined`: at once.
   */
  alertReads: ((incidentId: string) => Partial<FakeReply> | undefined) | null;
  /**
   * How an incident's PUT is answered instead of the usual answer, before it is applied: a reply
   * of its own (`{reset: true}`: lost on its way, not done). Absent, or `undefined`: as usual.
   */
  writes: ((incidentId: string) => FakeReply | undefined) | null;
  /**
   * How the read of one incident (`GET /incidents/{id}`) is answered instead of the usual answer:
   * a reply of its own (a 503, a 429). Absent, or `undefined`: as usual.
   */
  reads: ((incidentId: string) => FakeReply | undefined) | null;
  /** Requests that acknowledged an incident, and resolved one. */
  acks(): FakeRequest[];
  resolves(): FakeRequest[];
  close(): Promise<void>;
}

// PagerDuty's default `since`: one month before `until`.
function oneMonthBefore(until: number): number {
  const at = new Date(until);
  at.setUTCMonth(at.getUTCMonth() - 1);
  return at.getTime();
}

const page = <T>(req: FakeRequest, all: T[]) => {
  const limit = Number(req.query.get('limit') ?? 25);
  const offset = Number(req.query.get('offset') ?? 0);
  return {items: all.slice(offset, offset + limit), limit, offset, more: offset + limit < all.length};
};

/** A service of the account besides those of the incidents held. */
export interface FakeService {
  id: string;
  name: string;
  policyId: string;
  /** The team it belongs to (`team_ids[]` filters on it); absent: no team. */
  teamId?: string;
}

/**
 * Starts the stand-in with `incidents`; the token it accepts is `token`. `/services` lists the
 * incidents' services not in `services`, then `services` (read at each request: a test may
 * change a service's policy), `/services` and `/oncalls` paged as PagerDuty pages them.
 */
export async function startFakePagerduty(token: string, incidents: FakeIncident[] = [], oncalls: Array<{user: string | null; level: number; policyId?: string}> = [], services: FakeService[] = []): Promise<FakePagerduty> {
  const fake = await startFakeCi({flavor: 'pagerduty', token});
  const held = new Map(incidents.map((i) => [i.id, i]));
  const state: FakePagerduty = {
    fake,
    url: fake.url,
    incidents: held,
    outage: null,
    alertReads: null,
    writes: null,
    reads: null,
    acks: () => fake.calls('PUT', '/incidents/{id}').filter((r) => (r.json as {incident?: {status?: string}})?.incident?.status === 'acknowledged'),
    resolves: () => fake.calls('PUT', '/incidents/{id}').filter((r) => (r.json as {incident?: {status?: string}})?.incident?.status === 'resolved'),
    close: () => fake.close(),
  };
  const guarded = (answer: (req: FakeRequest) => FakeReply) => (req: FakeRequest) => state.outage ?? answer(req);
  fake.route('GET', '/incidents', guarded((req) => {
    const statuses = req.query.getAll('statuses[]');
    const services = req.query.getAll('service_ids[]');
    // As PagerDuty: `since`–`until` bounds when the incidents were opened, the last month when
    // neither is given (whatever `statuses[]` asks); `date_range=all` ignores them and their default.
    const everyTime = req.query.get('date_range') === 'all';
    const until = everyTime ? Infinity : Date.parse(req.query.get('until') ?? new Date().toISOString());
    const since = everyTime ? -Infinity : req.query.get('since') !== null ? Date.parse(req.query.get('since')!) : oneMonthBefore(until);
    const opened = (i: FakeIncident) => Date.parse(i.createdAt ?? '2026-12-04T18:00:00Z');
    const inRange = (i: FakeIncident) => opened(i) >= since && opened(i) <= until;
    const all = [...held.values()].filter((i) => (statuses.length === 0 || statuses.includes(i.status)) && (services.length === 0 || services.includes(i.serviceId)) && inRange(i));
    // As PagerDuty, `sort_by=resolved_at:desc`: newest resolution first (the others keep their order).
    const resolved = (i: FakeIncident) => (i.resolvedAt ? Date.parse(i.resolvedAt) : -Infinity);
    if (req.query.get('sort_by') === 'resolved_at:desc') all.sort((a, b) => resolved(b) - resolved(a));
    const {items, ...rest} = page(req, all);
    return {body: {incidents: items.map(incidentBody), ...rest, total: null}};
  }));
  fake.route('GET', '/incidents/{id}/alerts', guarded((req) => {
    const incident = held.get(decodeURIComponent(req.path.split('/')[2]!));
    if (!incident) return {status: 404, body: {error: {message: 'Not Found', code: 2100}}};
    const alert = {
      ...ref('alert', `A${incident.id}`, incident.title, 'alerts'),
      created_at: '2026-12-04T18:00:00Z',
      status: 'triggered',
      alert_key: incident.alertKey ?? `key-${incident.id}`,
      service: ref('service_reference', incident.serviceId, incident.serviceName, 'services'),
      incident: {id: incident.id, type: 'incident_reference'},
      suppressed: false,
      severity: 'critical',
      body: {type: 'alert_body', contexts: [], details: {firing: firingText(incident.firing ?? []), num_firing: String((incident.firing ?? []).length), num_resolved: '0', resolved: ''}},
    };
    const {items, ...rest} = page(req, [alert]);
    return {body: {alerts: items, ...rest}, ...state.alertReads?.(incident.id)};
  }));
  fake.route('GET', '/incidents/{id}', guarded((req) => {
    const incident = held.get(decodeURIComponent(req.path.split('/')[2]!));
    if (!incident) return {status: 404, body: {error: {message: 'Not Found', code: 2100}}};
    return state.reads?.(incident.id) ?? {body: {incident: incidentBody(incident)}};
  }));
  fake.route('PUT', '/incidents/{id}', guarded((req) => {
    const incident = held.get(decodeURIComponent(req.path.split('/')[2]!));
    if (!incident) return {status: 404, body: {error: {message: 'Incident Not Found', code: 5001}}};
    const own = state.writes?.(incident.id);
    if (own) return own;
    const status = (req.json as {incident: {status: 'triggered' | 'acknowledged' | 'resolved'}}).incident.status;
    // As the contract says: acknowledging (or triggering) a resolved incident reopens it.
    if (incident.status === 'resolved' && status !== 'resolved') delete incident.resolvedAt;
    incident.status = status;
    if (status === 'acknowledged') incident.acknowledgedBy = String(req.headers.from);
    return {body: {incident: incidentBody(incident)}};
  }));
  fake.route('GET', '/services', guarded((req) => {
    // A service given in `services` has its own escalation policy, whatever its incidents were
    // reassigned to; one known only from an incident takes that incident's policy.
    const given = new Set(services.map((sv) => sv.id));
    const ofIncidents: FakeService[] = [...new Map([...held.values()].filter((i) => !given.has(i.serviceId)).map((i) => [i.serviceId, {id: i.serviceId, name: i.serviceName, policyId: i.policyId ?? 'PPOL001'}])).values()];
    const teams = req.query.getAll('team_ids[]');
    const all = [...ofIncidents, ...services].filter((sv) => teams.length === 0 || (sv.teamId !== undefined && teams.includes(sv.teamId)));
    const {items, ...rest} = page(req, all);
    const policyName = (sv: FakeService) => (sv.policyId === 'PPOL001' ? 'Checkout escalation' : `${sv.name} escalation`);
    return {body: {services: items.map((sv) => ({...ref('service', sv.id, sv.name, 'services'), name: sv.name, escalation_policy: ref('escalation_policy_reference', sv.policyId, policyName(sv), 'escalation_policies')})), ...rest}};
  }));
  fake.route('GET', '/oncalls', guarded((req) => {
    const policies = req.query.getAll('escalation_policy_ids[]');
    const body = oncalls
      .filter((o) => policies.length === 0 || policies.includes(o.policyId ?? 'PPOL001'))
      .map((o, n) => ({
        // `null`: a schedule with nobody on it, its entry without a user.
        ...(o.user === null ? {} : {user: ref('user_reference', `PU${n}`, o.user, 'users')}),
        escalation_policy: ref('escalation_policy_reference', o.policyId ?? 'PPOL001', 'Checkout escalation', 'escalation_policies'),
        schedule: ref('schedule_reference', `PS${o.level}`, `Checkout L${o.level}`, 'schedules'),
        escalation_level: o.level,
        start: '2026-12-04T09:00:00Z',
        end: '2026-12-05T09:00:00Z',
      }));
    const {items, ...rest} = page(req, body);
    return {body: {oncalls: items, ...rest, total: null}};
  }));
  return state;
}
