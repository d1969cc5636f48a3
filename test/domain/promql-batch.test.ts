import {describe, expect, it} from 'vitest';
import {batchRatioQuery, planRatioRequests, ratiosFromBatch, ratiosFromRequests} from '../../src/domain/promql-batch.ts';
import {combinedRatioQuery, IDLE, type RatioReading} from '../../src/domain/promql.ts';
import {BURN_WINDOWS, type SloDefinition} from '../../src/domain/slo.ts';

const ratio = (name: string, window = '30d'): SloDefinition => ({
  name,
  service: name,
  objective: 99.9,
  window,
  source: 'native',
  sli: {kind: 'ratio', errorQuery: `e{s="${name}"}[{{.window}}]`, totalQuery: `t{s="${name}"}[{{.window}}]`},
});
const recorded: SloDefinition = {...ratio('pay'), source: 'sloth', recorded: {kind: 'sloth', selector: 'sloth_id="pay"'}};
const bare: SloDefinition = {name: 'bare', service: 'bare', objective: 99, window: '30d', source: 'sloth', recorded: {kind: 'sloth', selector: 'sloth_id="bare"', windows: ['5m', '30d']}};

describe('planRatioRequests', () => {
  it('gives each burn window a request and folds the period into the first', () => {
    expect(planRatioRequests([...BURN_WINDOWS, 'period'])).toEqual([['5m'], ['30m'], ['1h'], ['2h'], ['6h'], ['1d'], ['3d', 'period']]);
    // Pyrra's 4d comes after the period; the period still rides with the 3d window, not 4d.
    expect(planRatioRequests([...BURN_WINDOWS, 'period', '4d'])).toEqual([['5m'], ['30m'], ['1h'], ['2h'], ['6h'], ['1d'], ['3d', 'period'], ['4d']]);
    // Without the 3d window, the longest of the seven present takes it.
    expect(planRatioRequests(['5m', '1h', 'period'])).toEqual([['5m'], ['1h', 'period']]);
    expect(planRatioRequests(['period'])).toEqual([['period']]);
    expect(planRatioRequests(['1h', '1h', '5m'])).toEqual([['1h'], ['5m']]);
    expect(planRatioRequests([])).toEqual([]);
  });
});

describe('batchRatioQuery', () => {
  it('reads one window exactly as the combined query when nothing is recorded', () => {
    const slos = [ratio('a'), ratio('b', '28d')];
    expect(batchRatioQuery(slos, ['1h'])).toBe(combinedRatioQuery(slos, '1h'));
  });

  it('tags each window of a folded request, periods per SLO', () => {
    expect(batchRatioQuery([ratio('a', '7d')], ['5m', 'period'])).toBe(
      'label_replace(label_replace(label_replace(sum(e{s="a"}[5m]), "oncall_slo", "a", "", ""), "oncall_part", "errors", "", "") or ' +
        'label_replace(label_replace(sum(t{s="a"}[5m]), "oncall_slo", "a", "", ""), "oncall_part", "total", "", ""), "oncall_window", "5m", "", "") or ' +
        'label_replace(label_replace(label_replace(sum(e{s="a"}[7d]), "oncall_slo", "a", "", ""), "oncall_part", "errors", "", "") or ' +
        'label_replace(label_replace(sum(t{s="a"}[7d]), "oncall_slo", "a", "", ""), "oncall_part", "total", "", ""), "oncall_window", "period", "", "")',
    );
  });

  it('reads recorded series beside computed ones, and skips what cannot be read', () => {
    expect(batchRatioQuery([recorded, bare], ['1h'])).toBe(
      'label_replace(label_replace(max(slo:sli_error:ratio_rate1h{sloth_id="pay"}), "oncall_slo", "pay", "", ""), "oncall_part", "ratio", "", "")',
    );
    expect(batchRatioQuery([bare], ['period'])).toBe(
      'label_replace(label_replace(max(slo:sli_error:ratio_rate30d{sloth_id="bare"}), "oncall_slo", "bare", "", ""), "oncall_part", "ratio", "", "")',
    );
    expect(batchRatioQuery([bare], ['1h', '6h'])).toBeNull();
    expect(batchRatioQuery([], ['5m'])).toBeNull();
  });

  it('reads a window beyond the seven (Pyrra\'s 4d) only for the SLOs whose table needs it', () => {
    const pyrra: SloDefinition = {...ratio('api', '28d'), source: 'pyrra'};
    expect(batchRatioQuery([ratio('a'), pyrra], ['4d'])).toBe(combinedRatioQuery([pyrra], '4d'));
    expect(batchRatioQuery([ratio('a'), ratio('b', '28d')], ['4d'])).toBeNull();
    // Every SLO still reads the Workbook windows.
    expect(batchRatioQuery([ratio('a'), pyrra], ['3d'])).toBe(combinedRatioQuery([ratio('a'), pyrra], '3d'));
  });
});

