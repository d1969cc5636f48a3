/**
 * Pane geometry from the window size, as a pure function: side by side when wide (each pane's
 * place is its registry entry's `wide`), stacked with the focused pane expanded when small. When
 * too short for the others' title bars, each other pane is one line (its title and counts), and
 * when too short even for those, one line sums up the panes left out: a critical alert is never
 * out of sight because another pane has the focus. The focused pane keeps a data row whenever
 * the window has three rows for it: under a bordered pane's height it drops its border, so the
 * row it would say is there is drawn, not stated as "no alerts firing". The sum of heights never
 * exceeds the window, so Ink never falls back to clearing the whole terminal.
 */
import {DEFAULT_SHOWN, type Pane} from '../actions/panes.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';

/** A pane's id. */
export type PaneId = Pane;

/**
 * Outer size of a pane, borders included; `collapsed` panes show only their title. A box under
 * {@link COLLAPSED_HEIGHT} rows has no border: its title line alone. A `bare` box has no border
 * either: its title, column header and data rows (a focused pane too short for its border).
 */
export interface PaneBox {
  width: number;
  height: number;
  collapsed: boolean;
  bare?: boolean;
}

/** The arrangement of the screen below the header and above the footer. */
export interface Layout {
  mode: 'wide' | 'stacked';
  /** Rows of panes from top to bottom, each a list of panes from left to right. */
  rows: Array<Array<{id: PaneId; box: PaneBox}>>;
  /** Panes without room even for a line each, summed up in one line below the rows ({@link HIDDEN_LINE}). */
  hidden?: PaneId[];
}

/** Rows a pane needs around its data: two border lines, the title and the column header. */
export const PANE_CHROME = 4;
/** Height of a collapsed pane: border lines and the title. */
export const COLLAPSED_HEIGHT = 3;
/** Height of a pane reduced to its title line (no border), in a window too short for title bars. */
export const LINE_HEIGHT = 1;
/** Height of the line that sums up the panes left out ({@link Layout.hidden}). */
export const HIDDEN_LINE = 1;
/** Rows a borderless pane needs around its data: the title and the column header. */
export const BARE_CHROME = 2;
/** Lines outside the panes: the header and the footer. */
export const SCREEN_CHROME = 2;
/** The least window the dashboard's layout is drawn in: columns, then rows. */
export const MIN_COLUMNS = 20;
export const MIN_ROWS = 8;

/**
 * Why nothing drawn for the dashboard's least window can be acted on in a `columns` by `rows`
 * window smaller than it (a small tmux pane): what it would act on may be off screen. Null when
 * the window holds the layout.
 */
export function windowTooSmallReason(columns: number, rows: number): string | null {
  return columns < MIN_COLUMNS || rows < MIN_ROWS ? `the window is too small (${MIN_COLUMNS}x${MIN_ROWS} at least): enlarge it` : null;
}

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
  if (others === 0) return {mode: 'stacked', rows: [[{id: focus, box: focusedBox(width, body)}]]};
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
  if (expanded >= FOCUSED_LEAST) {
    return {
      mode: 'stacked',
      rows: order.map((id) => [{id, box: {width, height: id === focus ? expanded : COLLAPSED_HEIGHT, collapsed: id !== focus}}]),
    };
  }
  // Too short for the title bars: the others shrink to a line each (title and counts) and the
  // focused pane gives up its rows first, down to one data row.
  const beside = body - others * LINE_HEIGHT;
  if (beside >= FOCUSED_LEAST) {
    return {
      mode: 'stacked',
      rows: order.map((id) => [{id, box: {width, height: id === focus ? beside : LINE_HEIGHT, collapsed: id !== focus}}]),
    };
  }
  // Not even that: the focused pane and one line naming what the others hold, so a page firing
  // elsewhere is still said. The focused pane drops its border before it drops its rows.
  const rest = body - HIDDEN_LINE;
  return {
    mode: 'stacked',
    rows: [[{id: focus, box: focusedBox(width, rest)}]],
    hidden: order.filter((id) => id !== focus),
  };
}

/** The least a focused pane is given beside the others: its border, title, column header and one data row. */
const FOCUSED_LEAST = PANE_CHROME + 1;

/**
 * The focused pane's box in `height` rows: bordered with a data row at least when it fits;
 * else borderless (title, column header, data rows), as a bordered box of 3 or 4 rows would
 * draw its column header and no row; under 3 rows, its title line alone.
 */
function focusedBox(width: number, height: number): PaneBox {
  if (height >= FOCUSED_LEAST) return {width, height, collapsed: false};
  if (height > BARE_CHROME) return {width, height, collapsed: false, bare: true};
  return {width, height, collapsed: true};
}

/** True for a box drawn without a border: a bare one, or one too short for a title bar. */
export function isBorderless(box: PaneBox): boolean {
  return box.bare === true || box.height < COLLAPSED_HEIGHT;
}

/** Data rows visible inside a pane of the given outer height. */
export function visibleRows(box: PaneBox): number {
  if (box.collapsed) return 0;
  return Math.max(0, box.height - (box.bare ? BARE_CHROME : PANE_CHROME));
}

/**
 * Why the focused pane's row actions refuse (see `ActionContext.unseen`): it has rows and none
 * of them is drawn in `box`, its box. Null when one is drawn or there is none.
 */
export function unseenReason(box: PaneBox | undefined, rows: number): string | null {
  if (box === undefined || rows === 0 || visibleRows(box) > 0) return null;
  return 'no row of this pane is on screen: enlarge the terminal';
}
