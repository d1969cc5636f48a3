import {describe, expect, it} from 'vitest';
import {parseTimestamp, severityOf} from '../../src/sources/alert-fields.ts';

describe('severityOf', () => {
  it('lower-cases the usual names, keeps others raw, and says none when missing', () => {
    expect(severityOf({severity: 'CRITICAL'})).toBe('critical');
    expect(severityOf({severity: ' Warning '})).toBe('warning');
    expect(severityOf({severity: 'P1'})).toBe('P1');
    expect(severityOf({severity: ''})).toBe('none');
    expect(severityOf({})).toBe('none');
  });
});

describe('parseTimestamp', () => {
  it("reads RFC 3339 with nanoseconds and offsets; absent, invalid or Go's zero time give the fallback", () => {
    expect(parseTimestamp('2018-07-04T20:27:12.60602144+02:00', 0)).toBe(Date.UTC(2018, 6, 4, 18, 27, 12, 606));
    expect(parseTimestamp('2026-05-01T10:00:00Z', 0)).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseTimestamp(undefined, -1)).toBe(-1);
    expect(parseTimestamp('0001-01-01T00:00:00Z', 5)).toBe(5);
    expect(parseTimestamp('not a time', 5)).toBe(5);
  });
});
