/**
 * The demo's paging service (PagerDuty-like), in memory: an incident opens for each paging alert
 * of the scenario while it fires, linked to it by its labels as Alertmanager's PagerDuty
 * integration links them; `a` acknowledges it, `:resolve` resolves it, and an incident resolves
 * by itself when its alert stops (Alertmanager sends the resolve). Who is on call comes from the
 * scenario's escalation policies. Everything is worked out from the clock at every call.
 */
import type {Alert} from '../../domain/alert.ts';
import type {IncidentRef} from '../../domain/incident.ts';
import {SourceFailure, type AlertLister, type IncidentAcker, type IncidentResolver, type OncallLister} from '../capabilities.ts';
import {incidentAlert} from '../pagerduty/incident-row.ts';
import {isAlertActive, type DemoAlertDeps} from './demo-alerts.ts';
import {DAY} from './demo-scenario.ts';
import type {DemoAlertSpec} from './demo-scenario-alerts.ts';
import {DEMO_ESCALATION_POLICIES, DEMO_FIRST_INCIDENT_NUMBER, DEMO_GROUP_WAIT_MS, DEMO_PAGING_ALERTS, DEMO_SHIFT_END_OFFSET_MS, demoIncidentUrl} from './demo-scenario-paging.ts';

/** One incident as the demo holds it. */
export interface DemoIncident {
  id: string;
  number: number;
  /** The fingerprint of the alert that paged it. */
  alert: string;
  status: IncidentRef['status'];
  acknowledgedBy: string[];
  acknowledgedAt: number | null;
}

/** The demo paging service: incidents, their ack and resolve, and who is on call. */
export type DemoPaging = AlertLister & IncidentAcker & IncidentResolver & OncallLister & {
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
  let next = DEMO_FIRST_INCIDENT_NUMBER;
  const opensAt = (spec: DemoAlertSpec) => t0 + spec.startsOffsetMs + DEMO_GROUP_WAIT_MS;

  // Opens an incident for each paging alert firing past its group wait; drops those whose alert stopped.
  function sync(at: number): void {
    for (const spec of specs) {
      const firing = at >= opensAt(spec) && isAlertActive(spec, t0, at, ratioAt);
      if (!firing) held.delete(spec.fingerprint);
      else if (!held.has(spec.fingerprint)) {
        const number = next++;
        held.set(spec.fingerprint, {id: `PDEMO${number}`, number, alert: spec.fingerprint, status: 'triggered', acknowledgedBy: [], acknowledgedAt: null});
      }
    }
  }

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
    return incidentAlert({ref, service, severity: 'critical', urgency: 'high', priority: 'P1', createdAt: opensAt(spec), links: {labelSets: [{...spec.labels}], keys: []}, ackUntil: null});
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
      find(id).status = 'resolved';
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
