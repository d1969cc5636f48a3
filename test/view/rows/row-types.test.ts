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
    // Too narrow for SEV, STATE and a cut name: the rightmost go, the first stays.
    expect(fitColumns(COLUMNS, 12).map((c) => [c.column.id, c.width])).toEqual([['sev', 6]]);
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

  it('drops the rightmost of equal priority first, never the first', () => {
    expect(fitColumns(STATUS_FIRST, 69).map((c) => c.column.id)).toEqual(['status', 'name', 'budget']);
  });

  it('names the dropped column a kept one stands in for', () => {
    const withStandIn = COLUMNS.map((c) => (c.id === 'ack' ? {...c, standIn: 'state'} : c));
    expect(fitColumns(withStandIn, 71).find((c) => c.column.id === 'state')!.from).toBeUndefined();
    expect(fitColumns(withStandIn, 70).find((c) => c.column.id === 'state')!.from).toBe(5);
    expect(fitColumns(withStandIn, 70).filter((c) => c.from !== undefined)).toHaveLength(1);
  });
});
