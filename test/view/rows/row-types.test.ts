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
    expect(fitColumns(COLUMNS, 12).map((c) => [c.column.id, c.width])).toEqual([['name', 12]]);
    expect(fitColumns(COLUMNS, 0).map((c) => c.width)).toEqual([0]);
    for (let width = 0; width <= 80; width++) {
      const kept = fitColumns(COLUMNS, width);
      expect(kept.reduce((sum, c) => sum + c.width, 0) + kept.length - 1).toBeLessThanOrEqual(width);
    }
  });
});
