import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {burnStartedAt} from '../../src/domain/slo-signals.ts';
import type {SloReport} from '../../src/domain/slo.ts';
import {makeSlo, PAGING_RATIOS, T0} from '../queries/fakes.ts';

const MIN = 60_000;

/** A paging report with a 6-hour history at five-minute steps, burn rates from `burnAt(minutesAgo)`. */
function paging(burnAt: (minutesAgo: number) => number | null): SloReport {
  const report = evaluateSlo(makeSlo({name: 'checkout-availability'}), {slo: 'checkout-availability', at: T0, ratios: [...PAGING_RATIOS]});
  const history = Array.from({length: 72}, (_, i) => {
    const minutesAgo = (71 - i) * 5;
    return {at: T0 - minutesAgo * MIN, burnRate: burnAt(minutesAgo)};
  });
  return {...report, history};
}

// The 1h burn after a step in the error ratio 12 minutes ago: it climbs for an hour from the baseline.
const stepAt12 = (baseline: number) => (m: number) => (m >= 12 ? baseline : baseline + ((20 - baseline) * (12 - m)) / 60);

describe('burnStartedAt', () => {
  it('starts where a calm SLO crosses 1×', () => {
    // 0.96× ten minutes ago, 2.6× five minutes ago.
    expect(burnStartedAt(paging(stepAt12(0.3)), T0)).toBe(T0 - 5 * MIN);
  });

  it('finds the start of the burn when the baseline sits at or above 1× (it never dropped below)', () => {
    expect(burnStartedAt(paging(stepAt12(1)), T0)).toBe(T0 - 5 * MIN);
    expect(burnStartedAt(paging(stepAt12(1.5)), T0)).toBe(T0 - 5 * MIN);
    // A noisy baseline around 1.2× to 1.8×.
    expect(burnStartedAt(paging((m) => (m >= 12 ? 1.2 + ((m / 5) % 4) * 0.2 : 15)), T0)).toBe(T0 - 10 * MIN);
  });

  it('takes the run above 1× for a steady burn that is not twice its baseline', () => {
    expect(burnStartedAt(paging((m) => (m >= 100 ? 0.5 : 1.5)), T0)).toBe(T0 - 95 * MIN);
    // Above 1× over the whole span: the burn began before what the history shows.
    expect(burnStartedAt(paging(() => 1.5), T0)).toBe(T0 - 355 * MIN);
  });

  it('is null when the SLO is calm now, and the fallback without history', () => {
    expect(burnStartedAt({...paging((m) => (m < 30 && m > 5 ? 20 : 0.3)), status: 'ok'}, T0)).toBeNull();
    const {history: _, ...bare} = paging(() => 1);
    expect(burnStartedAt(bare, T0 - 1)).toBe(T0 - 1);
  });
});
