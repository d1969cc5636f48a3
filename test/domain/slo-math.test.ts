import {describe, expect, it} from 'vitest';
import {PYRRA_TABLE, WORKBOOK_TABLE, type BurnTable} from '../../src/domain/burn-table.ts';
import {
  budgetConsumed,
  burnRate,
  errorBudget,
  errorBudgetRemaining,
  evaluateSlo,
  evaluateStatus,
  PLAUSIBLY_EMPTY,
  exhaustsInSeconds,
  factorForConsumption,
  sloRank,
  sortSloReports,
  undecidedReason,
} from '../../src/domain/slo-math.ts';
import {BURN_WINDOWS, type BurnWindow, type RatioWindow, type SloDefinition, type SloReport, type SloStatus} from '../../src/domain/slo.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PERIOD_30D = 30 * DAY;

describe('errorBudget', () => {
  it('is the exact decimal budget, not 1 − objective in binary floating point', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(errorBudget(99.9)).toBe(0.001);
    expect(errorBudget(99.95)).toBe(0.0005);
    expect(errorBudget(99.999)).toBe(0.00001);
    expect(errorBudget(99)).toBe(0.01);
    expect(errorBudget(90)).toBe(0.1);
    expect(errorBudget(0)).toBe(1);
    expect(errorBudget(100)).toBe(0);
  });

  it('rejects objectives outside 0..100 and non-numbers', () => {
    for (const bad of [-1, 100.1, NaN, Infinity]) expect(errorBudget(bad)).toBeNull();
  });
});

describe('burnRate', () => {
  it('divides the error ratio by the budget exactly', () => {
    expect(burnRate(0.0144, 99.9)).toBe(14.4);
    expect(burnRate(0.001, 99.9)).toBe(1);
    expect(burnRate(0.006, 99.9)).toBe(6);
    expect(burnRate(0.05, 99.5)).toBe(10);
    expect(burnRate(0.0005, 99.95)).toBe(1);
    expect(burnRate(0.142, 99)).toBe(14.2);
    expect(burnRate(0, 99.9)).toBe(0);
  });

  it('is null for no data: null, NaN and infinite ratios', () => {
    for (const r of [null, NaN, Infinity, -Infinity]) expect(burnRate(r, 99.9)).toBeNull();
  });

  it('is infinite for any error against a 100 % objective, and null for a nonsense objective', () => {
    expect(burnRate(0.001, 100)).toBe(Infinity);
    expect(burnRate(0, 100)).toBe(0);
    expect(burnRate(0.001, 101)).toBeNull();
    expect(burnRate(0.001, NaN)).toBeNull();
  });
});

describe('errorBudgetRemaining', () => {
  it('goes negative when the budget is overspent: 0.0015 at 99.9 → −0.5', () => {
    expect(errorBudgetRemaining(0.0015, 99.9)).toBe(-0.5);
  });

  it('is 1 with no errors, 0.5 with half spent, null with no data', () => {
    expect(errorBudgetRemaining(0, 99.9)).toBe(1);
    expect(errorBudgetRemaining(0.0005, 99.9)).toBe(0.5);
    expect(errorBudgetRemaining(0.001, 99.9)).toBe(0);
    expect(errorBudgetRemaining(null, 99.9)).toBeNull();
    expect(errorBudgetRemaining(NaN, 99.9)).toBeNull();
  });
});

describe('budgetConsumed and factorForConsumption (SRE Workbook)', () => {
  it('14.4× over 1h consumes 2 % of a 30-day budget', () => {
    expect(budgetConsumed(14.4, HOUR, PERIOD_30D)).toBeCloseTo(0.02, 12);
    expect(budgetConsumed(burnRate(0.0144, 99.9) ?? NaN, HOUR, PERIOD_30D)).toBeCloseTo(0.02, 12);
  });

  it('derives the table factors from the budget fractions', () => {
    expect(factorForConsumption(0.02, HOUR, PERIOD_30D)).toBeCloseTo(14.4, 12);
    expect(factorForConsumption(0.05, 6 * HOUR, PERIOD_30D)).toBeCloseTo(6, 12);
    expect(factorForConsumption(0.1, DAY, PERIOD_30D)).toBeCloseTo(3, 12);
    expect(factorForConsumption(0.1, 3 * DAY, PERIOD_30D)).toBeCloseTo(1, 12);
  });
});

