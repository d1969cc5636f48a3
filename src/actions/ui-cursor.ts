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
 * ago is refused once, saying so; pressed again it acts. A group header keeps its key when a
 * poll adds a member, so the note also holds the group the row stands in: a key that acts on
 * the whole group (any on its header, `A` on a member) is refused once as well when a member
 * joined it that recently. Pure: `now` comes with the events.
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
  /** The ids of the group the row stands for (a header) or in (a member), sorted; absent outside a group. */
  members?: readonly string[];
  /**
   * When a member joined that group with the row under the cursor unchanged (epoch ms); null
   * while an overlay covered the panes (dated by `cursorsShown`). Guards the keys on the whole group.
   */
  grewAt?: number | null;
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
function rowUnder(state: UiState, pane: Pane, rows: ReadonlyArray<KeyedRow>): KeyedRow | undefined {
  return rows.length === 0 ? undefined : rows[resolveSelected(rows, state.anchors[pane], state.selection[pane])];
}

// The group headers of a rows array by key, built once per array: the pane's rows are asked on
// every render (`cursorsStale`), and a member row's header found by scanning 10,000 rows each time
// would cost milliseconds per frame in the storm that makes such a group.
const headersOf = new WeakMap<ReadonlyArray<KeyedRow>, ReadonlyMap<string, KeyedRow>>();

function headers(rows: ReadonlyArray<KeyedRow>): ReadonlyMap<string, KeyedRow> {
  let byKey = headersOf.get(rows);
  if (byKey === undefined) {
    byKey = new Map(rows.filter((r) => r.group !== undefined).map((r) => [r.key, r]));
    headersOf.set(rows, byKey);
  }
  return byKey;
}

/** The group header `row` stands for or in (itself, or its parent among `rows`); undefined outside a group. */
export function groupRowOf(rows: ReadonlyArray<KeyedRow>, row: KeyedRow | undefined): KeyedRow | undefined {
  if (row?.group) return row;
  return row?.parent === undefined ? undefined : headers(rows).get(row.parent);
}

// The sorted copy of each group's ids, made once per ids array: the rows keep a group's array
// while it is unchanged, so the note's members are compared by identity on most renders.
const sortedIds = new WeakMap<readonly string[], readonly string[]>();

// The members noted for `row`: its group's ids, sorted (a re-sort inside the group is no change).
function membersOf(rows: ReadonlyArray<KeyedRow>, row: KeyedRow | undefined): Pick<CursorRow, 'members'> {
  const ids = groupRowOf(rows, row)?.group?.ids;
  if (ids === undefined) return {};
  let members = sortedIds.get(ids);
  if (members === undefined) {
    members = [...ids].sort();
    sortedIds.set(ids, members);
  }
  return {members};
}

// For a sorted members array, one other found equal to it: a group rebuilt with the same ids (a
// member acked) gets a new array the note does not hold, compared in full once, not every render.
const equalTo = new WeakMap<readonly string[], readonly string[]>();

function sameMembers(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  if (equalTo.get(b) === a) return true;
  if (!a.every((id, i) => id === b[i])) return false;
  equalTo.set(b, a);
  return true;
}

// True when `now` has a member `before` did not: one that resolves takes nothing unseen along.
// Unknown before (noted by a refusal on a row the state had not seen): nothing to compare with.
function joined(before: readonly string[] | undefined, now: readonly string[] | undefined): boolean {
  if (before === undefined || now === undefined) return false;
  const had = new Set(before);
  return now.some((id) => !had.has(id));
}

/**
 * True when some pane's cursor is on another row than the state last saw there, or on the same
 * row under a view the note does not know yet (asked before dispatching a `clamp`, on tables of
 * the view in force). An empty table keeps the noted row: the row after it is compared with the
 * one before, so one that resolves and a newcomer in its place still count as a move. Only its
 * view is renewed: a filter matching nothing yet is the user's, the first match a poll brings is not.
 */
export function cursorsStale(state: UiState, rows: PaneRows): boolean {
  return PANES.some((pane) => {
    const shown = rows[pane] ?? [];
    const row = rowUnder(state, pane, shown);
    const c = state.cursor[pane];
    if (row === undefined) return c !== null && c.view !== cursorView(state, pane);
    return row.key !== c?.key || c.view !== cursorView(state, pane) || !sameMembers(c.members, membersOf(shown, row).members);
  });
}

