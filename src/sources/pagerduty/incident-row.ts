/**
 * An incident as an alert row of its own (`source: pagerduty`): the one shape the PagerDuty
 * source and the demo's paging service both build, so the rows, filters, acks and `alerts --json`
 * treat a simulated incident exactly as a real one.
 */
import {NO_END, type Alert} from '../../domain/alert.ts';
import type {IncidentLinks, IncidentRef} from '../../domain/incident.ts';

const INCIDENT_PREFIX = 'pagerduty-';

/** The fingerprint of an incident's row. */
export const incidentFingerprint = (id: string) => `${INCIDENT_PREFIX}${id}`;

/** Whether `word` has the shape of an incident row's fingerprint (listed now or not). */
export const isIncidentFingerprint = (word: string) => word.startsWith(INCIDENT_PREFIX) && word.length > INCIDENT_PREFIX.length;

/** What an incident row is made of, already decoded. */
export interface IncidentRowInput {
  ref: IncidentRef;
  /** Our service name (after the config's mapping), as SLOs and alert labels call it. */
  service: string;
  severity: string;
  urgency: string;
  priority: string | null;
  /** Epoch ms the incident was opened; null when unreadable. */
  createdAt: number | null;
  links: IncidentLinks;
  /** When an acknowledgement ends by itself (PagerDuty's `unacknowledge` pending action); null: until resolved. */
  ackUntil: number | null;
}

/** The alert row of one incident; its ack is its own (never a silence). */
export function incidentAlert(input: IncidentRowInput): Alert {
  const {ref, service, severity, urgency, priority} = input;
  return {
    fingerprint: incidentFingerprint(ref.id),
    name: ref.title,
    severity,
    state: 'firing',
    labels: {alertname: ref.title, service, severity, incident: `#${ref.number}`, pagerduty_service: ref.service, urgency, ...(priority ? {priority} : {})},
    annotations: {},
    startsAt: input.createdAt,
    generatorUrl: ref.url,
    silencedBy: [],
    inhibitedBy: [],
    seenBy: [ref.source],
    ack: ref.status === 'acknowledged' ? {by: ref.acknowledgedBy.join(', ') || '?', until: input.ackUntil ?? NO_END, silenceId: '', comment: 'acknowledged in PagerDuty'} : null,
    partialAck: null,
    source: 'pagerduty',
    incident: ref,
    incidentLinks: input.links,
  };
}
