/**
 * Cursor arithmetic for the movement actions, shared by pane selections and overlay scrolling.
 */

/** The actions that move a cursor. */
export type MoveId = 'down' | 'up' | 'top' | 'bottom' | 'pageDown' | 'pageUp';

const MOVE_IDS: ReadonlySet<string> = new Set<MoveId>(['down', 'up', 'top', 'bottom', 'pageDown', 'pageUp']);

/** True for an action that moves a cursor (or scrolls an overlay). */
export function isMoveId(id: string): id is MoveId {
  return MOVE_IDS.has(id);
}

function target(current: number, id: MoveId, page: number, last: number): number {
  switch (id) {
    case 'down':
      return current + 1;
    case 'up':
      return current - 1;
    case 'pageDown':
      return current + page;
    case 'pageUp':
      return current - page;
    case 'top':
      return 0;
    case 'bottom':
      return last;
  }
}

/**
 * The selected row after a move in a list of `count` rows, kept within `0..count-1` (0 when the
 * list is empty). A page is `pageSize` rows, at least one.
 */
export function moveIndex(current: number, id: MoveId, count: number, pageSize: number): number {
  const last = Math.max(0, count - 1);
  return Math.max(0, Math.min(last, target(current, id, Math.max(1, pageSize), last)));
}

/**
 * The scroll offset of an overlay after a move. With `lines` known the offset stops where the
 * last line reaches the bottom; without it only the top is bounded and `bottom` keeps the offset
 * (the view clamps against what it drew).
 */
export function moveScroll(current: number, id: MoveId, pageSize: number, lines?: number): number {
  const page = Math.max(1, pageSize);
  if (lines === undefined) return id === 'bottom' ? current : Math.max(0, target(current, id, page, current));
  return moveIndex(current, id, Math.max(0, lines - page) + 1, page);
}
