/**
 * Rows as plain data: text cells and a tone, never an escape code, so row builders are tested as
 * data and colour is chosen by the pane from the theme.
 */

/** Semantic tone of a cell or row; the theme maps it to a colour. */
export type Tone = 'ok' | 'warn' | 'critical' | 'muted' | 'info' | 'accent' | 'text';

/** One cell: sanitized text and an optional tone overriding the row's. */
export interface Cell {
  text: string;
  tone?: Tone;
  /**
   * What the cell says, in a few cells, when its column is left out of a narrow pane: drawn in
   * place of the cell of the column's `standIn`. Set only on cells that say something is wrong
   * or under way (`ACK FAIL`), so a dropped column never takes the warning with it.
   */
  compact?: {text: string; tone?: Tone};
  /**
   * What the cell says when its column is narrower than `text`: a shorter form that still tells
   * it from the column's other cells (a merged pane's CONTEXT: `PROD eu`, not `PROD p…`, which
   * prod-eu and prod-us would both read). Cut in turn when even it does not fit.
   */
  narrow?: string;
  /**
   * What the cell says when its column is cut below the column's `standInBelow`: its text less
   * what the stand-in then says for it (a stale alert's name without its `STALE 2m ·`, which
   * STATE says from the cell's `compact`), so the words left keep the room.
   */
  rest?: string;
}

/** One table row. `key` is stable across refreshes so the selection can follow it. */
export interface Row {
  key: string;
  cells: Cell[];
  tone: Tone;
  /** The domain id the row shows (an alert's fingerprint), so actions never read cell text back. */
  id?: string;
  /** A group header: its label as shown (sanitized) and the ids of its members, in order. */
  group?: RowGroup;
  /** The key of the group header an alert row belongs to. */
  parent?: string;
  /**
   * Set when the row shows the last good data of a source that failed: its mark (`STALE 2m`), so
   * the row's details say it too. The mark, not the age in ms: a row is the same while it reads
   * the same.
   */
  stale?: string;
  /**
   * Where the row stands when the rows of several contexts are merged into one pane, worst (0)
   * first, for a pane whose tone does not say it: a stale panel's `✖ CRIT` is drawn muted, and
   * a panel's `? NO DATA` muted as a stale ok is. Set on every row of such a pane, or on none
   * (the tone orders them).
   */
  rank?: number;
}

/** What a group header row stands for. */
export interface RowGroup {
  label: string;
  ids: readonly string[];
}

/**
 * A column: header, preferred width, alignment, and a priority (lower is dropped last; 0 is never
 * dropped while the pane can hold it, only cut).
 */
export interface Column {
  id: string;
  header: string;
  width: number;
  /** Grows to fill the remaining width; at most one per table. */
  flex?: boolean;
  align?: 'left' | 'right';
  priority: number;
  /**
   * Set when `width` was widened only to give a message room because the table has nothing else
   * to show (`? UNKNOWN (prometheus unavailable)`): merged with other contexts' tables that do,
   * the column is this wide at most for this table, so one context that is down does not push
   * the others' numbers off the screen.
   */
  sharedWidth?: number;
  /**
   * The id of the column that shows this column's cells' `compact` text when this column is
   * dropped for want of room.
   */
  standIn?: string;
  /**
   * With `standIn`: the stand-in shows this column's cells' `compact` text also while the column
   * is kept but cut below this many cells, and the cell then shows its `rest` (a stale alert's
   * name: below 20 cells its `STALE 2m ·` prefix would leave no room for the name, and a cut would
   * keep the prefix and lose which alert it is).
   */
  standInBelow?: number;
  /**
   * The row's lead column (its state): cut last, to no less than {@link MIN_LEAD_WIDTH}. Without
   * one the leftmost column of priority 0 without a `minWidth` leads.
   */
  lead?: boolean;
  /**
   * Cut to no less than this instead of {@link MIN_CUT_WIDTH}, with the other columns that are
   * not the lead; such a column is never the lead itself. For a short column that must stay
   * (a merged pane's CONTEXT: cut, its cells' `narrow` names still say which environment a row is in).
   */
  minWidth?: number;
}

/** A built table: columns and rows in display order. */
export interface Table {
  columns: Column[];
  rows: Row[];
}

/**
 * A kept column with its cell width; `from` lists the indexes of the columns (dropped, or cut
 * below their `standInBelow`) whose cells' compact text it shows, the first a row has.
 */
export interface FittedColumn {
  column: Column;
  index: number;
  width: number;
  from?: number[];
}

