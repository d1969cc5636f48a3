/**
 * A Sloth raw ratio SLI with one series per group, against a real Prometheus. Group `a` burned
 * 55 to 30 minutes ago (1h far above 14.4×, 5m clean); group `b` spikes in its last 6 minutes
 * only (5m above 14.4×, 1h about 2×). No group burns on both windows of 1h&5m, so Sloth's page
 * alert (matched group by group) stays silent. Each window reads its worst group, so 1h comes from
 * `a` and 5m from `b` and the pair pages: cautious on purpose (the mean of the groups, which would
 * not page here, hid one group burning among calm ones, a missed page), and documented.
 */
import {describe, expect, it} from 'vitest';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {GROUPS_SLOTH, MIN, slothPageSeries, sloClock, sloFilesConfig, useSloBackfill} from './slo-fixture.ts';

describe('raw ratio groups burning on different windows', () => {
  const clock = sloClock();
  const {end} = clock;
  const t = clock.at;
  const rig = useSloBackfill({
    clock,
    services: [
      {service: 'a', requestsPerStep: () => 100, errorRatio: (i) => (t(i) > end - 55 * MIN && t(i) <= end - 30 * MIN ? 0.05 : 0)},
      {service: 'b', requestsPerStep: () => 100, errorRatio: (i) => (t(i) > end - 6 * MIN ? 0.02 : 0)},
    ],
    tmpPrefix: 'oncall-slo-xgroup-',
    files: {'groups.yaml': GROUPS_SLOTH},
    config: sloFilesConfig,
  });

  it("pages on 1h&5m from two groups' windows, where Sloth's per-group alert stays silent (cautious, documented)", async () => {
    // Sloth's page condition for 1h&5m, group by group, evaluated by Prometheus itself: empty.
    const fired = await slothPageSeries(rig.backends.prometheusUrl ?? '', end);
    expect(fired).toEqual([]);

    const {code, out} = await rig.status('--json');
    const slo = (JSON.parse(out) as StatusDocument).slos.find((s) => s.name === 'groups-availability')!;
    // Each window is its worst group: 1h is a's (~20.8×), 5m is b's (20×).
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeGreaterThan(14.4);
    expect({status: slo.status, trippedBy: slo.trippedBy}).toEqual({status: 'page', trippedBy: '1h&5m'});
    expect(code).not.toBe(0);
  });
});
