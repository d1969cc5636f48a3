/**
 * The runbook of a timeline event: only alert events have one. History (`ALERTS`) keeps an
 * alert's labels, not its annotations, so the event stands for an alert with no annotations
 * whose link, when today's rule of its name lent one, rides as `ruleRunbook`: resolving it again
 * with the context's template (`runbookOf`, `runbookPathOf`) gives the event's own link, and a
 * local runbook file the template names.
 */
import type {RunbookSubject} from './runbook.ts';
import type {TimelineEvent} from './timeline.ts';

/** The alert a timeline event is about, as runbook resolution reads it; null for any other event. */
export function eventAlertOf(e: TimelineEvent): RunbookSubject | null {
  if (!e.kind.startsWith('alert-') || !e.subject) return null;
  const labels = {...e.subject};
  const lent = e.urlFrom === 'current-rule' && e.url !== undefined ? {ruleRunbook: e.url} : {};
  return {name: labels['alertname'] ?? '', labels, annotations: {}, ...lent};
}
