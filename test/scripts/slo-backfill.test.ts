import {describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';

describe('generateBackfill', () => {
  const backfill = generateBackfill(
    [
      {service: 'api', requestsPerStep: () => 100, errorRatio: (i) => (i === 2 ? 0.5 : 0.015)},
      {service: 'idle', requestsPerStep: () => 0, errorRatio: () => 0},
    ],
    1000,
    1180,
    60,
    {job: 'scenario'},
  );

  it('writes OpenMetrics counters with second timestamps, ending in # EOF', () => {
    const lines = backfill.openMetrics.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '# HELP http_requests Requests served, by service and status code.',
      '# TYPE http_requests counter',
      'http_requests_total{service="api",code="200",job="scenario"} 1000000 1000',
      'http_requests_total{service="api",code="200",job="scenario"} 1000099 1060',
    ]);
    expect(lines.at(-1)).toBe('# EOF');
    expect(lines).toHaveLength(2 + 4 * 4 + 1);
  });

  it('carries fractional errors over, and keeps cumulative counts', () => {
    // Step 1: 1.5 errors → 1 (carry 0.5); step 2: 50.5 → 50 (carry 1.0); step 3: 2.5 → 2.
    expect(backfill.counters.get('api')).toEqual({ok: [1_000_000, 1_000_099, 1_000_149, 1_000_247], errors: [100_000, 100_001, 100_051, 100_053]});
  });

  it('predicts the ratio over the samples inside a window, null without traffic', () => {
    expect(backfill.expectedRatio('api', 1190, 130)).toBe(52 / 200);
    expect(backfill.expectedRatio('api', 1190, 30)).toBeNull();
    expect(backfill.expectedRatio('idle', 1190, 600)).toBeNull();
    expect(backfill.expectedRatio('missing', 1190, 600)).toBeNull();
  });

  it('gives the cumulative counts at sample instants only', () => {
    expect(backfill.countsAt('api', 1120)).toEqual({ok: 1_000_149, errors: 100_051});
    expect(backfill.countsAt('idle', 1180)).toEqual({ok: 1_000_000, errors: 100_000});
    expect(backfill.countsAt('api', 1150)).toBeNull();
    expect(backfill.countsAt('api', 1240)).toBeNull();
    expect(backfill.countsAt('missing', 1000)).toBeNull();
  });
});

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
