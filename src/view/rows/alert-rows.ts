/** Alert table rows: groups with their alerts beneath, severity and state spelled out in text. */
import {NO_END, type Alert} from '../../domain/alert.ts';
import {incidentBadge} from '../../domain/incident.ts';
import {groupAlerts} from '../../domain/alert-order.ts';
import {earliest} from '../../domain/alert-dedupe.ts';
import {ageSince, formatAge} from '../../domain/duration.ts';
import type {Deploy} from '../../domain/deploy.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {staleMark} from './freshness.ts';
import type {Cell, Column, Row, Table, Tone} from './row-types.ts';

const COLUMNS: Column[] = [
  {id: 'severity', header: 'SEV', width: 6, priority: 0},
  {id: 'state', header: 'STATE', width: 10, priority: 0},
  {id: 'name', header: 'ALERT', width: 20, flex: true, priority: 0},
  {id: 'service', header: 'SERVICE', width: 10, priority: 2},
  {id: 'age', header: 'AGE', width: 4, align: 'right', priority: 1},
  {id: 'ack', header: 'ACK', width: 16, priority: 3},
];

/** Short severity badge, readable without colour. */
export function severityBadge(severity: string): {text: string; tone: Tone} {
  switch (severity) {
    case 'critical':
      return {text: 'CRIT', tone: 'critical'};
    case 'warning':
      return {text: 'WARN', tone: 'warn'};
    case 'info':
      return {text: 'INFO', tone: 'info'};
    default:
      // Upper-cased before escaping (so `\x07` stays lower-case), cut by code point (no half emoji).
      return {text: [...sanitize(severity.toUpperCase())].slice(0, 5).join('') || '—', tone: 'muted'};
  }
}

/** The state column: acked, silenced and inhibited alerts say so in words. */
export function stateText(alert: Alert): {text: string; tone: Tone} {
  if (alert.ack) return {text: 'ACK', tone: 'muted'};
  if (alert.state === 'suppressed') {
    if (alert.silencedBy.length > 0) return {text: 'silenced', tone: 'muted'};
    if (alert.inhibitedBy.length > 0) return {text: 'inhibited', tone: 'muted'};
    return {text: 'suppressed', tone: 'muted'};
  }
  return alert.state === 'pending' ? {text: 'pending', tone: 'warn'} : {text: 'firing', tone: 'critical'};
}

/** The dashboard's own ack or unack in progress for an alert, as the ACK column shows it. */
export interface AckProgress {
  action: 'ack' | 'unack';
  status: 'pending' | 'retrying' | 'failed' | 'done' | 'partial';
  attempts: number;
}

/**
 * The ACK column: an ack being sent, retried or failed is shown on the alert until it lands (a
 * failed ack is never silently dropped), else who acked it and for how long.
 */
export function ackText(alert: Alert, now: number, progress: AckProgress | undefined): {text: string; tone: Tone} {
  if (progress && progress.status !== 'done') {
    const verb = progress.action === 'ack' ? 'ACK' : 'UNACK';
    if (progress.status === 'pending') return {text: `${verb} sending…`, tone: 'warn'};
    if (progress.status === 'retrying') return {text: `${verb} retry ${progress.attempts}…`, tone: 'warn'};
    if (progress.status === 'partial') return {text: `${verb} PARTIAL (a)`, tone: 'warn'};
    return {text: `${verb} FAILED (a)`, tone: 'critical'};
  }
  // Held by some Alertmanagers only: the others still notify, so it must not read as acked.
  if (alert.partialAck) return {text: 'ACK PARTIAL (a)', tone: 'warn'};
  if (alert.ack && alert.ack.until >= NO_END) return {text: sanitize(`${alert.ack.by} (PD)`), tone: 'muted'};
  return alert.ack ? {text: sanitize(`${alert.ack.by} ${formatAge(alert.ack.until - now)}`), tone: 'muted'} : {text: '', tone: 'muted'};
}

/** A row with everything that does not depend on the clock already built. */
interface PreparedRow {
  key: string;
  /** The identity the row carries to the actions: fingerprint, group members, parent group. */
  ref: Pick<Row, 'id' | 'group' | 'parent'>;
  tone: Tone;
  /** Severity, state, name and service cells. */
  fixed: [Cell, Cell, Cell, Cell];
  /** When the age counts from (the oldest alert, for a group); null when unknown. */
  since: number | null;
  /** The alert of an alert row, for the ACK column; null on a group header. */
  alert: Alert | null;
  /** A group header's service and whether any of its alerts is still active (suspect column). */
  group: {service: string; active: boolean} | null;
}

// An incident's own row says it is one (`PD #1234 …`); an alert that paged one says which, and who acked it.
function incidentName(alert: Alert, name: string): string {
  if (!alert.incident) return name;
  return alert.source !== undefined ? `PD #${alert.incident.number} ${name}` : `${name}  ⚑ ${incidentBadge(alert.incident)}`;
}

function preparedAlertRow(alert: Alert, parent: string): PreparedRow {
  const sev = severityBadge(alert.severity);
  const summary = alert.annotations['summary'];
  const name = incidentName(alert, summary ? `${alert.name}: ${summary}` : alert.name);
  const quiet = alert.state === 'suppressed' || alert.ack !== null;
  return {
    key: `a:${alert.fingerprint}`,
    ref: {id: alert.fingerprint, parent},
    tone: quiet ? 'muted' : sev.tone,
    fixed: [
      {text: sev.text, tone: quiet ? 'muted' : sev.tone},
      stateText(alert),
      {text: `  ${sanitize(name)}`, tone: quiet ? 'muted' : 'text'},
      {text: sanitize(alert.labels['service'] ?? ''), tone: 'muted'},
    ],
    since: alert.startsAt,
    alert,
    group: null,
  };
}

