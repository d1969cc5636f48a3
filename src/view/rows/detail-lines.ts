/** Detail views as data: label/value lines for the selected SLO, alert or deploy, all sanitized. */
import type {Alert} from '../../domain/alert.ts';
import {WORKBOOK_TABLE} from '../../domain/burn-table.ts';
import {previousGoodDeploy} from '../../domain/correlation.ts';
import {unhealthyAs, type Deploy} from '../../domain/deploy.ts';
import {formatAge} from '../../domain/duration.ts';
import {GRAFANA_FOLDER_LABEL, GRAFANA_RULE_UID_LABEL} from '../../domain/grafana-links.ts';
import {formatBurn, formatPercent, formatSeconds} from '../../domain/format.ts';
import {runbookOf} from '../../domain/runbook.ts';
import {keeperClock, type KeptAck} from '../../domain/ack-keeping.ts';
import {notGossipedText} from '../../domain/alert-ack.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {SloReport} from '../../domain/slo.ts';
import type {Tone} from './row-types.ts';
import {levelTone} from './slo-rows.ts';

/** One line of a detail view; an empty label starts a section heading. */
export interface DetailLine {
  label: string;
  value: string;
  tone?: Tone;
  /** An http(s) URL the value shows: drawn as an OSC 8 hyperlink around the (plain) value. */
  link?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * The suspect deploy of the row's service (`suspectByService`: the one R acts on), as a detail
 * line. `rollbackKey` is the key that rolls it back from the row, or null where none can
 * (read-only, no rollback backend, the past, no key bound): then no key is offered.
 */
function suspectLine(suspect: Deploy | undefined, now: number, rollbackKey: string | null): DetailLine[] {
  if (!suspect) return [];
  // A failed one may have rolled out before the step that failed; R leaves that call to its Deploys row.
  const failed = suspect.status === 'failure';
  const how = failed ? ' (if it went out, roll it back from the Deploys pane)' : rollbackKey === null ? '' : ` (${rollbackKey} rolls it back)`;
  return [{label: 'suspect', value: sanitize(`${suspect.service} ${suspect.version}${failed ? ' (failed)' : ''}, deployed ${formatAge(now - suspect.startedAt)} ago by ${suspect.author}${how}`), tone: 'critical'}];
}

// The pairs that judge an SLO when they are not the Workbook's 30-day ones (which the README
// states once): why 6.5× is a page for one SLO and not for a Pyrra one, or 14× for a 28-day one.
function tableLine(r: SloReport): DetailLine[] {
  if (r.table === WORKBOOK_TABLE) return [];
  // Two decimals at most: 13.44×, 0.93× (a 28-day 3d&6h factor is 0.9333…).
  const pairs = r.table.pairs.map((p) => `${p.severity} ${p.label} > ${Math.round(p.factor * 100) / 100}×`).join(', ');
  const name = r.table.name === 'pyrra' ? "Pyrra's" : `the Workbook's for ${r.table.period}`;
  return [{label: 'burn table', value: sanitize(`${name}: ${pairs}`)}];
}

/**
 * The windows an SLO was judged without (its row's `◐`), by why each could not be read, as the
 * report carries it. Left out when the report's `error` says them already (an SLO they leave
 * unknown): the same sentence twice says nothing more.
 */
function unreadLines(r: SloReport): DetailLine[] {
  if (r.error !== undefined || r.unread === undefined || r.unread.length === 0) return [];
  const byWhy = new Map<string, string[]>();
  for (const w of r.unread) {
    const why = r.unreadWhy?.[w] ?? 'reason not recorded';
    byWhy.set(why, [...(byWhy.get(why) ?? []), w]);
  }
  return [...byWhy].map(([why, windows]) => ({
    label: 'unread',
    value: sanitize(`the ${windows.join(', ')} window${windows.length === 1 ? '' : 's'}, judged without ${windows.length === 1 ? 'it' : 'them'}: ${why}`),
    tone: 'warn' as const,
  }));
}

/**
 * Details of one SLO, read from its verdict: every window's numbers and the queries they came
 * from. `rollbackKey`: see the suspect line (`R`, the default keymap's key, when absent).
 */
export function sloDetails(r: SloReport, suspect?: Deploy, now = 0, rollbackKey: string | null = 'R'): DetailLine[] {
  const d = r.definition;
  const lines: DetailLine[] = [
    {label: 'SLO', value: sanitize(d.name), tone: 'accent'},
    {label: 'service', value: sanitize(d.service)},
    {label: 'source', value: d.source},
    {label: 'objective', value: `${d.objective}% over ${d.window} (error budget ${formatPercent(r.errorBudget, 3)})`},
    ...tableLine(r),
    {label: 'status', value: r.trippedBy ? `${r.status} (tripped by ${r.trippedBy})` : r.status},
    ...(r.error === undefined ? [] : [{label: 'error', value: sanitize(r.error), tone: 'critical' as const}]),
    ...unreadLines(r),
    {label: 'SLI', value: r.sli === null ? 'no data' : formatPercent(r.sli, 4)},
    {label: 'budget left', value: r.errorBudgetRemaining === null ? 'no data' : formatPercent(r.errorBudgetRemaining, 2)},
    {label: 'exhausts in', value: r.exhaustsInSeconds === null ? '—' : formatSeconds(r.exhaustsInSeconds)},
    ...suspectLine(suspect, now, rollbackKey),
    {label: '', value: 'burn rate = error ratio over the window ÷ error budget'},
  ];
  // The seven columns, then any window only this SLO's burn table reads (Pyrra's 4d), each as
  // measured: the ratio is the one read, not the burn times a budget (which is 0 at 100 %).
  for (const v of r.windows) {
    const ratio = v.ratio === null ? 'no data' : formatPercent(v.ratio, 4);
    const origin = r.origins?.[v.window];
    lines.push({label: `  ${sanitize(v.window)}`, value: `${formatBurn(v.burnRate)}  (error ratio ${ratio})${origin ? `  from ${sanitize(origin)}` : ''}`, tone: levelTone(v.level)});
  }
  if (r.origins?.period) lines.push({label: `  ${d.window}`, value: `period ratio from ${sanitize(r.origins.period)}`});
  if (d.description) lines.push({label: 'description', value: sanitize(d.description)});
  if (d.sli?.kind === 'ratio') {
    lines.push({label: 'errors', value: sanitize(d.sli.errorQuery)}, {label: 'total', value: sanitize(d.sli.totalQuery)});
    if (d.sli.denominatorCorrected) {
      lines.push({label: 'weighting', value: `each window's ratio × its traffic ÷ the ${d.window} traffic (Sloth's denominator_corrected_rules)`});
    }
  } else if (d.sli?.kind === 'latency') {
    lines.push(
      {label: 'fast', value: sanitize(d.sli.bucketQuery)},
      {label: 'total', value: sanitize(d.sli.totalQuery)},
      {label: 'threshold', value: sanitize(d.sli.threshold)},
    );
  } else {
    lines.push({label: 'queries', value: 'computed by the built-in demo simulation'});
  }
  return lines;
}

// The alert's dashboard: the `dashboard_url` annotation, else the panel link its source built
// (Grafana's), then where a Grafana-managed alert's rule lives (its folder and rule uid).
function dashboardLines(a: Alert): DetailLine[] {
  const url = a.annotations['dashboard_url'] ?? a.dashboardUrl;
  const folder = a.labels[GRAFANA_FOLDER_LABEL];
  const rule = a.labels[GRAFANA_RULE_UID_LABEL];
  return [
    ...(url ? [{label: 'dashboard', value: sanitize(url), link: url}] : []),
    ...(folder !== undefined ? [{label: 'folder', value: sanitize(folder)}] : []),
    ...(rule !== undefined ? [{label: 'rule uid', value: sanitize(rule)}] : []),
  ];
}

/**
 * After a runbook lent by today's rule to an alert of the past: history keeps no annotations, and
 * the rule may have changed since the alert fired.
 */
export const CURRENT_RULE_NOTE = "(from today's rule: the alert's own annotations are not recorded, and the rule may have changed since)";

/**
 * Ack-until-resolved's word on the alert's ack: when it ends, the last extension and, when the
 * last run could not extend it, why (a backend's words, sanitized) and when it tries again.
 */
export function keptLines(k: KeptAck, now: number): DetailLine[] {
  const ends = k.endsAt === null ? 'unknown' : `${keeperClock(k.endsAt)} (${k.endsAt > now ? `in ${formatAge(k.endsAt - now)}` : 'ended'})`;
  const last = k.lastExtended ? `${keeperClock(k.lastExtended.at)}, to ${keeperClock(k.lastExtended.endsAt)}` : 'none yet';
  const next = k.nextAt === null ? 'when asked' : keeperClock(k.nextAt);
  if (k.status === 'extended') return [{label: 'kept', value: `extended until resolved: ends ${ends}; last extended ${last}`, tone: 'ok'}];
  return [
    k.status === 'failed'
      ? {label: 'kept', value: `NOT EXTENDED: the ack ends ${ends} and the alert pages again then; last extended ${last}`, tone: 'critical'}
      : {label: 'kept', value: `EXTENSION UNKNOWN: sent, its answer lost; the ack ends ${ends} if it did not land; last extended ${last}`, tone: 'warn'},
    {label: '  why', value: sanitize(`${k.error ?? 'failed'} (run at ${keeperClock(k.at)})`), tone: k.status === 'failed' ? 'critical' : 'warn'},
    {label: '  next try', value: next},
  ];
}

/**
 * Details of one alert: labels, annotations, links, silences and ack; `rule` (its alerting
 * rule's lines, `rule-lines.ts`) goes before the labels, where what it measures is read first.
 * `rollbackKey`: see the suspect line (`R`, the default keymap's key, when absent).
 */
export function alertDetails(a: Alert, now: number, runbookTemplate?: string, suspect?: Deploy, kept?: KeptAck, rule: readonly DetailLine[] = [], rollbackKey: string | null = 'R'): DetailLine[] {
  const runbook = runbookOf(a, runbookTemplate);
  const lines: DetailLine[] = [
    {label: 'alert', value: sanitize(a.name), tone: 'accent'},
    {label: 'severity', value: sanitize(a.severity)},
    {label: 'state', value: a.state},
    {label: 'since', value: a.startsAt === null ? 'unknown (the source sent no readable start time)' : `${iso(a.startsAt)} (${formatAge(now - a.startsAt)} ago)`},
    runbook ? {label: 'runbook', value: sanitize(runbook.url) + (runbook.from === 'current-rule' ? ` ${CURRENT_RULE_NOTE}` : ''), link: runbook.url} : {label: 'runbook', value: 'no runbook'},
    a.generatorUrl ? {label: 'source', value: sanitize(a.generatorUrl), link: a.generatorUrl} : {label: 'source', value: '—'},
    ...dashboardLines(a),
    {label: 'seen by', value: sanitize(a.seenBy.join(', '))},
    {label: 'fingerprint', value: sanitize(a.fingerprint)},
    ...suspectLine(suspect, now, rollbackKey),
  ];
  if (a.ack) lines.push({label: 'ack', value: sanitize(`${a.ack.by} until ${iso(a.ack.until)} (silence ${a.ack.silenceId})`), tone: 'ok'});
  if (a.partialAck) {
    const p = a.partialAck;
    const gossip = notGossipedText(p);
    lines.push({label: 'ack', value: sanitize(`PARTIAL: ${p.by} until ${iso(p.until)} on ${p.holding.join(', ')}; missing on ${p.missing.join(', ')} (a acks there)${gossip === null ? '' : `; ${gossip}`}`), tone: 'warn'});
  }
  if (a.ackUnknown && a.ackUnknown.length > 0) {
    lines.push({label: 'ack', value: sanitize(`UNKNOWN: the silences of ${a.ackUnknown.join(', ')} could not be read; whether what silences it there is an ack cannot be told`), tone: 'warn'});
  }
  if (kept) lines.push(...keptLines(kept, now));
  if (a.silencedBy.length > 0) lines.push({label: 'silenced by', value: sanitize(a.silencedBy.join(', '))});
  if (a.inhibitedBy.length > 0) lines.push({label: 'inhibited by', value: sanitize(a.inhibitedBy.join(', '))});
  lines.push(...rule);
  lines.push({label: '', value: 'labels'});
  for (const [k, v] of Object.entries(a.labels).sort()) lines.push({label: `  ${sanitize(k)}`, value: sanitize(v)});
  lines.push({label: '', value: 'annotations'});
  for (const [k, v] of Object.entries(a.annotations).sort()) lines.push({label: `  ${sanitize(k)}`, value: sanitize(v)});
  return lines;
}

/** Details of one deploy, with the version a rollback would return to. */
export function deployDetails(d: Deploy, all: Deploy[], now: number, suspect: boolean): DetailLine[] {
  const target = previousGoodDeploy(all, d);
  return [
    {label: 'deploy', value: sanitize(`${d.service} ${d.version}`), tone: 'accent'},
    // 12 digits: short enough to read, long enough to stay unique in a large repo.
    ...(d.sha ? [{label: 'commit', value: sanitize(d.sha.slice(0, 12))}] : []),
    {label: 'status', value: d.status},
    ...(unhealthyAs(d) ? [{label: 'health', value: `${unhealthyAs(d)}: it runs, unhealthy`, tone: 'critical' as const}] : []),
    {label: 'environment', value: sanitize(d.environment)},
    {label: 'started', value: `${iso(d.startedAt)} (${formatAge(now - d.startedAt)} ago)`},
    {label: 'author', value: sanitize(d.author)},
    d.url ? {label: 'link', value: sanitize(d.url), link: d.url} : {label: 'link', value: '—'},
    {label: 'id', value: sanitize(d.id)},
    ...(d.rollbackOf ? [{label: 'rollback of', value: sanitize(d.rollbackOf)}] : []),
    {label: 'suspect', value: suspect ? 'yes: it was rolling out shortly before a burn or alert of this service began' : 'no', tone: suspect ? 'critical' : undefined},
    {label: 'roll back to', value: target ? sanitize(`${target.version} (${formatAge(now - target.startedAt)} ago)`) : 'no earlier successful deploy'},
  ];
}
