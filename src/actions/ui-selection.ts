/**
 * The selection follows a row, not a position. Every poll may re-sort the alerts (a new critical
 * one on top, a group that grew): a selection held as an index would land on another alert in
 * the middle of an incident, and `a` would ack the wrong one. So the UI state holds the selected
 * row's key (rows carry stable keys: `a:<fingerprint>`, `g:<group>`, SLO names, deploy ids) and
 * the keys of its neighbours when it was chosen; the index is only where it was last seen.
 */

import {PANES, type Pane} from './action-ids.ts';

/** Anything with a stable row key (the view's `Row`). */
export interface KeyedRow {
  readonly key: string;
  /** A group header: its label as drawn (sanitized) and its members' ids (see ui-cursor.ts). */
  readonly group?: {readonly label: string; readonly ids: readonly string[]};
  /** The key of the group header the row belongs to. */
  readonly parent?: string;
}

/** The selected row of one pane: its key, and its neighbours' keys nearest first. */
export interface SelectionAnchor {
  key: string;
  /** Where the selection goes when its row disappears (resolved, filtered out): the first still shown. */
  near: readonly string[];
}

// Neighbours kept per side: enough to survive a few rows resolving at once around the selection.
const NEAR_PER_SIDE = 3;

/** The anchor of row `index` of `rows` (null when there is no such row): its key and neighbours. */
export function anchorAt(rows: ReadonlyArray<KeyedRow>, index: number): SelectionAnchor | null {
  const row = rows[index];
  if (!row) return null;
  const near: string[] = [];
  for (let d = 1; d <= NEAR_PER_SIDE; d++) {
    const below = rows[index + d];
    const above = rows[index - d];
    // Below first: when an alert resolves, the one that moves up into its place is the nearest.
    if (below) near.push(below.key);
    if (above) near.push(above.key);
  }
  return {key: row.key, near};
}

function indexOf(rows: ReadonlyArray<KeyedRow>, key: string, hint: number): number {
  // Fast path: most renders find the row where it was (a key press, a tick of the ages).
  if (rows[hint]?.key === key) return hint;
  return rows.findIndex((r) => r.key === key);
}

/**
 * The index of the selected row in `rows` as drawn now: the anchored row wherever it moved, else
 * its nearest neighbour still shown, else the last known index kept inside the table (also the
 * rule without an anchor). 0 for an empty table.
 */
export function resolveSelected(rows: ReadonlyArray<KeyedRow>, anchor: SelectionAnchor | null, index: number): number {
  if (rows.length === 0) return 0;
  if (anchor) {
    const at = indexOf(rows, anchor.key, index);
    if (at >= 0) return at;
    for (const key of anchor.near) {
      const near = indexOf(rows, key, index);
      if (near >= 0) return near;
    }
  }
  return Math.max(0, Math.min(index, rows.length - 1));
}

/**
 * True for a selection no one has chosen: the first row, no anchor (the start, a filter, `g`). It
 * stays on the first row as the rows change, so the worst row stays in view: anchored to the row
 * first drawn there, it followed that row down as worse ones arrived above it (twenty contexts
 * starting, their pages sorted above the first context's ticket scrolled off a small pane).
 * Any move anchors it to its row. A row action on a first row that a poll just replaced is
 * refused once (ui-cursor.ts).
 */
export function watchesTop(anchor: SelectionAnchor | null, index: number): boolean {
  return anchor === null && index === 0;
}

/** True when `anchor` already names row `index` of `rows` (nothing to re-anchor). */
export function anchoredAt(rows: ReadonlyArray<KeyedRow>, anchor: SelectionAnchor | null, index: number): boolean {
  return rows.length === 0 ? anchor === null : anchor !== null && rows[index]?.key === anchor.key;
}

/** The selection part of the UI state. */
export interface Selections {
  /** Per pane, the index where the selected row was last seen. */
  selection: Record<Pane, number>;
  /** Per pane, the selected row's key and neighbours; null until a row is chosen (the index rules). */
  anchors: Record<Pane, SelectionAnchor | null>;
}

/** What the view reports after the tables changed: row counts, a wanted index per pane, the rows. */
export interface TablesChanged {
  rowCounts: Partial<Record<Pane, number>>;
  reselect?: Partial<Record<Pane, number | null>>;
  rows?: Partial<Record<Pane, ReadonlyArray<KeyedRow>>>;
}

/**
 * After the tables changed: each selection stays on its row wherever it moved (or goes to its
 * nearest neighbour when the row is gone), re-anchored there. Returns `current` itself when
 * nothing moved, so a poll that changes nothing costs no render. Without rows, only the index is
 * kept in range.
 */
export function keepSelections<S extends Selections>(current: S, changed: TablesChanged): S | Selections {
  const selection = {...current.selection};
  const anchors = {...current.anchors};
  let moved = false;
  for (const pane of PANES) {
    // Rows given for the panes: one left out has none (the optional panes of a context without them).
    const rows = changed.rows ? (changed.rows[pane] ?? []) : undefined;
    const wanted = changed.reselect?.[pane] ?? null;
    if (!rows) {
      selection[pane] = Math.max(0, Math.min(wanted ?? selection[pane], (changed.rowCounts[pane] ?? 0) - 1));
      moved = true;
      continue;
    }
    // Nothing chosen yet (or `g`): the selection stays on the first row, whichever row that is now.
    if (wanted === null && watchesTop(anchors[pane], selection[pane])) continue;
    const at = wanted !== null ? Math.max(0, Math.min(wanted, rows.length - 1)) : resolveSelected(rows, anchors[pane], selection[pane]);
    if (at === selection[pane] && anchoredAt(rows, anchors[pane], at)) continue;
    selection[pane] = at;
    anchors[pane] = anchorAt(rows, at);
    moved = true;
  }
  return moved ? {selection, anchors} : current;
}

/** True when {@link keepSelections} with these rows would change anything (asked before dispatching). */
export function selectionsStale(current: Selections, rows: Partial<Record<Pane, ReadonlyArray<KeyedRow>>>): boolean {
  return PANES.some((pane) => {
    if (watchesTop(current.anchors[pane], current.selection[pane])) return false;
    const mine = rows[pane] ?? [];
    const at = resolveSelected(mine, current.anchors[pane], current.selection[pane]);
    return at !== current.selection[pane] || !anchoredAt(mine, current.anchors[pane], at);
  });
}
