/** Alert table rows: groups with their alerts beneath, severity and state spelled out in text. */
import {NO_END, type Alert} from '../../domain/alert.ts';
import {incidentBadge} from '../../domain/incident.ts';
import {createAlertGrouper, type AlertGrouper, type AlertGroup} from '../../domain/alert-groups.ts';
import {earliest} from '../../domain/alert-dedupe.ts';
import {ageChangesAt, ageSince, formatAge, UNKNOWN_AGE} from '../../domain/duration.ts';
import type {Deploy} from '../../domain/deploy.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {staleMark} from './freshness.ts';
import type {Cell, Column, Row, Table, Tone} from './row-types.ts';

// Below this the name column is too narrow for a stale mark and enough of the name to tell which alert.
const NAME_ROOM = 20;

const COLUMNS: Column[] = [
  // Its badges are at most four cells (`CRIT`): cut to that before the state, which leads.
  {id: 'severity', header: 'SEV', width: 6, priority: 0, minWidth: 4},
  {id: 'state', header: 'STATE', width: 10, priority: 0, lead: true},
  // A stale row's `STALE 2m ·` leaves a name cut below 20 cells no room: STATE says it instead.
  {id: 'name', header: 'ALERT', width: 20, flex: true, priority: 0, standIn: 'state', standInBelow: NAME_ROOM},
  {id: 'service', header: 'SERVICE', width: 10, priority: 2},
  {id: 'age', header: 'AGE', width: 4, align: 'right', priority: 1},
  // Dropped first on a narrow pane, but its warnings are not: the STATE cell says them instead.
  {id: 'ack', header: 'ACK', width: 16, priority: 3, standIn: 'state'},
];

// The pane's one mark for what cannot be known, the same `?` as an unknown AGE.
const UNKNOWN_ACK = UNKNOWN_AGE;
const UNKNOWN_CELL: {text: string; tone: Tone} = {text: UNKNOWN_ACK, tone: 'muted'};

// Cells with the same text and tone are one object: with 10,000 alerts the severity, state,
// service and age cells would otherwise be ~40,000 small objects repeating a few dozen values.
// Bounded like the interner (past the bound it starts afresh); cells are never changed in place.
const CELLS_MAX = 5000;
let cells = new Map<string, Cell>();
function sharedCell(text: string, tone: Tone): Cell {
  const key = `${tone}\u0000${text}`;
  let cell = cells.get(key);
  if (cell === undefined) {
    if (cells.size >= CELLS_MAX) cells = new Map();
    cells.set(key, (cell = {text, tone}));
  }
  return cell;
}

