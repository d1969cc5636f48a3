import {describe, expect, it} from 'vitest';
import {COLLAPSED_HEIGHT, computeLayout, HIDDEN_LINE, LINE_HEIGHT, PANE_CHROME, SCREEN_CHROME, unseenReason, visibleRows, type Layout, type PaneId} from '../../src/view/layout.ts';

const PANES: PaneId[] = ['slos', 'alerts', 'deploys'];

/** Rows of the screen the panes take: each row is as tall as its tallest pane. */
function totalHeight(layout: Layout): number {
  return layout.rows.reduce((sum, row) => sum + Math.max(...row.map((p) => p.box.height)), 0);
}

function boxes(layout: Layout) {
  return layout.rows.map((row) => row.map((p) => [p.id, p.box.width, p.box.height, p.box.collapsed]));
}

describe('computeLayout', () => {
  it('80x24 stacks the panes: the focused one expanded, the others collapsed to 3 rows, filling rows − 2', () => {
    const layout = computeLayout(80, 24, 'alerts', 10);
    expect(layout.mode).toBe('stacked');
    expect(boxes(layout)).toEqual([
      [['slos', 80, 3, true]],
      [['alerts', 80, 16, false]],
      [['deploys', 80, 3, true]],
    ]);
    expect(totalHeight(layout)).toBe(24 - SCREEN_CHROME);
    expect(visibleRows(layout.rows[1]![0]!.box)).toBe(12);
  });

  it('80x24 with the SLO pane focused expands that one instead', () => {
    const layout = computeLayout(80, 24, 'slos', 10);
    expect(boxes(layout).map((r) => r[0]![2])).toEqual([16, 3, 3]);
    expect(boxes(layout).map((r) => r[0]![3])).toEqual([false, true, true]);
  });

  it('160x48 goes wide: SLOs on top sized to their rows, alerts and deploys side by side below', () => {
    const layout = computeLayout(160, 48, 'slos', 10);
    expect(layout.mode).toBe('wide');
    // 10 SLO rows + 4 lines of chrome = 14, under 45 % of the 46-row body.
    expect(boxes(layout)).toEqual([
      [['slos', 160, 14, false]],
      [
        ['alerts', 92, 32, false],
        ['deploys', 68, 32, false],
      ],
    ]);
    expect(totalHeight(layout)).toBe(46);
  });

  it('wide caps the SLO pane at 45 % of the body and gives it at least 6 rows', () => {
    expect(computeLayout(160, 48, 'slos', 100).rows[0]![0]!.box.height).toBe(20);
    expect(computeLayout(160, 48, 'slos', 0).rows[0]![0]!.box.height).toBe(6);
  });

  it('wide needs 140 columns and a 20-row body; below either it stacks', () => {
    expect(computeLayout(139, 48, 'slos', 5).mode).toBe('stacked');
    expect(computeLayout(140, 22, 'slos', 5).mode).toBe('wide');
    expect(computeLayout(140, 21, 'slos', 5).mode).toBe('stacked');
  });

  it('tall and narrow (100x50) expands all three panes, the focused one taking half', () => {
    const layout = computeLayout(100, 50, 'alerts', 10);
    expect(layout.mode).toBe('stacked');
    expect(boxes(layout)).toEqual([
      [['slos', 100, 12, false]],
      [['alerts', 100, 24, false]],
      [['deploys', 100, 12, false]],
    ]);
    expect(totalHeight(layout)).toBe(48);
  });

  it('tall with an odd body gives the spare row to the first unfocused pane', () => {
    // body 39: focused 19, others 10 and 10 → the first unfocused gets 39 − 19 − 10 = 10.
    const layout = computeLayout(100, 41, 'deploys', 3);
    expect(boxes(layout).map((r) => r[0]![2])).toEqual([10, 10, 19]);
    const even = computeLayout(100, 40, 'slos', 3);
    expect(boxes(even).map((r) => r[0]![2])).toEqual([19, 10, 9]);
  });

  it('a window too short for the title bars keeps each other pane as a line (title and counts), the focused one giving up rows first', () => {
    const layout = computeLayout(80, 10, 'deploys', 3);
    expect(boxes(layout)).toEqual([[['slos', 80, 1, true]], [['alerts', 80, 1, true]], [['deploys', 80, 6, false]]]);
    expect(layout.hidden).toBeUndefined();
    expect(visibleRows(layout.rows[2]![0]!.box)).toBe(2);
    // 13 rows is the first height where the others get their title bars beside a data row.
    expect(boxes(computeLayout(80, 12, 'slos', 3)).map((r) => r[0]![2])).toEqual([8, 1, 1]);
    expect(boxes(computeLayout(80, 13, 'slos', 3)).map((r) => r[0]![2])).toEqual([5, 3, 3]);
  });

  it('20x10 with four panes and the SLOs focused still lays out alerts, deploys and panels as lines', () => {
    const layout = computeLayout(20, 10, 'slos', 10, ['slos', 'alerts', 'deploys', 'panels']);
    expect(boxes(layout)).toEqual([[['slos', 20, 5, false]], [['alerts', 20, 1, true]], [['deploys', 20, 1, true]], [['panels', 20, 1, true]]]);
    expect(visibleRows(layout.rows[0]![0]!.box)).toBe(1);
  });

  it('too short even for a line each: the focused pane and one line for the others', () => {
    const four: PaneId[] = ['slos', 'alerts', 'deploys', 'panels'];
    const seven = computeLayout(20, 9, 'slos', 10, four);
    expect(boxes(seven)).toEqual([[['slos', 20, 6, false]]]);
    expect(seven.hidden).toEqual(['alerts', 'deploys', 'panels']);
    // 5 rows: a body of 3, the focused pane only its title line, and the line of the others.
    const five = computeLayout(20, 5, 'alerts', 10, four);
    expect(boxes(five)).toEqual([[['alerts', 20, 2, true]]]);
    expect(five.hidden).toEqual(['slos', 'deploys', 'panels']);
  });

  it('80x7 (80x8 less an on-call line): the focused pane drops its border and keeps two data rows beside the line of the others', () => {
    const layout = computeLayout(80, 7, 'alerts', 10);
    expect(layout.rows).toEqual([[{id: 'alerts', box: {width: 80, height: 4, collapsed: false, bare: true}}]]);
    expect(layout.hidden).toEqual(['slos', 'deploys']);
    expect(visibleRows(layout.rows[0]![0]!.box)).toBe(2);
    // One pane alone in a body of 4: borderless too, rather than a border around its column header.
    expect(visibleRows(computeLayout(80, 6, 'slos', 10, ['slos']).rows[0]![0]!.box)).toBe(2);
  });

  it('gives the focused pane a data row for every window the dashboard draws (8 rows less two extra lines, and up)', () => {
    const short: string[] = [];
    for (let height = 6; height <= 40; height++) {
      for (const focus of PANES) {
        for (const shown of [PANES, [...PANES, 'panels' as const], [focus]]) {
          const box = computeLayout(80, height, focus, 10, shown).rows.flat().find((p) => p.id === focus)!.box;
          if (visibleRows(box) < 1) short.push(`80x${height} ${focus} of ${shown.length}`);
        }
      }
    }
    expect(short).toEqual([]);
  });

  it('never exceeds the window, always shows the focused pane expanded and places every pane, for every size 40..250 × 10..80', () => {
    const problems: string[] = [];
    for (let width = 40; width <= 250; width++) {
      for (let height = 10; height <= 80; height++) {
        for (const focus of PANES) {
          for (const sloRows of [0, 4, 10, 60]) {
            const layout = computeLayout(width, height, focus, sloRows);
            const h = totalHeight(layout) + (layout.hidden ? HIDDEN_LINE : 0);
            const widest = Math.max(...layout.rows.map((row) => row.reduce((sum, p) => sum + p.box.width, 0)));
            const focused = layout.rows.flat().find((p) => p.id === focus);
            // Under a title bar's height only as a line of an unfocused pane.
            const tooSmall = layout.rows.flat().some((p) => p.box.height < COLLAPSED_HEIGHT && (p.id === focus || p.box.height !== LINE_HEIGHT));
            const placed = [...layout.rows.flat().map((p) => p.id), ...(layout.hidden ?? [])].sort();
            if (h > height - SCREEN_CHROME || widest > width || !focused || focused.box.collapsed || tooSmall || placed.join() !== [...PANES].sort().join()) {
              problems.push(`${width}x${height} ${focus} ${sloRows}: height ${h}, width ${widest}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('visibleRows', () => {
  it('is the outer height less the chrome, zero when collapsed or tiny', () => {
    expect(PANE_CHROME).toBe(4);
    expect(visibleRows({width: 80, height: 16, collapsed: false})).toBe(12);
    expect(visibleRows({width: 80, height: 3, collapsed: true})).toBe(0);
    expect(visibleRows({width: 80, height: 2, collapsed: false})).toBe(0);
    expect(visibleRows({width: 80, height: 3, collapsed: false, bare: true})).toBe(1);
  });
});

describe('unseenReason', () => {
  it('refuses row actions only when the focused pane has rows and draws none of them', () => {
    expect(unseenReason({width: 80, height: 2, collapsed: true}, 7)).toMatch(/enlarge the terminal/);
    expect(unseenReason({width: 80, height: 2, collapsed: true}, 0)).toBeNull();
    expect(unseenReason({width: 80, height: 3, collapsed: false, bare: true}, 7)).toBeNull();
    expect(unseenReason(undefined, 7)).toBeNull();
  });
});
