import {describe, expect, it} from 'vitest';
import {BURN_TABLES, burnTableFor, PYRRA_TABLE, tableWindows, WORKBOOK_TABLE} from '../../src/domain/burn-table.ts';
import {budgetConsumed} from '../../src/domain/slo-math.ts';
import {parseDuration} from '../../src/domain/duration.ts';

const ms = (d: string) => parseDuration(d) ?? NaN;

describe('WORKBOOK_TABLE', () => {
  it('holds the Workbook pairs in page-then-ticket order with long&short labels', () => {
    expect(WORKBOOK_TABLE.pairs.map((p) => [p.severity, p.label, p.factor])).toEqual([
      ['page', '1h&5m', 14.4],
      ['page', '6h&30m', 6],
      ['ticket', '1d&2h', 3],
      ['ticket', '3d&6h', 1],
    ]);
  });

  it('spends 2 %, 5 %, 10 % and 10 % of a 30-day budget over each long window', () => {
    const consumed = WORKBOOK_TABLE.pairs.map((p) => budgetConsumed(p.factor, ms(p.long), ms(WORKBOOK_TABLE.period)));
    [0.02, 0.05, 0.1, 0.1].forEach((want, i) => expect(consumed[i]).toBeCloseTo(want, 12));
  });

  it('pairs each long window with a short window of about 1/12 of it', () => {
    for (const p of WORKBOOK_TABLE.pairs) expect(ms(p.long) / ms(p.short)).toBe(12);
  });
});

describe('PYRRA_TABLE', () => {
  it('holds the factors 14/7/2/1 with Pyrra windows for 28 days', () => {
    expect(PYRRA_TABLE.period).toBe('28d');
    expect(PYRRA_TABLE.pairs.map((p) => [p.severity, p.long, p.short, p.factor, p.label])).toEqual([
      ['page', '1h', '5m', 14, '1h&5m'],
      ['page', '6h', '30m', 7, '6h&30m'],
      ['ticket', '1d', '2h', 2, '1d&2h'],
      ['ticket', '4d', '6h', 1, '4d&6h'],
    ]);
  });

  it('burns half the budget a day at 14×, all of it in 4 days at 7×, 2 weeks at 2×, 4 weeks at 1×', () => {
    const period = ms('28d');
    expect(budgetConsumed(14, ms('1d'), period)).toBeCloseTo(0.5, 12);
    expect(budgetConsumed(7, ms('4d'), period)).toBeCloseTo(1, 12);
    expect(budgetConsumed(2, ms('2w'), period)).toBeCloseTo(1, 12);
    expect(budgetConsumed(1, ms('4w'), period)).toBeCloseTo(1, 12);
  });
});

describe('burnTableFor', () => {
  it('uses Pyrra factors for Pyrra SLOs and the Workbook for every other source', () => {
    expect(burnTableFor('pyrra')).toBe(PYRRA_TABLE);
    for (const s of ['native', 'sloth', 'openslo', 'demo'] as const) expect(burnTableFor(s)).toBe(WORKBOOK_TABLE);
    expect(BURN_TABLES.pyrra).toBe(PYRRA_TABLE);
    expect(BURN_TABLES.workbook).toBe(WORKBOOK_TABLE);
  });
});

describe('tableWindows', () => {
  it('lists each window once in table order', () => {
    expect(tableWindows(WORKBOOK_TABLE)).toEqual(['1h', '5m', '6h', '30m', '1d', '2h', '3d']);
    expect(tableWindows(PYRRA_TABLE)).toEqual(['1h', '5m', '6h', '30m', '1d', '2h', '4d']);
  });
});
