/**
 * The tables of several contexts merged into one per pane: a CONTEXT column first, rows ordered
 * worst first across contexts (a paging SLO of one above an ok one of another), each row
 * remembering which context and row it came from so details and actions go to that context.
 * Pure: the per-context tables are built as for one context (filters, staleness, suspects all
 * per context), and this only orders, labels and scopes them.
 */
import {PANES, perPane, type Pane} from '../actions/panes.ts';
import type {HiddenCounts} from '../domain/alert-states.ts';
import type {Deploy} from '../domain/deploy.ts';
import {compareSloReports} from '../domain/slo-math.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {contextMatches, type ContextMatcher} from './rows/context-filter.ts';
import type {Cell, Column, Row, Table, Tone} from './rows/row-types.ts';

/** One context's built tables, as the merge needs them. */
export interface ContextTables {
  name: string;
  /** Marked `production:` in the config: its rows say so in text. */
  production: boolean;
  /**
   * What its alerts are read from (the alert sources' URLs); two contexts with the same non-empty
   * key read the same Alertmanager cluster, so their alerts are one set, shown once.
   */
  alertKey: string;
  built: DashboardTables;
}

/** Where a merged row came from: its context and its index in that context's table. */
export interface RowOrigin {
  context: string;
  index: number;
}

/** Merged tables: the usual shape, plus each row's origin (`null` for one context: rows are its own). */
export type ContextSetTables = DashboardTables & {origins: Record<Pane, readonly RowOrigin[]> | null};

/** What a production context's CONTEXT cell and header name say: a word, not only a colour. */
export function contextLabel(name: string, production: boolean): string {
  return production ? `PROD ${name}` : name;
}

/** The key of a row of `context` in the merged table: the row's own key, the context after it (prefix checks keep working). */
export function scopedKey(key: string, context: string): string {
  return `${key}\u001f${context}`;
}

/** The context a merged row key was scoped to, `null` for a key of one context's own table. */
export function contextOfKey(key: string): string | null {
  const at = key.lastIndexOf('\u001f');
  return at === -1 ? null : key.slice(at + 1);
}

const TONE_RANK: Record<Tone, number> = {critical: 0, warn: 1, info: 2, accent: 3, text: 3, ok: 4, muted: 5};

interface Block {
  ctx: number;
  start: number;
  rows: Row[];
}

/** A pane's table split into blocks that move together: a group header with its alerts, else a row. */
function blocksOf(table: Table, ctx: number): Block[] {
  const out: Block[] = [];
  table.rows.forEach((row, index) => {
    const last = out[out.length - 1];
    if (last && row.parent !== undefined && last.rows[0]!.key === row.parent) last.rows.push(row);
    else out.push({ctx, start: index, rows: [row]});
  });
  return out;
}

/** How a pane orders blocks of different contexts: a negative number puts `a` first. */
type BlockOrder = (a: Block, b: Block) => number;

function orderFor(pane: Pane, list: readonly ContextTables[]): BlockOrder {
  const byTone: BlockOrder = (a, b) => TONE_RANK[a.rows[0]!.tone] - TONE_RANK[b.rows[0]!.tone];
  if (pane === 'slos') {
    return (a, b) => {
      const ra = list[a.ctx]!.built.reports.get(a.rows[0]!.key);
      const rb = list[b.ctx]!.built.reports.get(b.rows[0]!.key);
      return ra && rb ? compareSloReports(ra, rb) : byTone(a, b);
    };
  }
  if (pane === 'deploys') {
    const started = list.map((c) => new Map(c.built.deploys.map((d) => [d.id, d.startedAt])));
    // Newest first, as each context lists them.
    return (a, b) => (started[b.ctx]!.get(b.rows[0]!.key) ?? 0) - (started[a.ctx]!.get(a.rows[0]!.key) ?? 0);
  }
  return byTone;
}

// Each context row's merged copy, kept while the row object is (an unchanged alert keeps its row
// across polls): a clock second with 20 contexts × 500 alerts copies only the rows that changed.
const scopedRows = new WeakMap<Row, {context: string; cell: Cell; row: Row}>();

function scopeRow(row: Row, context: string, cell: Cell): Row {
  const kept = scopedRows.get(row);
  if (kept && kept.context === context && kept.cell.text === cell.text && kept.cell.tone === cell.tone) return kept.row;
  const scoped = scopedCopy(row, context, cell);
  scopedRows.set(row, {context, cell, row: scoped});
  return scoped;
}

function scopedCopy(row: Row, context: string, cell: Cell): Row {
  return {
    ...row,
    key: scopedKey(row.key, context),
    cells: [cell, ...row.cells],
    ...(row.id === undefined ? {} : {id: scopedKey(row.id, context)}),
    ...(row.parent === undefined ? {} : {parent: scopedKey(row.parent, context)}),
    ...(row.group ? {group: {label: row.group.label, ids: row.group.ids.map((id) => scopedKey(id, context))}} : {}),
  };
}

