import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import type {Palette} from '../../../src/view/components/palette.ts';
import {NO_ROOM_TEXT, rowRuns, scrollOffset, TableView} from '../../../src/view/components/TableView.tsx';
import {fitColumns} from '../../../src/view/rows/row-types.ts';
import type {Table} from '../../../src/view/rows/row-types.ts';

afterEach(() => {
  cleanup();
});

const table: Table = {
  columns: [
    {id: 'status', header: 'STATUS', width: 8, priority: 0},
    {id: 'name', header: 'NAME', width: 10, flex: true, priority: 0},
    {id: 'age', header: 'AGE', width: 4, align: 'right', priority: 1},
    {id: 'who', header: 'AUTHOR', width: 10, priority: 2},
  ],
  rows: Array.from({length: 10}, (_, i) => ({
    key: `r${i}`,
    tone: 'text' as const,
    cells: [{text: i % 2 ? '✖ failed' : '✔ ok'}, {text: `deploy-${i}`}, {text: `${i}m`}, {text: `dev-${i}`}],
  })),
};

describe('scrollOffset', () => {
  it('keeps the selection near the middle of the window, clamped to the ends', () => {
    expect(scrollOffset(0, 4, 10)).toBe(0);
    expect(scrollOffset(5, 4, 10)).toBe(3);
    expect(scrollOffset(9, 4, 10)).toBe(6);
    expect(scrollOffset(7, 10, 10)).toBe(0);
    expect(scrollOffset(3, 0, 10)).toBe(0);
  });
});

describe('TableView', () => {
  it('draws the header and the rows, marking the selected row with › (readable without colour)', () => {
    const {lastFrame} = render(<TableView table={table} width={40} height={3} selected={1} focused palette={noColorPalette} empty="no deploys" />);
    expect(lastFrame()!.split('\n')).toEqual([
      // 38 cells for the columns: NAME (flex) takes the 3 spare cells, 13 in all.
      '  STATUS   NAME           AGE AUTHOR',
      '  ✔ ok     deploy-0        0m dev-0',
      '› ✖ failed deploy-1        1m dev-1',
      '  ✔ ok     deploy-2        2m dev-2',
    ]);
  });

  it('scrolls so the selection stays visible', () => {
    const frame = render(<TableView table={table} width={40} height={3} selected={8} focused palette={noColorPalette} empty="" />).lastFrame()!;
    expect(frame.split('\n').slice(1).map((l) => l.trim().split(/\s+/).at(-2))).toEqual(['7m', '8m', '9m']);
    expect(frame).toContain('› ✔ ok     deploy-8');
  });

  it('drops the lowest-priority columns when narrow', () => {
    const frame = render(<TableView table={table} width={26} height={1} selected={0} focused={false} palette={noColorPalette} empty="" />).lastFrame()!;
    expect(frame.split('\n')).toEqual(['  STATUS   NAME        AGE', '› ✔ ok     deploy-0     0m']);
  });

  it('says so when there are no rows', () => {
    const frame = render(<TableView table={{...table, rows: []}} width={40} height={3} selected={0} focused palette={noColorPalette} empty="no deploys" />).lastFrame()!;
    expect(frame.split('\n')).toEqual(['  STATUS   NAME           AGE AUTHOR', '  no deploys']);
  });

  it('never says its empty text while it has rows none of which fits', () => {
    const frame = render(<TableView table={table} width={60} height={0} selected={0} focused palette={noColorPalette} empty="no deploys" />).lastFrame()!;
    expect(frame).not.toContain('no deploys');
    expect(frame.split('\n')[1]).toBe(`  ${NO_ROOM_TEXT}`);
  });
});

describe('rowRuns', () => {
  it('joins the fitted cells and draws neighbours of one tone as one run', () => {
    const columns = fitColumns(table.columns, 38);
    const row = {key: 'x', tone: 'text' as const, cells: [{text: '✖ failed', tone: 'critical' as const}, {text: 'deploy-1'}, {text: '1m'}, {text: 'dev-1', tone: 'muted' as const}]};
    expect(rowRuns(row, columns)).toEqual([
      {text: '✖ failed', tone: 'critical'},
      {text: ' deploy-1        1m', tone: 'text'},
      {text: ' dev-1     ', tone: 'muted'},
    ]);
  });

  it("draws a cell's narrow form where its text would be cut, its text where it fits", () => {
    const context = {id: 'context', header: 'CONTEXT', width: 12, priority: 0, minWidth: 7};
    const row = {key: 'x', tone: 'text' as const, cells: [{text: 'PROD prod-eu', tone: 'critical' as const, narrow: 'PROD eu'}]};
    expect(rowRuns(row, [{column: context, index: 0, width: 9}])).toEqual([{text: 'PROD eu  ', tone: 'critical'}]);
    expect(rowRuns(row, [{column: context, index: 0, width: 12}])).toEqual([{text: 'PROD prod-eu', tone: 'critical'}]);
    // Narrower than even the short form: it is cut in turn.
    expect(rowRuns(row, [{column: context, index: 0, width: 5}])).toEqual([{text: 'PROD…', tone: 'critical'}]);
  });
});

describe('TableView redraws', () => {
  it('re-renders only the rows whose selection changed when the selection moves', () => {
    const calls: string[] = [];
    // Every row render asks the palette for its tones: the calls show which rows rendered.
    const palette: Palette = (token) => {
      calls.push(token);
      return undefined;
    };
    const {rerender, lastFrame} = render(<TableView table={table} width={40} height={8} selected={1} focused palette={palette} empty="" />);
    const first = calls.length;
    calls.length = 0;
    rerender(<TableView table={table} width={40} height={8} selected={2} focused palette={palette} empty="" />);
    expect(lastFrame()).toContain('› ✔ ok     deploy-2');
    expect(lastFrame()).toContain('  ✖ failed deploy-1');
    // 8 rows drew at first; now rows 1 and 2 (one run and at most one marker each) and the header.
    expect(first).toBeGreaterThanOrEqual(9);
    expect(calls.length).toBeLessThanOrEqual(5);
  });
});
