/**
 * A handover at the end of a shift whose last 30 minutes a real Prometheus holds no data (its
 * scrapes or remote write broken): the range ends in an outage. CheckoutDown (critical) fires and
 * checkout-availability pages up to the outage. Neither is STILL PAGING through it nor counted
 * as paging in it: each is unknown since the data stopped, which agrees with "Still firing:
 * unknown" below, and the SLO is not measured since then (not burning by its long windows).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {outageConfig, outageMetrics} from './handover-outage-fixture.ts';

const STEP = 60;
const now = Math.floor(Date.now() / 1000 / STEP) * STEP;
const start = now - 4 * 3600;
const stop = now - 30 * 60;

const openMetrics = () => outageMetrics(start, stop, STEP);
const config = outageConfig;

type Page = {name: string; kind: string; ongoing: boolean; seconds: number; unknownSince?: string};

describe('handover ending inside a Prometheus outage', () => {
  let backends: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  let file = '';

  beforeAll(async () => {
    backends = await startTestBackends({openMetrics: openMetrics(), interval: '15s', alertmanager: false});
    file = tmp.write('prod.yaml', config(backends.prometheusUrl!));
  }, 120_000);

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('the alert and SLO pages end their count where the data stopped and are unknown since, not STILL PAGING', async () => {
    const {code, out} = await cli('handover', '--since', '2h', '--format', 'json', '--config', file);
    const doc = JSON.parse(out) as {pages: Page[]; slos: Array<{slo: string; status: string; unmeasuredSince?: string | null}>};
    expect(code).toBe(3);
    // Prometheus answers a step from the 5 minutes before it: the data stops 5 minutes after the last sample.
    const stopped = Date.parse(doc.pages[0]?.unknownSince ?? '') / 1000;
    expect(stopped - stop).toBeGreaterThanOrEqual(0);
    expect(stopped - stop).toBeLessThanOrEqual(6 * 60);
    expect(doc.pages.map((p) => [p.kind, p.name, p.ongoing, p.unknownSince, p.seconds <= stopped - (now - 2 * 3600) + 60])).toEqual([
      ['alert', 'CheckoutDown', false, new Date(stopped * 1000).toISOString(), true],
      ['slo', 'checkout-availability', false, new Date(stopped * 1000).toISOString(), true],
    ]);
    // Its 1d and 2h windows still reach the data before the outage: not burning, but unknown.
    expect(doc.slos.map((s) => [s.slo, s.status, s.unmeasuredSince])).toEqual([['checkout-availability', 'unknown', new Date(stopped * 1000).toISOString()]]);

    const md = await cli('handover', '--since', '2h', '--config', file);
    // Firing from the shift's first step (the data reaches back no further) reads as already paging at its start.
    expect(md.out).toMatch(/^- CheckoutDown \(checkout\) critical: \S+(?:, first \S+| in the shift, already paging at its start), then no data: UNKNOWN since \S+ \(may still page\)$/m);
    expect(md.out).toMatch(/^- checkout-availability \(checkout\) SLO page: \S+(?:, first \S+| in the shift, already paging at its start), then no data: UNKNOWN since \S+ \(may still page\)$/m);
    expect(md.out).toContain('### Still firing: unknown');
    expect(md.out).toMatch(/^NOT MEASURED at the end: checkout-availability \(unknown since \S+\)$/m);
    expect(md.out).not.toMatch(/STILL PAGING|STILL BURNING/);
  }, 60_000);

  it('a range wholly inside the outage counts no page, is not STILL BURNING, and says the whole range held no data', async () => {
    const {out} = await cli('handover', '--since', '15m', '--format', 'json', '--config', file);
    const doc = JSON.parse(out) as {pages: Page[]; slos: Array<{slo: string; status: string}>};
    expect(doc.pages.filter((p) => p.unknownSince === undefined)).toEqual([]);
    expect(doc.slos.map((s) => [s.slo, s.status])).toEqual([['checkout-availability', 'unknown']]);

    const md = await cli('handover', '--since', '15m', '--config', file);
    expect(md.out).not.toMatch(/STILL PAGING|STILL BURNING/);
    expect(md.out).not.toMatch(/before the oldest data/);
    expect(md.out).toMatch(/held no data in the whole range/);
  }, 60_000);
});
