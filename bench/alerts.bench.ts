/**
 * Benchmark: the dashboard with 10,000 alerts in 500 groups (issue: alerts, "Done when").
 *
 * (1) Fetch and decode: a real Alertmanager holding 10,000 alerts, our adapter in a fresh node
 *     process against `amtool alert query -o json`, alternating, N repetitions; the figure is
 *     the median of the per-repetition ratios ours ÷ amtool, goal ≤ 1.2 (see alerts-fetch.ts).
 * (2) Keypress to frame: the bundle in a real pty (160x48), alerts pane focused, ~50 presses of
 *     `j`, timed from the key reaching the terminal to the end of the frame that shows it; goal
 *     median ≤ 16 ms, baseline the same presses with 10 alerts, and with 500 (a pane as full as
 *     with 10,000: what is left is drawing, not data); see alerts-keys.ts. The alerts come from
 *     a fake Alertmanager on loopback that answers with pre-encoded JSON, so the server costs
 *     nothing and the dashboard's own polling (every 15 s, the default) still runs.
 *
 *   npx tsx bench/alerts.bench.ts [--runs N] [--presses N] [--rounds N] [--only fetch|keys] [--profile DIR] [--no-build]
 *
 * `--profile DIR` runs the 10,000-alert key presses once more on an unminified bundle under
 * `node --cpu-prof`, and leaves the bundle and the .cpuprofile in DIR.
 */
import {spawnSync} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {requireTools} from '../scripts/backends.ts';
import {generateAlerts, gettableAlerts, SHAPE} from './alerts-data.ts';
import {bundleEntry, measureFetch, type FetchSamples} from './alerts-fetch.ts';
import {measureKeys, type KeySamples} from './alerts-keys.ts';
import {benchEnv, BUNDLE, NODE} from './bundle.ts';
import {median, quantile, round} from './stats.ts';

/** Goals from the issue. */
export const ALERT_TARGETS = {fetchRatio: 1.2, keyMedianMs: 16, cliCurlRatio: 1.5} as const;

/** Options of {@link benchAlerts}. */
export interface AlertsBenchOptions {
  /** Fetch repetitions (default 11). */
  runs?: number;
  /** Key presses per dashboard run (default 50). */
  presses?: number;
  /** Dashboard runs per alert count, 10, 500 and 10,000 in turn (default 2). */
  rounds?: number;
  /** Run only one half. */
  only?: 'fetch' | 'keys';
  /** Directory for an extra profiled 10,000-alert key run (unminified bundle, `--cpu-prof`). */
  profileDir?: string;
  cols?: number;
  rows?: number;
  log?: (line: string) => void;
}

/** What the benchmark measured. */
export interface AlertsBenchResult {
  fetch: (FetchSamples & {medianRatio: number}) | null;
  /** Key presses with 10,000 alerts, with 10 (the baseline) and with 500 (enough to fill the pane). */
  keys: {big: KeySamples; small: KeySamples; full: KeySamples; cols: number; rows: number} | null;
}

const ALERTS = SHAPE.groups * SHAPE.perGroup;
const BASELINE_ALERTS = 10;
// 25 groups: more rows than the alerts pane shows, so the screen is as full as with 10,000 and
// only the amount of data differs (with 10 alerts most of the pane is blank, cheaper to draw).
const FULL_PANE_ALERTS = 500;

