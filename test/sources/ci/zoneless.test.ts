import {afterEach, describe, expect, it} from 'vitest';
import {decodeEach, parseTimestamp, timeField} from '../../../src/sources/ci/ci-wire.ts';

const saved = process.env['TZ'];
afterEach(() => {
  process.env['TZ'] = saved;
});

describe('deploy time without a zone (README: "A time without a zone in any of them … is read as UTC, never in the reading machine\'s zone")', () => {
  it('an ISO time without a zone is UTC on a laptop in New York', () => {
    process.env['TZ'] = 'America/New_York';
    expect(parseTimestamp('2026-12-07 15:00')).toBe(Date.UTC(2026, 11, 7, 15, 0));
    expect(parseTimestamp('2026-12-07')).toBe(Date.UTC(2026, 11, 7));
  });

  it('a zone-less time in another form (2026/12/07 15:00, RFC 2822 without its zone) is no time, on any laptop', () => {
    // Read by Date.parse in the machine's zone, they were 20:00Z in New York and 14:00Z in Berlin.
    for (const tz of ['America/New_York', 'Europe/Berlin']) {
      process.env['TZ'] = tz;
      expect([parseTimestamp('2026/12/07 15:00'), parseTimestamp('Mon, 07 Dec 2026 15:00:00'), parseTimestamp('12-07-2026'), parseTimestamp('Dec 7, 2026')]).toEqual([null, null, null, null]);
    }
    expect(decodeEach(timeField, ['2026/12/07 15:00']).skipped).toEqual(['[0]: not a timestamp: "2026/12/07 15:00"']);
  });

  it('a time that names its zone, in any form Date.parse reads, is read the same on every laptop', () => {
    const forms = ['2026-12-07T15:00:00Z', '2026-12-07T16:00:00+01:00', 'Mon, 07 Dec 2026 15:00:00 GMT', 'Mon, 07 Dec 2026 10:00:00 -0500', 'Mon, 07 Dec 2026 10:00:00 EST', 'Mon Dec 07 2026 16:00:00 GMT+0100 (Central European Standard Time)'];
    for (const tz of ['America/New_York', 'Europe/Berlin']) {
      process.env['TZ'] = tz;
      expect(forms.map((f) => parseTimestamp(f))).toEqual(forms.map(() => Date.UTC(2026, 11, 7, 15)));
    }
  });
});
