/**
 * A low-traffic service at night, against a real Prometheus: its exporter is up and its counters
 * are scraped (flat), with no request in the last 10 minutes, so 5m answers 0 requests. One burst
 * 40 minutes ago failed 5 of 10 requests, so 1h burns far past 14.4×. No requests, no errors: the
 * 1h&5m pair cannot page, and the service is not gone (its series are there), so the SLO is a
 * plain `ok` that exits 0, not `unknown` ("could not tell", exit 3) every quiet night. A busy
 * service whose 5m answers 0 after an hour of burning has hung, not gone quiet: it stays undecided.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('a quiet night after one error burst (exporter up, no requests in 5m)', () => {
  let backends: Backends;
  let dir: string;
  // The last whole minute: the CLI's clock is pinned to it.
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;
  const burstAt = end - 40 * MIN;
  const quietFrom = end - 10 * MIN;

  beforeAll(async () => {
    const t = (i: number) => start + i * MIN;
    const backfill = generateBackfill(
      [
        {
          service: 'quiet',
          requestsPerStep: (i) => (t(i) > quietFrom ? 0 : t(i) === burstAt ? 10 : 2),
          errorRatio: (i) => (t(i) === burstAt ? 0.5 : 0),
        },
      ],
      start,
      // Scraped up to now: the series are there, flat.
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-quiet-'));
    const config = [
      'current-context: test',
      'contexts:',
      '  - name: test',
      '    prometheus:',
      `      url: ${backends.prometheusUrl}`,
      '    slos:',
      '      - name: quiet-availability',
      '        service: quiet',
      '        objective: 99.9',
      '        window: 30d',
      `        errorQuery: 'sum(rate(http_requests_total{service="quiet",code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(http_requests_total{service="quiet"}[{{.window}}]))'`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), config);
  }, 180_000);

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function status(...flags: string[]): Promise<{code: number; out: string}> {
    let out = '';
    const io = {out: (t: string) => void (out += t), err: () => {}};
    const code = await main(['status', ...flags, '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    return {code, out};
  }

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
  let backends: Backends;
  let dir: string;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;
  const hungFrom = end - 10 * MIN;

  beforeAll(async () => {
    const t = (i: number) => start + i * MIN;
    const backfill = generateBackfill(
      [{service: 'hung', requestsPerStep: (i) => (t(i) > hungFrom ? 0 : 1000), errorRatio: (i) => (t(i) > hungFrom - HOUR ? 0.03 : 0.0005)}],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-hung-'));
    const config = [
      'current-context: test',
      'contexts:',
      '  - name: test',
      '    prometheus:',
      `      url: ${backends.prometheusUrl}`,
      '    slos:',
      '      - name: hung-availability',
      '        service: hung',
      '        objective: 99.9',
      '        window: 30d',
      `        errorQuery: 'sum(rate(http_requests_total{service="hung",code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(http_requests_total{service="hung"}[{{.window}}]))'`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), config);
  }, 180_000);

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it('is unknown and may page, not ok: 5m answered 0 requests right after an hour at 1000/min burning 30×', async () => {
    let out = '';
    const io = {out: (t: string) => void (out += t), err: () => {}};
    const code = await main(['status', '--json', '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    const slo = (JSON.parse(out) as StatusDocument).slos[0]!;
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.burnRates['5m']).toBeNull();
    expect({status: slo.status, mayPage: slo.mayPage}).toEqual({status: 'unknown', mayPage: true});
    expect(slo.error).toMatch(/^5m answered 0 requests while 1h had [\d.]+\/s and burns [\d.]+× \(1h&5m may page\)/);
    expect(code).not.toBe(0);
  });
});
