import {describe, expect, it} from 'vitest';
import {isInstantAgo, parseAt, parseInstant, parseRange} from '../../src/domain/instant.ts';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const M = 60_000;

describe('parseAt (--at for status and the dashboard)', () => {
  it('reads an RFC 3339 time with a zone as that instant', () => {
    expect(parseAt('2026-12-04T03:12:05Z', NOW)).toEqual({at: Date.UTC(2026, 11, 4, 3, 12, 5)});
    expect(parseAt('2026-12-05T09:30:00+01:00', NOW)).toEqual({at: NOW - 30 * M});
    expect(parseAt(' 2026-12-05 08:00Z ', NOW)).toEqual({at: NOW - 60 * M});
  });

  it('reads a duration as that long ago', () => {
    expect(parseAt('30m', NOW)).toEqual({at: NOW - 30 * M});
    expect(parseAt('2h', NOW)).toEqual({at: NOW - 120 * M});
  });

  it('names the flag and what is wrong with a value that is no instant', () => {
    expect(parseAt('yesterday', NOW)).toEqual({error: '--at: "yesterday" is neither an RFC 3339 time with a zone (2026-12-04T03:12:05Z) nor a duration ago (30m, 2h)'});
    // No zone: refused rather than read in the machine's zone.
    expect(parseAt('2026-12-04T03:12:05', NOW)).toEqual({error: expect.stringMatching(/^--at: "2026-12-04T03:12:05" is neither an RFC 3339 time with a zone/)});
  });

  it('refuses a future instant, naming it and now; now itself is the past', () => {
    expect(parseAt('2026-12-05T09:00:01Z', NOW)).toEqual({error: '--at: 2026-12-05T09:00:01.000Z is in the future (now 2026-12-05T09:00:00.000Z); --at looks back only'});
    expect(parseAt('2026-12-05T09:00:00Z', NOW)).toEqual({at: NOW});
    expect(parseAt('1s', NOW)).toEqual({at: NOW - 1000});
  });
});

describe('isInstantAgo (whether an instant moves with the clock it is counted from)', () => {
  it('is true for a duration ago, however written, and false for a time of its own or no instant', () => {
    expect(['30m', ' 2h ', '-5m', '1d'].map(isInstantAgo)).toEqual([true, true, true, true]);
    expect(['2026-12-04T03:12:05Z', '2026-12-05 08:00Z', 'yesterday', ''].map(isInstantAgo)).toEqual([false, false, false, false]);
  });
});

describe('parseInstant: times that name no moment of the calendar', () => {
  // The runtime's parser rolls these over (November 31st reads as December 1st), which would
  // show another day said as the one given.
  it('refuses a day the month does not have, naming it, for --at and --from/--to alike', () => {
    expect(parseAt('2026-11-31T03:12:05Z', NOW)).toEqual({error: '--at: "2026-11-31T03:12:05Z" is no time of the calendar: November 2026 has no day 31 (it has 30 days)'});
    expect(parseRange({from: '2026-11-31T00:00:00Z'}, NOW, '2h')).toEqual({error: expect.stringMatching(/^--from: .*November 2026 has no day 31/)});
    expect(parseRange({from: '2026-11-01T00:00:00Z', to: '2026-11-31T00:00:00Z'}, NOW, '2h')).toEqual({error: expect.stringMatching(/^--to: .*no day 31/)});
  });

  it('knows leap years: February 29th only in them', () => {
    expect(parseAt('2026-02-29T00:00:00Z', NOW)).toEqual({error: expect.stringContaining('February 2026 has no day 29 (it has 28 days)')});
    expect(parseAt('2024-02-29T00:00:00Z', NOW)).toEqual({at: Date.UTC(2024, 1, 29)});
    expect(parseAt('2100-02-29T00:00:00Z', Date.UTC(2101, 0, 1))).toEqual({error: expect.stringContaining('has no day 29')});
    expect(parseAt('2000-02-29T00:00:00Z', NOW)).toEqual({at: Date.UTC(2000, 1, 29)});
  });

  it('refuses hour 24, minute 60, second 60, month 13, day 0 and an offset past 23:59', () => {
    expect(parseInstant('2026-01-01T24:00:00Z', NOW)).toEqual({error: expect.stringContaining('hour 24 does not exist')});
    expect(parseInstant('2026-01-01T23:60:00Z', NOW)).toEqual({error: expect.stringContaining('minute 60 does not exist')});
    expect(parseInstant('2026-01-01T23:59:60Z', NOW)).toEqual({error: expect.stringContaining('second 60 does not exist')});
    expect(parseInstant('2026-13-01T00:00:00Z', NOW)).toEqual({error: expect.stringContaining('month 13 does not exist')});
    expect(parseInstant('2026-01-00T00:00:00Z', NOW)).toEqual({error: expect.stringContaining('has no day 00')});
    expect(parseInstant('2026-01-01T00:00:00+24:00', NOW)).toEqual({error: expect.stringContaining('zone offset 24:00 does not exist')});
    expect(parseInstant('2026-12-31T23:59:59.999+23:59', NOW)).toEqual({at: Date.UTC(2026, 11, 31, 0, 0, 59, 999)});
  });
});

describe('parseRange: the future', () => {
  it('refuses a --to in the future as it refuses a --from there, naming it and now; now itself is the past', () => {
    expect(parseRange({from: '2h', to: '2026-12-05T09:00:01Z'}, NOW, '2h')).toEqual({error: '--to: 2026-12-05T09:00:01.000Z is in the future (now 2026-12-05T09:00:00.000Z); a timeline looks back only'});
    expect(parseRange({from: '2h', to: '2026-12-05T09:00:00Z'}, NOW, '2h')).toEqual({from: NOW - 120 * M, to: NOW});
    expect(parseRange({from: '2030-01-01T00:00:00Z'}, NOW, '2h')).toEqual({error: expect.stringMatching(/^--from: .* is in the future/)});
  });
});
