/** The clock skew read from backends' Date headers: one sample, the median of many, what is shown. */
import {describe, expect, it} from 'vitest';
import {CLOCK_SKEW_MIN_MS, clockSkew, clockSkewBadge, clockSkewNote, clockSkewSample} from '../../src/domain/clock-skew.ts';

const AT = Date.UTC(2026, 11, 6, 12, 0, 0);
const header = (ms: number) => new Date(ms).toUTCString();

describe('clockSkewSample', () => {
  it('is the server time at receipt minus ours, taking the middle of the header\'s second', () => {
    expect(clockSkewSample(header(AT), AT)).toBe(500);
    // The server says 12:05:00 while this machine says 12:00:00: 5 minutes behind.
    expect(clockSkewSample(header(AT + 300_000), AT)).toBe(300_500);
    expect(clockSkewSample(header(AT - 1_200_000), AT)).toBe(-1_199_500);
  });

  it('adds a cache\'s Age to its origin\'s Date, and ignores an Age that is not whole seconds', () => {
    expect(clockSkewSample(header(AT - 60_000), AT, '60')).toBe(500);
    expect(clockSkewSample(header(AT - 60_000), AT, ' 60 ')).toBe(500);
    expect(clockSkewSample(header(AT - 60_000), AT, '-5')).toBe(-59_500);
    expect(clockSkewSample(header(AT - 60_000), AT, 'soon')).toBe(-59_500);
  });

  it('is null without a usable header', () => {
    expect(clockSkewSample(undefined, AT)).toBeNull();
    expect(clockSkewSample('', AT)).toBeNull();
    expect(clockSkewSample('yesterday-ish', AT)).toBeNull();
  });
});

describe('clockSkew', () => {
  it('is 0 without samples and within the header\'s resolution', () => {
    expect(clockSkew([])).toBe(0);
    expect(clockSkew([500, -700, 1_900])).toBe(0);
    expect(clockSkew([CLOCK_SKEW_MIN_MS - 1])).toBe(0);
  });

  it('is the median, in whole seconds: one server with a wrong clock does not move it', () => {
    expect(clockSkew([300_300, 300_100, 299_700])).toBe(300_000);
    expect(clockSkew([300_300, 300_100, -86_400_000])).toBe(300_000);
    expect(clockSkew([-1_199_700, -1_199_900])).toBe(-1_200_000);
    expect(clockSkew([2_400])).toBe(2_000);
  });
});

describe('clockSkewBadge and clockSkewNote', () => {
  it('say nothing below 10 s', () => {
    expect(clockSkewBadge(0)).toBeNull();
    expect(clockSkewBadge(9_000)).toBeNull();
    expect(clockSkewNote(-9_000)).toBeNull();
  });

  it('say which way and how far, in words', () => {
    expect(clockSkewBadge(-300_000)).toBe('CLOCK 5m AHEAD');
    expect(clockSkewBadge(1_200_000)).toBe('CLOCK 20m BEHIND');
    expect(clockSkewBadge(-(3_600_000 + 125_000))).toBe('CLOCK 1h2m AHEAD');
    expect(clockSkewBadge(86_400_000 * 2 + 3_600_000)).toBe('CLOCK 2d1h BEHIND');
    expect(clockSkewBadge(42_000)).toBe('CLOCK 42s BEHIND');
    // An exact day measured a second short reads as the day, not '23h59m'; the second unit rounds.
    expect(clockSkewBadge(86_399_000)).toBe('CLOCK 1d BEHIND');
    expect(clockSkewNote(86_401_000)).toContain('1d behind');
    expect(clockSkewBadge(-(3_600_000 + 89_000))).toBe('CLOCK 1h1m AHEAD');
    expect(clockSkewBadge(86_400_000 + 5_399_000)).toBe('CLOCK 1d1h BEHIND');
    expect(clockSkewNote(-300_000)).toMatch(/^this machine's clock is 5m ahead of its backends' \(their Date headers\): times were taken from theirs/);
    expect(clockSkewNote(1_200_000)).toMatch(/^this machine's clock is 20m behind its backends'/);
  });
});
