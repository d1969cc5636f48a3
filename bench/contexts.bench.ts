/**
 * Benchmark (g): the dashboard over 20 contexts (issue: every environment on one screen).
 *
 * One real Prometheus and one real Alertmanager per context serve 20 contexts behind a loopback
 * proxy that gives each its own path prefixes and counts each one's requests
 * (`contexts-setup.ts`): 10 SLOs and 500 alerts per context, different per context. The bundle
 * runs in a real pty (160x48).
 *
 * (1) First frame with data: fork to the first frame showing every selected context's data (the
 *     alert count of all of them, no SLO row still loading or unknown, no source pending in the
 *     header), 20 contexts against 1 context of the same config, alternating, after one uncounted
 *     warm-up of each (which fills the compile cache). Goal: ≤ 1.5× (ratio of the medians).
 *     Twice: against the real servers, which share this machine's cores with the dashboard (20
 *     contexts cost them 20 times the work, which 20 clusters would do on their own machines);
 *     and against the proxy replaying each context's answers, recorded from the real servers one
 *     context at a time, after the time the server took then: what the dashboard's own
 *     scaling costs when every backend answers as fast as it does alone.
 * (2) Keypress to frame with 20 contexts × 500 alerts on screen, timed as (e) (`alerts-keys.ts`);
 *     baseline: 1 context × 500 alerts, same presses. Goal: median ≤ 16 ms.
 * (3) Requests per refresh: every request the proxy received during (1) and (2), per run and
 *     context, grouped into refreshes (a context's reads of one poll arrive together; polls are 15 s
 *     apart); and one `status --json --all-contexts` (exactly one refresh). Goal: 7 instant
 *     queries per Prometheus context per refresh, whatever its SLO count.
 *
 *   npx tsx bench/contexts.bench.ts [--contexts 20] [--alerts 500] [--rounds 5] [--presses 50]
 *
 * Until the dashboard draws several contexts at once it shows the first context of a set and
 * says so on screen; the bench then measures that and labels the rows "(first context only)".
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type {PrefixedRequest} from '../scripts/prefix-proxy.ts';
import {measureKeys, type KeySamples} from './alerts-keys.ts';
import {benchEnv, BUNDLE, NODE, withCompileCache} from './bundle.ts';
import {startContextsWorld, type ContextsWorld} from './contexts-setup.ts';
import {startKeySession} from './pty-session.ts';
import {median, quantile, round} from './stats.ts';

/** Goals from the issue. */
export const CONTEXT_TARGETS = {firstDataRatio: 1.5, keyMedianMs: 16, queriesPerRefresh: 7} as const;

/** The line the dashboard prints while it shows one context of a set. */
const ONE_AT_A_TIME = 'the dashboard shows one context at a time';
const TIMEOUT_MS = 120_000;
/** Reads of one context more than this apart belong to different refreshes (polls are 15 s apart). */
const REFRESH_GAP_MS = 5000;

/** Options of {@link benchContexts}. */
export interface ContextsBenchOptions {
  contexts?: number;
  alertsPer?: number;
  /** Measured rounds of (1), each one run of 1 and one of all contexts (default 5). */
  rounds?: number;
  presses?: number;
  cols?: number;
  rows?: number;
  log?: (line: string) => void;
}

/** A context's requests of one refresh, by endpoint. */
export type RefreshRequests = Record<string, number>;

/** What the benchmark measured. */
export interface ContextsBenchResult {
  contexts: number;
  slosPer: number;
  alertsPer: number;
  cols: number;
  rows: number;
  /** The dashboard drew every context of the set (false: the first only, as it said on screen). */
  merged: boolean;
  /** Fork to the first frame with every shown context's data, ms: against the real servers, and replayed. */
  firstData: {one: number[]; all: number[]};
  firstReplayed: {one: number[]; all: number[]};
  /** Requests the replay had no recording for (forwarded instead). */
  replayMisses: number;
  keys: {one: KeySamples; all: KeySamples};
  /** Per context and refresh, the dashboard's requests by endpoint. */
  dashboardRefreshes: Array<{context: string; requests: RefreshRequests}>;
  /** One `status --json` over every context: each context's requests by endpoint. */
  oneShot: Array<{context: string; requests: RefreshRequests}>;
}

