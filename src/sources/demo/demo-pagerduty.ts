/**
 * The demo's paging service (PagerDuty-like), in memory: an incident opens for each paging alert
 * of the scenario while it fires, linked to it by its labels as Alertmanager's PagerDuty
 * integration links them; `a` acknowledges it, `:resolve` resolves it, and an incident resolves
 * by itself when its alert stops (Alertmanager sends the resolve). Who is on call comes from the
 * scenario's escalation policies. Everything is worked out from the clock at every call. The
 * incidents of a time range (the handover's) are those held and those closed since the start,
 * with the same links to their alert as the dashboard's rows.
 */
import type {Alert} from '../../domain/alert.ts';
import type {OpenedIncident} from '../../domain/handover-incidents.ts';
import type {IncidentLinks, IncidentRef} from '../../domain/incident.ts';
import {SourceFailure, type AlertLister, type IncidentAcker, type IncidentHistoryLister, type IncidentResolver, type OncallLister} from '../capabilities.ts';
import {incidentAlert} from '../pagerduty/incident-row.ts';
import {isAlertActive, type DemoAlertDeps} from './demo-alerts.ts';
import {DAY} from './demo-scenario.ts';
import type {DemoAlertSpec} from './demo-scenario-alerts.ts';
import {DEMO_ESCALATION_POLICIES, DEMO_FIRST_INCIDENT_NUMBER, DEMO_GROUP_WAIT_MS, DEMO_PAGING_ALERTS, DEMO_SHIFT_END_OFFSET_MS, demoIncidentUrl} from './demo-scenario-paging.ts';

// The closed incidents kept for the handover: far more than a demo run opens.
const MAX_CLOSED = 200;

/** One incident as the demo holds it. */
export interface DemoIncident {
  id: string;
  number: number;
  /** The fingerprint of the alert that paged it. */
  alert: string;
  status: IncidentRef['status'];
  acknowledgedBy: string[];
  acknowledgedAt: number | null;
  /** When it was opened, epoch ms. */
  openedAt: number;
  /** When it was resolved (`:resolve`, or its alert stopped), epoch ms; null while open. */
  resolvedAt: number | null;
}

/** The demo paging service: incidents, their ack and resolve, and who is on call. */
export type DemoPaging = AlertLister & IncidentAcker & IncidentResolver & OncallLister & IncidentHistoryLister & {
  /** The incidents held now (resolved ones included until their alert stops), for tests. */
  incidents(): DemoIncident[];
};

/** What the demo paging service needs from the rest of the demo. */
export interface DemoPagingDeps {
  now: () => number;
  t0: number;
  ratioAt: DemoAlertDeps['ratioAt'];
  /** The source's name (`seenBy`, the incident's `source`). */
  name: string;
  /** Who acknowledges through the dashboard (PagerDuty's `From:`). */
  user: string;
  /** The alerts that page; default: the scenario's. */
  specs?: readonly DemoAlertSpec[];
}

