/**
 * Local runbooks: a `runbookTemplate` without a URL scheme names a Markdown file, e.g.
 * `/srv/runbooks/{{alertname}}.md`. Label values fill the placeholders, so a hostile label must
 * not be able to walk out of the runbook folder.
 */
import type {Alert} from './alert.ts';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

// A label value becomes part of a path: refuse separators, `.`/`..` and control characters.
function safeSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(value);
}

/**
 * The local runbook file of an alert from a file-path template, or `null` when the template is a
 * URL (see `runbookUrlOf`), a placeholder's label is missing, or a value is not a safe file name
 * (it contains `/`, `\`, a control character, or is `.`/`..`).
 */
export function runbookPathOf(alert: Pick<Alert, 'name' | 'labels'>, template: string | undefined): string | null {
  if (template === undefined || template === '' || HAS_SCHEME.test(template)) return null;
  let ok = true;
  const path = template.replace(/\{\{\s*\.?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, label: string) => {
    const value = label === 'alertname' ? alert.name : alert.labels[label];
    if (value === undefined || !safeSegment(value)) ok = false;
    return value ?? '';
  });
  return ok ? path : null;
}
