import {describe, expect, it} from 'vitest';
import {filterTable} from '../../../src/view/rows/row-filter.ts';
import type {Table} from '../../../src/view/rows/row-types.ts';

const table: Table = {
  columns: [{id: 'a', header: 'A', width: 5, priority: 0}],
  rows: [
    {key: 'r1', tone: 'text', cells: [{text: 'checkout'}, {text: 'Production'}]},
    {key: 'r2', tone: 'text', cells: [{text: 'search'}, {text: 'staging'}]},
    {key: 'r3', tone: 'text', cells: [{text: 'checkout-latency'}, {text: 'staging'}]},
  ],
};

describe('filterTable', () => {
  it('returns the table itself for an empty or blank filter', () => {
    expect(filterTable(table, '')).toBe(table);
    expect(filterTable(table, '   ')).toBe(table);
  });

  it('keeps rows where every word appears in some cell, case-insensitively', () => {
    expect(filterTable(table, 'checkout').rows.map((r) => r.key)).toEqual(['r1', 'r3']);
    expect(filterTable(table, 'CHECKOUT staging').rows.map((r) => r.key)).toEqual(['r3']);
    expect(filterTable(table, 'prod').rows.map((r) => r.key)).toEqual(['r1']);
    expect(filterTable(table, 'nothing').rows).toEqual([]);
    expect(filterTable(table, 'checkout').columns).toBe(table.columns);
  });

  it('matches across the cell boundary only with a space, as the words are split', () => {
    expect(filterTable(table, 'checkout production').rows.map((r) => r.key)).toEqual(['r1']);
    expect(filterTable(table, 'checkoutproduction').rows).toEqual([]);
  });
});
