import {describe, expect, it} from 'vitest';
import {burnLevel, burnTableFor, extraWindows, PYRRA_TABLE, pyrraTable, scalePyrraWindow, tableWindows, WORKBOOK_TABLE, workbookTable} from '../../src/domain/burn-table.ts';
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

describe('pyrraTable', () => {
  it('is the 28-day table for 28d, 4w and a period that does not parse', () => {
    for (const period of ['28d', '4w', 'nonsense']) expect(pyrraTable(period)).toBe(PYRRA_TABLE);
  });

  it('keeps the factors and scales the windows with the period, as Pyrra names its rules', () => {
    const table = pyrraTable('30d');
    expect(table.period).toBe('30d');
    expect(table.pairs.map((p) => [p.severity, p.label, p.factor])).toEqual([
      ['page', '1h4m&5m', 14],
      ['page', '6h26m&32m', 7],
      ['ticket', '1d1h43m&2h9m', 2],
      ['ticket', '4d6h51m&6h26m', 1],
    ]);
    expect(pyrraTable('2w').pairs.map((p) => p.label)).toEqual(['30m&3m', '3h&15m', '12h&1h', '2d&3h']);
  });

  it('never scales a window below a minute, which no query would accept', () => {
    expect(scalePyrraWindow('5m', 86_400_000)).toBe('1m');
    expect(pyrraTable('1d').pairs.map((p) => p.label)).toEqual(['2m&1m', '13m&1m', '51m&4m', '3h26m&13m']);
  });
});

describe('burnTableFor', () => {
  it('uses Pyrra factors for Pyrra SLOs, scaled to their period, and the Workbook for every other source', () => {
    expect(burnTableFor('pyrra', '28d')).toBe(PYRRA_TABLE);
    expect(burnTableFor('pyrra', '30d')).toEqual(pyrraTable('30d'));
    for (const s of ['native', 'sloth', 'openslo', 'demo'] as const) {
      expect(burnTableFor(s, '30d')).toBe(WORKBOOK_TABLE);
      expect(burnTableFor(s, '28d')).toEqual(workbookTable('28d'));
    }
  });
});

// Sloth derives every factor from the SLO period (getBurnRateFactor: budget percent × period ÷
// long window); its google-28d window set pages at 13.44× and 5.6×, tickets at 2.8× and 0.933×.
describe('workbookTable', () => {
  it('is the 30-day table itself, its factors exactly the literals, for 30d, 720h and a period that does not parse', () => {
    for (const period of ['30d', '720h', 'nonsense']) expect(workbookTable(period)).toBe(WORKBOOK_TABLE);
    expect(WORKBOOK_TABLE.pairs.map((p) => p.factor)).toEqual([14.4, 6, 3, 1]);
  });

  it('scales the factors to a 28-day period as Sloth does, keeping the windows', () => {
    const table = workbookTable('28d');
    expect(table.period).toBe('28d');
    expect(table.pairs.map((p) => [p.severity, p.label])).toEqual(WORKBOOK_TABLE.pairs.map((p) => [p.severity, p.label]));
    expect(table.pairs.map((p) => p.factor)).toEqual([13.44, 5.6, 2.8, (10 * 672) / (100 * 72)]);
    expect(table.pairs[3]!.factor).toBeCloseTo(0.9333, 4);
  });

  it('spends 2 %, 5 %, 10 % and 10 % of the budget over each long window, whatever the period', () => {
    for (const period of ['7d', '28d', '90d']) {
      const table = workbookTable(period);
      const consumed = table.pairs.map((p) => budgetConsumed(p.factor, ms(p.long), ms(period)));
      [0.02, 0.05, 0.1, 0.1].forEach((want, i) => expect(consumed[i], `${period} ${table.pairs[i]!.label}`).toBeCloseTo(want, 12));
    }
    // A 7-day SLO pages at 3.36× on 1h&5m and 1.4× on 6h&30m.
    expect(workbookTable('7d').pairs.map((p) => p.factor)).toEqual([3.36, 1.4, 0.7, (10 * 168) / (100 * 72)]);
  });
});

describe('tableWindows', () => {
  it('lists each window once in table order', () => {
    expect(tableWindows(WORKBOOK_TABLE)).toEqual(['1h', '5m', '6h', '30m', '1d', '2h', '3d']);
    expect(tableWindows(PYRRA_TABLE)).toEqual(['1h', '5m', '6h', '30m', '1d', '2h', '4d']);
  });
});

describe('extraWindows', () => {
  it('lists the windows beyond the seven Workbook ones, shortest first', () => {
    expect(extraWindows(WORKBOOK_TABLE)).toEqual([]);
    expect(extraWindows(PYRRA_TABLE)).toEqual(['4d']);
    expect(extraWindows(pyrraTable('30d'))).toEqual(['32m', '1h4m', '2h9m', '6h26m', '1d1h43m', '4d6h51m']);
  });
});

describe('burnLevel', () => {
  it("levels a window's burn by the table's own lowest page and ticket factors", () => {
    const rates = [null, NaN, 0, 1, 1.01, 2.5, 6, 6.5, 7, 7.01, Infinity];
    expect(rates.map((r) => burnLevel(r, WORKBOOK_TABLE))).toEqual(['no-data', 'no-data', 'ok', 'ok', 'ticket', 'ticket', 'ticket', 'page', 'page', 'page', 'page']);
    expect(rates.map((r) => burnLevel(r, PYRRA_TABLE))).toEqual(['no-data', 'no-data', 'ok', 'ok', 'ticket', 'ticket', 'ticket', 'ticket', 'ticket', 'page', 'page']);
    // A scaled Pyrra table keeps the factors.
    expect(burnLevel(6.5, pyrraTable('30d'))).toBe('ticket');
  });
});
