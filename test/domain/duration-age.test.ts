import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ageChangesAt, ageSince} from '../../src/domain/duration.ts';

describe('ageChangesAt', () => {
  it('is the first time the age reads differently: the same text until then, another one at it (property)', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 4e12}), fc.integer({min: -10_000, max: 40 * 86_400_000}), fc.double({min: 0, max: 1, noNaN: true}), (since, elapsed, part) => {
        const now = since + elapsed;
        const at = ageChangesAt(now, since);
        expect(at).toBeGreaterThan(now);
        const text = ageSince(now, since);
        expect(ageSince(at - 1, since)).toBe(text);
        expect(ageSince(now + Math.floor((at - 1 - now) * part), since)).toBe(text);
        expect(ageSince(at, since)).not.toBe(text);
      }),
      {seed: 20_261_204, numRuns: 500},
    );
  });

  it('never for an unknown start; at once for a time that is not a number', () => {
    expect(ageChangesAt(1000, null)).toBe(Number.POSITIVE_INFINITY);
    expect(ageChangesAt(Number.NaN, 0)).toBeNaN();
    expect(ageChangesAt(1000, Number.NaN)).toBe(1000);
    expect([ageChangesAt(59_000, 0), ageChangesAt(61_000, 0), ageChangesAt(3_600_000, 0), ageChangesAt(86_400_000 + 5, 0)]).toEqual([60_000, 120_000, 7_200_000, 172_800_000]);
  });
});
