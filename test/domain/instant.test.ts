import {describe, expect, it} from 'vitest';
import {isInstantAgo, parseAt} from '../../src/domain/instant.ts';

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