/**
 * The cursors after the tables changed (and `keepSelections` re-anchored): each pane whose
 * cursor is on another row remembers it, marked moved at `now` when the pane shows what it
 * showed (the rows changed by themselves), not when first drawn or when the user changed the view.
 * A view change that left the cursor on its row, or left the pane empty, renews the note's view
 * all the same (keeping its row): kept old, the next move a poll makes would read as the user's
 * own (`h` with nothing acked, then a newcomer sorted on top was silenced by `a` at once; a
 * filter matching nothing yet, then the first match silenced the same way). A member joining the row's group while
 * the view stays the same is dated too (`grewAt`): the header's `1/1` read, `a` acked a `2/2`.
 */
export function seeCursors(state: UiState, rows: PaneRows, now: number | undefined): UiState['cursor'] {
  let cursor = state.cursor;
  for (const pane of PANES) {
    const shown = rows[pane] ?? [];
    const under = rowUnder(state, pane, shown);
    const before = state.cursor[pane];
    const view = cursorView(state, pane);
    if (under === undefined) {
      if (before !== null && before.view !== view) cursor = {...cursor, [pane]: {...before, view}};
      continue;
    }
    const {key} = under;
    const members = membersOf(shown, under);
    if (key === before?.key) {
      if (before.view === view && sameMembers(before.members, members.members)) continue;
      // Its move, if any, stays guarded as it was: only the view and the group are renewed.
      const grew = before.view === view && now !== undefined && joined(before.members, members.members);
      const {members: _was, ...kept} = before;
      const grewAt = grew ? {grewAt: panesCovered(state.modal) ? null : now} : {};
      cursor = {...cursor, [pane]: {...kept, view, ...members, ...grewAt}};
      continue;
    }
    const moved = before !== null && before.view === view && now !== undefined;
    // Under an overlay the move is not seen: its guard starts when the panes show again.
    const row: CursorRow = moved && panesCovered(state.modal) ? {key, view, movedAt: null, unseen: true, ...members} : {key, view, movedAt: moved ? now : null, ...members};
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
    if (!c?.unseen && c?.grewAt !== null) continue;
    const {unseen: _unseen, grewAt, ...kept} = c;
    const grew = grewAt === null && now !== undefined ? {grewAt: now} : grewAt === null ? {} : {grewAt};
    cursor = {...cursor, [pane]: {...kept, movedAt: c.unseen ? (now ?? null) : c.movedAt, ...grew}};
  }
  return cursor;
}

/** The cursor of `pane` put on row `index` of `rows` by a key (a move): never guarded. */
export function cursorByKey(state: UiState, pane: Pane, rows: ReadonlyArray<KeyedRow>, index: number): UiState['cursor'] {
  const row = rows[index];
  if (row === undefined) return state.cursor;
  return {...state.cursor, [pane]: {key: row.key, view: cursorView(state, pane), movedAt: null, ...membersOf(rows, row)}};
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
 * True when a member joined the group of the focused pane's row `rowKey` (the row unchanged)
 * less than {@link MOVED_GUARD_MS} before `now`: a key on the whole group was meant for the
 * group as read. Only for keys that act on the group (the caller knows which).
 */
export function groupGrewUnderCursor(state: UiState, rowKey: string | undefined, now: number | undefined): boolean {
  const c = state.cursor[state.focus];
  if (c === null || rowKey === undefined || c.key !== rowKey) return false;
  if (c.grewAt === null) return true;
  if (c.grewAt === undefined || now === undefined) return false;
  return now - c.grewAt < MOVED_GUARD_MS;
}

/**
 * The cursor of `pane` with its move taken note of, on `rowKey` (the row the refused key was
 * read on; default: the one noted): the next key on it acts.
 */
export function cursorNoted(state: UiState, pane: Pane, rowKey?: string): UiState['cursor'] {
  const c = state.cursor[pane];
  if (c === null) return state.cursor;
  if (rowKey !== undefined && rowKey !== c.key) return {...state.cursor, [pane]: {key: rowKey, view: cursorView(state, pane), movedAt: null}};
  if (c.movedAt === null && !c.unseen && c.grewAt === undefined) return state.cursor;
  // The group as drawn now is the one taken note of: the next key acts on it.
  const {unseen: _unseen, grewAt: _grewAt, ...kept} = c;
  return {...state.cursor, [pane]: {...kept, movedAt: null}};
}
