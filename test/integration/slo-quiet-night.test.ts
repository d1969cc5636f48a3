/**
 * A low-traffic service at night, against a real Prometheus: its exporter is up and its counters
 * are scraped (flat), with no request in the last 10 minutes, so 5m answers 0 requests. One burst
 * 40 minutes ago failed 5 of 10 requests, so 1h burns far past 14.4×. No requests, no errors: the
 * 1h&5m pair cannot page, and the service is not gone (its series are there), so the SLO is a
 * plain `ok` that exits 0, not `unknown` ("could not tell", exit 3) every quiet night. A busy
 * service whose 5m answers 0 after an hour of burning has hung, not gone quiet: it stays undecided.
 */
import {describe, expect, it} from 'vitest';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {availabilityConfig, MIN, HOUR, sloClock, useSloBackfill} from './slo-fixture.ts';

describe('a quiet night after one error burst (exporter up, no requests in 5m)', () => {
  const clock = sloClock();
  const {end} = clock;
  const burstAt = end - 40 * MIN;
  const quietFrom = end - 10 * MIN;
  const t = clock.at;
  const {status} = useSloBackfill({
    clock,
    services: [
      {
        service: 'quiet',
        requestsPerStep: (i) => (t(i) > quietFrom ? 0 : t(i) === burstAt ? 10 : 2),
        errorRatio: (i) => (t(i) === burstAt ? 0.5 : 0),
      },
    ],
    // Scraped up to now (no scrapedUntil): the series are there, flat.
    tmpPrefix: 'oncall-slo-quiet-',
    config: (url) => availabilityConfig(url, 'quiet'),
  });

  it('is ok and exits 0: Prometheus answered 0 requests in 5m, so 1h&5m cannot page', async () => {
    const {code, out} = await status('--json');
    const doc = JSON.parse(out) as StatusDocument;
    const slo = doc.slos[0]!;
    // What Prometheus answered: a 1h burn far above 14.4, no ratio over 5m, every window read in full.
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeNull();
    expect(doc.sources.every((s) => s.state === 'ok' && !s.partial)).toBe(true);
    expect({status: slo.status, error: slo.error, mayPage: slo.mayPage, code}).toEqual({status: 'ok', error: null, mayPage: false, code: 0});
  });

  it('says ok in the summary, with 5m shown as no number', async () => {
    const {code, out} = await status();
    expect(code).toBe(0);
    // (`x` and `-` where the output is not a terminal that draws `×` and `—`.)
    expect(out).toMatch(/^ {2}ok +quiet-availability +1h [\d.]+[x×] +5m [-—] /m);
  });
});

// 1000 requests a minute at 3 % errors for an hour (30× a 99.9 % budget), then hung: its exporter
// is still scraped but its counters are flat for the last 10 minutes, so 5m answers 0 requests.
// At 16.7/s an empty 5m is no quiet night: the pair cannot be decided, and it may page.
describe('a busy service that burned and then hung (counters flat, exporter up)', () => {
  const clock = sloClock();
  const {end} = clock;
  const hungFrom = end - 10 * MIN;
  const t = clock.at;
  const {status} = useSloBackfill({
    clock,
    services: [{service: 'hung', requestsPerStep: (i) => (t(i) > hungFrom ? 0 : 1000), errorRatio: (i) => (t(i) > hungFrom - HOUR ? 0.03 : 0.0005)}],
    tmpPrefix: 'oncall-slo-hung-',
    config: (url) => availabilityConfig(url, 'hung'),
  });

  it('is unknown and may page, not ok: 5m answered 0 requests right after an hour at 1000/min burning 30×', async () => {
    const {code, out} = await status('--json');
    const slo = (JSON.parse(out) as StatusDocument).slos[0]!;
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeNull();
    expect({status: slo.status, mayPage: slo.mayPage}).toEqual({status: 'unknown', mayPage: true});
    expect(slo.error).toMatch(/^5m answered 0 requests while 1h had [\d.]+\/s and burns [\d.]+× \(1h&5m may page\)/);
    expect(code).not.toBe(0);
  });
});