describe('exhaustsInSeconds', () => {
  it('spends a full budget at 14.4× in 30d / 14.4 = 180000 s (2d 2h)', () => {
    expect(exhaustsInSeconds(1, PERIOD_30D, 14.4)).toBe(180_000);
  });

  it('is remaining × period ÷ burn', () => {
    expect(exhaustsInSeconds(0.5, PERIOD_30D, 20)).toBe(64_800);
    expect(exhaustsInSeconds(0.25, PERIOD_30D, 1)).toBe(648_000);
  });

  it('is null when not burning or nothing is known', () => {
    expect(exhaustsInSeconds(0.5, PERIOD_30D, 0)).toBeNull();
    expect(exhaustsInSeconds(0.5, PERIOD_30D, -1)).toBeNull();
    expect(exhaustsInSeconds(0.5, PERIOD_30D, null)).toBeNull();
    expect(exhaustsInSeconds(0.5, PERIOD_30D, NaN)).toBeNull();
    expect(exhaustsInSeconds(null, PERIOD_30D, 2)).toBeNull();
    expect(exhaustsInSeconds(NaN, PERIOD_30D, 2)).toBeNull();
    expect(exhaustsInSeconds(0.5, null, 2)).toBeNull();
    expect(exhaustsInSeconds(0.5, 0, 2)).toBeNull();
  });

  it('is 0 when the budget is gone and errors keep coming, null when it is gone but calm', () => {
    expect(exhaustsInSeconds(0, PERIOD_30D, 1)).toBe(0);
    expect(exhaustsInSeconds(-0.5, PERIOD_30D, 3)).toBe(0);
    expect(exhaustsInSeconds(-0.5, PERIOD_30D, 0)).toBeNull();
    expect(exhaustsInSeconds(0.5, PERIOD_30D, Infinity)).toBe(0);
  });

  it('is 0 for a budget overspent without end (a 100 % objective with errors) that keeps burning', () => {
    expect(exhaustsInSeconds(-Infinity, PERIOD_30D, Infinity)).toBe(0);
    expect(exhaustsInSeconds(-Infinity, PERIOD_30D, 2)).toBe(0);
    expect(exhaustsInSeconds(-Infinity, PERIOD_30D, 0)).toBeNull();
  });
});

const calm: Record<BurnWindow, number> = {'5m': 0.5, '30m': 0.5, '1h': 0.5, '2h': 0.5, '6h': 0.5, '1d': 0.5, '3d': 0.5};

