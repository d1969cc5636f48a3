import {describe, expect, it} from 'vitest';
import {alertPagedIncident, firingLabelSets, incidentAlertLinks, incidentBadge, incidentSeverity, oncallLine, oncallsFor, pagedIncidents, type IncidentRef, type Oncall} from '../../src/domain/incident.ts';

// Alertmanager's default `firing` detail (pagerduty.default.instances) for two alerts.
const FIRING = `Labels:
 - alertname = CheckoutHighErrorRate
 - service = checkout
 - severity = critical
Annotations:
 - summary = 5xx above 2 %
Source: http://prometheus:9090/graph?g0.expr=x
Labels:
 - alertname = CheckoutLatency
 - service = checkout
Annotations:
Source: 
`;

const REF: IncidentRef = {source: 'pagerduty', id: 'PINC1', number: 1234, title: 't', status: 'acknowledged', url: null, service: 'Checkout', acknowledgedBy: ['alice'], acknowledgedAt: 1};

describe('incidents', () => {
  it('reads the label sets of the firing alerts Alertmanager wrote into the details', () => {
    expect(firingLabelSets(FIRING)).toEqual([
      {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'},
      {alertname: 'CheckoutLatency', service: 'checkout'},
    ]);
    expect(firingLabelSets('anything else')).toEqual([]);
  });

  it('links an alert by its exact label set, or by the configured label matching a dedup key or detail', () => {
    const links = incidentAlertLinks({firing: FIRING, team: 'shop'}, 'dedup-42', 'team');
    expect(links).toEqual({labelSets: firingLabelSets(FIRING), keys: ['dedup-42', 'shop'], label: 'team'});
    expect(alertPagedIncident({alertname: 'CheckoutLatency', service: 'checkout'}, links)).toBe(true);
    // A label more or less is another alert.
    expect(alertPagedIncident({alertname: 'CheckoutLatency', service: 'checkout', pod: 'a'}, {...links, label: undefined})).toBe(false);
    expect(alertPagedIncident({alertname: 'Other', team: 'shop'}, links)).toBe(true);
    expect(alertPagedIncident({alertname: 'Other', team: 'dedup-42'}, links)).toBe(true);
    expect(alertPagedIncident({alertname: 'Other', team: 'web'}, links)).toBe(false);
    // Details that are not an object, or a `firing` that is not text, link nothing.
    expect(incidentAlertLinks('text', null, undefined)).toEqual({labelSets: [], keys: []});
    expect(incidentAlertLinks({firing: 3}, null, undefined)).toEqual({labelSets: [], keys: []});
  });

  it("links a Grafana-managed alert, whose notification drops Grafana's private `__…__` labels that its API lists", () => {
    const labels = {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', service: 'checkout'};
    const links = incidentAlertLinks({firing: `Labels:\n${Object.entries(labels).map(([k, v]) => ` - ${k} = ${v}\n`).join('')}`}, null, undefined);
    expect(alertPagedIncident({...labels, __alert_rule_uid__: 'fe1x2abcd'}, links)).toBe(true);
    // Ignored on the incident's side too, and only labels spelled `__name__`.
    expect(alertPagedIncident(labels, {...links, labelSets: [{...labels, __alert_rule_uid__: 'fe1x2abcd'}]})).toBe(true);
    expect(alertPagedIncident({...labels, __rule: 'x'}, links)).toBe(false);
    expect(alertPagedIncident({...labels, __alert_rule_uid__: 'fe1x2abcd', service: 'payments'}, links)).toBe(false);
  });

  it('links none of two incidents an alert matches only once private labels are left out, and prefers an exact match', () => {
    // Two Grafana rules of one title in one folder, each paging through a policy grouped by `...`:
    // their alerts differ only by `__alert_rule_uid__`, which both incidents' `firing` details drop.
    const LABELS = {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', severity: 'critical'};
    const ref = (id: string, number: number): IncidentRef => ({...REF, id, number, status: 'triggered', acknowledgedBy: [], acknowledgedAt: null});
    const row = (id: string, number: number, set: Record<string, string> = LABELS) => ({labels: {alertname: `${id} firing`}, source: 'pagerduty', incident: ref(id, number), incidentLinks: {labelSets: [set], keys: []}});
    const a = {labels: {...LABELS, __alert_rule_uid__: 'uidA'}};
    const b = {labels: {...LABELS, __alert_rule_uid__: 'uidB'}};
    const links = pagedIncidents([row('PA', 101), row('PB', 102), a, b]);
    // Which rule paged which incident is unknown: neither alert shows (nor acknowledges) the other's incident.
    expect([links.get(a)?.number ?? null, links.get(b)?.number ?? null]).toEqual([null, null]);
    // One such incident only: linked as before.
    expect(pagedIncidents([row('PA', 101), a]).get(a)?.number).toBe(101);
    // A set that keeps the private label matches exactly and wins over the loose match listed first.
    const exact = pagedIncidents([row('PA', 101), row('PB', 102, {...LABELS, __alert_rule_uid__: 'uidB'}), b]);
    expect(exact.get(b)?.number).toBe(102);
  });

  it('gives each Alertmanager alert the incident it paged, never an incident row itself', () => {
    const row = {labels: {alertname: 'CheckoutHighErrorRate firing'}, source: 'pagerduty', incident: REF, incidentLinks: incidentAlertLinks({firing: FIRING}, null, undefined)};
    const paged = {labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'}};
    const other = {labels: {alertname: 'Else'}};
    const found = pagedIncidents([paged, row, other]);
    expect([...found.entries()]).toEqual([[paged, REF]]);
  });

  it('maps priority, else urgency, to severity', () => {
    expect([incidentSeverity('P1', 'low'), incidentSeverity('P2', 'low'), incidentSeverity('P3', 'high'), incidentSeverity('P5', 'high')]).toEqual(['critical', 'critical', 'warning', 'info']);
    expect([incidentSeverity(null, 'high'), incidentSeverity(null, 'low'), incidentSeverity('SEV-1', 'low')]).toEqual(['critical', 'warning', 'warning']);
    expect(incidentSeverity('SEV-1', 'low', {'SEV-1': 'critical'})).toBe('critical');
  });

  it('says on the row who acked the incident', () => {
    expect(incidentBadge(REF)).toBe('PD #1234 acked by alice');
    expect(incidentBadge({...REF, status: 'triggered', acknowledgedBy: []})).toBe('PD #1234 triggered');
  });

  it('lists who is on call for a service per level, once each', () => {
    const on = (user: string, level: number, services: string[], escalationPolicy = 'EP'): Oncall => ({source: 'pd', user, level, escalationPolicy, schedule: null, until: null, services});
    const all = [on('dave', 2, ['checkout']), on('carol', 1, ['checkout', 'cart']), on('erin', 1, ['search']), on('carol', 1, ['checkout'], 'EP2')];
    expect(oncallsFor(all, 'checkout').map((o) => [o.level, o.user])).toEqual([[1, 'carol'], [2, 'dave']]);
    expect(oncallLine(oncallsFor(all, 'checkout'))).toBe('L1 carol · L2 dave');
    expect(oncallLine(oncallsFor(all, null))).toBe('L1 carol, erin · L2 dave');
  });

  it('keeps every service and policy of someone on call at one level on two policies', () => {
    const on = (user: string, level: number, services: string[], escalationPolicy: string, until: number | null): Oncall => ({source: 'pd', user, level, escalationPolicy, schedule: null, until, services});
    const all = [on('alice', 1, ['checkout'], 'Checkout', 2000), on('alice', 1, ['search'], 'Search', 1000), on('bob', 2, ['search'], 'Search', null)];
    // Deduplicated on level and user, but search keeps its first level.
    const merged = oncallsFor(all, null);
    expect(merged.map((o) => [o.level, o.user, o.services, o.escalationPolicy, o.until])).toEqual([
      [1, 'alice', ['checkout', 'search'], 'Checkout, Search', 1000],
      [2, 'bob', ['search'], 'Search', null],
    ]);
    expect(oncallLine(oncallsFor(all, 'search'))).toBe('L1 alice · L2 bob');
    // The input is not changed by the merge.
    expect(all[0]!.services).toEqual(['checkout']);
  });
});