/** The columns of a pane across contexts: the first's, each as wide as its widest (a stale status is wider). */
function mergedColumns(tables: readonly Table[], width: number): Column[] {
  const first = tables.find((t) => t.columns.length > 0)?.columns ?? [];
  const widest = (c: Column) => Math.max(...tables.map((t) => t.columns.find((x) => x.id === c.id)?.width ?? 0), c.width);
  return [{id: 'context', header: 'CONTEXT', width, priority: 1}, ...first.map((c) => ({...c, width: widest(c)}))];
}

function addCounts(a: HiddenCounts, b: HiddenCounts): HiddenCounts {
  return {acked: a.acked + b.acked, silenced: a.silenced + b.silenced, inhibited: a.inhibited + b.inhibited};
}

/**
 * Merges the tables of `list` (in the order the contexts were selected). `matchers` are each
 * pane's `ctx=` matchers: a context they reject adds no rows to that pane. One context comes back
 * as it is (no CONTEXT column, its own keys), unless its pane's matchers reject it.
 */
export function mergeContextTables(list: readonly ContextTables[], matchers: Record<Pane, readonly ContextMatcher[]>): ContextSetTables {
  if (list.length === 1) {
    const only = list[0]!;
    const rejected = perPane((p) => !contextMatches(only.name, matchers[p]));
    if (!Object.values(rejected).some(Boolean)) return {...only.built, origins: null};
    return {...only.built, tables: perPane((p) => (rejected[p] ? {columns: only.built.tables[p].columns, rows: []} : only.built.tables[p])), origins: null};
  }
  // A context reading the alerts of an earlier one's Alertmanagers adds no alert rows: its name joins the earlier's.
  const alertsOf = new Map<number, number[]>();
  list.forEach((c, i) => {
    const owner = c.alertKey === '' ? -1 : list.findIndex((o) => o.alertKey === c.alertKey);
    const at = owner === -1 ? i : owner;
    alertsOf.set(at, [...(alertsOf.get(at) ?? []), i]);
  });
  const labels = list.map((c, i) => (alertsOf.get(i) ?? [i]).map((j) => contextLabel(list[j]!.name, list[j]!.production)).join('+'));
  const width = Math.min(20, Math.max(7, ...list.map((c) => contextLabel(c.name, c.production).length)));
  const merge = (pane: Pane) => {
    const included = list.map((c, i) => contextMatches(c.name, matchers[pane]) && (pane !== 'alerts' || alertsOf.has(i)));
    const blocks = list.flatMap((c, i) => (included[i] ? blocksOf(c.built.tables[pane], i) : []));
    const order = orderFor(pane, list);
    blocks.sort((a, b) => order(a, b) || a.ctx - b.ctx || a.start - b.start);
    const rows: Row[] = [];
    const origins: RowOrigin[] = [];
    for (const block of blocks) {
      const c = list[block.ctx]!;
      const cell: Cell = {text: pane === 'alerts' ? labels[block.ctx]! : contextLabel(c.name, c.production), tone: c.production ? 'critical' : 'muted'};
      block.rows.forEach((row, k) => {
        rows.push(scopeRow(row, c.name, cell));
        origins.push({context: c.name, index: block.start + k});
      });
    }
    return {table: {columns: mergedColumns(list.map((c) => c.built.tables[pane]), width), rows}, origins};
  };
  const merged = perPane(merge);
  const shownAlerts = list.filter((_, i) => alertsOf.has(i));
  const scopedMap = <V>(pick: (b: DashboardTables) => ReadonlyMap<string, V>, from: readonly ContextTables[] = list) =>
    new Map(from.flatMap((c) => [...pick(c.built)].map(([k, v]) => [scopedKey(k, c.name), v] as const)));
  const deploys: Deploy[] = list.flatMap((c) => c.built.deploys.map((d) => ({...d, id: scopedKey(d.id, c.name)})));
  return {
    tables: perPane((p) => merged[p].table),
    origins: perPane((p) => merged[p].origins),
    reports: scopedMap((b) => b.reports),
    alerts: scopedMap((b) => b.alerts, shownAlerts),
    deploys,
    // Each self-contained pane's items (a panel's reading …), under the merged rows' keys.
    items: Object.fromEntries(PANES.flatMap((p) => (list.some((c) => c.built.items[p]) ? [[p, scopedMap((b) => b.items[p] ?? new Map())]] : []))),
    suspects: new Set(list.flatMap((c) => [...c.built.suspects].map((id) => scopedKey(id, c.name)))),
    // By service, for the details; the details of a row are read from its own context's tables.
    suspectByService: new Map(list.flatMap((c) => [...c.built.suspectByService])),
    filterError: list.map((c) => c.built.filterError).find((e) => e !== null) ?? null,
    hiddenAlerts: shownAlerts.reduce((sum, c) => addCounts(sum, c.built.hiddenAlerts), {acked: 0, silenced: 0, inhibited: 0}),
  };
}