/** Columns are cut to no less than this, the flex column (the name) first. */
export const MIN_CUT_WIDTH = 8;
/** The row's lead column (its state) is cut last, to no less than this (`? UNKNOWN…`, `STALE 12s…`). */
export const MIN_LEAD_WIDTH = 10;
/**
 * Before a column of priority 0 is dropped, the flex column and the others but the lead are cut
 * to no less than this: a name's first letters still tell alerts apart, a dropped name does not.
 */
export const MIN_SQUEEZE_WIDTH = 4;

/**
 * Picks the columns that fit `width` (one space between columns) and their widths. Columns of
 * priority above 0 are dropped first, the highest number first and, among equals, the rightmost.
 * Columns of priority 0 are not dropped while cutting can make them fit: the flex column is cut
 * first, then the widest of the others, one cell at a time, to {@link MIN_CUT_WIDTH} (or the
 * column's own `minWidth`), then the lead column (the one marked `lead`, else the leftmost of
 * priority 0 without a `minWidth`: the row's state) to {@link MIN_LEAD_WIDTH}, and last the flex
 * and other columns further, widest first, to {@link MIN_SQUEEZE_WIDTH} (a column with a
 * `minWidth` stays at it); text cut ends in `…` and keeps its leading word. Why: a stale or
 * unknown status widens its column, and dropping the first column of equal priority dropped the
 * very column that said STALE or UNKNOWN on a narrow pane; and dropping the name at 8 cells left
 * rows that said a state of nothing. Only a pane too narrow even for the cut columns drops some,
 * the rightmost first, never the first. Any width left over goes to the flex column. Returns the
 * kept column indexes too, and which columns each stands in for (see `Column.standIn`).
 */
export function fitColumns(columns: Column[], width: number): FittedColumn[] {
  const kept: FittedColumn[] = columns.map((column, index) => ({column, index, width: column.width}));
  const need = () => kept.reduce((sum, k) => sum + k.width, 0) + Math.max(0, kept.length - 1);
  while (need() > width) {
    let drop = -1;
    kept.forEach((k, i) => {
      if (k.column.priority > 0 && (drop < 0 || k.column.priority > kept[drop]!.column.priority)) drop = i;
    });
    if (drop < 0) break;
    kept.splice(drop, 1);
  }
  const flex = kept.find((k) => k.column.flex);
  const lead = kept.find((k) => k.column.lead === true) ?? kept.find((k) => k.column.priority === 0 && k.column.minWidth === undefined);
  const floor = (k: FittedColumn) => k.column.minWidth ?? MIN_CUT_WIDTH;
  if (flex && need() > width) flex.width = Math.max(Math.min(flex.width, MIN_CUT_WIDTH), flex.width - (need() - width));
  while (need() > width) {
    let widest: FittedColumn | undefined;
    for (const k of kept) if (k !== lead && k.width > floor(k) && (widest === undefined || k.width > widest.width)) widest = k;
    if (widest === undefined) break;
    widest.width--;
  }
  if (lead && need() > width) lead.width = Math.max(Math.min(lead.width, MIN_LEAD_WIDTH), lead.width - (need() - width));
  const squeeze = () => {
    while (need() > width) {
      let widest: FittedColumn | undefined;
      for (const k of kept) if (k !== lead && k.column.minWidth === undefined && k.width > MIN_SQUEEZE_WIDTH && (widest === undefined || k.width > widest.width)) widest = k;
      if (widest === undefined) break;
      widest.width--;
    }
  };
  const cutTo = kept.map((k) => k.width);
  squeeze();
  // Too narrow even for the cut columns: the rightmost go, the first (what the row is) stays,
  // and the others get back what they gave for the one that went after all.
  while (kept.length > 1 && need() > width) {
    kept.pop();
    cutTo.pop();
    kept.forEach((k, i) => (k.width = cutTo[i]!));
    squeeze();
  }
  // One column wider than the space left: cut it to the space rather than overflow the pane.
  if (need() > width) return kept.map((k) => ({...k, width: Math.max(0, width)}));
  if (flex && kept.includes(flex)) flex.width += width - need();
  // A dropped column (or one cut below its `standInBelow`) that has a stand-in kept: the stand-in
  // shows its cells' compact text, a dropped column's first (its cells are not drawn at all).
  const dropped = (index: number) => !kept.some((k) => k.index === index);
  const cut = (index: number, column: Column) => column.standInBelow !== undefined && kept.some((k) => k.index === index && k.width < column.standInBelow!);
  for (const pass of [dropped, cut]) {
    for (const [index, column] of columns.entries()) {
      if (column.standIn === undefined || !pass(index, column)) continue;
      const standIn = kept.find((k) => k.column.id === column.standIn);
      if (standIn) standIn.from = [...(standIn.from ?? []), index];
    }
  }
  return kept;
}
