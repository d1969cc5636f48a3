/** Runbook resolution: the alert's own annotation first, else a configured template. */
import type {Alert} from './alert.ts';
import {isWebUrl} from './sanitize.ts';

/** Annotation names that hold a runbook link, in order of preference. */
export const RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook', 'playbook'] as const;

/**
 * The runbook link of an alert: the `runbook_url` annotation (or its aliases), else `template`
 * with `{{label}}` placeholders filled from the alert's labels (URL-encoded). Only http/https
 * links are returned: anything else is never opened or linked.
 */
export function runbookUrlOf(alert: Alert, template?: string): string | null {
  for (const name of RUNBOOK_ANNOTATIONS) {
    const url = alert.annotations[name];
    // The parsed form: control characters end up percent-encoded, never raw in a link or JSON.
    if (url !== undefined && isWebUrl(url)) return new URL(url).href;
  }
  if (template === undefined) return null;
  let missing = false;
  const url = template.replace(/\{\{\s*\.?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, label: string) => {
    const value = label === 'alertname' ? alert.name : alert.labels[label];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return !missing && isWebUrl(url) ? new URL(url).href : null;
}
