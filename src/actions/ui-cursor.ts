/**
 * The guard against acting on a row that moved under the cursor. The selection follows its row
 * (ui-selection.ts), yet the row under the cursor still changes without a key: the untouched
 * first row (`watchesTop`) is whichever row a poll sorts on top, and a row that resolves hands
 * the selection to its neighbour. A key pressed for the row the user read then acts on another
 * one: `a` silenced an alert never seen selected, `R` planned a rollback of a colleague's hotfix.
 *
 * So the state remembers, per pane, the row drawn under the cursor and whether it got there by
 * a change of rows (a poll) rather than by a key. A key that would change something remotely
 * (a mutating or dangerous action) on a row that moved there less than {@link MOVED_GUARD_MS}
 * ago is refused once, saying so; pressed again it acts. Pure: `now` comes with the events.
 */
import {PANES, type Pane} from './action-ids.ts';
import {resolveSelected, type KeyedRow} from './ui-selection.ts';
import type {Modal, PaneRows, UiState} from './ui-types.ts';

/**
 * How long a row that moved under the cursor without a key is guarded: long enough for a key
 * already on its way (typed for the frame before, or delayed by a slow link) and for the eye
 * to catch the change, short enough that a row read and then acted on is never refused.
 */
export const MOVED_GUARD_MS = 2000;

/** The row last drawn under a pane's cursor. */
export interface CursorRow {
  key: string;
  /** What the pane showed then, as keys set it (filter, hidden kinds, the instant): see `cursorView`. */
  view: string;
  /** When rows changing under the cursor put it on this row (epoch ms); null when a key did, or first drawn. */
  movedAt: number | null;
  /**
   * True when rows changing put it here while an overlay covered the panes (see `panesCovered`):
   * the move was not seen, so it is dated when the panes show again (`cursorsShown`).
   */
  unseen?: true;
}

/**
 * True while an overlay takes the panes' place: the details, help, a confirmation, the timeline
 * (and a command line opened over it). The `/` filter and a plain command line show the panes.
 */
export function panesCovered(modal: Modal | null): boolean {
  if (modal === null || modal.kind === 'filter') return false;
  return modal.kind !== 'command' || modal.prev !== undefined;
}

/**
 * What the user chose a pane to show (its filter as typed, the hidden kinds, the instant shown):
 * rows changing while it stays the same changed by themselves (a poll); when it changed, the
 * user's own key changed them (`/`, `h`, time travel), and the cursor moving with them is no surprise.
 */
export function cursorView(state: UiState, pane: Pane): string {
  const m = state.modal;
  const filter = m?.kind === 'filter' && m.pane === pane ? m.draft : state.filters[pane];
  const {acked, silenced, inhibited} = state.hidden;
  return JSON.stringify([filter, acked, silenced, inhibited, state.pastAt]);
}

// The row under the cursor of `pane` as drawn with `rows`; undefined for an empty table.
function rowUnder(state: UiState, pane: Pane, rows: ReadonlyArray<KeyedRow>): string | undefined {
  return rows.length === 0 ? undefined : rows[resolveSelected(rows, state.anchors[pane], state.selection[pane])]?.key;
}

/**
 * True when some pane's cursor is on another row than the state last saw there, or on the same
 * row under a view the note does not know yet (asked before dispatching a `clamp`, on tables of
 * the view in force). An empty table changes nothing: the row after it is compared with the one
 * before, so one that resolves and a newcomer in its place still count as a move.
 */
export function cursorsStale(state: UiState, rows: PaneRows): boolean {
  return PANES.some((pane) => {
    const key = rowUnder(state, pane, rows[pane] ?? []);
    if (key === undefined) return false;
    const c = state.cursor[pane];
    return key !== c?.key || c.view !== cursorView(state, pane);
  });
}

/**
 * The cursors after the tables changed (and `keepSelections` re-anchored): each pane whose
 * cursor is on another row remembers it, marked moved at `now` when the pane shows what it
 * showed (the rows changed by themselves), not when first drawn or when the user changed the view.
 * A view change that left the cursor on its row renews the note's view all the same: kept old,
 * the next move a poll makes would read as the user's own (`h` with nothing acked, then a
 * newcomer sorted on top was silenced by `a` at once).
 */
export function seeCursors(state: UiState, rows: PaneRows, now: number | undefined): UiState['cursor'] {
  let cursor = state.cursor;
  for (const pane of PANES) {
    const key = rowUnder(state, pane, rows[pane] ?? []);
    const before = state.cursor[pane];
    if (key === undefined) continue;
    const view = cursorView(state, pane);
    if (key === before?.key) {
      // Its move, if any, stays guarded as it was: only the view it is read under is renewed.
      if (before.view !== view) cursor = {...cursor, [pane]: {...before, view}};
      continue;
    }
    const moved = before !== null && before.view === view && now !== undefined;
    // Under an overlay the move is not seen: its guard starts when the panes show again.
    const row: CursorRow = moved && panesCovered(state.modal) ? {key, view, movedAt: null, unseen: true} : {key, view, movedAt: moved ? now : null};
    cursor = {...cursor, [pane]: row};
  }
  return cursor;
}

/**
 * The cursors when the panes show again (the overlay over them closed at `now`): a row that moved
 * under a cursor meanwhile counts as moved now, so the guard's time is not spent while the user
 * could not see the move (details read for 10 s, then Esc and `a`). Undated (`now` unknown), the
 * move is dropped as a key's would be.
 */
export function cursorsShown(state: UiState, now: number | undefined): UiState['cursor'] {
  let cursor = state.cursor;
  for (const pane of PANES) {
    const c = cursor[pane];
    if (!c?.unseen) continue;
    cursor = {...cursor, [pane]: {key: c.key, view: c.view, movedAt: now ?? null}};
  }
  return cursor;
}

/** The cursor of `pane` put on `key` by a key (a move): never guarded. */
export function cursorByKey(state: UiState, pane: Pane, key: string | undefined): UiState['cursor'] {
  if (key === undefined) return state.cursor;
  return {...state.cursor, [pane]: {key, view: cursorView(state, pane), movedAt: null}};
}

/**
 * True when the focused pane's row `rowKey` (the selected row as drawn when the key was read)
 * came under the cursor by itself less than {@link MOVED_GUARD_MS} before `now`, or is not the
 * row the state last saw there: the frame drew a new row the state has not taken note of yet
 * (its `clamp` comes after the render), and a key read in between was meant for the row before.
 */
export function movedUnderCursor(state: UiState, rowKey: string | undefined, now: number | undefined): boolean {
  const c = state.cursor[state.focus];
  if (c === null || rowKey === undefined) return false;
  if (c.key !== rowKey) return true;
  if (c.movedAt === null || now === undefined) return false;
  return now - c.movedAt < MOVED_GUARD_MS;
}

/**
 * The cursor of `pane` with its move taken note of, on `rowKey` (the row the refused key was
 * read on; default: the one noted): the next key on it acts.
 */
export function cursorNoted(state: UiState, pane: Pane, rowKey?: string): UiState['cursor'] {
  const c = state.cursor[pane];
  if (c === null) return state.cursor;
  if (rowKey !== undefined && rowKey !== c.key) return {...state.cursor, [pane]: {key: rowKey, view: cursorView(state, pane), movedAt: null}};
  return c.movedAt === null && !c.unseen ? state.cursor : {...state.cursor, [pane]: {key: c.key, view: c.view, movedAt: null}};
}
