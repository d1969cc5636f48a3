import {describe, expect, it} from 'vitest';
import {fitColumns, type Column} from '../../../src/view/rows/row-types.ts';

const COLUMNS: Column[] = [
  {id: 'sev', header: 'SEV', width: 6, priority: 0},
  {id: 'state', header: 'STATE', width: 10, priority: 0},
  {id: 'name', header: 'ALERT', width: 20, flex: true, priority: 0},
  {id: 'service', header: 'SERVICE', width: 10, priority: 2},
  {id: 'age', header: 'AGE', width: 4, priority: 1},
  {id: 'ack', header: 'ACK', width: 16, priority: 3},
];

const shape = (width: number) => fitColumns(COLUMNS, width).map((c) => [c.column.id, c.index, c.width]);

describe('fitColumns', () => {
  it('keeps every column when they fit and gives the flex column all the spare width', () => {
    // 66 cells of columns + 5 separators = 71.
    expect(shape(71)).toEqual([
      ['sev', 0, 6],
      ['state', 1, 10],
      ['name', 2, 20],
      ['service', 3, 10],
      ['age', 4, 4],
      ['ack', 5, 16],
    ]);
    expect(shape(100).find((c) => c[0] === 'name')).toEqual(['name', 2, 49]);
  });

  it('drops the lowest priority (highest number) first, keeping indexes to the cells', () => {
    expect(shape(70).map((c) => c[0])).toEqual(['sev', 'state', 'name', 'service', 'age']);
    expect(shape(70).find((c) => c[0] === 'name')![2]).toBe(36);
    expect(shape(54).map((c) => c[0])).toEqual(['sev', 'state', 'name', 'service', 'age']);
    expect(shape(53)).toEqual([
      ['sev', 0, 6],
      ['state', 1, 10],
      ['name', 2, 30],
      ['age', 4, 4],
    ]);
    expect(shape(42).map((c) => c[0])).toEqual(['sev', 'state', 'name']);
  });

  it('always fills the width exactly once the flex column is kept', () => {
    for (let width = 38; width <= 200; width++) {
      const kept = fitColumns(COLUMNS, width);
      const used = kept.reduce((sum, c) => sum + c.width, 0) + kept.length - 1;
      expect(used).toBe(width);
    }
  });

  it('never returns more than the width, even when one column alone is too wide', () => {
    // Too narrow for SEV, STATE and a name cut to 4: the rightmost goes, the first stays, and
    // STATE (not the lead of these columns) is cut to what is left rather than dropped too.
    expect(fitColumns(COLUMNS, 12).map((c) => [c.column.id, c.width])).toEqual([['sev', 6], ['state', 5]]);
    expect(fitColumns(COLUMNS, 10).map((c) => [c.column.id, c.width])).toEqual([['sev', 6]]);
    expect(fitColumns([{id: 'status', header: 'STATUS', width: 40, priority: 0}], 12).map((c) => c.width)).toEqual([12]);
    expect(fitColumns(COLUMNS, 0).map((c) => c.width)).toEqual([0]);
    for (let width = 0; width <= 80; width++) {
      const kept = fitColumns(COLUMNS, width);
      expect(kept.reduce((sum, c) => sum + c.width, 0) + kept.length - 1).toBeLessThanOrEqual(width);
    }
  });

  // A stale or unknown status widens the first column; it was the first of equal priority, and dropped.
  const STATUS_FIRST: Column[] = [
    {id: 'status', header: 'STATUS', width: 32, priority: 0},
    {id: 'name', header: 'SLO', width: 18, flex: true, priority: 0},
    {id: 'budget', header: 'BUDGET LEFT', width: 16, priority: 1},
    {id: 'burn', header: '1h', width: 7, priority: 1},
  ];

  it('never drops a priority-0 column that cutting can fit: the name is cut first, then the status', () => {
    const at = (width: number) => fitColumns(STATUS_FIRST, width).map((c) => [c.column.id, c.width]);
    expect(at(51)).toEqual([['status', 32], ['name', 18]]);
    expect(at(44)).toEqual([['status', 32], ['name', 11]]);
    expect(at(41)).toEqual([['status', 32], ['name', 8]]);
    expect(at(36)).toEqual([['status', 27], ['name', 8]]);
    expect(at(19)).toEqual([['status', 10], ['name', 8]]);
  });

  it('cuts the other columns before the lead (the leftmost of priority 0, the row state)', () => {
    const deploys: Column[] = [
      {id: 'status', header: 'STATUS', width: 18, priority: 0},
      {id: 'service', header: 'SERVICE', width: 10, priority: 0},
      {id: 'version', header: 'VERSION', width: 10, flex: true, priority: 0},
    ];
    expect(fitColumns(deploys, 36).map((c) => [c.column.id, c.width])).toEqual([['status', 18], ['service', 8], ['version', 8]]);
  });

  it('cuts a column with its own minWidth to that, before the lead, and never takes it for the lead', () => {
    const merged: Column[] = [
      {id: 'context', header: 'CONTEXT', width: 12, priority: 0, minWidth: 7},
      {id: 'status', header: 'STATUS', width: 18, priority: 0},
      {id: 'name', header: 'NAME', width: 10, flex: true, priority: 0},
      {id: 'age', header: 'AGE', width: 4, priority: 1},
    ];
    const at = (width: number) => fitColumns(merged, width).map((c) => [c.column.id, c.width]);
    expect(at(36)).toEqual([['context', 8], ['status', 18], ['name', 8]]);
    expect(at(30)).toEqual([['context', 7], ['status', 13], ['name', 8]]);
  });

  it('drops the leftmost of equal priority first, as wide layouts always have, and never a priority-0 column', () => {
    expect(fitColumns(STATUS_FIRST, 69).map((c) => c.column.id)).toEqual(['status', 'name', 'burn']);
  });

  it('names the dropped column a kept one stands in for', () => {
    const withStandIn = COLUMNS.map((c) => (c.id === 'ack' ? {...c, standIn: 'state'} : c));
    expect(fitColumns(withStandIn, 71).find((c) => c.column.id === 'state')!.from).toBeUndefined();
    expect(fitColumns(withStandIn, 70).find((c) => c.column.id === 'state')!.from).toEqual([5]);
    expect(fitColumns(withStandIn, 70).filter((c) => c.from !== undefined)).toHaveLength(1);
  });
});