describe('evaluateStatus (Workbook table)', () => {
  const run = (rates: Partial<Record<string, number | null>>) => evaluateStatus(rates, WORKBOOK_TABLE);

  it('is no-data when every window is missing, null or NaN', () => {
    expect(run({})).toEqual({status: 'no-data', trippedBy: null});
    expect(run(Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])))).toEqual({status: 'no-data', trippedBy: null});
    expect(run({'1h': NaN, '5m': NaN})).toEqual({status: 'no-data', trippedBy: null});
  });

  it('is ok when calm', () => {
    expect(run(calm)).toEqual({status: 'ok', trippedBy: null});
  });

  it('pages on 1h&5m when both exceed 14.4', () => {
    expect(run({...calm, '1h': 20.1, '5m': 30})).toEqual({status: 'page', trippedBy: '1h&5m'});
  });

  it('does not page on a 5m spike while the 1h window is calm', () => {
    expect(run({...calm, '5m': 50, '30m': 8, '1h': 2})).toEqual({status: 'ok', trippedBy: null});
  });

  it('needs both windows strictly above the factor', () => {
    expect(run({...calm, '1h': 14.4, '5m': 14.4})).toEqual({status: 'ok', trippedBy: null});
    expect(run({...calm, '1h': 14.400001, '5m': 100})).toEqual({status: 'page', trippedBy: '1h&5m'});
    expect(run({...calm, '1h': 100, '5m': 14.4})).toEqual({status: 'ok', trippedBy: null});
  });

  it('pages on 6h&30m above 6', () => {
    expect(run({...calm, '6h': 7, '30m': 6.5, '1h': 10})).toEqual({status: 'page', trippedBy: '6h&30m'});
  });

  it('reports the first tripping pair in table order', () => {
    expect(run({...calm, '1h': 20, '5m': 20, '6h': 20, '30m': 20})).toEqual({status: 'page', trippedBy: '1h&5m'});
  });

  it('tickets a slow burn on 1d&2h (1d = 4, 2h = 5) ahead of 3d&6h', () => {
    expect(run({...calm, '1d': 4, '2h': 5, '3d': 2, '6h': 5, '1h': 5, '30m': 5, '5m': 5})).toEqual({status: 'ticket', trippedBy: '1d&2h'});
  });

  it('tickets on 3d&6h above 1', () => {
    expect(run({...calm, '3d': 1.5, '6h': 1.2})).toEqual({status: 'ticket', trippedBy: '3d&6h'});
  });

  it('decides a pair whose short window is idle (no requests) beside low traffic: it cannot trip', () => {
    // 2 requests a minute over 1h: about 10 expected in 5m, an empty 5m is a quiet night.
    const quiet = {'1h': 2 / 60};
    expect(evaluateStatus({...calm, '1h': 30, '5m': null}, WORKBOOK_TABLE, new Set(['5m']), quiet)).toEqual({status: 'ok', trippedBy: null});
    expect(evaluateStatus({...calm, '1h': 30, '5m': null, '1d': 4, '2h': 5}, WORKBOOK_TABLE, new Set(['5m']), quiet)).toEqual({status: 'ticket', trippedBy: '1d&2h'});
    // Idle everywhere the table reads: nothing to judge, no-data.
    expect(evaluateStatus({}, WORKBOOK_TABLE, new Set(BURN_WINDOWS))).toEqual({status: 'no-data', trippedBy: null});
  });

  // A busy service (1000 a minute) answering 0 requests over 5m has hung mid-burn; a long window
  // whose traffic is unknown (a recorded ratio) cannot tell a quiet night from a hang either.
  it('leaves a pair undecided when its short window is idle beside a busy or unknown long window', () => {
    const busy = evaluateStatus({...calm, '1h': 30, '5m': null}, WORKBOOK_TABLE, new Set(['5m']), {'1h': 1000 / 60});
    expect(busy.status).toBe('unknown');
    expect(undecidedReason(busy.undecided!)).toBe('5m answered 0 requests while 1h had 16.7/s and burns 30.0× (1h&5m may page)');
    const unknownRate = evaluateStatus({...calm, '1h': 30, '5m': null}, WORKBOOK_TABLE, new Set(['5m']));
    expect(undecidedReason(unknownRate.undecided!)).toBe('5m answered 0 requests while 1h burns 30.0× (1h&5m may page)');
    // Under PLAUSIBLY_EMPTY requests expected over the short window: decided.
    expect(evaluateStatus({...calm, '1h': 30, '5m': null}, WORKBOOK_TABLE, new Set(['5m']), {'1h': (PLAUSIBLY_EMPTY - 1) / 300}).status).toBe('ok');
    expect(evaluateStatus({...calm, '1h': 30, '5m': null}, WORKBOOK_TABLE, new Set(['5m']), {'1h': PLAUSIBLY_EMPTY / 300}).status).toBe('unknown');
  });

  it('never trips a pair with a missing window, but partial data is not no-data', () => {
    expect(run({'5m': 100})).toEqual({status: 'ok', trippedBy: null});
    // A short window with no data beside a long one under the factor decides nothing either way.
    expect(run({...calm, '5m': null})).toEqual({status: 'ok', trippedBy: null});
    expect(run({...calm, '1h': 14.4, '5m': null})).toEqual({status: 'ok', trippedBy: null});
  });

  // A service that burned fast and then stopped reporting (crash-looping pods export nothing):
  // its 5m window empties first while 1h still holds the burn. The pair cannot be decided, and
  // "ok" would clear a page on half its data: it is unknown, and says which window is empty.
  it('is unknown, not ok, when a long window burns past its factor and its short window has no data', () => {
    const gone = run({'1h': 100, '5m': null});
    expect([gone.status, gone.trippedBy, gone.undecided?.map((u) => [u.pair.label, u.longBurn])]).toEqual(['unknown', null, [['1h&5m', 100]]]);
    expect(undecidedReason(gone.undecided ?? [])).toBe('5m has no series while 1h burns 100× (1h&5m may page)');
    expect(undecidedReason(run({...calm, '1h': 30, '30m': 30, '5m': null}).undecided ?? [])).toBe('5m has no series while 1h burns 30.0× (1h&5m may page)');
    expect(undecidedReason(run({...calm, '1d': 4, '2h': null}).undecided ?? [])).toBe('2h has no series while 1d burns 4.00× (1d&2h may open a ticket)');
  });

  it('still pages on a pair read in full beside an undecided one', () => {
    expect(run({...calm, '1h': 30, '5m': null, '6h': 7, '30m': 8})).toEqual({status: 'page', trippedBy: '6h&30m'});
  });

  it('does not settle for a ticket while a page pair is undecided', () => {
    expect(run({...calm, '1h': 30, '5m': null, '1d': 4, '2h': 5})).toMatchObject({status: 'unknown', trippedBy: null});
    expect(run({...calm, '1d': 4, '2h': 5, '3d': 2, '6h': null})).toEqual({status: 'ticket', trippedBy: '1d&2h'});
  });

  // Only a page pair in doubt can make more of a ticket: an undecided ticket pair (2h empty at
  // night beside a 1d burn) is at most the ticket another pair already tripped in full.
  it('tickets on a pair read in full beside an undecided ticket pair', () => {
    expect(run({...calm, '1d': 4, '2h': null, '3d': 2, '6h': 2})).toEqual({status: 'ticket', trippedBy: '3d&6h'});
  });

  it('treats infinite burn as exceeding every factor', () => {
    expect(run({'1h': Infinity, '5m': Infinity})).toEqual({status: 'page', trippedBy: '1h&5m'});
  });

  it('checks pages before tickets whatever the table order', () => {
    const ticketFirst: BurnTable = {...WORKBOOK_TABLE, pairs: [...WORKBOOK_TABLE.pairs].reverse()};
    expect(evaluateStatus({...calm, '1h': 20, '5m': 20, '3d': 2, '6h': 2}, ticketFirst)).toEqual({status: 'page', trippedBy: '1h&5m'});
  });
});

