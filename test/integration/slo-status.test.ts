/**
 * End to end: a real Prometheus over 30 days of backfilled synthetic traffic with planted
 * incidents, the real `oncall status --json` code, and every SLO number compared with values
 * computed independently from the generator's own cumulative counts.
 *
 * Why the expected numbers are exact: samples are written every 60 s and the CLI's clock is
 * pinned to the last sample instant `end`. Prometheus 2.x selects a range [t − w, t] closed on
 * both sides, so rate(x[w]) at t = end sees the samples at end − w and end: the range starts and
 * ends ON a sample, nothing is extrapolated, and rate = (count(end) − count(end − w)) / w
 * exactly. The error ratio is then (Δerrors) / (Δok + Δerrors) over exactly the window's edges.
 * (Prometheus 3 opens the range on the left, (t − w, t]: the first sample is end − w + 60 and
 * rate() extrapolates both series by the same 60 s, so the ratio is the counts' ratio from
 * end − w + 60. The test reads the server's version and uses the matching edge.)
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom, type Backfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
const WINDOWS = {'5m': 5 * MIN, '30m': 30 * MIN, '1h': HOUR, '2h': 2 * HOUR, '6h': 6 * HOUR, '1d': DAY, '3d': 3 * DAY} as const;
type Window = keyof typeof WINDOWS;

/** The planted scenario; minutes are counted back from `end`. */
const SLOS = [
  // (a) 3 % errors for the last hour: 1h and 5m burn at ~30× (> 14.4): pages on 1h&5m.
  {service: 'checkout', window: '30d', periodSec: 30 * DAY, incident: (m: number) => (m < 60 ? 0.03 : null)},
  // (b) 10 % for the last 5 minutes only: 5m burns at ~100×, but 1h at ~9× (< 14.4), 6h at ~2× (< 6).
  {service: 'search', window: '28d', periodSec: 28 * DAY, incident: (m: number) => (m < 5 ? 0.1 : null)},
  // (c) 0.5 % for the last 26 hours: 5× everywhere recent, under both page factors, over 3 on 1d&2h.
  {service: 'ledger', window: '30d', periodSec: 30 * DAY, incident: (m: number) => (m < 26 * 60 ? 0.005 : null)},
  // (d) flat counters: the service exists but serves nothing.
  {service: 'idle', window: '30d', periodSec: 30 * DAY, incident: () => null},
  // (d') no series at all.
  {service: 'ghost', window: '30d', periodSec: 30 * DAY, incident: () => null},
];

const sloName = (service: string) => `${service}-availability`;

function configYaml(prometheusUrl: string): string {
  const slos = SLOS.map((s) =>
    [
      `      - name: ${sloName(s.service)}`,
      `        service: ${s.service}`,
      '        objective: 99.9',
      `        window: ${s.window}`,
      `        errorQuery: 'sum(rate(http_requests_total{service="${s.service}",code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(http_requests_total{service="${s.service}"}[{{.window}}]))'`,
    ].join('\n'),
  );
  return ['current-context: test', 'contexts:', '  - name: test', '    prometheus:', `      url: ${prometheusUrl}`, '    slos:', ...slos, ''].join('\n');
}