describe('fitColumns on a pane too narrow for the cut columns', () => {
  const ALERTS: Column[] = [
    {id: 'sev', header: 'SEV', width: 6, priority: 0, minWidth: 4},
    {id: 'state', header: 'STATE', width: 10, priority: 0, lead: true},
    {id: 'name', header: 'ALERT', width: 20, flex: true, priority: 0, standIn: 'state', standInBelow: 20},
    {id: 'service', header: 'SERVICE', width: 10, priority: 2},
    {id: 'age', header: 'AGE', width: 4, priority: 1},
    {id: 'ack', header: 'ACK', width: 16, priority: 3, standIn: 'state'},
  ];
  const MERGED: Column[] = [{id: 'context', header: 'CONTEXT', width: 20, priority: 0, minWidth: 7}, ...ALERTS];
  const at = (columns: Column[], width: number) => fitColumns(columns, width).map((c) => [c.column.id, c.width]);

  it('is never wider than the pane, at any width', () => {
    for (const columns of [COLUMNS, ALERTS, MERGED]) {
      for (let width = 0; width <= 200; width++) {
        const kept = fitColumns(columns, width);
        expect(kept.reduce((sum, c) => sum + c.width, 0) + Math.max(0, kept.length - 1)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('cuts the name below 8 cells (to 4) before dropping it', () => {
    // 7 + 4 + 10 + 8 + 3 separators = 32: the name stays, cut further, rather than go.
    expect(at(MERGED, 30)).toEqual([['context', 7], ['sev', 4], ['state', 10], ['name', 6]]);
    expect(at(MERGED, 28)).toEqual([['context', 7], ['sev', 4], ['state', 10], ['name', 4]]);
    expect(at(ALERTS, 20)).toEqual([['sev', 4], ['state', 10], ['name', 4]]);
    // Only where even 4 cells do not fit does the name go.
    expect(at(ALERTS, 19)).toEqual([['sev', 4], ['state', 10]]);
  });

  it('cuts the columns before the one marked lead, wherever it stands', () => {
    // SEV, the leftmost of priority 0, is cut to its badges' 4 cells; STATE keeps its 10.
    expect(at(ALERTS, 24)).toEqual([['sev', 4], ['state', 10], ['name', 8]]);
    expect(at(ALERTS, 22)).toEqual([['sev', 4], ['state', 10], ['name', 6]]);
  });

  it('lets a column cut below its standInBelow stand in too, after the dropped ones', () => {
    expect(fitColumns(ALERTS, 80).find((c) => c.column.id === 'state')!.from).toBeUndefined();
    // ACK dropped, the name still 20 cells wide: only ACK stands in.
    expect(fitColumns(ALERTS, 40).find((c) => c.column.id === 'state')!.from).toEqual([5]);
    // The name cut to 19: its cells' compact text may stand in as well, after ACK's.
    expect(fitColumns(ALERTS, 35).find((c) => c.column.id === 'state')!.from).toEqual([5, 2]);
    // Dropped: it stands in as a dropped column.
    expect(fitColumns(ALERTS, 16).find((c) => c.column.id === 'state')!.from).toEqual([2, 5]);
  });
});