/** Short severity badge, readable without colour. */
export function severityBadge(severity: string): {text: string; tone: Tone} {
  switch (severity) {
    case 'critical':
      return {text: 'CRIT', tone: 'critical'};
    case 'error':
      // Ranked between critical and warning (`alert-order.ts`): a firing error alert sorts above
      // every warning, so it must not look quiet beside them. Red as an error is in any log; the
      // text, not the colour, tells it from CRIT.
      return {text: 'ERR', tone: 'critical'};
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

/**
 * The dashboard's own ack or unack in progress for an alert, as the ACK column shows it; or
 * (`extend`) ack-until-resolved's last run, when it could not extend the ack or cannot know.
 */
export interface AckProgress {
  action: 'ack' | 'unack' | 'extend';
  status: 'pending' | 'retrying' | 'failed' | 'done' | 'partial' | 'unknown';
  attempts: number;
  /** For `extend`: when the ack ends unless extended (epoch ms); null when not known. */
  endsAt?: number | null;
}

/**
 * The ACK column of an ack the keeper did not extend (`NOT EXTENDED 4m`: it ends in 4 minutes)
 * or whose extension is unknown (`EXT UNKNOWN 4m`). In words, not colour only; no `(a)`: the
 * keeper tries again itself at its next run, and `a` on an acked alert would not retry it.
 */
export function extendText(progress: AckProgress, now: number): {text: string; tone: Tone} {
  const left = progress.endsAt != null && progress.endsAt > now ? ` ${formatAge(progress.endsAt - now)}` : '';
  return progress.status === 'unknown' ? {text: `EXT UNKNOWN${left}`, tone: 'warn'} : {text: `NOT EXTENDED${left}`, tone: 'critical'};
}

/**
 * The ACK column: an ack being sent, retried or failed is shown on the alert until it lands (a
 * failed ack is never silently dropped), else who acked it and for how long.
 */
export function ackText(alert: Alert, now: number, progress: AckProgress | undefined, past = false): {text: string; tone: Tone} {
  if (progress && progress.status !== 'done') {
    // The keeper's outcome is the present's: not shown over the past's unknown.
    if (progress.action === 'extend') return past ? UNKNOWN_CELL : extendText(progress, now);
    const verb = progress.action === 'ack' ? 'ACK' : 'UNACK';
    // The key that tries it again: u for an unack (a would send a new ack).
    const key = progress.action === 'ack' ? 'a' : 'u';
    if (progress.status === 'pending') return {text: `${verb} sending…`, tone: 'warn'};
    if (progress.status === 'retrying') return {text: `${verb} retry ${progress.attempts}…`, tone: 'warn'};
    if (progress.status === 'partial') return {text: `${verb} PARTIAL (${key})`, tone: 'warn'};
    // Sent, its answer lost, and not found out since: it may be in place.
    if (progress.status === 'unknown') return {text: `${verb} UNKNOWN (${key})`, tone: 'warn'};
    return {text: `${verb} FAILED (${key})`, tone: 'critical'};
  }
  // The past's alerts come from Prometheus' `ALERTS`, which holds no silences: a blank would
  // read as "not acked" where the ack state of that instant is unknown (an ack in flight above
  // is the present's own, and still shown).
  if (past) return UNKNOWN_CELL;
  // Silenced where the silences went unread: whether by an ack (whose, until when) is unknown,
  // and a blank would read as "not acked".
  if (alert.ackUnknown && alert.ackUnknown.length > 0) return {text: 'ACK UNKNOWN', tone: 'warn'};
  // Held by some Alertmanagers only: the others still notify, so it must not read as acked.
  if (alert.partialAck) return {text: 'ACK PARTIAL (a)', tone: 'warn'};
  if (alert.ack && alert.ack.until >= NO_END) return {text: sanitize(`${alert.ack.by} (PD)`), tone: 'muted'};
  return alert.ack ? {text: sanitize(`${alert.ack.by} ${formatAge(alert.ack.until - now)}`), tone: 'muted'} : {text: '', tone: 'muted'};
}

/**
 * The ACK column's news in at most ten cells, for the STATE cell of a pane too narrow for the
 * column (`ACK FAIL`, `ACK ?`, `ACK PART`, `NOT EXT`, `ACKING…`); undefined when the ACK column
 * holds nothing that must not be lost (who acked and for how long is in the details). The `(a)`
 * is left out: the details and the footer still offer it.
 */
export function ackCompact(alert: Alert, progress: AckProgress | undefined, past = false): {text: string; tone: Tone} | undefined {
  if (progress && progress.status !== 'done') {
    if (progress.action === 'extend') return past ? undefined : progress.status === 'unknown' ? {text: 'EXT ?', tone: 'warn'} : {text: 'NOT EXT', tone: 'critical'};
    const verb = progress.action === 'ack' ? 'ACK' : 'UNACK';
    if (progress.status === 'pending' || progress.status === 'retrying') return {text: `${verb}ING…`, tone: 'warn'};
    if (progress.status === 'partial') return {text: `${verb} PART`, tone: 'warn'};
    if (progress.status === 'unknown') return {text: `${verb} ?`, tone: 'warn'};
    return {text: `${verb} FAIL`, tone: 'critical'};
  }
  if (!past && alert.ackUnknown && alert.ackUnknown.length > 0) return {text: 'ACK ?', tone: 'warn'};
  return !past && alert.partialAck ? {text: 'ACK PART', tone: 'warn'} : undefined;
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
  /**
   * A group header's service, whether any of its alerts is still active (suspect column) and how
   * many alerts it holds (the state column's `active/count`).
   */
  group: {service: string; active: boolean; count: number} | null;
  /**
   * The row last drawn from this one (kept across polls while the alert or group is unchanged),
   * and what it showed: the same inputs from `from` until before `until` draw the same row. Fields
   * of the prepared row rather than an object of their own: one object fewer per alert.
   */
  drawn: Row | null;
  from: number;
  until: number;
  progress: AckProgress | undefined;
  suspect: Deploy | undefined;
  /** The key the suspect hint offered (`(R)`) when drawn; null: none. */
  rollbackKey?: string | null;
  /** Whether it was drawn for the past (ack state unknown). */
  past?: boolean;
}

// An incident's own row says it is one (`PD #1234 …`); an alert that paged one says which, and who
// acked it, before its summary: a long summary is cut at the column's end, the badge must not be.
function incidentName(alert: Alert, summary: string | undefined): string {
  const tail = summary ? `: ${summary}` : '';
  if (!alert.incident) return `${alert.name}${tail}`;
  return alert.source !== undefined ? `PD #${alert.incident.number} ${alert.name}${tail}` : `${alert.name}  ⚑ ${incidentBadge(alert.incident)}${tail}`;
}

function sharedState(alert: Alert): Cell {
  const {text, tone} = stateText(alert);
  return sharedCell(text, tone);
}

function preparedAlertRow(alert: Alert, parent: string): PreparedRow {
  const sev = severityBadge(alert.severity);
  const summary = alert.annotations['summary'];
  const name = incidentName(alert, summary);
  const quiet = alert.state === 'suppressed' || alert.ack !== null;
  return {
    key: `a:${alert.fingerprint}`,
    ref: {id: alert.fingerprint, parent},
    tone: quiet ? 'muted' : sev.tone,
    fixed: [
      sharedCell(sev.text, quiet ? 'muted' : sev.tone),
      sharedState(alert),
      {text: `  ${sanitize(name)}`, tone: quiet ? 'muted' : 'text'},
      sharedCell(sanitize(alert.labels['service'] ?? ''), 'muted'),
    ],
    since: alert.startsAt,
    alert,
    group: null,
    drawn: null,
    from: 0,
    until: 0,
    progress: undefined,
    suspect: undefined,
  };
}

function preparedGroupRow(group: AlertGroup, groupBy: readonly string[]): PreparedRow {
  const sev = severityBadge(group.worstSeverity);
  const label = groupBy.map((l) => group.labels[l]).filter((v) => v !== undefined && v !== '');
  const active = group.alerts.filter((a) => a.state !== 'suppressed' && a.ack === null).length;
  const shown = sanitize(label.join(' · '));
  return {
    key: `g:${group.key}`,
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
    group: {service: group.alerts[0]?.labels['service'] ?? '', active: active > 0, count: group.count},
    drawn: null,
    from: 0,
    until: 0,
    progress: undefined,
    suspect: undefined,
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

/**
 * How the alert table is drawn beyond its data: `rollbackKey` the key that rolls back the suspect
 * deploy from a group row, offered as `(R)`, or null where none can (read-only, no rollback
 * backend, the past, no key bound); `past` whether it shows the past (time travel), whose ack
 * state is unknown.
 */
export interface AlertTableView {
  /** Absent: `R`, the default keymap's key (the dashboard always passes the bound one). */
  rollbackKey?: string | null;
  past?: boolean;
}

/** The alert table at a given time, with the newest suspect deploy per service and what is stale. */
export type AlertTableAt = (now: number, suspects?: ReadonlyMap<string, Deploy>, stale?: AlertStaleness, view?: AlertTableView) => Table;

/** Prepares alert tables, keeping what did not change since the alert list before. */
export interface AlertTableBuilder {
  /**
   * The alert table of `alerts` in two steps: grouping, ordering, badges and sanitized text once
   * per alert list; then, per clock second, only the cells that depend on the time (ages, ack
   * remaining, the suspect deploy). Groups and rows of alerts that did not change since the
   * previous call are reused, not rebuilt.
   */
  prepare(alerts: readonly Alert[], groupBy: readonly string[], progress?: ReadonlyMap<string, AckProgress>): AlertTableAt;
}

const NO_PROGRESS: ReadonlyMap<string, AckProgress> = new Map();
const NO_SUSPECTS: ReadonlyMap<string, Deploy> = new Map();

/**
 * A builder whose work follows what changed. With 10,000 alerts, grouping and sorting the whole
 * list took tens of milliseconds on every poll and preparing every row again on every clock
 * second took several more, delaying any key pressed meanwhile; now a poll in which a few
 * hundred alerts changed rebuilds only their groups, and a clock second touches only the rows
 * whose age crossed a unit (`12m` → `13m`).
 */
export function createAlertTableBuilder(): AlertTableBuilder {
  let grouping: {by: string; grouper: AlertGrouper; blocks: WeakMap<AlertGroup, PreparedRow[]>; rows: WeakMap<Alert, PreparedRow>} | null = null;
  let last: {groups: AlertGroup[]; prepared: PreparedRow[]} | null = null;
  return {
    prepare(alerts, groupBy, progress = NO_PROGRESS) {
      const by = JSON.stringify(groupBy);
      if (grouping?.by !== by) {
        grouping = {by, grouper: createAlertGrouper([...groupBy]), blocks: new WeakMap(), rows: new WeakMap()};
        last = null;
      }
      const {grouper, blocks, rows} = grouping;
      const groups = grouper.group(alerts);
      if (last?.groups !== groups) {
        const prepared: PreparedRow[] = [];
        for (const group of groups) {
          let block = blocks.get(group);
          if (block === undefined) {
            const header = preparedGroupRow(group, groupBy);
            block = [header];
            for (const alert of group.alerts) {
              let row = rows.get(alert);
              if (row === undefined) rows.set(alert, (row = preparedAlertRow(alert, header.key)));
              block.push(row);
            }
            blocks.set(group, block);
          }
          for (const row of block) prepared.push(row);
        }
        last = {groups, prepared};
      }
      return tableAt(last!.prepared, progress);
    },
  };
}

function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}

function staleAge(alert: Alert, now: number, stale: AlertStaleness): number | null {
  const own = Object.hasOwn(stale.since, alert.fingerprint) ? stale.since[alert.fingerprint] : undefined;
  if (own === undefined) return stale.allAgeMs;
  return Math.max(now - own, stale.allAgeMs ?? 0);
}

// A group header is last good data when every alert in it is: the oldest of their ages. Some
// stale, some fresh: the header is not (its stale alerts say so on their own rows).
function groupStaleAge(p: PreparedRow, now: number, stale: AlertStaleness): number | null {
  let oldest = stale.allAgeMs;
  for (const id of p.ref.group?.ids ?? []) {
    const own = Object.hasOwn(stale.since, id) ? stale.since[id] : undefined;
    if (own !== undefined) oldest = Math.max(oldest ?? 0, now - own);
    else if (stale.allAgeMs === null) return null;
  }
  return oldest;
}

/**
 * The stale mark of alerts `ids` (one alert, or a group's members) drawn apart from the table, as
 * their row would carry it: `STALE 2m` when every one of them is last good data, else undefined.
 */
export function alertsStaleMark(ids: readonly string[], now: number, stale: AlertStaleness): string | undefined {
  let oldest: number | null = null;
  for (const id of ids) {
    const own = Object.hasOwn(stale.since, id) ? stale.since[id] : undefined;
    if (own !== undefined) oldest = Math.max(oldest ?? 0, now - own, stale.allAgeMs ?? 0);
    else if (stale.allAgeMs === null) return undefined;
    else oldest = Math.max(oldest ?? 0, stale.allAgeMs);
  }
  return oldest === null ? undefined : staleMark(oldest);
}

const BLANK: Cell = {text: '', tone: 'muted'};

function tableAt(prepared: readonly PreparedRow[], progress: ReadonlyMap<string, AckProgress>): AlertTableAt {
  let table: Table | null = null;
  return (now, suspects = NO_SUSPECTS, stale = NOT_STALE, view = {}) => {
    const rollback = view.rollbackKey === undefined ? 'R' : view.rollbackKey;
    const past = view.past ?? false;
    const rows: Row[] = new Array<Row>(prepared.length);
    let changed = table === null;
    // Nearly always nothing is stale: then no row looks itself up (10,000 lookups of keys an
    // empty object does not have are slow in V8, each one a miss through the prototype chain).
    const anyStale = stale.allAgeMs !== null || hasKeys(stale.since);
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i]!;
      const own = p.alert === null || progress.size === 0 ? undefined : progress.get(p.alert.fingerprint);
      const suspect = p.group === null || suspects.size === 0 ? undefined : suspects.get(p.group.service);
      const staleMs = !anyStale ? null : p.alert !== null ? staleAge(p.alert, now, stale) : groupStaleAge(p, now, stale);
      // Nothing this row shows changed since it was drawn: the row as it was, without building its cells.
      const row = p.drawn !== null && staleMs === null && now >= p.from && now < p.until && p.progress === own && p.suspect === suspect && p.rollbackKey === rollback && p.past === past ? p.drawn : drawRow(p, now, own, suspect, staleMs, rollback, past);
      if (row !== table?.rows[i]) changed = true;
      rows[i] = row;
    }
    // An unchanged table is the same object: the pane is not drawn again for a clock second that changed nothing in it.
    if (changed || table === null || table.rows.length !== rows.length) table = {columns: COLUMNS, rows};
    return table;
  };
}

function drawRow(p: PreparedRow, now: number, own: AckProgress | undefined, suspect: Deploy | undefined, staleMs: number | null, rollback: string | null, past: boolean): Row {
  let end: Cell = BLANK;
  if (p.alert) {
    end = ackText(p.alert, now, own, past);
    // Only an ack in flight or in trouble has a compact form: the common row does no more work.
    const compact = own === undefined && !p.alert.partialAck && !p.alert.ackUnknown?.length ? undefined : ackCompact(p.alert, own, past);
    if (compact) end = {...end, compact};
  }
  // The deploy that likely caused it, beside the alert: R on the group rolls it back. It stays
  // once the group is acked: the ack says someone is on it, and rolling back is usually what
  // they are about to do. `(R)` only where R can roll back (a rollback provider, not read-only,
  // not the past), naming the key as bound.
  // On a pane too narrow for the ACK column the flag takes the `active/count` cell's place:
  // what to roll back says more than the count the group's rows below show anyway.
  // A failed suspect says so, in words where the column has room, by the deploy pane's `✖`
  // where it has not: it may have rolled out before the step that failed, but R does not
  // guess that it did (it says to roll it back from its Deploys row), so no `(R)`. The suspect
  // given here is the one R acts on (`suspectByService`): a failed one only when no suspect
  // succeeded and what runs is not its version, so `(failed)` and R's refusal go together.
  else if (p.group && suspect) {
    const tone = p.group.active ? 'critical' : 'warn';
    if (suspect.status === 'failure') {
      const short = sanitize(`⚑ ${suspect.version} ✖`);
      end = {text: sanitize(`⚑ ${suspect.version} (failed)`), tone, narrow: short, compact: {text: short, tone}};
    } else end = {text: sanitize(`⚑ ${suspect.version}${rollback === null ? '' : ` (${rollback})`}`), tone, compact: {text: sanitize(`⚑ ${suspect.version}`), tone}};
  }
  // A group without a suspect: in the past its members' ack state is unknown too, not blank.
  else if (past) end = UNKNOWN_CELL;
  const age = ageSince(now, p.since);
  let [sev, state, name, service] = p.fixed;
  // A group's `active/count`: in the past whether its alerts were silenced or acked is unknown,
  // so the active part is too (`1/1` would claim that none was).
  if (past && p.group) state = sharedCell(`${UNKNOWN_ACK}/${p.group.count}`, state.tone ?? 'muted');
  // Last good data from a failed source: marked in words, not only by a duller colour.
  if (staleMs !== null) {
    state = {...state, tone: 'muted'};
    const mark = staleMark(staleMs);
    const text = `  ${mark} · ${name.text.trimStart()}`;
    // On a narrow pane STATE says the mark (`compact`) and the name cell the name alone (`rest`).
    // When STATE says the ACK column's warning it folds the mark in (`FAIL·STALE`): the name's
    // prefix, cut, kept neither STALE nor the name. A group header's suspect deploy keeps STATE
    // and its name drops the mark: its rows say it. Stale rows are rare: plain rows pay nothing.
    if (end.compact === undefined) name = {text, tone: 'muted', compact: {text: mark, tone: 'muted'}, rest: name.text};
    else if (p.group) name = {text, tone: 'muted', rest: name.text};
    else {
      name = {text, tone: 'muted', rest: name.text};
      end = {...end, compact: {...end.compact, text: `${end.compact.text.replace(/^ACK /, '')}·STALE`}};
    }
  }
  const before = p.drawn ?? undefined;
  const same = before !== undefined && before.tone === (staleMs === null ? p.tone : 'muted') && before.cells[1]!.text === state.text && before.cells[1]!.tone === state.tone && before.cells[2]!.text === name.text && before.cells[4]!.text === age && before.cells[5]!.text === end.text && before.cells[5]!.tone === end.tone;
  const tone = staleMs === null ? p.tone : 'muted';
  const cells = [sev, state, name, service, sharedCell(age, 'muted'), end];
  // Written out rather than spread from `ref`: a spread adds the fields after the object is made,
  // into storage of their own (~40 bytes more per row, 10,000 rows).
  const {id, parent, group} = p.ref;
  const fresh: Row = same ? before : group !== undefined ? {key: p.key, group, tone, cells} : {key: p.key, id, parent, tone, cells};
  // Stale rows are rare: their mark is carried for the details.
  const mark = staleMs === null ? undefined : staleMark(staleMs);
  const row = fresh.stale === mark ? fresh : {...fresh, stale: mark};
  // An ack's remaining time, a stale mark and ack progress are drawn again every second; an age
  // holds until it crosses its unit.
  const countsDown = p.alert !== null && (p.alert.ack !== null || own !== undefined);
  p.drawn = row;
  p.from = now;
  p.until = staleMs !== null || countsDown ? now : ageChangesAt(now, p.since);
  p.progress = own;
  p.suspect = suspect;
  p.rollbackKey = rollback;
  p.past = past;
  return row;
}

/**
 * Builds the alert table: one header row per group (worst severity, count), then its alerts.
 * Row keys are `g:<group key>` and `a:<fingerprint>` so a selection survives refreshes.
 */
export function prepareAlertTable(alerts: readonly Alert[], groupBy: readonly string[], progress: ReadonlyMap<string, AckProgress> = NO_PROGRESS): AlertTableAt {
  return createAlertTableBuilder().prepare(alerts, groupBy, progress);
}

/** The alert table at `now`: {@link prepareAlertTable} drawn once. */
export function alertTable(
  alerts: readonly Alert[],
  now: number,
  groupBy: readonly string[],
  progress: ReadonlyMap<string, AckProgress> = NO_PROGRESS,
  suspects: ReadonlyMap<string, Deploy> = NO_SUSPECTS,
  stale: AlertStaleness = NOT_STALE,
): Table {
  return prepareAlertTable(alerts, groupBy, progress)(now, suspects, stale);
}