/** Relative difference, with exact zeros and nulls compared as such. */
function expectClose(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const diff = Math.abs((actual ?? NaN) - expected);
  expect(expected === 0 ? diff : diff / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
}

describe('oncall status --json against a real Prometheus with 30 days of planted incidents', () => {
  let backends: Backends;
  let backfill: Backfill;
  let dir: string;
  let leftOpen = false;
  // The last whole minute: the data ends there and the CLI's clock is pinned to it.
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;

  beforeAll(async () => {
    const random = seededRandom(2026);
    backfill = generateBackfill(
      SLOS.filter((s) => s.service !== 'ghost').map((s) => ({
        service: s.service,
        requestsPerStep: () => (s.service === 'idle' ? 0 : 900 + Math.floor(random() * 200)),
        errorRatio: (i: number) => s.incident((end - (start + i * MIN)) / MIN) ?? random() * 0.001,
      })),
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    const info = (await (await fetch(`${backends.prometheusUrl}/api/v1/status/buildinfo`)).json()) as {data: {version: string}};
    leftOpen = Number(info.data.version.split('.')[0]) >= 3;
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-status-'));
    await writeFile(join(dir, 'config.yaml'), configYaml(backends.prometheusUrl ?? ''));
  });

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  /** The error ratio over the `windowSec` before `end`, from the generator's counts alone. */
  function expectedRatio(service: string, windowSec: number): number | null {
    const from = backfill.countsAt(service, end - windowSec + (leftOpen ? MIN : 0));
    const to = backfill.countsAt(service, end);
    if (from === null || to === null) return null;
    const errors = to.errors - from.errors;
    const total = errors + to.ok - from.ok;
    return total > 0 ? errors / total : null;
  }

  it('prints sli, budget, every burn rate, status, tripping pair and exhaustion as the counts dictate', async () => {
    let out = '';
    let err = '';
    const io = {out: (t: string) => void (out += t), err: (t: string) => void (err += t)};
    const code = await main(['status', '--json', '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    expect(err).toBe('');
    const doc = JSON.parse(out) as StatusDocument;
    expect(doc.generatedAt).toBe(new Date(end * 1000).toISOString());
    expect(doc.sources).toEqual([{name: 'prometheus', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true}]);

    const budget = 0.001;
    for (const planted of SLOS) {
      const entry = doc.slos.find((s) => s.name === sloName(planted.service));
      const what = sloName(planted.service);
      expect(entry, what).toMatchObject({service: planted.service, source: 'native', objective: 99.9, window: planted.window});
      const burn = {} as Record<Window, number | null>;
      for (const [w, seconds] of Object.entries(WINDOWS) as Array<[Window, number]>) {
        const ratio = expectedRatio(planted.service, seconds);
        burn[w] = ratio === null ? null : ratio / budget;
        expectClose(entry?.burnRates[w], burn[w], `${what} burn ${w}`);
      }
      const periodRatio = expectedRatio(planted.service, planted.periodSec);
      const remaining = periodRatio === null ? null : 1 - periodRatio / budget;
      expectClose(entry?.sli, periodRatio === null ? null : 1 - periodRatio, `${what} sli`);
      expectClose(entry?.errorBudgetRemaining, remaining, `${what} budget`);
      // The Workbook table, written out independently of the domain's copy: 2 % of the budget in
      // 1h, 5 % in 6h, 10 % in 1d and in 3d (14.4/6/3/1 for 30 days, 13.44/5.6/2.8/0.93 for 28).
      const days = planted.periodSec / DAY;
      const over = (a: Window, b: Window, factor: number) => (burn[a] ?? -1) > factor && (burn[b] ?? -1) > factor;
      const pair = over('1h', '5m', 0.02 * days * 24) ? '1h&5m' : over('6h', '30m', (0.05 * days * 24) / 6) ? '6h&30m' : over('1d', '2h', 0.1 * days) ? '1d&2h' : over('3d', '6h', (0.1 * days) / 3) ? '3d&6h' : null;
      const status = pair === null ? (periodRatio === null ? 'no-data' : 'ok') : pair === '1h&5m' || pair === '6h&30m' ? 'page' : 'ticket';
      expect(entry?.status, what).toBe(status);
      expect(entry?.trippedBy, what).toBe(pair);
      const b1h = burn['1h'];
      const exhausts = remaining === null || b1h === null || b1h <= 0 ? null : remaining <= 0 ? 0 : (remaining * planted.periodSec) / b1h;
      expectClose(entry?.exhaustsInSeconds, exhausts, `${what} exhaustion`);
    }

    // The planted outcomes themselves, so a generator bug cannot make both sides agree on nonsense.
    const byName = new Map(doc.slos.map((s) => [s.name, s]));
    expect(doc.slos.map((s) => [s.name, s.status, s.trippedBy])).toEqual([
      ['checkout-availability', 'page', '1h&5m'],
      ['search-availability', 'ok', null],
      ['ledger-availability', 'ticket', '1d&2h'],
      ['idle-availability', 'no-data', null],
      ['ghost-availability', 'no-data', null],
    ]);
    expect(byName.get('search-availability')?.burnRates['5m']).toBeGreaterThan(14.4);
    expect(byName.get('search-availability')?.burnRates['1h']).toBeLessThan(14.4);
    expect(byName.get('ledger-availability')?.burnRates['1h']).toBeLessThan(14.4);
    expect(byName.get('ledger-availability')?.burnRates['6h']).toBeLessThan(6);
    expect(byName.get('idle-availability')?.burnRates).toEqual({'5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null});
    // A page makes the exit code 1, so a script can act on it.
    expect(code).toBe(1);
  });
});
