/**
 * What `o` does with an alert's runbook: a local Markdown runbook goes to `$PAGER` when it is set,
 * else (or when the pager cannot start) the dashboard shows it; a web link opens in a browser only
 * with a local display, never over SSH (the link is shown instead).
 */
import {runbookPathOf} from '../domain/runbook-file.ts';
import {runbookOf, runbookUrlOf, type RunbookSubject} from '../domain/runbook.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {ActionDeps, ActionResult} from './action-record.ts';

/**
 * The alert whose runbook to open (a row's, or a timeline event's as history keeps it), and
 * `whose`: words after "runbook" when it is not the row's own.
 */
export interface RunbookIntent {
  alert: RunbookSubject;
  whose: string;
}

/** Opens the runbook of `intent.alert` through the injected pager and opener. */
export async function openRunbook({alert, whose}: RunbookIntent, deps: ActionDeps): Promise<ActionResult> {
  const path = runbookPathOf(alert, deps.runbookTemplate);
  // Read first: a missing or oversized file is reported, never handed to the pager, and the
  // lines are ready should the pager fail.
  const file = path ? await deps.pager.read(path) : null;
  if (path && file?.ok) {
    const title = `runbook${whose} ${sanitize(path)}`;
    const show = {title, lines: file.lines};
    const command = deps.pager.command();
    // The reason goes first: a long path must not push it out of a narrow footer.
    if (command === null) return {text: `$PAGER is not set: ${title} shown here`, tone: 'info', show};
    if (deps.pager.busy()) return {text: 'the pager is already open', tone: 'info'};
    const outcome = await deps.pager.page(command, path);
    if (outcome.ok) return {text: `read in ${sanitize(command[0]!)}: ${title}`, tone: 'info'};
    return {text: `${sanitize(outcome.error)}: ${title} shown here instead`, tone: 'warn', show};
  }
  // No local file for this alert: its own link, when it has one, beats nothing mid-incident.
  const missing = file && !file.ok ? file.error : null;
  if (missing !== null && !runbookUrlOf(alert)) return {text: missing, tone: 'critical'};
  const runbook = runbookOf(alert, deps.runbookTemplate);
  if (!runbook) return {text: 'no runbook for this alert', tone: 'warn'};
  const url = runbook.url;
  // The link first: a narrow footer cuts the end, and the file's error is the lesser news. A
  // past alert's link lent by today's rule says so: the rule may have changed since.
  const also = `${runbook.from === 'current-rule' ? "; from today's rule" : ''}${missing === null ? '' : `; ${missing}`}`;
  const result = await deps.opener.open(url);
  if (result.opened) return {text: `opened ${sanitize(url)} in your browser${whose}${also}`, tone: 'ok'};
  return {text: `runbook${whose}: ${sanitize(url)}  (${sanitize(result.reason)}; y copies it${also})`, tone: 'info'};
}