/** True for the key of a group header row (as opposed to an alert row). */
export function isGroupRowKey(key: string): boolean {
  return key.startsWith('g:');
}

/**
 * Which alerts show last good data: all of them, `allAgeMs` old (every source failed or went
 * quiet), and those kept from a failed source, fingerprint → epoch ms of that source's answer.
 */
export interface AlertStaleness {
  allAgeMs: number | null;
  since: Readonly<Record<string, number>>;
}

/** Every alert fresh. */
export const NOT_STALE: AlertStaleness = {allAgeMs: null, since: {}};

/** The alert table at a given time, with the newest suspect deploy per service and what is stale. */
export type AlertTableAt = (now: number, suspects?: ReadonlyMap<string, Deploy>, stale?: AlertStaleness) => Table;

/**
 * The alert table in two steps: grouping, ordering, badges and sanitized text once per alert
 * list; then, per clock second, only the cells that depend on the time (ages, ack remaining,
 * the suspect deploy). With 10,000 alerts the first step takes tens of milliseconds and would
 * otherwise run on every clock tick, delaying any key pressed meanwhile.
 */
export function prepareAlertTable(alerts: Alert[], groupBy: string[], progress: ReadonlyMap<string, AckProgress> = new Map()): AlertTableAt {
  const prepared: PreparedRow[] = [];
  for (const group of groupAlerts(alerts, groupBy)) {
    const sev = severityBadge(group.worstSeverity);
    const label = groupBy.map((l) => group.labels[l]).filter((v) => v !== undefined && v !== '');
    const active = group.alerts.filter((a) => a.state !== 'suppressed' && a.ack === null).length;
    const key = `g:${group.key}`;
    const shown = sanitize(label.join(' · '));
    prepared.push({
      key,
      ref: {group: {label: shown, ids: group.alerts.map((a) => a.fingerprint)}},
      tone: active > 0 ? sev.tone : 'muted',
      fixed: [
        {text: sev.text, tone: active > 0 ? sev.tone : 'muted'},
        {text: `${active}/${group.count}`, tone: 'muted'},
        {text: `▸ ${shown}`, tone: 'accent'},
        {text: '', tone: 'muted'},
      ],
      since: group.alerts.reduce<number | null>((oldest, a) => earliest(oldest, a.startsAt), null),
      alert: null,
      group: {service: group.alerts[0]?.labels['service'] ?? '', active: active > 0},
    });
    for (const alert of group.alerts) prepared.push(preparedAlertRow(alert, key));
  }
  const blank: Cell = {text: '', tone: 'muted'};
  // Per row, the row last returned: an age crosses a unit (`12m` → `13m`) far less often than
  // once a second, and reusing unchanged rows keeps a clock tick from allocating 10,000 of them.
  const last: Array<Row | undefined> = [];
  const staleAge = (alert: Alert, now: number, stale: AlertStaleness): number | null => {
    const own = stale.since[alert.fingerprint];
    if (own === undefined) return stale.allAgeMs;
    return Math.max(now - own, stale.allAgeMs ?? 0);
  };
  return (now, suspects = new Map(), stale = NOT_STALE) => ({
    columns: COLUMNS,
    rows: prepared.map((p, i): Row => {
      let end = blank;
      if (p.alert) end = ackText(p.alert, now, progress.get(p.alert.fingerprint));
      else if (p.group) {
        // The deploy that likely caused it, beside the alert: R on the group rolls it back. It
        // stays once the group is acked: the ack says someone is on it, and rolling back is
        // usually what they are about to do.
        const suspect = suspects.get(p.group.service);
        if (suspect) end = {text: sanitize(`⚑ ${suspect.version} (R)`), tone: p.group.active ? 'critical' : 'warn'};
      }
      const age = ageSince(now, p.since);
      let [sev, state, name, service] = p.fixed;
      // Last good data from a failed source: marked in words, not only by a duller colour.
      const staleMs = p.alert ? staleAge(p.alert, now, stale) : null;
      if (staleMs !== null) {
        state = {...state, tone: 'muted'};
        name = {text: `  ${staleMark(staleMs)} · ${name.text.trimStart()}`, tone: 'muted'};
      }
      const before = last[i];
      if (before && before.cells[2]!.text === name.text && before.cells[4]!.text === age && before.cells[5]!.text === end.text && before.cells[5]!.tone === end.tone) return before;
      const row: Row = {key: p.key, ...p.ref, tone: staleMs === null ? p.tone : 'muted', cells: [sev, state, name, service, {text: age, tone: 'muted'}, end]};
      last[i] = row;
      return row;
    }),
  });
}

/**
 * Builds the alert table: one header row per group (worst severity, count), then its alerts.
 * Row keys are `g:<group key>` and `a:<fingerprint>` so a selection survives refreshes.
 */
export function alertTable(
  alerts: Alert[],
  now: number,
  groupBy: string[],
  progress: ReadonlyMap<string, AckProgress> = new Map(),
  suspects: ReadonlyMap<string, Deploy> = new Map(),
  stale: AlertStaleness = NOT_STALE,
): Table {
  return prepareAlertTable(alerts, groupBy, progress)(now, suspects, stale);
}
