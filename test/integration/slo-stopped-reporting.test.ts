/**
 * A service that burned fast and then stopped reporting, against a real Prometheus: crash-looping
 * pods export nothing, so the 5m window empties while the 1h and 30m windows still hold a 30×
 * burn. The 1h&5m pair cannot be decided on half its data, so the SLO must not read as a calm,
 * green `ok` that exits 0: it is `unknown`, says which window is empty while which burns, and
 * `status` exits 3 (could not tell).
 */
import {describe, expect, it} from 'vitest';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {availabilityConfig, MIN, HOUR, sloClock, useSloBackfill} from './slo-fixture.ts';

describe('an SLO whose service stopped reporting after a fast burn', () => {
  const clock = sloClock();
  const {end, start} = clock;
  // The exporter vanished 10 minutes ago, after an hour at 3 % errors (0.05 % before).
  const goneAt = end - 10 * MIN;
  const {status} = useSloBackfill({
    clock,
    services: [{service: 'gone', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > goneAt - HOUR ? 0.03 : 0.0005)}],
    scrapedUntil: goneAt,
    tmpPrefix: 'oncall-slo-gone-',
    config: (url) => availabilityConfig(url, 'gone'),
  });

  it('is unknown with the empty window named, not ok, and status exits 3', async () => {
    const {code, out} = await status('--json');
    const slo = (JSON.parse(out) as StatusDocument).slos[0]!;
    // What Prometheus answered: 1h and 30m far above 14.4, no 5m sample at all, the period read.
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['30m']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeNull();
    expect(slo.sli).not.toBeNull();
    expect(slo.status).toBe('unknown');
    expect(slo.trippedBy).toBeNull();
    expect(slo.error).toMatch(/^5m has no series while 1h burns \d+(\.\d)?× \(1h&5m may page\)/);
    expect(code).toBe(3);

    const text = await status();
    expect(text.code).toBe(3);
    expect(text.out).not.toMatch(/^\s+ok\s+gone-availability/m);
    expect(text.out).toMatch(/gone-availability.*error: 5m has no series while 1h burns/);
  });
});
