/** The compact human summary of `oncall status` (without --json). */
import {compareStarts, severityRank} from '../domain/alert-order.ts';
import {ageSince, formatAge} from '../domain/duration.ts';
import {formatBurn, formatPercent, formatSeconds} from '../domain/format.ts';
import {sanitize} from '../domain/sanitize.ts';
import {unhealthyAs} from '../domain/deploy.ts';
import {sloRank} from '../domain/slo-math.ts';
import {keptText} from './kept-log.ts';
import type {StatusDocument} from '../domain/status-document.ts';

const STATUS_WORD: Record<string, string> = {page: 'PAGE', ticket: 'TICKET', ok: 'ok', 'no-data': 'NO DATA', unknown: 'UNKNOWN'};

/** Alert lines a summary prints; the rest are counted (`oncall alerts` lists them all). */
export const STATUS_ALERT_LINES = 20;

type DocAlert = StatusDocument['alerts'][number];

// Worst first: firing and unacked before acked, pending or suppressed; then severity; then the oldest.
function alertOrder(a: DocAlert, b: DocAlert): number {
  const quiet = (x: DocAlert) => (x.state === 'firing' && x.ack === null ? 0 : 1);
  const start = (x: DocAlert) => (x.startsAt === null ? null : Date.parse(x.startsAt));
  return quiet(a) - quiet(b) || severityRank(b.severity) - severityRank(a.severity) || compareStarts(start(a), start(b));
}

/**
 * Formats the status document as a few lines of plain text, worst first. `deploySource` names
 * the context's deploy history (null: it has no `deploys:`), so that a history not read, or none
 * configured, is never counted as "0 recent".
 */
