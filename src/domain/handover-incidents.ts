/**
 * The paging service's own record of the shift: every incident it opened between the shift's
 * start and end, whatever raised it. An integration that is no Prometheus alert (another
 * monitoring tool, an e-mail, a person) pages too, and the alert history never holds it. Pure.
 */
import {alertPagedIncident, type IncidentLinks, type IncidentStatus} from './incident.ts';

/** An incident the paging service opened during the shift. Strings came from the backend: sanitize before drawing. */
export interface PagedIncident {
  context: string;
  /** The alert source it was read from (config `name`). */
  source: string;
  number: number;
  title: string;
  /** Our service name (after the source's mapping). */
  service: string;
  severity: string;
  status: IncidentStatus;
  /** When it was opened, epoch ms. */
  createdAt: number;
  /** When it was resolved, epoch ms; null while open, or when the service did not say. */
  resolvedAt: number | null;
  /** Who acknowledged it, latest first; empty: nobody has. */
  acknowledgedBy: string[];
  /** What links the alerts that paged it to it, as the dashboard links them; absent: not read. */
  links?: IncidentLinks;
}

/**
 * The incident of `incidents` (in `context`) an alert with `labels` paged, by the dashboard's
 * rule ({@link alertPagedIncident}); null when none of those whose links were read matches.
 */
export function incidentOfAlert(incidents: readonly PagedIncident[], context: string, labels: Readonly<Record<string, string>>): PagedIncident | null {
  return incidents.find((i) => i.context === context && i.links !== undefined && alertPagedIncident(labels, i.links)) ?? null;
}

/** An incident as its source reads it, before the context it was read in is known. */
export type OpenedIncident = Omit<PagedIncident, 'context'>;

/** What a handover page or firing entry says of the incident behind it. */
export interface HandoverIncident {
  number: number;
  status: IncidentStatus;
  acknowledgedBy: string[];
}

/** The page of one incident within `[from, to]`: from its opening to its resolution, else to the end. */
export function incidentPage(i: PagedIncident, from: number, to: number) {
  const start = Math.min(Math.max(i.createdAt, from), to);
  const open = i.status !== 'resolved';
  // A resolved incident whose resolution time is not said paged for a time nobody can tell: said so, never guessed.
  const unknown = !open && i.resolvedAt === null;
  const end = open ? to : Math.min(i.resolvedAt ?? start, to);
  return {
    context: i.context,
    kind: 'incident' as const,
    name: `#${i.number} ${i.title}`,
    service: i.service,
    severity: i.severity,
    firstAt: start,
    seconds: Math.max(0, end - start) / 1000,
    episodes: 1,
    ongoing: open,
    runbookUrl: null,
    incident: incidentOf(i),
    ...(unknown ? {durationUnknown: true as const} : {}),
  };
}

/** The incident fields a handover entry carries. */
export const incidentOf = (i: PagedIncident): HandoverIncident => ({number: i.number, status: i.status, acknowledgedBy: [...i.acknowledgedBy]});

/** How an incident's ack reads after its line: `acked by alice`, `not acked`; nothing once resolved. */
export function incidentAckText(i: HandoverIncident): string {
  if (i.status === 'resolved') return i.acknowledgedBy.length > 0 ? `, acked by ${i.acknowledgedBy.join(', ')}` : '';
  return i.acknowledgedBy.length > 0 || i.status === 'acknowledged' ? `, acked by ${i.acknowledgedBy.join(', ') || '?'}` : ', NOT ACKED';
}
