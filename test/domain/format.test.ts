import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {formatBurn, formatPercent, formatSeconds, sparkline, UNKNOWN} from '../../src/domain/format.ts';

describe('formatPercent', () => {
  it('formats fractions with fixed decimals', () => {
    expect([formatPercent(0.999, 2), formatPercent(0.5, 0), formatPercent(0.0005, 3), formatPercent(1.5, 1), formatPercent(1, 2)]).toEqual([
      '99.90%',
      '50%',
      '0.050%',
      '150.0%',
      '100.00%',
    ]);
  });

  it('uses two decimals by default', () => {
    expect(formatPercent(0.25)).toBe('25.00%');
  });

  it('never rounds an imperfect SLI up to 100 %', () => {
    expect([formatPercent(0.999999, 2), formatPercent(0.99995, 2), formatPercent(0.9996, 1)]).toEqual(['99.99%', '99.99%', '99.9%']);
  });

  it('shows negative budgets and no negative zero', () => {
    expect([formatPercent(-0.5, 1), formatPercent(-0.00001, 2)]).toEqual(['-50.0%', '0.00%']);
  });

  it('shows unknown and infinite values as symbols', () => {
    expect([formatPercent(null), formatPercent(NaN), formatPercent(Infinity), formatPercent(-Infinity)]).toEqual([UNKNOWN, UNKNOWN, '∞%', '-∞%']);
  });
});

describe('formatBurn', () => {
  it('keeps three significant digits at most', () => {
    expect([0.12, 6, 14.4, 20.1, 143.2, 0, 1].map(formatBurn)).toEqual(['0.12×', '6.00×', '14.4×', '20.1×', '143×', '0.00×', '1.00×']);
  });

  it('does not grow a digit when rounding carries', () => {
    expect([9.994, 9.996, 99.94, 99.96, 999.4, 999.6].map(formatBurn)).toEqual(['9.99×', '10.0×', '99.9×', '100×', '999×', '1.0k×']);
  });

  it('abbreviates thousands', () => {
    expect([1500, 9_940, 9_960, 25_000].map(formatBurn)).toEqual(['1.5k×', '9.9k×', '10k×', '25k×']);
  });

  it('shows null as a dash and infinity as ∞', () => {
    expect([formatBurn(null), formatBurn(NaN), formatBurn(Infinity)]).toEqual(['—', '—', '∞']);
  });

  it('shows no negative zero', () => {
    expect(formatBurn(-0.001)).toBe('0.00×');
  });
});

describe('formatSeconds', () => {
  it('formats the Workbook exhaustion (30d ÷ 14.4) as 2d 2h', () => {
    expect(formatSeconds(180_000)).toBe('2d 2h');
  });

  it('floors to the two largest units', () => {
    expect([2700, 2760.9, 5 * 3600 + 180, 30, 0.5, 99 * 86_400 + 23 * 3600 + 59].map(formatSeconds)).toEqual(['45m', '46m', '5h 3m', '30s', '0s', '99d 23h']);
  });

  it('drops hours from 100 days on', () => {
    expect(formatSeconds(100 * 86_400 + 7200)).toBe('100d');
  });

  it('shows exhausted, never and unknown', () => {
    expect([formatSeconds(0), formatSeconds(-5), formatSeconds(Infinity), formatSeconds(null), formatSeconds(NaN)]).toEqual(['0m', '0m', '∞', '—', '—']);
  });
});

describe('sparkline', () => {
  it('uses all eight levels scaled to the maximum', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
  });

  it('draws null and NaN as spaces', () => {
    expect(sparkline([null, 1, NaN, 2], 4)).toBe(' ▅ █');
  });

  it('pads on the left so the newest value is at the right edge', () => {
    expect(sparkline([1], 3)).toBe('  █');
    expect(sparkline([], 2)).toBe('  ');
  });

  it('keeps spikes when bucketing more values than cells', () => {
    expect(sparkline([0, 0, 0, 8, 0, 0], 3)).toBe('▁█▁');
    expect(sparkline([null, null, 1, 2], 2)).toBe(' █');
  });

  it('draws zero and negatives at the floor, infinity at the top', () => {
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([-1, 1], 2)).toBe('▁█');
    expect(sparkline([1, 2, Infinity], 3)).toBe('▅██');
  });

  it('keeps the lowest of a bucket when told lower is worse, so a dip survives', () => {
    expect(sparkline([8, 8, 1, 8, 8, 8], 3, 0, 'min')).toBe('█▂█');
    expect(sparkline([8, 8, 1, 8, 8, 8], 3)).toBe('███');
  });

  it('scales to minScale at least, so a calm burn stays low', () => {
    expect(sparkline([0.1, 0.5], 2, 1)).toBe('▂▅');
    expect(sparkline([0.1, 0.5], 2)).toBe('▃█');
  });

  it('is exactly width cells wide, and empty for no width', () => {
    const line = sparkline([3, null, 9, 1, 0, 4, 7, 2, 5], 5);
    expect([line.length, stringWidth(line)]).toEqual([5, 5]);
    expect([sparkline([1, 2], 0), sparkline([1, 2], -3), sparkline([1, 2], NaN), sparkline([1, 2, 3], 2.7).length]).toEqual(['', '', '', 2]);
  });
});

describe('width safety', () => {
  it('uses only one-cell characters', () => {
    for (const text of [formatBurn(20.1), formatBurn(null), formatBurn(Infinity), formatPercent(0.999), formatSeconds(180_000), sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)]) {
      expect(stringWidth(text)).toBe(text.length);
    }
  });
});