export function statusText(doc: StatusDocument & {at?: string | undefined}, now: number, deploySource: string | null): string {
  const lines: string[] = [];
  // The instant the document describes: `at` in the past, else when it was made.
  lines.push(`context ${sanitize(doc.context)} at ${doc.at ?? doc.generatedAt}`);
  lines.push(
    `sources: ${doc.sources.map((s) => `${sanitize(s.name)} ${sourceWord(s)}${s.ageSeconds === null ? '' : ` ${s.ageSeconds}s`}`).join(', ') || 'none'}`,
  );
  // A source's caveats (partial answers, no alert history in the past) are part of what it says.
  for (const source of doc.sources) for (const w of source.warnings) lines.push(`  note: ${sanitize(source.name)}: ${sanitize(w)}`);
  // The dashboard's rank (one that may page sits with the pages); unknown before no-data within theirs.
  const order = ['unknown', 'no-data'];
  const slos = [...doc.slos].sort((a, b) => sloRank(a.status, a.mayPage) - sloRank(b.status, b.mayPage) || order.indexOf(a.status) - order.indexOf(b.status));
  const count = (s: string) => doc.slos.filter((x) => x.status === s).length;
  // `unknown` (not measured: the source failed, refused the query, or windows it needs were not
  // read) only when there is one.
  const unknown = count('unknown') > 0 ? `, ${count('unknown')} unknown` : '';
  // Read in part (a partial response, or windows not read) or not loaded at all: the counts are of what was read.
  const partial = doc.slos.filter((x) => x.partial || x.unread.length > 0).length;
  const readInPart = partial > 0 ? `, ${partial} read in part` : '';
  const notLoaded = doc.sloFileErrors.length > 0 ? ` · not loaded: ${doc.sloFileErrors.map((e) => sanitize(e.file)).join(', ')} (their SLOs are not counted)` : '';
  lines.push(`SLOs: ${count('page')} page, ${count('ticket')} ticket, ${count('ok')} ok, ${count('no-data')} no data${unknown}${readInPart}${notLoaded}`);
  for (const e of doc.sloFileErrors) lines.push(`  NOT LOADED ${sanitize(e.file)}: ${sanitize(e.error)}`);
  for (const s of slos) {
    const trip = s.trippedBy ? ` ${s.trippedBy}` : '';
    const budget = s.errorBudgetRemaining === null ? 'budget —' : `budget ${formatPercent(s.errorBudgetRemaining, 1)}`;
    const exhaust = s.exhaustsInSeconds === null ? '' : `  exhausts in ${formatSeconds(s.exhaustsInSeconds)}`;
    const error = s.error === null ? '' : `  error: ${sanitize(s.error)}`;
    // `ok (partial)`: ok in what was read; the store that did not answer may hold the errors.
    // `TICKET (3d, period unread)`: judged without those windows, as the dashboard says them.
    const unread = s.unread.length > 0 ? ` (${s.unread.map((w) => sanitize(w)).join(', ')} unread)` : '';
    const word = `${STATUS_WORD[s.status] ?? s.status}${s.partial ? ' (partial)' : ''}${unread}`;
    lines.push(`  ${word.padEnd(7)} ${sanitize(s.name)}${trip}  1h ${formatBurn(s.burnRates['1h'])}  5m ${formatBurn(s.burnRates['5m'])}  ${budget}${exhaust}${error}`);
  }
  const firing = doc.alerts.filter((a) => a.state === 'firing');
  // Counts of what answered are not "0 firing" when an alert source could not be read. The
  // document marks its alert sources: a Prometheus is one (its pending alerts, or all of them
  // without an Alertmanager, or in the past, `status --at`, Prometheus' `ALERTS`).
  // In the past (`status --at`) the other alert sources are not read at all: the counts are of
  // Prometheus' history only, and an incident open then must not read as none.
  const alertSources = doc.sources.filter((s) => s.alerts);
  const notInPast = alertSources.filter((s) => s.state === NOT_IN_PAST).map((s) => sanitize(s.name));
  const asked = alertSources.filter((s) => s.state !== NOT_IN_PAST);
  const unread = asked.filter((s) => !s.ok).map((s) => sanitize(s.name));
  const past = notInPast.length === 0 ? '' : ` · not read in the past: ${notInPast.join(', ')} (incidents and alerts only they hold are not counted)`;
  // No alert source at all is not "0 firing": nothing here could have said one was.
  if (alertSources.length === 0 && doc.alerts.length === 0) {
    lines.push('Alerts: none configured');
  } else if (unread.length === asked.length && doc.alerts.length === 0) {
    lines.push(`Alerts: UNKNOWN, no alert source could be read${unread.length > 0 ? ` (${unread.join(', ')})` : ''}${past}`);
  } else {
    const missing = unread.length === 0 ? '' : ` · not read: ${unread.join(', ')} (its alerts are not counted)`;
    lines.push(`Alerts: ${firing.length} firing (${firing.filter((a) => a.severity === 'critical' && !a.ack).length} critical unacked), ${doc.alerts.length - firing.length} pending or suppressed${missing}${past}`);
  }
  // A summary: 10,000 alerts were 10,000 lines in the order the sources sent them.
  const alerts = [...doc.alerts].sort(alertOrder);
  for (const a of alerts.slice(0, STATUS_ALERT_LINES)) {
    const ack = a.ack ? ` ACK by ${sanitize(a.ack.by)}${keptText(a.kept)}` : a.partialAck ? ` ACK PARTIAL by ${sanitize(a.partialAck.by)}, missing on ${sanitize(a.partialAck.missing.join(', '))}` : unknownAck(a);
    const service = a.labels['service'] ? ` (${sanitize(a.labels['service'])})` : '';
    lines.push(`  ${sanitize(a.severity).padEnd(8)} ${a.state.padEnd(10)} ${sanitize(a.name)}${service} ${ageSince(now, a.startsAt === null ? null : Date.parse(a.startsAt))}${ack}`);
  }
  if (alerts.length > STATUS_ALERT_LINES) lines.push(`  … ${alerts.length - STATUS_ALERT_LINES} more (oncall alerts lists them all)`);
  lines.push(deploysLine(doc, deploySource));
  for (const d of doc.deploys.slice(0, 5)) {
    lines.push(`  ${d.suspect ? 'SUSPECT ' : '        '}${sanitize(d.service)} ${deployVersionText(d)} ${deployStatusText(d)} ${sanitize(d.environment)} ${formatAge(now - Date.parse(d.startedAt))} ago by ${sanitize(d.author)}`);
  }
  return `${lines.join('\n')}\n`;
}

