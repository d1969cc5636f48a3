/**
 * Pane geometry from the window size, as a pure function: side by side when wide, stacked with
 * the focused pane expanded when small, and only the focused pane when the window is too short
 * for three. The sum of heights never exceeds the window, so Ink never
 * falls back to clearing the whole terminal.
 */

/** The three panes, in Tab order. */
export type PaneId = 'slos' | 'alerts' | 'deploys';

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

/**
 * Computes the layout.
 * @param sloRows how many SLO rows there are, so the SLO pane takes no more than it needs when wide
 */
export function computeLayout(width: number, height: number, focus: PaneId, sloRows: number): Layout {
  const body = Math.max(COLLAPSED_HEIGHT, height - SCREEN_CHROME);
  if (width >= WIDE_MIN_COLUMNS && body >= 20) {
    const sloHeight = Math.max(6, Math.min(sloRows + PANE_CHROME, Math.floor(body * 0.45)));
    const bottom = body - sloHeight;
    const alertsWidth = Math.floor(width * 0.58);
    return {
      mode: 'wide',
      rows: [
        [{id: 'slos', box: {width, height: sloHeight, collapsed: false}}],
        [
          {id: 'alerts', box: {width: alertsWidth, height: bottom, collapsed: false}},
          {id: 'deploys', box: {width: width - alertsWidth, height: bottom, collapsed: false}},
        ],
      ],
    };
  }
  const order: PaneId[] = ['slos', 'alerts', 'deploys'];
  if (body >= 36) {
    // Tall enough for all three: the focused pane gets half, the others share the rest.
    const focused = Math.floor(body / 2);
    const other = Math.floor((body - focused) / 2);
    const last = body - focused - other;
    let spareGiven = false;
    return {
      mode: 'stacked',
      rows: order.map((id) => {
        let h = other;
        if (id === focus) h = focused;
        else if (!spareGiven) {
          spareGiven = true;
          h = last;
        }
        return [{id, box: {width, height: h, collapsed: false}}];
      }),
    };
  }
  const expanded = body - 2 * COLLAPSED_HEIGHT;
  if (expanded < PANE_CHROME + 1) {
    // Too short for two title bars and a data row: only the focused pane, so it still shows data
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