/** A loopback stand-in for Alertmanager: `/<count>/api/v2/alerts` answers `count` alerts, silences are empty. */
async function serveAlerts(counts: number[]): Promise<{url: string; close(): Promise<void>}> {
  const now = Date.now();
  const bodies = new Map(counts.map((n) => [`/${n}/api/v2/alerts`, Buffer.from(JSON.stringify(gettableAlerts(generateAlerts(n, now), now)))]));
  const server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '') ?? (req.url?.endsWith('/api/v2/silences') ? Buffer.from('[]') : null);
    res.writeHead(body ? 200 : 404, {'content-type': 'application/json'});
    res.end(body ?? '{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

async function keyRun(count: number, bundle: string, ctx: {dir: string; url: string; cols: number; rows: number; presses: number; nodeFlags?: string[]}): Promise<KeySamples> {
  const config = join(ctx.dir, `config-${count}.yaml`);
  await writeFile(config, `current-context: bench\ncontexts:\n  - name: bench\n    alertmanagers:\n      - name: am\n        url: ${ctx.url}/${count}\n`);
  const env = {...benchEnv(ctx.cols, ctx.rows, ctx.dir), HOME: ctx.dir, XDG_STATE_HOME: ctx.dir};
  return measureKeys({
    argv: [NODE, ...(ctx.nodeFlags ?? []), bundle, '--config', config],
    env,
    cols: ctx.cols,
    rows: ctx.rows,
    readyText: `Alerts (${count})`,
    focus: {keys: '2', shows: '▶ 2 Alerts'},
    presses: ctx.presses,
    tableRows: count + Math.ceil(count / SHAPE.perGroup),
    gapMs: [80, 200],
  });
}

const merge = (runs: KeySamples[]): KeySamples => ({
  latencyMs: runs.flatMap((r) => r.latencyMs),
  frameBytes: runs.flatMap((r) => r.frameBytes),
  missed: runs.reduce((n, r) => n + r.missed, 0),
  rssMb: Math.max(...runs.map((r) => r.rssMb)),
  peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
});

/** Runs the benchmark; `log` receives progress lines. */
export async function benchAlerts(opts: AlertsBenchOptions = {}): Promise<AlertsBenchResult> {
  const log = opts.log ?? (() => {});
  // Before any server starts: the fetch half runs amtool, the keys half types through the pty relay.
  // The keys half alone needs no real server (it serves the alerts itself).
  requireTools([...(opts.only !== 'keys' ? (['amtool'] as const) : []), ...(opts.only !== 'fetch' ? (['python3'] as const) : [])], opts.only !== 'keys');
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-alerts-'));
  const result: AlertsBenchResult = {fetch: null, keys: null};
  try {
    if (opts.only !== 'keys') {
      const s = await measureFetch({runs: opts.runs ?? 11, alerts: ALERTS, dir, log});
      result.fetch = {...s, medianRatio: median(s.oursMs.map((ms, i) => ms / s.amtoolMs[i]!))};
    }
    if (opts.only !== 'fetch') {
      const server = await serveAlerts([BASELINE_ALERTS, FULL_PANE_ALERTS, ALERTS]);
      const ctx = {dir, url: server.url, cols: opts.cols ?? 160, rows: opts.rows ?? 48, presses: opts.presses ?? 50};
      try {
        const runs = new Map<number, KeySamples[]>([[BASELINE_ALERTS, []], [FULL_PANE_ALERTS, []], [ALERTS, []]]);
        for (let round = 0; round < (opts.rounds ?? 2); round++) {
          for (const [count, samples] of runs) {
            log(`keys round ${round + 1}: ${count} alerts…`);
            samples.push(await keyRun(count, BUNDLE, ctx));
          }
        }
        const merged = (count: number) => merge(runs.get(count) ?? []);
        result.keys = {big: merged(ALERTS), small: merged(BASELINE_ALERTS), full: merged(FULL_PANE_ALERTS), cols: ctx.cols, rows: ctx.rows};
        if (opts.profileDir) {
          // Named like the CLI bundle: main.ts runs only under that name.
          const bundle = join(opts.profileDir, 'oncall.mjs');
          await bundleEntry('src/cli/main.ts', bundle, {minify: false});
          log(`profiling ${ALERTS} alerts into ${opts.profileDir} …`);
          await keyRun(ALERTS, bundle, {...ctx, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`]});
        }
      } finally {
        await server.close();
      }
    }
    return result;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

/** `oncall alerts --json` against curl of the same GET: the median of the per-repetition ratios. */
export function cliCurlRatio(f: FetchSamples): number {
  return median(f.cliMs.map((c, i) => c / f.curlMs[i]!));
}

const ms = (xs: number[]) => `median ${round(median(xs))} ms, p90 ${round(quantile(xs, 0.9))} ms`;
const status = (ok: boolean) => (ok ? 'met' : '**not met**');

/** Rows of the benchmark table (benchmark, figure, baseline, ratio, target, status), as bench/run.ts prints them. */
export function alertsBenchRows(r: AlertsBenchResult): string[][] {
  const rows: string[][] = [];
  const f = r.fetch;
  if (f) {
    const amtool = median(f.amtoolMs);
    const what = `${f.alerts} alerts, ${round(f.responseBytes / 1e6)} MB`;
    rows.push([`(d) fetch + decode ${what}, fresh process`, ms(f.oursMs), `amtool alert query -o json: ${ms(f.amtoolMs)}`, `${round(f.medianRatio, 2)}× (median of ${f.oursMs.length} paired runs)`, `≤ ${ALERT_TARGETS.fetchRatio}×`, status(f.medianRatio <= ALERT_TARGETS.fetchRatio)]);
    rows.push(['(d) fetch + decode, in-process, warm connection', ms(f.inProcessMs), `amtool: median ${round(amtool)} ms`, `${round(median(f.inProcessMs) / amtool, 2)}×`, '—', '—']);
    if (f.cliMs.length > 0) {
      rows.push(['(d) `oncall alerts --json` (whole CLI)', ms(f.cliMs), `amtool: median ${round(amtool)} ms`, `${round(median(f.cliMs) / amtool, 2)}×`, '—', '—']);
      // The same GET by curl in the same repetition: what the server and the transfer cost.
      const vsCurl = cliCurlRatio(f);
      rows.push(['(d) `oncall alerts --json` against curl of the same GET', ms(f.cliMs), `curl: ${ms(f.curlMs)}`, `${round(vsCurl, 2)}× (median of ${f.cliMs.length} paired runs)`, `≤ ${ALERT_TARGETS.cliCurlRatio}×`, status(vsCurl <= ALERT_TARGETS.cliCurlRatio)]);
    }
    rows.push(['(d) curl of the same GET (server + transfer)', ms(f.curlMs), `amtool: median ${round(amtool)} ms`, `${round(median(f.curlMs) / amtool, 2)}×`, '—', '—']);
    // Alertmanager encodes the whole answer before its first byte: what share of curl's time that is.
    rows.push(['(d) curl: first byte of the answer', ms(f.curlFirstByteMs), `curl, whole answer: median ${round(median(f.curlMs))} ms`, `${round(median(f.curlFirstByteMs.map((t, i) => t / f.curlMs[i]!)), 2)} (median of ${f.curlMs.length})`, '—', '—']);
  }
  const k = r.keys;
  if (k) {
    const big = median(k.big.latencyMs);
    const missed = k.big.missed + k.small.missed + k.full.missed > 0 ? ` (presses without a frame: ${k.big.missed}, ${k.small.missed}, ${k.full.missed})` : '';
    rows.push([
      `(e) keypress to frame, ${ALERTS} alerts in ${SHAPE.groups} groups, pty ${k.cols}x${k.rows}`,
      `${ms(k.big.latencyMs)}; ${k.big.latencyMs.length} presses, median frame ${median(k.big.frameBytes)} B${missed}`,
      `${BASELINE_ALERTS} alerts: ${ms(k.small.latencyMs)}`,
      `${round(big / median(k.small.latencyMs), 2)}×`,
      `median ≤ ${ALERT_TARGETS.keyMedianMs} ms`,
      status(big <= ALERT_TARGETS.keyMedianMs),
    ]);
    rows.push([
      `(e) the same, against a full pane of ${FULL_PANE_ALERTS} alerts`,
      `${ALERTS} alerts: median ${round(big)} ms`,
      `${FULL_PANE_ALERTS} alerts: ${ms(k.full.latencyMs)}`,
      `${round(big / median(k.full.latencyMs), 2)}×`,
      '—',
      '—',
    ]);
    rows.push([
      `(e) RSS of the dashboard after the presses, ${ALERTS} alerts`,
      `${round(k.big.rssMb)} MB (peak ${round(k.big.peakRssMb)} MB)`,
      `${BASELINE_ALERTS} alerts: ${round(k.small.rssMb)} MB (peak ${round(k.small.peakRssMb)} MB)`,
      `${round(k.big.rssMb / k.small.rssMb, 2)}×`,
      '—',
      '—',
    ]);
  }
  return rows;
}

/** The result as a Markdown table, with a heading line. */
export function formatAlertsBench(r: AlertsBenchResult): string {
  const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'status'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...alertsBenchRows(r).map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({options: {runs: {type: 'string'}, presses: {type: 'string'}, rounds: {type: 'string'}, only: {type: 'string'}, profile: {type: 'string'}, 'no-build': {type: 'boolean', default: false}}});
  const only = values.only === 'fetch' || values.only === 'keys' ? values.only : undefined;
  // Both halves run the bundle (the keypresses, and `oncall alerts --json` beside curl): build it
  // from the current sources, as `npm run bench` does; `--no-build` runs the bundle in dist/ as it
  // is (paired runs of two builds, swapped in turn).
  if (!values['no-build']) {
    const built = spawnSync(NODE, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {stdio: 'inherit'});
    if (built.status !== 0) process.exit(2);
  }
  benchAlerts({
    ...(values.runs ? {runs: Number(values.runs)} : {}),
    ...(values.presses ? {presses: Number(values.presses)} : {}),
    ...(values.rounds ? {rounds: Number(values.rounds)} : {}),
    ...(only ? {only} : {}),
    ...(values.profile ? {profileDir: resolve(values.profile)} : {}),
    log: (l) => console.error(l),
  }).then(
    (r) => {
      console.log(formatAlertsBench(r));
      const cliOk = !r.fetch || r.fetch.cliMs.length === 0 || cliCurlRatio(r.fetch) <= ALERT_TARGETS.cliCurlRatio;
      const ok = (!r.fetch || r.fetch.medianRatio <= ALERT_TARGETS.fetchRatio) && cliOk && (!r.keys || median(r.keys.big.latencyMs) <= ALERT_TARGETS.keyMedianMs);
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
