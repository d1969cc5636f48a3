/**
 * The selected timeline event as an action target and as the details line under the events:
 * what `o` and `y` act on while the timeline is open, and the link they would act on, drawn.
 */
import type {SelectionInfo} from '../actions/keymap.ts';
import {runbookPathOf} from '../domain/runbook-file.ts';
import {sanitize} from '../domain/sanitize.ts';
import {eventAlertOf} from '../domain/timeline-runbook.ts';
import type {TimelineEvent} from '../domain/timeline.ts';

/**
 * The target of a key pressed on `event`. `runbookTemplate` is the event's own context's (the
 * runner opens it with that context's template too); `several` names the context, so the
 * runner routes the action there and its message says which.
 */
export function eventSelection(event: TimelineEvent | undefined, where: {several: boolean; runbookTemplate?: string | undefined}): SelectionInfo | null {
  if (!event) return null;
  const alert = eventAlertOf(event);
  // A template naming a local file gives no link but a file `o` reads, as on an alert row.
  const hasRunbook = alert !== null && (event.url !== undefined || runbookPathOf(alert, where.runbookTemplate) !== null);
  return {
    kind: 'event',
    id: `${event.at}|${event.kind}|${event.context}`,
    label: sanitize(event.text),
    ...(event.service ? {service: event.service} : {}),
    ...(alert ? {eventAlert: alert, hasRunbook} : {}),
    ...(event.url !== undefined ? {eventUrl: event.url, hasLink: true} : {hasLink: false}),
    ...(where.several ? {context: event.context} : {}),
  };
}

/** The details line of the selected event: its link, sanitized, and what it is; null when it has none. */
export function eventLinkLine(event: TimelineEvent | undefined): {label: string; text: string; url: string} | null {
  if (event?.url === undefined) return null;
  const label = event.kind.startsWith('alert-')
    ? event.urlFrom === 'current-rule' ? "runbook of today's rule" : 'runbook'
    : event.kind.startsWith('rollback') ? 'run' : event.kind.startsWith('deploy') ? 'deploy' : 'link';
  return {label, text: sanitize(event.url), url: event.url};
}