describe('ratiosFromBatch', () => {
  const s = (slo: string, part: string, value: number, window?: string) => ({
    labels: {oncall_slo: slo, oncall_part: part, ...(window ? {oncall_window: window} : {})},
    value,
  });

  it('splits a folded answer by window and decodes computed and recorded parts', () => {
    const slos = [ratio('a'), recorded, bare];
    const out = ratiosFromBatch(
      [
        s('a', 'errors', 1, '5m'),
        s('a', 'total', 50, '5m'),
        s('pay', 'ratio', 0.25, '5m'),
        s('bare', 'ratio', NaN, '5m'),
        s('a', 'errors', 3, 'period'),
        s('a', 'total', 1000, 'period'),
        s('pay', 'ratio', 1.0000001, 'period'),
        s('stranger', 'ratio', 0.5, 'period'),
      ],
      slos,
      ['5m', 'period'],
    );
    expect([...out]).toEqual([
      // A recorded NaN is the tool's 0/0: answered, no requests (idle), not a series gone.
      ['5m', new Map<string, RatioReading>([['a', 0.02], ['pay', 0.25], ['bare', IDLE]])],
      ['period', new Map([['a', 0.003], ['pay', 1], ['bare', null]])],
    ]);
  });

  it('takes every sample of a single-window answer as that window', () => {
    const out = ratiosFromBatch([s('a', 'errors', 0, undefined), s('a', 'total', 10), s('pay', 'ratio', -0.1), s('bare', 'ratio', Infinity)], [ratio('a'), recorded, bare], ['1h']);
    expect(out.get('1h')).toEqual(new Map([['a', 0], ['pay', 0], ['bare', null]]));
  });
});

describe("a denominator-corrected SLO's period total, read once in the period's request", () => {
  const corrected: SloDefinition = {...ratio('shop'), sli: {kind: 'ratio', errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]', denominatorCorrected: true}};
  const tagged = (name: string, part: string, value: number, window?: string) => ({labels: {oncall_slo: name, oncall_part: part, ...(window ? {oncall_window: window} : {})}, value});

  it("leaves the 30-day total out of the burn windows' requests when the period is read apart, keeps it otherwise", () => {
    expect(batchRatioQuery([corrected], ['5m'], true)).not.toContain('[30d]');
    expect(batchRatioQuery([corrected], ['5m'], true)).toBe(combinedRatioQuery([corrected], '5m', true));
    // The period's request reads it as its own total; a lone window (the sparkline) still reads it itself.
    expect(batchRatioQuery([corrected], ['3d', 'period'], true)).toContain('t[30d]');
    expect(batchRatioQuery([corrected], ['1h'])).toContain('"period_total"');
  });

  it("weighs each window by the period request's total, exactly as a total read beside it", () => {
    const answers = [
      {group: ['5m' as const], samples: [tagged('shop', 'errors', 30), tagged('shop', 'total', 300)]},
      {group: ['3d' as const, 'period' as const], samples: [tagged('shop', 'errors', 90, '3d'), tagged('shop', 'total', 900, '3d'), tagged('shop', 'errors', 12, 'period'), tagged('shop', 'total', 1200, 'period')]},
    ];
    const out = ratiosFromRequests(answers, [corrected]);
    const beside = ratiosFromBatch([...answers[0]!.samples, tagged('shop', 'period_total', 1200)], [corrected], ['5m']);
    expect(out.get('5m')?.get('shop')).toBe(beside.get('5m')?.get('shop'));
    expect(out.get('5m')?.get('shop')).toBe((30 / 300) * (300 / 1200));
    expect(out.get('3d')?.get('shop')).toBe((90 / 900) * (900 / 1200));
    // The period itself is the plain ratio.
    expect(out.get('period')?.get('shop')).toBe(12 / 1200);
    // Without the period's answer the windows are unknown, never the uncorrected ratio.
    expect(ratiosFromRequests([answers[0]!], [corrected]).get('5m')?.get('shop')).toBeNull();
  });
});