describe('evaluateStatus (Pyrra table)', () => {
  it('pages at 14× where the Workbook would not', () => {
    const rates = {...calm, '1h': 14.2, '5m': 14.2};
    expect(evaluateStatus(rates, PYRRA_TABLE)).toEqual({status: 'page', trippedBy: '1h&5m'});
    expect(evaluateStatus(rates, WORKBOOK_TABLE)).toEqual({status: 'ok', trippedBy: null});
  });

  it('tickets on 4d&6h when the 4-day window is supplied', () => {
    expect(evaluateStatus({...calm, '4d': 1.5, '6h': 1.2}, PYRRA_TABLE)).toEqual({status: 'ticket', trippedBy: '4d&6h'});
  });
});

const slo: SloDefinition = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 99.9,
  window: '30d',
  source: 'sloth',
  sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't'},
};

function measure(ratios: Partial<Record<RatioWindow, number | null>>) {
  return {slo: slo.name, at: 0, ratios: Object.entries(ratios).map(([window, ratio]) => ({window, ratio: ratio ?? null}))};
}

const calmRatios = {'5m': 0.0005, '30m': 0.0005, '1h': 0.0005, '2h': 0.0005, '6h': 0.0005, '1d': 0.0005, '3d': 0.0005};

describe('evaluateSlo', () => {
  it('reports SLI, budget, burn rates, status and exhaustion for a fast burn', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, '1h': 0.02, '5m': 0.03, period: 0.0005}));
    expect(report).toEqual({
      definition: slo,
      table: WORKBOOK_TABLE,
      errorBudget: 0.001,
      windows: [
        {window: '5m', ratio: 0.03, burnRate: 30, level: 'page'},
        {window: '30m', ratio: 0.0005, burnRate: 0.5, level: 'ok'},
        {window: '1h', ratio: 0.02, burnRate: 20, level: 'page'},
        {window: '2h', ratio: 0.0005, burnRate: 0.5, level: 'ok'},
        {window: '6h', ratio: 0.0005, burnRate: 0.5, level: 'ok'},
        {window: '1d', ratio: 0.0005, burnRate: 0.5, level: 'ok'},
        {window: '3d', ratio: 0.0005, burnRate: 0.5, level: 'ok'},
      ],
      sli: 0.9995,
      errorBudgetRemaining: 0.5,
      burnRates: {'5m': 30, '30m': 0.5, '1h': 20, '2h': 0.5, '6h': 0.5, '1d': 0.5, '3d': 0.5},
      status: 'page',
      trippedBy: '1h&5m',
      exhaustsInSeconds: 64_800,
    });
  });

  it('is ok with the numbers of a calm SLO', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, period: 0.0005}));
    expect([report.status, report.trippedBy, report.errorBudgetRemaining, report.exhaustsInSeconds]).toEqual(['ok', null, 0.5, 2_592_000]);
  });

  it('is no-data when there was no traffic anywhere (all ratios null)', () => {
    const report = evaluateSlo(slo, measure({...Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])), period: null}));
    expect(report.status).toBe('no-data');
    expect([report.sli, report.errorBudgetRemaining, report.exhaustsInSeconds, report.trippedBy]).toEqual([null, null, null, null]);
    expect(Object.values(report.burnRates)).toEqual([null, null, null, null, null, null, null]);
  });

  it('is no-data, not ok, when only the period ratio is missing: the budget may be gone', () => {
    expect(evaluateSlo(slo, measure({...calmRatios, period: null})).status).toBe('no-data');
  });

  it('is unknown with why in error when 1h burns past 14.4 and 5m has no data (exporter gone)', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, '1h': 0.03, '30m': 0.03, '5m': null, period: 0.0005}));
    expect([report.status, report.trippedBy, report.error, report.undecided]).toEqual(['unknown', null, '5m has no series while 1h burns 30.0× (1h&5m may page)', ['5m']]);
    expect(report.burnRates['1h']).toBe(30);
  });

  // A low-traffic service at night: no request in the last 5 minutes (its counters scraped,
  // flat: 0/0), while a burst 40 minutes ago keeps 1h far past 14.4×. No requests, no errors:
  // the pair cannot page, and the service is not gone. Only a 5m with no series stays undecided.
  it('is ok when 5m is idle (answered, no requests) while 1h burns past 14.4', () => {
    const idle = {...measure({...calmRatios, '1h': 0.03, '30m': 0.03, period: 0.0005})};
    idle.ratios = idle.ratios.map((r) => (r.window === '5m' ? {window: '5m', ratio: null, idle: true} : r.window === '1h' ? {...r, totalRate: 2 / 60} : r));
    const report = evaluateSlo(slo, idle);
    expect([report.status, report.trippedBy, report.error, report.undecided, report.burnRates['5m']]).toEqual(['ok', null, undefined, undefined, null]);
    expect(report.windows[0]).toEqual({window: '5m', ratio: null, burnRate: null, level: 'no-data'});
    // Idle yet unread (its request failed) says nothing of the traffic: still undecided.
    idle.ratios = idle.ratios.map((r) => (r.window === '5m' ? {...r, unread: 'timeout'} : r));
    expect(evaluateSlo(slo, idle).status).toBe('unknown');
  });

  // The Workbook's rule is a share of the budget (2 % in 1h pages), not 14.4× whatever the
  // period: a 7-day SLO burning at 5× everywhere spends its budget in well under a day and a half.
  it('judges an SLO by factors scaled to its period: a 7-day SLO at 5× pages, a 30-day one tickets', () => {
    const flat = (ratio: number) => measure({...Object.fromEntries(BURN_WINDOWS.map((w) => [w, ratio])), period: 0.0005});
    const week = evaluateSlo({...slo, source: 'native', window: '7d'}, flat(0.005));
    expect(week.exhaustsInSeconds! / 3600).toBeCloseTo(16.8, 6);
    expect([week.status, week.trippedBy, week.table.pairs[0]!.factor]).toEqual(['page', '1h&5m', 3.36]);
    expect(evaluateSlo({...slo, source: 'native'}, flat(0.005))).toMatchObject({status: 'ticket', trippedBy: '1d&2h'});
    // 28 days: 14× on 1h&5m is over Sloth's 13.44 and under the 30-day 14.4.
    const ratios = {...calmRatios, '1h': 0.014, '5m': 0.014, period: 0.0009};
    expect(evaluateSlo({...slo, window: '28d'}, measure(ratios))).toMatchObject({status: 'page', trippedBy: '1h&5m'});
    expect(evaluateSlo(slo, measure(ratios)).status).toBe('ok');
    // Read from Sloth rules generated for 28 days, a spec that said nothing (30d) is judged over 28.
    const read = evaluateSlo(slo, {...measure(ratios), recorded: 'sloth', period: '28d'});
    expect([read.status, read.definition.window, read.table.period]).toEqual(['page', '28d', '28d']);
  });

  it('still pages when the period ratio is missing', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, '1h': 0.02, '5m': 0.03}));
    expect([report.status, report.trippedBy, report.sli, report.exhaustsInSeconds]).toEqual(['page', '1h&5m', null, null]);
  });

  it('treats NaN and infinite ratios as no data', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, '1h': NaN, '5m': Infinity, period: NaN}));
    expect([report.burnRates['1h'], report.burnRates['5m'], report.sli, report.status]).toEqual([null, null, null, 'no-data']);
  });

  it('exhausts at 0 s once the budget is negative and still burning', () => {
    const report = evaluateSlo(slo, measure({...calmRatios, '1h': 0.002, period: 0.0015}));
    expect([report.errorBudgetRemaining, report.exhaustsInSeconds, report.sli]).toEqual([-0.5, 0, 0.9985]);
  });

  it('judges a Pyrra SLO by Pyrra factors unless a table is given', () => {
    const pyrra: SloDefinition = {...slo, source: 'pyrra', objective: 99, window: '28d'};
    const m = measure({'1h': 0.142, '5m': 0.142, period: 0.001});
    expect(evaluateSlo(pyrra, m).status).toBe('page');
    expect(evaluateSlo(pyrra, m, WORKBOOK_TABLE).status).toBe('ok');
  });

  describe('Pyrra\'s slow-burn pair', () => {
    const pyrra: SloDefinition = {...slo, source: 'pyrra', objective: 99, window: '28d'};
    // A 99 % budget is 0.01: 1.2× over 6h and every shorter window, 1.5× over 1d, 3d and 4d. The
    // three faster pairs stay quiet (14×, 7×, and 2× on 1d&2h); only 4d&6h (1×) burns.
    const slow = {'5m': 0.012, '30m': 0.012, '1h': 0.012, '2h': 0.012, '6h': 0.012, '1d': 0.015, '3d': 0.015, period: 0.005};

    it('tickets on 4d&6h and reports the 4d burn beside the seven', () => {
      const report = evaluateSlo(pyrra, measure({...slow, '4d': 0.015}));
      expect(report).toMatchObject({status: 'ticket', trippedBy: '4d&6h'});
      expect(report.extraBurnRates?.['4d']).toBeCloseTo(1.5, 12);
      expect(Object.keys(report.burnRates)).toEqual([...BURN_WINDOWS]);
    });

    it('stays ok when the 4-day window has no data, as any missing window does', () => {
      const report = evaluateSlo(pyrra, measure(slow));
      expect(report).toMatchObject({status: 'ok', trippedBy: null, extraBurnRates: {'4d': null}});
      expect(evaluateSlo(pyrra, measure({...slow, '4d': null})).status).toBe('ok');
    });

    it('reads the scaled pair of a 30-day Pyrra SLO, as its Pyrra alerts do', () => {
      const scaled = {'5m': 0.012, '32m': 0.012, '1h4m': 0.012, '2h9m': 0.012, '6h26m': 0.012, '1d1h43m': 0.015, '4d6h51m': 0.015};
      const report = evaluateSlo({...pyrra, window: '30d'}, measure({...slow, ...scaled}));
      expect(report).toMatchObject({status: 'ticket', trippedBy: '4d6h51m&6h26m'});
      expect(Object.keys(report.extraBurnRates ?? {})).toEqual(['32m', '1h4m', '2h9m', '6h26m', '1d1h43m', '4d6h51m']);
    });

    it('adds nothing to an SLO judged by the Workbook', () => {
      expect(evaluateSlo(slo, measure({...slow, '4d': 0.015}))).not.toHaveProperty('extraBurnRates');
    });
  });

  describe('with windows whose request failed (unread)', () => {
    const TIMEOUT = 'prom /api/v1/query: timed out after 1s';
    // The 3d window and the period rode in one request, which timed out.
    function partly(ratios: Partial<Record<RatioWindow, number | null>>, unread: readonly RatioWindow[] = ['3d', 'period']) {
      const m = measure(ratios);
      return {...m, ratios: [...m.ratios.filter((r) => !unread.includes(r.window)), ...unread.map((window) => ({window, ratio: null, unread: TIMEOUT}))]};
    }

    it('still pages on a pair that was read, with the budget unknown', () => {
      // 5 % errors against a 0.1 % budget: 50× in every window read.
      const burning = {'5m': 0.05, '30m': 0.05, '1h': 0.05, '2h': 0.05, '6h': 0.05, '1d': 0.05};
      const report = evaluateSlo(slo, partly(burning));
      expect(report).toMatchObject({status: 'page', trippedBy: '1h&5m', sli: null, errorBudgetRemaining: null, unread: ['3d', 'period']});
      expect(report).not.toHaveProperty('error');
    });

    it('is unknown, not ok, when nothing read trips: the unread windows may be burning', () => {
      const report = evaluateSlo(slo, partly(calmRatios));
      expect(report).toMatchObject({status: 'unknown', trippedBy: null, error: `could not read the 3d, period windows: ${TIMEOUT}`});
      // Nor no-data: the source did answer for the other windows.
      expect(evaluateSlo(slo, partly({})).status).toBe('unknown');
    });

    it('keeps a ticket only when every page pair was read', () => {
      const ticketing = {...calmRatios, '1d': 0.005, '2h': 0.005};
      expect(evaluateSlo(slo, partly(ticketing))).toMatchObject({status: 'ticket', trippedBy: '1d&2h'});
      // With the 5m window unread, the 1h&5m page pair could be tripping: the ticket is not the answer.
      const report = evaluateSlo(slo, partly(ticketing, ['5m']));
      expect(report).toMatchObject({status: 'unknown', error: `could not read the 5m window: ${TIMEOUT}`});
    });

    it('names a window listed twice unread once, in the order first met, with why', () => {
      const twice = partly(calmRatios, ['3d', 'period', '3d']);
      expect(twice.ratios.filter((r) => r.window === '3d')).toHaveLength(2);
      const report = evaluateSlo(slo, twice);
      expect(report).toMatchObject({status: 'unknown', unread: ['3d', 'period'], unreadWhy: {'3d': TIMEOUT, period: TIMEOUT}, error: `could not read the 3d, period windows: ${TIMEOUT}`});
    });

    it('ignores an unread window its table does not read', () => {
      // The Workbook table reads no 4d: a failed 4d request leaves its verdict whole.
      expect(evaluateSlo(slo, partly({...calmRatios, period: 0.0005}, ['4d'])).status).toBe('ok');
    });
  });

  it('leaves exhaustion unknown when the SLO window cannot be parsed', () => {
    expect(evaluateSlo({...slo, window: '1M'}, measure({...calmRatios, period: 0.0005})).exhaustsInSeconds).toBeNull();
  });
});