const endpoint = (r: PrefixedRequest) => `${r.prefix.startsWith('p-') ? 'prometheus' : 'alertmanager'} ${r.method} ${r.path}`;
const contextOf = (r: PrefixedRequest) => r.prefix.slice(2);

/** `requests` of each context split into refreshes (bursts at least {@link REFRESH_GAP_MS} apart). */
export function refreshesOf(requests: readonly PrefixedRequest[]): Array<{context: string; requests: RefreshRequests}> {
  const byContext = new Map<string, PrefixedRequest[]>();
  for (const r of requests) byContext.set(contextOf(r), [...(byContext.get(contextOf(r)) ?? []), r]);
  const out: Array<{context: string; requests: RefreshRequests}> = [];
  for (const [context, list] of byContext) {
    let current: RefreshRequests | null = null;
    let last = -Infinity;
    for (const r of [...list].sort((a, b) => a.at - b.at)) {
      if (current === null || r.at - last > REFRESH_GAP_MS) {
        current = {};
        out.push({context, requests: current});
      }
      current[endpoint(r)] = (current[endpoint(r)] ?? 0) + 1;
      last = r.at;
    }
  }
  return out;
}

/** The frame showing every shown context's data: the whole alert count, nothing loading, no source pending. */
function dataReady(rows: readonly string[], alerts: number): boolean {
  return rows.some((r) => r.includes(`Alerts (${alerts})`)) && !rows[0]!.includes(' …') && !rows.some((r) => r.includes('… LOADING') || r.includes('? UNKNOWN'));
}

/** One dashboard run to its first frame with data; says whether it drew the whole set. */
async function firstDataRun(world: ContextsWorld, selection: string[], env: NodeJS.ProcessEnv, cols: number, rows: number, all: boolean): Promise<{ms: number; merged: boolean}> {
  const session = startKeySession([NODE, BUNDLE, '--config', world.config, ...selection], env, cols, rows);
  try {
    const per = world.shape.alertsPer;
    const frame = await session.until(
      () => session.frames.find((f) => dataReady(f.rows, all && !f.rows.some((r) => r.includes(ONE_AT_A_TIME)) ? per * world.names.length : per)),
      TIMEOUT_MS,
      'first frame with data',
    );
    return {ms: frame.at, merged: all && !frame.rows.some((r) => r.includes(ONE_AT_A_TIME))};
  } finally {
    await session.stop();
  }
}

/** `oncall status --json` over `selection`, once; its exit code is the worst context's (1: a page). */
function statusOnce(world: ContextsWorld, env: NodeJS.ProcessEnv, selection: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [BUNDLE, 'status', '--json', ...selection, '--config', world.config], {env, stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 || code === 1 ? done() : fail(new Error(`status --json exited ${code}: ${stderr.trim().slice(0, 300)}`))));
  });
}

