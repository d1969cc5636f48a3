/**
 * Pane geometry from the window size, as a pure function: side by side when wide (each pane's
 * place is its registry entry's `wide`), stacked with the focused pane expanded when small, and
 * only the focused pane when the window is too short for all. The sum of heights never exceeds
 * the window, so Ink never falls back to clearing the whole terminal.
 */
import {DEFAULT_SHOWN, type Pane} from '../actions/panes.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';

/** A pane's id. */
export type PaneId = Pane;

/** Outer size of a pane, borders included; `collapsed` panes show only their title. */
export interface PaneBox {
  width: number;
  height: number;
  collapsed: boolean;
}

/** The arrangement of the screen below the header and above the footer. */
export interface Layout {
  mode: 'wide' | 'stacked';
  /** Rows of panes from top to bottom, each a list of panes from left to right. */
  rows: Array<Array<{id: PaneId; box: PaneBox}>>;
}

/** Rows a pane needs around its data: two border lines, the title and the column header. */
export const PANE_CHROME = 4;
/** Height of a collapsed pane: border lines and the title. */
export const COLLAPSED_HEIGHT = 3;
/** Lines outside the panes: the header and the footer. */
export const SCREEN_CHROME = 2;

const WIDE_MIN_COLUMNS = 140;
/** Body rows from which every pane of a narrow screen is open, each unfocused one with two data rows at least. */
const OPEN_MIN_BODY = 36;
const OPEN_MIN_PANE = PANE_CHROME + 2;

/** Splits `width` between the panes of one wide row in proportion to their shares; the last takes the rest. */
function shareWidths(ids: readonly Pane[], width: number): number[] {
  const shares = ids.map((id) => PANE_VIEWS[id].wide.share);
  const sum = shares.reduce((a, b) => a + b, 0);
  // The epsilon keeps 0.58 of 160 at 92 whatever the float sum of the shares is.
  const widths = shares.slice(0, -1).map((share) => Math.floor((width * share) / sum + 1e-9));
  return [...widths, width - widths.reduce((a, b) => a + b, 0)];
}

/** Rows the panes of the top row need when wide: the most any of them has. */
export function topRows(panes: readonly Pane[], rowsOf: (pane: Pane) => number): number {
  return Math.max(0, ...panes.filter((p) => PANE_VIEWS[p].wide.row === 0).map(rowsOf));
}

/**
 * Computes the layout of `panes` (those the context shows, in Tab order).
 * @param sloRows how many rows the top row's panes need (see {@link topRows}), so it takes no more when wide
 */
export function computeLayout(width: number, height: number, focus: PaneId, sloRows: number, panes: readonly Pane[] = DEFAULT_SHOWN): Layout {
  const body = Math.max(COLLAPSED_HEIGHT, height - SCREEN_CHROME);
  const top = panes.filter((p) => PANE_VIEWS[p].wide.row === 0);
  const bottom = panes.filter((p) => PANE_VIEWS[p].wide.row === 1);
  if (width >= WIDE_MIN_COLUMNS && body >= 20 && top.length > 0 && bottom.length > 0) {
    const topHeight = Math.max(6, Math.min(sloRows + PANE_CHROME, Math.floor(body * 0.45)));
    const row = (ids: Pane[], h: number) => {
      const widths = shareWidths(ids, width);
      return ids.map((id, i) => ({id, box: {width: widths[i]!, height: h, collapsed: false}}));
    };
    return {mode: 'wide', rows: [row(top, topHeight), row(bottom, body - topHeight)]};
  }
  const order = panes.includes(focus) ? panes : [...panes, focus];
  const others = order.length - 1;
  if (others === 0) return {mode: 'stacked', rows: [[{id: focus, box: {width, height: body, collapsed: false}}]]};
  if (body >= OPEN_MIN_BODY && Math.floor((body - Math.floor(body / 2)) / others) >= OPEN_MIN_PANE) {
    // Tall enough for all: the focused pane gets half, the others share the rest, the spare
    // rows going to the first unfocused pane.
    const focused = Math.floor(body / 2);
    const other = Math.floor((body - focused) / others);
    const first = body - focused - other * (others - 1);
    let spareGiven = false;
    return {
      mode: 'stacked',
      rows: order.map((id) => {
        let h = other;
        if (id === focus) h = focused;
        else if (!spareGiven) {
          spareGiven = true;
          h = first;
        }
        return [{id, box: {width, height: h, collapsed: false}}];
      }),
    };
  }
  const expanded = body - others * COLLAPSED_HEIGHT;
  if (expanded < PANE_CHROME + 1) {
    // Too short for the title bars and a data row: only the focused pane, so it still shows data
    // and the panes never add up to more than the window.
    return {mode: 'stacked', rows: [[{id: focus, box: {width, height: body, collapsed: false}}]]};
  }
  return {
    mode: 'stacked',
    rows: order.map((id) => [{id, box: {width, height: id === focus ? expanded : COLLAPSED_HEIGHT, collapsed: id !== focus}}]),
  };
}

/** Data rows visible inside a pane of the given outer height. */
export function visibleRows(box: PaneBox): number {
  return box.collapsed ? 0 : Math.max(0, box.height - PANE_CHROME);
}