function report(name: string, status: SloStatus, burn1h: number | null): SloReport {
  return {
    definition: {...slo, name},
    table: WORKBOOK_TABLE,
    errorBudget: 0.001,
    windows: [],
    sli: null,
    errorBudgetRemaining: null,
    burnRates: {...Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])), '1h': burn1h} as Record<BurnWindow, number | null>,
    status,
    trippedBy: null,
    exhaustsInSeconds: null,
  };
}

describe('sortSloReports', () => {
  it('orders page, ticket, no-data, ok; then 1h burn descending (unknown last); then name', () => {
    const input = [
      report('ok-low', 'ok', 0.2),
      report('nodata', 'no-data', null),
      report('ok-null', 'ok', null),
      report('page-20', 'page', 20),
      report('ticket', 'ticket', 3.5),
      report('ok-high', 'ok', 0.9),
      report('page-30', 'page', 30),
      report('b-page-20', 'page', 20),
    ];
    expect(sortSloReports(input).map((r) => r.definition.name)).toEqual(['page-30', 'b-page-20', 'page-20', 'ticket', 'nodata', 'ok-high', 'ok-low', 'ok-null']);
    expect(input[0]?.definition.name).toBe('ok-low');
  });

  // 1h burns 30×, 5m empty: the SLO may be paging. It is ranked with the pages, above a slow
  // ticket elsewhere, as its own ticket would not stand beside it (and its tone is critical).
  it('ranks an SLO whose page pair is undecided with the pages, above tickets', () => {
    const ticket = evaluateSlo({...slo, name: 'a-ticket'}, measure({...calmRatios, '1d': 0.004, '2h': 0.004, period: 0.0005}));
    const mayPage = evaluateSlo({...slo, name: 'b-may-page'}, measure({...calmRatios, '1h': 0.03, '30m': 0.03, '5m': null, period: 0.0005}));
    const mayTicket = evaluateSlo({...slo, name: 'c-may-ticket'}, measure({...calmRatios, '1d': 0.004, '2h': null, period: 0.0005}));
    expect([ticket.status, mayPage.status, mayPage.mayPage, mayTicket.status, mayTicket.mayPage]).toEqual(['ticket', 'unknown', true, 'unknown', undefined]);
    expect(sortSloReports([mayTicket, ticket, mayPage]).map((r) => r.definition.name)).toEqual(['b-may-page', 'a-ticket', 'c-may-ticket']);
    expect([sloRank('unknown', true), sloRank('page', false), sloRank('unknown', false), sloRank('ticket', false)]).toEqual([0, 0, 2, 1]);
  });

  it('puts an infinite burn first within its status', () => {
    expect(sortSloReports([report('a', 'page', 100), report('b', 'page', Infinity)]).map((r) => r.definition.name)).toEqual(['b', 'a']);
  });
});