/** Runs the benchmark; `log` receives progress lines. */
export async function benchContexts(opts: ContextsBenchOptions = {}): Promise<ContextsBenchResult> {
  const log = opts.log ?? (() => {});
  const cols = opts.cols ?? 160;
  const rows = opts.rows ?? 48;
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-contexts-'));
  const world = await startContextsWorld({contexts: opts.contexts ?? 20, servicesPer: 2, alertsPer: opts.alertsPer ?? 500}, dir, log);
  try {
    const env = withCompileCache({...benchEnv(cols, rows, dir), HOME: dir, XDG_STATE_HOME: dir}, join(dir, 'compile-cache'));
    const one = ['--context', world.names[0]!];
    const all = ['--all-contexts'];
    const n = world.names.length;
    const result: ContextsBenchResult = {
      contexts: n,
      slosPer: world.slosPer,
      alertsPer: world.shape.alertsPer,
      cols,
      rows,
      merged: true,
      firstData: {one: [], all: []},
      firstReplayed: {one: [], all: []},
      replayMisses: 0,
      keys: {one: null as unknown as KeySamples, all: null as unknown as KeySamples},
      dashboardRefreshes: [],
      oneShot: [],
    };

    log('one-shot status --json over every context …');
    const before = world.proxy.requests.length;
    await statusOnce(world, env, all);
    result.oneShot = refreshesOf(world.proxy.requests.slice(before));

    log(`first frame with data, 1 and ${n} contexts, 1 warm-up + ${opts.rounds ?? 5} rounds, real servers and replayed …`);
    await firstDataRun(world, one, env, cols, rows, false);
    await firstDataRun(world, all, env, cols, rows, true);
    // Each context's answers recorded alone: their times are those of a server serving one context.
    world.proxy.mode = 'record';
    for (const name of world.names) await statusOnce(world, env, ['--context', name]);
    world.proxy.mode = 'forward';
    // Each run's requests apart: the runs follow each other closer than two polls do.
    const perRun = async <T>(run: () => Promise<T>): Promise<T> => {
      const from = world.proxy.requests.length;
      try {
        return await run();
      } finally {
        result.dashboardRefreshes.push(...refreshesOf(world.proxy.requests.slice(from)));
      }
    };
    for (let i = 0; i < (opts.rounds ?? 5); i++) {
      // Alternate which goes first, so neither always follows the other's load.
      for (const mode of ['forward', 'replay'] as const) {
        world.proxy.mode = mode;
        for (const which of i % 2 === 0 ? (['one', 'all'] as const) : (['all', 'one'] as const)) {
          const run = await perRun(() => firstDataRun(world, which === 'one' ? one : all, env, cols, rows, which === 'all'));
          (mode === 'forward' ? result.firstData : result.firstReplayed)[which].push(run.ms);
          if (which === 'all') result.merged &&= run.merged;
        }
      }
    }
    world.proxy.mode = 'forward';
    result.replayMisses = world.proxy.misses;
    const shownAll = result.merged ? n : 1;
    log(`keypress to frame, ${shownAll} × ${world.shape.alertsPer} alerts and 1 × ${world.shape.alertsPer} …`);
    const keys = (selection: string[], alerts: number) =>
      measureKeys({
        argv: [NODE, BUNDLE, '--config', world.config, ...selection],
        env,
        cols,
        rows,
        readyText: `Alerts (${alerts})`,
        focus: {keys: '2', shows: '▶ 2 Alerts'},
        presses: opts.presses ?? 50,
        tableRows: alerts,
        gapMs: [80, 200],
      });
    result.keys.all = await perRun(() => keys(all, shownAll * world.shape.alertsPer));
    result.keys.one = await perRun(() => keys(one, world.shape.alertsPer));
    return result;
  } finally {
    await world.stop();
    await rm(dir, {recursive: true, force: true});
  }
}

const ms = (xs: number[]) => `median ${round(median(xs), 0)} ms, p90 ${round(quantile(xs, 0.9), 0)} ms`;
const keyMs = (xs: number[]) => `median ${round(median(xs))} ms, p90 ${round(quantile(xs, 0.9))} ms`;
const status = (ok: boolean) => (ok ? 'met' : '**not met**');
const QUERY = 'prometheus POST /api/v1/query';

/** How many of `refreshes` had each count of instant queries: `7 in 40 refreshes`. */
function queryCounts(refreshes: ReadonlyArray<{requests: RefreshRequests}>): {text: string; all7: boolean} {
  const counts = new Map<number, number>();
  for (const r of refreshes) counts.set(r.requests[QUERY] ?? 0, (counts.get(r.requests[QUERY] ?? 0) ?? 0) + 1);
  const text = [...counts].sort((a, b) => a[0] - b[0]).map(([q, k]) => `${q} in ${k} refreshes`).join(', ');
  return {text, all7: counts.size === 1 && counts.has(CONTEXT_TARGETS.queriesPerRefresh)};
}

/** The other endpoints of one refresh, as `1 query_range, 1 alerts …` (median per refresh). */
function otherRequests(refreshes: ReadonlyArray<{requests: RefreshRequests}>): string {
  const names = [...new Set(refreshes.flatMap((r) => Object.keys(r.requests)))].filter((e) => e !== QUERY).sort();
  return names.map((e) => `${e.replace(/^(\w+) (GET|POST) \/api\/v\d\//, '$1 ')} ${median(refreshes.map((r) => r.requests[e] ?? 0))}`).join(', ');
}