/** Creates the demo paging service. */
export function createDemoPaging(deps: DemoPagingDeps): DemoPaging {
  const {now, t0, ratioAt, name, user} = deps;
  const specs = deps.specs ?? DEMO_PAGING_ALERTS;
  const held = new Map<string, DemoIncident>();
  // Incidents whose alert stopped, oldest first, for the handover of a range; a long-running demo keeps the last ones.
  const closed: DemoIncident[] = [];
  let next = DEMO_FIRST_INCIDENT_NUMBER;
  const opensAt = (spec: DemoAlertSpec) => t0 + spec.startsOffsetMs + DEMO_GROUP_WAIT_MS;
  const specOf = new Map(specs.map((spec) => [spec.fingerprint, spec] as const));

  // Opens an incident for each paging alert firing past its group wait; closes those whose alert
  // stopped, resolved then (when the demo sees it, as a real one resolves when the resolve arrives).
  function sync(at: number): void {
    for (const spec of specs) {
      const firing = at >= opensAt(spec) && isAlertActive(spec, t0, at, ratioAt);
      const incident = held.get(spec.fingerprint);
      if (!firing && incident) {
        held.delete(spec.fingerprint);
        closed.push({...incident, status: 'resolved', resolvedAt: incident.resolvedAt ?? at});
        if (closed.length > MAX_CLOSED) closed.shift();
      } else if (firing && !incident) {
        const number = next++;
        // The first page of the run fired at the scenario's time; a later one when it is seen.
        const openedAt = closed.some((i) => i.alert === spec.fingerprint) ? at : opensAt(spec);
        held.set(spec.fingerprint, {id: `PDEMO${number}`, number, alert: spec.fingerprint, status: 'triggered', acknowledgedBy: [], acknowledgedAt: null, openedAt, resolvedAt: null});
      }
    }
  }

  // The alert's labels link it to its incident, as Alertmanager's PagerDuty integration does.
  const linksOf = (spec: DemoAlertSpec): IncidentLinks => ({labelSets: [{...spec.labels}], keys: []});

  function row(incident: DemoIncident, spec: DemoAlertSpec): Alert {
    const alertname = spec.labels['alertname'] ?? '';
    const service = spec.labels['service'] ?? '';
    const ref: IncidentRef = {
      source: name,
      id: incident.id,
      number: incident.number,
      title: `[FIRING:1] ${alertname}`,
      status: incident.status,
      url: demoIncidentUrl(incident.id),
      service,
      acknowledgedBy: incident.acknowledgedBy,
      acknowledgedAt: incident.acknowledgedAt,
    };
    return incidentAlert({ref, service, severity: 'critical', urgency: 'high', priority: 'P1', createdAt: incident.openedAt, links: linksOf(spec), ackUntil: null});
  }

  // An incident as the handover reads it, with the acks made by `to` (the demo keeps the last ack's time only).
  function opened(incident: DemoIncident, spec: DemoAlertSpec, to: number): OpenedIncident {
    const ackedBy = incident.acknowledgedAt !== null && incident.acknowledgedAt <= to ? [...incident.acknowledgedBy] : [];
    return {
      source: name,
      number: incident.number,
      title: `[FIRING:1] ${spec.labels['alertname'] ?? ''}`,
      service: spec.labels['service'] ?? '',
      severity: 'critical',
      status: incident.status,
      createdAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      acknowledgedBy: ackedBy,
      links: linksOf(spec),
    };
  }

  function find(id: string): DemoIncident {
    sync(now());
    const incident = [...held.values()].find((i) => i.id === id);
    if (!incident) throw new SourceFailure('bad-response', `${name}: incident ${id} not found`);
    if (incident.status === 'resolved') throw new SourceFailure('bad-response', `${name}: incident ${id} is already resolved`);
    return incident;
  }

  return {
    async listAlerts() {
      sync(now());
      const value = specs.flatMap((spec) => {
        const incident = held.get(spec.fingerprint);
        return incident && incident.status !== 'resolved' ? [row(incident, spec)] : [];
      });
      return {value, warnings: []};
    },
    async acknowledgeIncident(id) {
      const incident = find(id);
      incident.status = 'acknowledged';
      incident.acknowledgedBy = [user, ...incident.acknowledgedBy.filter((u) => u !== user)];
      incident.acknowledgedAt = now();
    },
    async resolveIncident(id) {
      const incident = find(id);
      incident.status = 'resolved';
      incident.resolvedAt = now();
    },
    async listIncidentsBetween(from, to) {
      sync(now());
      // Opened by the end and not resolved before the start: open at some time in the range.
      const value = [...closed, ...held.values()]
        .filter((i) => i.openedAt <= to && (i.resolvedAt === null || i.resolvedAt >= from))
        .flatMap((i) => {
          const spec = specOf.get(i.alert);
          return spec ? [opened(i, spec, to)] : [];
        });
      return {value, warnings: []};
    },
    async listOncalls() {
      // Weekly shifts: the one on now ends at the first handover after now.
      const first = t0 + DEMO_SHIFT_END_OFFSET_MS;
      const at = now();
      const until = at < first ? first : first + Math.ceil((at - first + 1) / (7 * DAY)) * 7 * DAY;
      const value = DEMO_ESCALATION_POLICIES.flatMap((policy) =>
        policy.levels.map((l) => ({source: name, user: l.user, level: l.level, escalationPolicy: policy.name, schedule: l.schedule, until, services: [...policy.services]})),
      );
      // Every demo service's policy is known: an empty on-call there would be nobody.
      return {value, warnings: [], services: [...new Set(DEMO_ESCALATION_POLICIES.flatMap((p) => p.services))].sort()};
    },
    incidents: () => [...held.values()].map((i) => ({...i, acknowledgedBy: [...i.acknowledgedBy]})),
  };
}
