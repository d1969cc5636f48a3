/** Runbook resolution: the alert's own annotation first, else a configured template. */
import type {Alert} from './alert.ts';
import {isWebUrl} from './sanitize.ts';

/** Annotation names that hold a runbook link, in order of preference. */
export const RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook', 'playbook'] as const;

/** Where an alert's runbook link comes from: its own annotation, today's rule of its name (an alert of the past), or the configured template. */
export type RunbookFrom = 'annotation' | 'current-rule' | 'template';

/**
 * What runbook resolution reads of an alert: a live alert, or one known from history (a
 * timeline event's labels, no annotations, today's rule's link lent as `ruleRunbook`).
 */
export type RunbookSubject = Pick<Alert, 'name' | 'labels' | 'annotations' | 'ruleRunbook'>;

/**
 * The runbook link of an alert and where it comes from: the `runbook_url` annotation (or its
 * aliases), else today's rule's (`ruleRunbook`, set only on an alert of the past, which has no
 * annotations: it is how the alert would be linked if it fired today), else `template` with
 * `{{label}}` placeholders filled from the alert's labels (URL-encoded). Only http/https links
 * are returned: anything else is never opened or linked.
 */
export function runbookOf(alert: RunbookSubject, template?: string): {url: string; from: RunbookFrom} | null {
  for (const name of RUNBOOK_ANNOTATIONS) {
    const url = alert.annotations[name];
    // The parsed form: control characters end up percent-encoded, never raw in a link or JSON.
    if (url !== undefined && isWebUrl(url)) return {url: new URL(url).href, from: 'annotation'};
  }
  if (alert.ruleRunbook !== undefined && isWebUrl(alert.ruleRunbook)) return {url: new URL(alert.ruleRunbook).href, from: 'current-rule'};
  if (template === undefined) return null;
  let missing = false;
  const url = template.replace(/\{\{\s*\.?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, label: string) => {
    const value = label === 'alertname' ? alert.name : alert.labels[label];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return !missing && isWebUrl(url) ? {url: new URL(url).href, from: 'template'} : null;
}

/** The runbook link of an alert (see {@link runbookOf}), or null. */
export function runbookUrlOf(alert: RunbookSubject, template?: string): string | null {
  return runbookOf(alert, template)?.url ?? null;
}

/**
 * The runbook annotation an alert sets that is refused as a link (`javascript:…`, a file path, no
 * URL at all), when none of them is an http(s) link: what `y` says it did not copy, so a source
 * link copied instead is not taken for the runbook. An empty value counts as unset.
 */
export function refusedRunbookAnnotation(alert: Pick<RunbookSubject, 'annotations'>): {name: string; value: string} | null {
  const set = RUNBOOK_ANNOTATIONS.flatMap((name) => {
    const value = alert.annotations[name];
    return value !== undefined && value.trim() !== '' ? [{name, value}] : [];
  });
  if (set.some((a) => isWebUrl(a.value))) return null;
  return set[0] ?? null;
}