/** Rows of the benchmark table (benchmark, figure, baseline, ratio, target, status), as bench/run.ts prints them. */
export function contextsBenchRows(r: ContextsBenchResult): string[][] {
  const shown = r.merged ? `${r.contexts} contexts` : `${r.contexts} contexts selected (dashboard shows the first context only)`;
  const first = median(r.firstData.all) / median(r.firstData.one);
  const replayed = median(r.firstReplayed.all) / median(r.firstReplayed.one);
  const misses = r.replayMisses > 0 ? ` (${r.replayMisses} requests not recorded, asked of the servers)` : '';
  const keysAll = median(r.keys.all.latencyMs);
  const missed = r.keys.all.missed + r.keys.one.missed > 0 ? ` (presses without a frame: ${r.keys.all.missed}, ${r.keys.one.missed})` : '';
  const dash = queryCounts(r.dashboardRefreshes);
  const once = queryCounts(r.oneShot);
  const slos = `${r.slosPer} SLOs each`;
  return [
    [`(g) first frame with data, ${shown}, ${slos}, ${r.alertsPer} alerts each, real servers on this machine's cores, pty ${r.cols}x${r.rows}`, ms(r.firstData.all), `1 context: ${ms(r.firstData.one)}`, `${round(first, 2)}×`, `≤ ${CONTEXT_TARGETS.firstDataRatio}×`, status(first <= CONTEXT_TARGETS.firstDataRatio)],
    [`(g) the same, each context's answers replayed after the time its server took alone${misses}`, ms(r.firstReplayed.all), `1 context: ${ms(r.firstReplayed.one)}`, `${round(replayed, 2)}×`, `≤ ${CONTEXT_TARGETS.firstDataRatio}×`, status(replayed <= CONTEXT_TARGETS.firstDataRatio)],
    [
      `(g) keypress to frame, ${shown} × ${r.alertsPer} alerts`,
      `${keyMs(r.keys.all.latencyMs)}; ${r.keys.all.latencyMs.length} presses${missed}`,
      `1 context × ${r.alertsPer} alerts: ${keyMs(r.keys.one.latencyMs)}`,
      `${round(keysAll / median(r.keys.one.latencyMs), 2)}×`,
      `median ≤ ${CONTEXT_TARGETS.keyMedianMs} ms`,
      status(keysAll <= CONTEXT_TARGETS.keyMedianMs),
    ],
    [
      `(g) requests per refresh per Prometheus context, dashboard polling ${r.contexts} contexts (${slos})`,
      `instant queries: ${dash.text}; besides, per refresh: ${otherRequests(r.dashboardRefreshes)}`,
      `one \`status --json\` over ${r.contexts} contexts: instant queries ${once.text}`,
      '—',
      `${CONTEXT_TARGETS.queriesPerRefresh} per Prometheus context, never per SLO`,
      status(dash.all7 && once.all7),
    ],
  ];
}

/** The result as a Markdown table. */
export function formatContextsBench(r: ContextsBenchResult): string {
  const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'status'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...contextsBenchRows(r).map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({options: {contexts: {type: 'string'}, alerts: {type: 'string'}, rounds: {type: 'string'}, presses: {type: 'string'}, 'no-build': {type: 'boolean', default: false}}});
  if (!values['no-build']) {
    const built = spawnSync(NODE, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {stdio: 'inherit'});
    if (built.status !== 0) process.exit(2);
  }
  benchContexts({
    ...(values.contexts ? {contexts: Number(values.contexts)} : {}),
    ...(values.alerts ? {alertsPer: Number(values.alerts)} : {}),
    ...(values.rounds ? {rounds: Number(values.rounds)} : {}),
    ...(values.presses ? {presses: Number(values.presses)} : {}),
    log: (l) => console.error(l),
  }).then(
    (r) => {
      console.log(formatContextsBench(r));
      const ok = median(r.firstData.all) / median(r.firstData.one) <= CONTEXT_TARGETS.firstDataRatio && median(r.keys.all.latencyMs) <= CONTEXT_TARGETS.keyMedianMs && queryCounts(r.dashboardRefreshes).all7;
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
