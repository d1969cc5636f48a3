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
import {compareSloSeverity} from '../domain/slo-math.ts';
import type {SloReport} from '../domain/slo.ts';
import {contextLabel, leastContextWidth, SHORT_CONTEXT_WIDTH, shortJoinedName, shortNamesFor} from './context-short.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {contextMatches, type ContextMatcher} from '../domain/context-filter.ts';
import type {Cell, Column, Row, Table, Tone} from './rows/row-types.ts';

/** One context's built tables, as the merge needs them. */
export interface ContextTables {
  name: string;
  /** Marked `production:` in the config: its rows say so in text. */
  production: boolean;
  /**
   * What its alerts are read from (`alertSourceKey`: each source's whole entry, tenant and
   * credentials included); two contexts with the same non-empty key read the same alerts, so
   * their alerts are one set, shown once.
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

// The label lives with the short names made from it; the merge's callers import it from here.
export {contextLabel} from './context-short.ts';

/** The key of a row of `context` in the merged table: the row's own key, the context after it (prefix checks keep working). */
export function scopedKey(key: string, context: string): string {
  return `${key}\u001f${context}`;
}

/** The context a merged row key was scoped to, `null` for a key of one context's own table. */
export function contextOfKey(key: string): string | null {
  const at = key.lastIndexOf('\u001f');
  return at === -1 ? null : key.slice(at + 1);
}

/** Whether two CONTEXT cells draw the same at every width (the same object, or the same text, tone and short form). */
function sameCell(a: Cell, b: Cell): boolean {
  return a === b || (a.text === b.text && a.tone === b.tone && a.narrow === b.narrow);
}

const TONE_RANK: Record<Tone, number> = {critical: 0, warn: 1, info: 2, accent: 3, text: 3, ok: 4, muted: 5};

/** Rows that move together, a group header with its alerts or a lone row, already scoped to their context. */
interface Block {
  ctx: number;
  /** 0 for a context marked `production: true`, else 1: among equals, production's rows come first. */
  prod: number;
  start: number;
  /** What the pane orders by: the first row's rank (its own, else its tone's), its SLO report, its deploy's start. */
  rank: number;
  report: SloReport | undefined;
  startedAt: number;
  rows: Row[];
  origins: RowOrigin[];
}

/**
 * One context's pane as the merge needs it: its blocks, scoped and labelled. Kept while the
 * context's table, the data it orders by and its CONTEXT cell stay the same objects, so a merge
 * after another context's change reuses it as it is.
 */
interface ContextPane {
  table: Table;
  by: unknown;
  name: string;
  cell: Cell;
  ctx: number;
  production: boolean;
  blocks: Block[];
}

/** A pane's table split into blocks that move together, each with its scoped rows and origins. */
function contextPane(table: Table, by: unknown, name: string, cell: Cell, ctx: number, production: boolean, order: (row: Row) => Pick<Block, 'report' | 'startedAt'>): ContextPane {
  const blocks: Block[] = [];
  let head: string | undefined;
  table.rows.forEach((row, index) => {
    const last = blocks[blocks.length - 1];
    const scoped = scopeRow(row, name, cell);
    const origin: RowOrigin = {context: name, index};
    if (last && row.parent !== undefined && row.parent === head) {
      last.rows.push(scoped);
      last.origins.push(origin);
    } else {
      head = row.key;
      blocks.push({ctx, prod: production ? 0 : 1, start: index, rank: row.rank ?? TONE_RANK[row.tone], ...order(row), rows: [scoped], origins: [origin]});
    }
  });
  return {table, by, name, cell, ctx, production, blocks};
}

/** How a pane orders blocks of different contexts: a negative number puts `a` first. */
type BlockOrder = (a: Block, b: Block) => number;

const byRank: BlockOrder = (a, b) => a.rank - b.rank;

function orderFor(pane: Pane): BlockOrder {
  if (pane === 'slos') return (a, b) => (a.report && b.report ? compareSloSeverity(a.report, b.report) : byRank(a, b));
  // Newest first, as each context lists them.
  if (pane === 'deploys') return (a, b) => b.startedAt - a.startedAt;
  return byRank;
}

// Two SLOs as bad as each other, in name order, as one context's pane lists them.
function byName(a: Block, b: Block): number {
  const x = a.report?.definition.name;
  const y = b.report?.definition.name;
  return x === undefined || y === undefined || x === y ? 0 : x < y ? -1 : 1;
}

/** The object a block of `pane` is ordered by, in its context's tables (its pane is built again when it changes). */
function orderSource(pane: Pane, built: DashboardTables): unknown {
  return pane === 'slos' ? built.reports : pane === 'deploys' ? built.deploys : null;
}

/** What a block of `pane` is ordered by, read from its context's tables. */
function orderOf(pane: Pane, built: DashboardTables): (row: Row) => Pick<Block, 'report' | 'startedAt'> {
  if (pane === 'slos') return (row) => ({report: built.reports.get(row.key), startedAt: 0});
  if (pane === 'deploys') {
    const started = new Map(built.deploys.map((d) => [d.id, d.startedAt]));
    return (row) => ({report: undefined, startedAt: started.get(row.key) ?? 0});
  }
  return () => ({report: undefined, startedAt: 0});
}

// Each context row's merged copy, kept while the row object is (an unchanged alert keeps its row
// across polls): a clock second with 20 contexts × 500 alerts copies only the rows that changed.
const scopedRows = new WeakMap<Row, {context: string; cell: Cell; row: Row}>();

function scopeRow(row: Row, context: string, cell: Cell): Row {
  const kept = scopedRows.get(row);
  if (kept && kept.context === context && sameCell(kept.cell, cell)) return kept.row;
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

// Cut no further: each context's short name (`PROD eu`, `P pay…1`) fits this whole; a shared
// set's joined one (`PROD eu+us`) widens it in the alerts pane.
const CONTEXT_MIN_WIDTH = SHORT_CONTEXT_WIDTH;

/**
 * The columns of a pane across contexts: the first's, each as wide as its widest (a stale status
 * is wider), except that a column widened only for a message's room (`sharedWidth`) counts that
 * much while some other context's column is not so widened: all contexts down, the messages get
 * their room.
 */
function mergedColumns(tables: readonly Table[], width: number, least = CONTEXT_MIN_WIDTH): Column[] {
  const first = tables.find((t) => t.columns.length > 0)?.columns ?? [];
  const widest = (c: Column) => {
    const own = tables.flatMap((t) => t.columns.filter((x) => x.id === c.id));
    const plain = own.filter((x) => x.sharedWidth === undefined);
    const widths = plain.length === 0 ? own.map((x) => x.width) : own.map((x) => (x.sharedWidth === undefined ? x.width : Math.min(x.width, x.sharedWidth)));
    return Math.max(...widths, plain.length === 0 ? c.width : Math.min(c.width, c.sharedWidth ?? c.width));
  };
  // Never dropped, only cut: with several environments on one screen, which one a row is in
  // matters as much as its state, and the cell is the only place a PROD row says PROD.
  return [{id: 'context', header: 'CONTEXT', width, priority: 0, minWidth: least}, ...first.map((column) => {
    const {sharedWidth: _, ...c} = column;
    return {...c, width: widest(column)};
  })];
}

const NONE_HIDDEN: HiddenCounts = {acked: 0, silenced: 0, inhibited: 0};

function addCounts(a: HiddenCounts, b: HiddenCounts): HiddenCounts {
  return {acked: a.acked + b.acked, silenced: a.silenced + b.silenced, inhibited: a.inhibited + b.inhibited};
}

/** Merges the tables of a set of contexts; see {@link createContextMerger}. */
export type ContextMerge = (list: readonly ContextTables[], matchers: Record<Pane, readonly ContextMatcher[]>) => ContextSetTables;

/** How much a merger built, for tests: context panes split and scoped, panes merged, maps merged. */
export interface MergeCounts {
  contextPanes: number;
  panes: number;
  maps: number;
}

/** A merger that remembers what it built, and its counts. */
export interface ContextMerger {
  merge: ContextMerge;
  counts(): MergeCounts;
}

/** A merged pane, kept while every context pane it was made of is the same. */
interface MergedPane {
  parts: readonly ContextPane[];
  /** Every context's columns of the pane (the merged columns are as wide as the widest, shown or not). */
  columns: readonly (readonly Column[])[];
  width: number;
  table: Table;
  origins: RowOrigin[];
}

/** A map merged from the contexts', kept while each context's map is the same object. */
interface MergedMap<V> {
  parts: readonly (ReadonlyMap<string, V> | string)[];
  map: Map<string, V>;
}

// One empty map: a context without a pane's items must not make its merged map new on every merge.
const NO_ITEMS: ReadonlyMap<string, unknown> = new Map();

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A merge that follows what changed. Twenty contexts' first answers arrive one by one, and a
 * clock second touches some contexts' tables and not others: merging all 10,000 alert rows again
 * for each (splitting, scoping and ordering every context's rows, 10,000 origins, a 10,000-entry
 * map of alerts) was a large part of a 20-context start. Now each context's pane is split and
 * scoped once per table of that context, a merged pane is ordered again only when one of its
 * contexts' panes changed (and then only its blocks are sorted, hundreds, not rows), and an
 * unchanged pane or map is the same object as before, so what is drawn from it is not redone.
 * The result is exactly that of a fresh merger (`mergeContextTables`).
 */
export function createContextMerger(): ContextMerger {
  const counts: MergeCounts = {contextPanes: 0, panes: 0, maps: 0};
  // By pane, then by context name: the last pane built for it.
  const contextPanes = new Map<Pane, Map<string, ContextPane>>();
  const mergedPanes = new Map<Pane, MergedPane>();
  const mergedMaps = new Map<string, MergedMap<unknown>>();
  let lastTables: Record<Pane, Table> | null = null;
  let lastOrigins: Record<Pane, readonly RowOrigin[]> | null = null;

  const paneOf = (pane: Pane, c: ContextTables, ctx: number, cell: Cell): ContextPane => {
    let byName = contextPanes.get(pane);
    if (!byName) contextPanes.set(pane, (byName = new Map()));
    const table = c.built.tables[pane];
    const by = orderSource(pane, c.built);
    const kept = byName.get(c.name);
    if (kept && kept.table === table && kept.by === by && kept.ctx === ctx && kept.production === c.production && sameCell(kept.cell, cell)) return kept;
    counts.contextPanes++;
    const built = contextPane(table, by, c.name, cell, ctx, c.production, orderOf(pane, c.built));
    byName.set(c.name, built);
    return built;
  };

  const mergePane = (pane: Pane, parts: readonly ContextPane[], width: number, list: readonly ContextTables[]): MergedPane => {
    const kept = mergedPanes.get(pane);
    const columns = list.map((c) => c.built.tables[pane].columns);
    if (kept && kept.width === width && sameList(kept.parts, parts) && sameList(kept.columns, columns)) return kept;
    counts.panes++;
    const order = orderFor(pane);
    const blocks = parts.flatMap((p) => p.blocks);
    // Equals: a production context's first (a page in PROD above the same in staging), then in
    // the order the contexts were selected.
    blocks.sort((a, b) => order(a, b) || a.prod - b.prod || byName(a, b) || a.ctx - b.ctx || a.start - b.start);
    const rows: Row[] = [];
    const origins: RowOrigin[] = [];
    for (const block of blocks) {
      for (const row of block.rows) rows.push(row);
      for (const origin of block.origins) origins.push(origin);
    }
    // Sized by the contexts shown in the pane (a `ctx=` filter leaves some out); none shown, by all.
    const sizedBy = parts.length > 0 ? parts.map((p) => p.table) : list.map((c) => c.built.tables[pane]);
    // No narrower than a shared set's short name (`PROD eu+us`), which is wider than the others'.
    const least = leastContextWidth(parts.map((p) => p.cell.narrow ?? ''), width);
    const merged = {parts, columns, width, table: {columns: mergedColumns(sizedBy, width, least), rows}, origins};
    mergedPanes.set(pane, merged);
    return merged;
  };

  // Keys scoped to their context; one map per kind, kept while each context's map is the same.
  const mergeMap = <V>(kind: string, from: readonly ContextTables[], pick: (b: DashboardTables) => ReadonlyMap<string, V>): Map<string, V> => {
    const parts = from.flatMap((c) => [c.name, pick(c.built)]);
    const kept = mergedMaps.get(kind) as MergedMap<V> | undefined;
    if (kept && sameList(kept.parts, parts)) return kept.map;
    counts.maps++;
    const map = new Map<string, V>();
    for (const c of from) for (const [k, v] of pick(c.built)) map.set(scopedKey(k, c.name), v);
    mergedMaps.set(kind, {parts, map} as MergedMap<unknown>);
    return map;
  };

  const merge: ContextMerge = (list, matchers) => {
    if (list.length === 1) {
      const only = list[0]!;
      const rejected = perPane((p) => !contextMatches(only.name, matchers[p]));
      if (!Object.values(rejected).some(Boolean)) return {...only.built, origins: null};
      // Its alerts filtered out, so are the ones it hides: the title counts only what the pane would list.
      const hiddenAlerts = rejected.alerts ? NONE_HIDDEN : only.built.hiddenAlerts;
      return {...only.built, tables: perPane((p) => (rejected[p] ? {columns: only.built.tables[p].columns, rows: []} : only.built.tables[p])), origins: null, hiddenAlerts};
    }
    // A context reading the alerts of an earlier one's Alertmanagers adds no alert rows: its name joins the earlier's.
    const alertsOf = new Map<number, number[]>();
    list.forEach((c, i) => {
      const owner = c.alertKey === '' ? -1 : list.findIndex((o) => o.alertKey === c.alertKey);
      const at = owner === -1 ? i : owner;
      alertsOf.set(at, [...(alertsOf.get(at) ?? []), i]);
    });
    const labels = list.map((c, i) => (alertsOf.get(i) ?? [i]).map((j) => contextLabel(list[j]!.name, list[j]!.production)).join('+'));
    // What a cut CONTEXT cell shows instead: unique among the contexts, as the header names them.
    const short = shortNamesFor(list);
    const narrows = list.map((c, i) => shortJoinedName((alertsOf.get(i) ?? [i]).map((j) => list[j]!), short));
    const width = Math.min(20, Math.max(7, ...list.map((c) => contextLabel(c.name, c.production).length)));
    // The alerts of a shared set fire in each of its contexts: `ctx=` keeps them when any member
    // passes, so `ctx=prod-us` lists what prod-us shares with prod-eu, and `ctx!=prod-eu` drops
    // only what fires in prod-eu alone (what also fires in prod-us is prod-us's too).
    const shown = (pane: Pane, i: number): boolean =>
      pane === 'alerts' ? (alertsOf.get(i) ?? []).some((j) => contextMatches(list[j]!.name, matchers.alerts)) : contextMatches(list[i]!.name, matchers[pane]);
    const merged = perPane((pane) => {
      const parts: ContextPane[] = [];
      list.forEach((c, i) => {
        if (!shown(pane, i)) return;
        const cell: Cell = {
          text: pane === 'alerts' ? labels[i]! : contextLabel(c.name, c.production),
          tone: c.production ? 'critical' : 'muted',
        };
        const narrow = pane === 'alerts' ? narrows[i]! : short.get(c.name)!;
        // Only a short form that differs: an unchanged label cut as before needs none.
        if (narrow !== cell.text) cell.narrow = narrow;
        parts.push(paneOf(pane, c, i, cell));
      });
      // A context no longer shown keeps nothing here.
      const byName = contextPanes.get(pane);
      if (byName && byName.size > parts.length) for (const name of byName.keys()) if (!parts.some((p) => p.name === name)) byName.delete(name);
      return mergePane(pane, parts, width, list);
    });
    const tables = perPane((p) => merged[p].table);
    const origins = perPane((p) => merged[p].origins as readonly RowOrigin[]);
    // The same record while no pane changed: what the dashboard derives from it is not redone.
    if (!lastTables || (Object.keys(tables) as Pane[]).some((p) => tables[p] !== lastTables![p])) {
      lastTables = tables;
      lastOrigins = origins;
    }
    const shownAlerts = list.filter((_, i) => alertsOf.has(i));
    const deploys: Deploy[] = list.flatMap((c) => c.built.deploys.map((d) => ({...d, id: scopedKey(d.id, c.name)})));
    return {
      tables: lastTables,
      origins: lastOrigins,
      reports: mergeMap('reports', list, (b) => b.reports),
      alerts: mergeMap('alerts', shownAlerts, (b) => b.alerts),
      deploys,
      // Each self-contained pane's items (a panel's reading …), under the merged rows' keys.
      items: Object.fromEntries(PANES.flatMap((p) => (list.some((c) => c.built.items[p]) ? [[p, mergeMap(`items ${p}`, list, (b) => b.items[p] ?? NO_ITEMS)]] : []))),
      suspects: new Set(list.flatMap((c) => [...c.built.suspects].map((id) => scopedKey(id, c.name)))),
      // By service, for the details; the details of a row are read from its own context's tables.
      suspectByService: new Map(list.flatMap((c) => [...c.built.suspectByService])),
      // Every context parses the same filter: one context's error is the pane's.
      filterErrors: Object.assign({}, ...list.map((c) => c.built.filterErrors)) as Partial<Record<Pane, string>>,
      // Counted as the rows are listed: a shared set once (by the context it is listed under), a
      // set the `ctx=` matchers leave out not at all, so "N acked hidden" is what showing them adds.
      hiddenAlerts: list.reduce((sum, c, i) => (alertsOf.has(i) && shown('alerts', i) ? addCounts(sum, c.built.hiddenAlerts) : sum), NONE_HIDDEN),
    };
  };
  return {merge, counts: () => ({...counts})};
}

/**
 * Merges the tables of `list` (in the order the contexts were selected). `matchers` are each
 * pane's `ctx=` matchers: a context they reject adds no rows to that pane (the alerts a set of
 * contexts shares are kept while any context of the set passes). One context comes back
 * as it is (no CONTEXT column, its own keys), unless its pane's matchers reject it. A fresh
 * merger each time: the dashboard keeps one ({@link createContextMerger}) across its renders.
 */
export function mergeContextTables(list: readonly ContextTables[], matchers: Record<Pane, readonly ContextMatcher[]>): ContextSetTables {
  return createContextMerger().merge(list, matchers);
}
