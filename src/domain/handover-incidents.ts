/**
 * The paging service's own record of the shift: every incident it opened between the shift's
 * start and end, whatever raised it. An integration that is no Prometheus alert (another
 * monitoring tool, an e-mail, a person) pages too, and the alert history never holds it. Pure.
 */
import {incidentMatch, pagedIncidentOf, type IncidentLinks, type IncidentStatus} from './incident.ts';

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
 * rule ({@link pagedIncidentOf}), leaving out the labels named in `ignore` (the context's
 * external labels); null when none of those whose links were read matches, or when several match
 * only once private labels are left out (which one it paged is unknown).
 */
export function incidentOfAlert(incidents: readonly PagedIncident[], context: string, labels: Readonly<Record<string, string>>, ignore: readonly string[] = []): PagedIncident | null {
  const read = incidents.filter((i) => i.context === context && i.links !== undefined);
  return pagedIncidentOf(read, (i) => incidentMatch(labels, i.links!, ignore));
}

/** An incident as its source reads it, before the context it was read in is known. */
export type OpenedIncident = Omit<PagedIncident, 'context'>;

/** What a handover page or firing entry says of the incident behind it. */
export interface HandoverIncident {
  number: number;
  /** Its status at the shift's end, not now. */
  status: IncidentStatus;
  acknowledgedBy: string[];
  /** Open at the shift's end, resolved since, and no ack left to read: whether it was acked then is unknown. */
  ackUnknown?: true;
}

/**
 * Whether `i` was still open at `to`: not resolved, or resolved after it. A handover for a
 * past shift reads incidents as they are now; one resolved the next morning was open at the
 * shift's end, and is handed over as such. A resolved incident whose resolution time is not
 * said is taken as resolved (its page says its time is unknown).
 */
export function openAt(i: PagedIncident, to: number): boolean {
  return i.status !== 'resolved' || (i.resolvedAt !== null && i.resolvedAt > to);
}

/** The page of one incident within `[from, to]`: from its opening to its resolution, else to the end. */
export function incidentPage(i: PagedIncident, from: number, to: number) {
  const start = Math.min(Math.max(i.createdAt, from), to);
  const open = openAt(i, to);
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
    incident: incidentOf(i, to),
    ...(unknown ? {durationUnknown: true as const} : {}),
  };
}

/**
 * The incident fields a handover entry carries, as they stood at `to`. Its acks are those made
 * by then (the source leaves out later ones). Open then and resolved since, it was acknowledged
 * if an ack by then is left; with none left (a resolved incident keeps no acks) whether it was
 * acked is unknown, never "not acked".
 */
export function incidentOf(i: PagedIncident, to: number): HandoverIncident {
  const base = {number: i.number, acknowledgedBy: [...i.acknowledgedBy]};
  if (!openAt(i, to)) return {...base, status: 'resolved'};
  if (i.acknowledgedBy.length > 0) return {...base, status: 'acknowledged'};
  // Acknowledged now with every ack made after `to`: still unacked at the shift's end.
  if (i.status !== 'resolved') return {...base, status: 'triggered'};
  return {...base, status: 'triggered', ackUnknown: true};
}

/** How an incident's ack reads after its line: `acked by alice`, `not acked`; nothing once resolved. */
export function incidentAckText(i: HandoverIncident): string {
  if (i.status === 'resolved') return i.acknowledgedBy.length > 0 ? `, acked by ${i.acknowledgedBy.join(', ')}` : '';
  if (i.ackUnknown) return ', acked or not at the end unknown (resolved since)';
  return i.acknowledgedBy.length > 0 || i.status === 'acknowledged' ? `, acked by ${i.acknowledgedBy.join(', ') || '?'}` : ', NOT ACKED';
}
