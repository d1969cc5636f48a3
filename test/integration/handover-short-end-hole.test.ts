/**
 * A handover whose range ends in an outage shorter than one SLO step: a real Prometheus holds no
 * data for the last seconds (its lookback ending 15 s past the minute), which the alert grid
 * (15 s) reaches but the SLO grid (60 s) does not. CheckoutDown is unknown since the data
 * stopped; the SLO, paging up to then, must say the same rather than STILL PAGING / burning.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {outageConfig, outageMetrics} from './handover-outage-fixture.ts';

const STEP = 60;
const now = Math.floor(Date.now() / 1000 / STEP) * STEP;
const start = now - 4 * 3600;
const stop = now - 300 + 15;

const openMetrics = () => outageMetrics(start, stop, STEP);
const config = outageConfig;

describe('handover ending in an outage shorter than one SLO step', () => {
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

  it('an end hole shorter than the SLO step: the SLO is not STILL PAGING while the alert is UNKNOWN', async () => {
    // The hole begins 15-30 s after the minute \`now\`: run once the alert grid (15 s) reaches past it,
    // while the SLO grid (60 s) still ends at \`now\`.
    await new Promise((r) => setTimeout(r, Math.max(0, now * 1000 + 42_000 - Date.now())));
    const {out} = await cli('handover', '--since', '2h', '--format', 'json', '--config', file);
    const doc = JSON.parse(out) as {pages: Array<{name: string; ongoing: boolean; unknownSince?: string}>; slos: Array<{slo: string; status: string}>};
    expect(doc.pages.map((p) => [p.name, p.ongoing, p.unknownSince !== undefined])).toEqual([['CheckoutDown', false, true], ['checkout-availability', false, true]]);
    expect(doc.slos.map((s) => s.status)).toEqual(['unknown']);
  }, 120_000);
});
