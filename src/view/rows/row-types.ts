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
}

/** What a group header row stands for. */
export interface RowGroup {
  label: string;
  ids: readonly string[];
}

/** A column: header, preferred width, alignment, and a priority (lower is dropped last). */
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
}

/** A built table: columns and rows in display order. */
export interface Table {
  columns: Column[];
  rows: Row[];
}

/**
 * Picks the columns that fit `width` (one space between columns), dropping the lowest-priority
 * ones first, and gives the flex column whatever is left. Returns the kept column indexes too.
 */
export function fitColumns(columns: Column[], width: number): Array<{column: Column; index: number; width: number}> {
  const kept = columns.map((column, index) => ({column, index}));
  const need = () => kept.reduce((sum, k) => sum + k.column.width, 0) + Math.max(0, kept.length - 1);
  while (kept.length > 1 && need() > width) {
    let drop = 0;
    kept.forEach((k, i) => {
      if (k.column.priority > kept[drop]!.column.priority) drop = i;
    });
    kept.splice(drop, 1);
  }
  // One column wider than the space left: cut it to the space rather than overflow the pane.
  if (need() > width) return kept.map((k) => ({...k, width: Math.max(0, width)}));
  const spare = width - need();
  return kept.map((k) => ({...k, width: k.column.width + (k.column.flex ? spare : 0)}));
}
