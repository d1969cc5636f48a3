/**
 * An SLO whose 5m request failed while 1h burns past the page factor ranks with the pages, but
 * its `error` (the row's details and `slos[].error`) said only that 5m was not read: nothing
 * told the reader why an UNKNOWN sat above the tickets, unlike the no-series case, whose error
 * reads `5m has no series while 1h burns 30.0× (1h&5m may page)`.
 */
import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import type {SloDefinition, SloMeasurement, WindowRatio} from '../../src/domain/slo.ts';

const AT = Date.UTC(2026, 11, 7, 18, 0, 0);
const TIMEOUT = 'timeout: no answer within 10 s';
const def: SloDefinition = {name: 'checkout', service: 'checkout', objective: 99.9, window: '30d', source: 'native', sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't'}};

// Error fractions per window; budget 0.001, so 0.03 = 30×.
function measure(ratios: Record<string, number | null>, unread: readonly string[]): SloMeasurement {
  return {slo: 'checkout', at: AT, ratios: Object.entries(ratios).map(([window, ratio]) => ({window, ratio, totalRate: 100, ...(unread.includes(window) ? {unread: TIMEOUT} : {})}) as WindowRatio)};
}

const calm = {'5m': 0.0005, '30m': 0.0005, '1h': 0.0005, '2h': 0.0005, '6h': 0.0005, '1d': 0.0005, '3d': 0.0005, period: 0.0002};

describe('an unread short window beside a long window past its page factor', () => {
  it('says in its error which long window burns and that the pair may page', () => {
    const r = evaluateSlo(def, measure({...calm, '5m': null, '1h': 0.03}, ['5m']));
    expect(r.mayPage).toBe(true);
    expect(r.error).toBe(`could not read the 5m window: ${TIMEOUT}; 1h burns 30.0× (1h&5m may page)`);
  });

  it('says only what was not read when no page pair may be tripping', () => {
    const r = evaluateSlo(def, measure({...calm, '5m': null}, ['5m']));
    expect(r.mayPage).toBeUndefined();
    expect(r.error).toBe(`could not read the 5m window: ${TIMEOUT}`);
  });
});