const NOT_IN_PAST = 'not-in-past';

// What the `sources:` line says of one source: a source not read in the past is neither ok nor failed.
function sourceWord(s: StatusDocument['sources'][number]): string {
  if (s.state === NOT_IN_PAST) return 'not read in the past';
  return s.ok ? (s.partial ? 'PARTIAL' : 'ok') : `FAILED (${sanitize(s.error ?? '')})`;
}

// The longest cause the deploy line repeats: the `sources:` line above has it whole.
const SHORT_CAUSE = 80;

// A failure reads `kind: where: …: what`; its kind and what went wrong are the cause, the
// backend and request in between are on the `sources:` line already.
function shortCause(error: string): string {
  const parts = error.split(': ');
  const cause = sanitize(parts.length > 2 ? `${parts[0]}: ${parts.at(-1)}` : error);
  const chars = [...cause];
  return chars.length > SHORT_CAUSE ? `${chars.slice(0, SHORT_CAUSE - 1).join('')}…` : cause;
}

// "0 recent" only from a history that was read: one that failed is unknown (its deploys may be
// the suspects), and a context without one says so rather than "nothing deployed". A history read
// in part (`status --at` before the newest page it lists reaches) counts only what was read:
// nothing read there is unknown, not none.
function deploysLine(doc: StatusDocument, deploySource: string | null): string {
  if (deploySource === null) return 'Deploys: none configured';
  const source = doc.sources.find((s) => s.name === deploySource);
  if (source !== undefined && !source.ok) {
    return `Deploys: UNKNOWN, ${sanitize(source.name)} could not be read (${shortCause(source.error ?? source.state)})`;
  }
  const counts = `${doc.deploys.length} recent`;
  const suspects = `${doc.deploys.filter((d) => d.suspect).length} suspect`;
  if (source?.partial) {
    const reach = source.readSince === undefined ? `${sanitize(source.name)} was read in part` : `the history reaches back to ${minute(source.readSince)} only`;
    return doc.deploys.length === 0 ? `Deploys: UNKNOWN, ${reach}` : `Deploys: ${counts} in what was read (${reach}), ${suspects}`;
  }
  return `Deploys: ${counts}, ${suspects}`;
}

// `2026-12-04 10:00Z`: the day too, since a time travelled to may be days before the reach.
const minute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;

// Silenced where the silences went unread: whether by an ack cannot be told, and a blank would say "not acked".
const unknownAck = (a: DocAlert): string => (a.ackUnknown && a.ackUnknown.length > 0 ? ` ACK UNKNOWN (silences of ${sanitize(a.ackUnknown.join(', '))} unread)` : '');

/**
 * A deploy's version as the text outputs show it: marked `(rollback)` when the deploy is itself
 * a rollback, as the Deploys pane does, so the newest line does not read as a fresh release.
 */
export function deployVersionText(d: Pick<StatusDocument['deploys'][number], 'version' | 'rollbackOf'>): string {
  return sanitize(d.rollbackOf === undefined ? d.version : `${d.version} (rollback)`);
}

/**
 * A deploy's status as the text outputs print it: a completed deploy whose app runs unhealthy
 * (an Argo CD sync that left it Degraded) is `success (⚠ degraded)`, never a plain `success`
 * for an app that is down right now, as the Deploys pane shows it.
 */
export function deployStatusText(d: Pick<StatusDocument['deploys'][number], 'status' | 'health'>): string {
  const health = unhealthyAs(d);
  return health !== undefined ? `success (⚠ ${sanitize(health)})` : d.status;
}
