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
 * (3) Requests per refresh: every request the proxy received during (1) and (2), per run; a
 *     context's instant queries asking about the same instant are one refresh (each carries
 *     the refresh's `time`); and one `status --json --all-contexts` (one refresh each). Goal: 7
 *     instant queries per Prometheus context per refresh, whatever its SLO count. Each run waits,
 *     before it stops, until the proxy has answered everything and heard nothing for a moment:
 *     the refreshes begun until then are whole; one begun after is cut short and left out.
 *
 *   npx tsx bench/contexts.bench.ts [--contexts 20] [--alerts 500] [--rounds 5] [--presses 50]
 *     [--only replayed] [--readable] [--node-flags="--cpu-prof --cpu-prof-dir=DIR"]
 *
 * `--only replayed` runs the replayed rounds of (1) alone (a quicker diagnostic); `--readable`
 * builds the bundle with its names kept and `--node-flags` passes flags to every dashboard run,
 * for CPU profiles of the starts.
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
import {requireTools} from '../scripts/backends.ts';
import type {PrefixedRequest, PrefixProxy} from '../scripts/prefix-proxy.ts';
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

/** Options of {@link benchContexts}. */
export interface ContextsBenchOptions {
  contexts?: number;
  alertsPer?: number;
  /** Measured rounds of (1), each one run of 1 and one of all contexts (default 5). */
  rounds?: number;
  presses?: number;
  cols?: number;
  rows?: number;
  /** `replayed`: only the replayed first-frame rounds (a quicker diagnostic; no keypress rows). */
  only?: 'replayed';
  /** Node flags for every dashboard run, e.g. `--cpu-prof --cpu-prof-dir=DIR` with a `--readable` build. */
  nodeFlags?: string[];
  log?: (line: string) => void;
}

/** Instant queries of one SLO refresh of one context (all carry the refresh's instant). */
export interface SloRefresh {
  context: string;
  queries: number;
}

/** Requests of some dashboard runs: each SLO refresh, and every other read by endpoint. */
export interface RefreshCounts {
  refreshes: SloRefresh[];
  /** Reads other than instant queries, by endpoint, summed over the runs. */
  others: Record<string, number>;
  /** Refreshes left out: still in flight when the run ended (some of their reads unsent or unanswered). */
  cut: number;
}

/** The proxy is drained once it has answered everything and received nothing for this long. */
const QUIET_MS = 300;
/** How long a run waits for the proxy to drain before it is stopped anyway. */
const DRAIN_MAX_MS = 20_000;
/** Undrained, the requests of this last stretch may belong to refreshes not wholly sent. */
const UNSURE_MS = 5000;

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
  /** Null with `only: 'replayed'`. */
  keys: {one: KeySamples | null; all: KeySamples | null};
  /** The dashboard's requests, over all its runs. */
  dashboard: RefreshCounts;
  /** One `status --json` over every context. */
  oneShot: RefreshCounts;
}

const endpoint = (r: PrefixedRequest) => `${r.prefix.startsWith('p-') ? 'prometheus' : 'alertmanager'} ${r.path.replace(/^\/api\/v\d\//, '')}`;
const INSTANT_QUERY = '/api/v1/query';

/**
 * The SLO refreshes in `requests` (one run's, or one command's): the instant queries of one
 * context with the same instant are one refresh, however the gate spread them in time. Only the
 * refreshes begun among the first `wholeUpTo` requests are counted: that many had come when the
 * proxy was drained (every request answered, none new for {@link QUIET_MS}), so the dashboard had
 * no read left in its gate and each of those refreshes was whole. A refresh begun after, or one
 * still unanswered (a run stopped undrained: `wholeUpTo` is then where it stopped), was cut short
 * by the end of the run: it is left out and counted apart.
 */
export function refreshCounts(requests: readonly PrefixedRequest[], wholeUpTo: number = requests.length): RefreshCounts {
  const refreshes = new Map<string, SloRefresh & {index: number; unanswered: boolean}>();
  const others: Record<string, number> = {};
  requests.forEach((r, index) => {
    if (r.prefix.startsWith('p-') && r.path === INSTANT_QUERY) {
      const key = `${r.prefix} ${r.instant ?? '?'}`;
      const refresh = refreshes.get(key) ?? {context: r.prefix.slice(2), queries: 0, index, unanswered: false};
      refresh.queries++;
      refresh.unanswered ||= r.ms === undefined;
      refreshes.set(key, refresh);
    } else if (index < wholeUpTo) others[endpoint(r)] = (others[endpoint(r)] ?? 0) + 1;
  });
  const whole = [...refreshes.values()].filter((r) => !r.unanswered && r.index < wholeUpTo);
  return {refreshes: whole.map(({context, queries}) => ({context, queries})), others, cut: refreshes.size - whole.length};
}

/**
 * Waits until `proxy` has answered every request since the `from`th and received none for
 * {@link QUIET_MS}: the dashboard then has no read in flight nor waiting in its gate (a waiting
 * read starts as soon as nothing is in flight). Returns how many requests it had then, and that
 * it was quiet. After {@link DRAIN_MAX_MS} without a quiet moment it returns, not quiet, how many
 * had come before the last {@link UNSURE_MS}: a refresh begun earlier and answered is whole (its
 * reads go out within moments), one begun later may still have reads waiting.
 */
export async function drained(proxy: Pick<PrefixProxy, 'requests'>, from: number, quietMs = QUIET_MS, maxMs = DRAIN_MAX_MS): Promise<{upTo: number; quiet: boolean}> {
  const until = performance.now() + maxMs;
  for (;;) {
    const run = proxy.requests.slice(from);
    const settled = run.every((r) => r.ms !== undefined);
    const lastActivity = Math.max(Number.NEGATIVE_INFINITY, ...run.map((r) => r.at + (r.ms ?? 0)));
    const now = performance.now();
    if (settled && now - lastActivity >= quietMs) return {upTo: proxy.requests.length, quiet: true};
    if (now >= until) {
      const recent = proxy.requests.findIndex((r, i) => i >= from && r.at >= now - UNSURE_MS);
      return {upTo: recent === -1 ? proxy.requests.length : recent, quiet: false};
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const joinCounts = (a: RefreshCounts, b: RefreshCounts): RefreshCounts => ({
  refreshes: [...a.refreshes, ...b.refreshes],
  others: Object.fromEntries([...new Set([...Object.keys(a.others), ...Object.keys(b.others)])].map((k) => [k, (a.others[k] ?? 0) + (b.others[k] ?? 0)])),
  cut: a.cut + b.cut,
});

/**
 * The frame showing every shown context's data: the whole alert count, no SLO row loading or
 * unknown, no source pending (`name …`) or failed (`✖`) in the header (with many contexts the
 * healthy ones fold into `+20 ok`, the others stay named).
 */
function dataReady(rows: readonly string[], alerts: number): boolean {
  const header = rows[0] ?? '';
  return rows.some((r) => r.includes(`Alerts (${alerts})`)) && !header.includes(' …') && !header.includes('✖') && !rows.some((r) => r.includes('… LOADING') || r.includes('? UNKNOWN'));
}

/** One dashboard run to its first frame with data; says whether it drew the whole set. */
async function firstDataRun(world: ContextsWorld, selection: string[], env: NodeJS.ProcessEnv, cols: number, rows: number, all: boolean, beforeStop: () => Promise<void> = async () => {}, nodeFlags: readonly string[] = []): Promise<{ms: number; merged: boolean}> {
  const session = startKeySession([NODE, ...nodeFlags, BUNDLE, '--config', world.config, ...selection], env, cols, rows);
  try {
    const per = world.shape.alertsPer;
    const frame = await session.until(
      () => session.frames.find((f) => dataReady(f.rows, all && !f.rows.some((r) => r.includes(ONE_AT_A_TIME)) ? per * world.names.length : per)),
      TIMEOUT_MS,
      'first frame with data',
    );
    await beforeStop();
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
  // Before 21 servers start: the keys are typed through the pty relay.
  requireTools(['python3']);
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
      keys: {one: null, all: null},
      dashboard: {refreshes: [], others: {}, cut: 0},
      oneShot: {refreshes: [], others: {}, cut: 0},
    };

    log('one-shot status --json over every context …');
    const before = world.proxy.requests.length;
    await statusOnce(world, env, all);
    result.oneShot = refreshCounts(world.proxy.requests.slice(before));

    log(`first frame with data, 1 and ${n} contexts, 1 warm-up + ${opts.rounds ?? 5} rounds, real servers and replayed …`);
    const flags = opts.nodeFlags ?? [];
    await firstDataRun(world, one, env, cols, rows, false, undefined, flags);
    await firstDataRun(world, all, env, cols, rows, true, undefined, flags);
    // Each context's answers recorded alone: their times are those of a server serving one context.
    world.proxy.mode = 'record';
    for (const name of world.names) await statusOnce(world, env, ['--context', name]);
    world.proxy.mode = 'forward';
    // Each run's requests apart: two runs may ask about the same instant. Before a run stops, the
    // proxy is drained: the refreshes begun until then are whole, those begun after are cut.
    const perRun = async <T>(run: (beforeStop: () => Promise<void>) => Promise<T>): Promise<T> => {
      const from = world.proxy.requests.length;
      let upTo: number | null = null;
      try {
        return await run(async () => {
          const started = performance.now();
          const drain = await drained(world.proxy, from);
          upTo = drain.upTo;
          if (!drain.quiet) log(`  the proxy was never quiet for ${QUIET_MS} ms in ${Math.round(performance.now() - started)} ms: the last ${UNSURE_MS / 1000} s of requests are left out`);
        });
      } finally {
        const requests = world.proxy.requests.slice(from);
        result.dashboard = joinCounts(result.dashboard, refreshCounts(requests, upTo === null ? 0 : upTo - from));
      }
    };
    for (let i = 0; i < (opts.rounds ?? 5); i++) {
      // Alternate which goes first, so neither always follows the other's load.
      for (const mode of opts.only === 'replayed' ? (['replay'] as const) : (['forward', 'replay'] as const)) {
        world.proxy.mode = mode;
        for (const which of i % 2 === 0 ? (['one', 'all'] as const) : (['all', 'one'] as const)) {
          const run = await perRun((beforeStop) => firstDataRun(world, which === 'one' ? one : all, env, cols, rows, which === 'all', beforeStop, flags));
          (mode === 'forward' ? result.firstData : result.firstReplayed)[which].push(run.ms);
          log(`  round ${i + 1} ${mode} ${which}: ${Math.round(run.ms)} ms`);
          if (which === 'all') result.merged &&= run.merged;
        }
      }
    }
    world.proxy.mode = 'forward';
    result.replayMisses = world.proxy.misses;
    if (opts.only === 'replayed') return result;
    const shownAll = result.merged ? n : 1;
    log(`keypress to frame, ${shownAll} × ${world.shape.alertsPer} alerts and 1 × ${world.shape.alertsPer} …`);
    const keys = (selection: string[], alerts: number, beforeStop: () => Promise<void>) =>
      measureKeys({
        argv: [NODE, ...flags, BUNDLE, '--config', world.config, ...selection],
        beforeStop,
        env,
        cols,
        rows,
        readyText: `Alerts (${alerts})`,
        focus: {keys: '2', shows: '▶ 2 Alerts'},
        presses: opts.presses ?? 50,
        tableRows: alerts,
        gapMs: [80, 200],
      });
    result.keys.all = await perRun((beforeStop) => keys(all, shownAll * world.shape.alertsPer, beforeStop));
    result.keys.one = await perRun((beforeStop) => keys(one, world.shape.alertsPer, beforeStop));
    return result;
  } finally {
    await world.stop();
    await rm(dir, {recursive: true, force: true});
  }
}

const ms = (xs: number[]) => `median ${round(median(xs), 0)} ms, p90 ${round(quantile(xs, 0.9), 0)} ms`;
const keyMs = (xs: number[]) => `median ${round(median(xs))} ms, p90 ${round(quantile(xs, 0.9))} ms`;
const status = (ok: boolean) => (ok ? 'met' : '**not met**');
/** How many refreshes had each count of instant queries: `7 in 40 refreshes`; and whether all had the target. */
function queryCounts(c: RefreshCounts): {text: string; allOnTarget: boolean} {
  const counts = new Map<number, number>();
  for (const r of c.refreshes) counts.set(r.queries, (counts.get(r.queries) ?? 0) + 1);
  const text = [...counts].sort((a, b) => a[0] - b[0]).map(([q, k]) => `${q} in ${k} refreshes`).join(', ');
  return {text: text || 'none', allOnTarget: counts.size === 1 && counts.has(CONTEXT_TARGETS.queriesPerRefresh)};
}

/** The other reads, per SLO refresh on average: `alertmanager alerts 1, prometheus query_range 0.6 …`. */
function otherReads(c: RefreshCounts): string {
  const n = Math.max(1, c.refreshes.length + c.cut);
  return Object.entries(c.others)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([e, k]) => `${e} ${round(k / n, 2)}`)
    .join(', ');
}

/** Rows of the benchmark table (benchmark, figure, baseline, ratio, target, status), as bench/run.ts prints them. */
export function contextsBenchRows(r: ContextsBenchResult): string[][] {
  const shown = r.merged ? `${r.contexts} contexts` : `${r.contexts} contexts selected (dashboard shows the first context only)`;
  const first = median(r.firstData.all) / median(r.firstData.one);
  const replayed = median(r.firstReplayed.all) / median(r.firstReplayed.one);
  const misses = r.replayMisses > 0 ? ` (${r.replayMisses} requests not recorded, asked of the servers)` : '';
  const noKeys: KeySamples = {latencyMs: [], frameBytes: [], missed: 0, rssMb: Number.NaN, peakRssMb: Number.NaN};
  const keys = {all: r.keys.all ?? noKeys, one: r.keys.one ?? noKeys};
  const keysAll = median(keys.all.latencyMs);
  const missed = keys.all.missed + keys.one.missed > 0 ? ` (presses without a frame: ${keys.all.missed}, ${keys.one.missed})` : '';
  const dash = queryCounts(r.dashboard);
  const once = queryCounts(r.oneShot);
  const slos = `${r.slosPer} SLOs each`;
  const rows = [
    [`(g) first frame with data, ${shown}, ${slos}, ${r.alertsPer} alerts each, real servers on this machine's cores, pty ${r.cols}x${r.rows}`, ms(r.firstData.all), `1 context: ${ms(r.firstData.one)}`, `${round(first, 2)}×`, `≤ ${CONTEXT_TARGETS.firstDataRatio}×`, status(first <= CONTEXT_TARGETS.firstDataRatio)],
    [`(g) the same, each context's answers replayed after the time its server took alone${misses}`, ms(r.firstReplayed.all), `1 context: ${ms(r.firstReplayed.one)}`, `${round(replayed, 2)}×`, `≤ ${CONTEXT_TARGETS.firstDataRatio}×`, status(replayed <= CONTEXT_TARGETS.firstDataRatio)],
    [
      `(g) keypress to frame, ${shown} × ${r.alertsPer} alerts`,
      `${keyMs(keys.all.latencyMs)}; ${keys.all.latencyMs.length} presses${missed}`,
      `1 context × ${r.alertsPer} alerts: ${keyMs(keys.one.latencyMs)}`,
      `${round(keysAll / median(keys.one.latencyMs), 2)}×`,
      `median ≤ ${CONTEXT_TARGETS.keyMedianMs} ms`,
      status(keysAll <= CONTEXT_TARGETS.keyMedianMs),
    ],
    [
      `(g) requests per refresh per Prometheus context, dashboard polling ${r.contexts} contexts (${slos})`,
      `instant queries: ${dash.text}${r.dashboard.cut > 0 ? ` (${r.dashboard.cut} cut short by the end of a run, left out)` : ''}; other reads per SLO refresh: ${otherReads(r.dashboard)}`,
      `one \`status --json\` over ${r.contexts} contexts: instant queries ${once.text}`,
      '—',
      `${CONTEXT_TARGETS.queriesPerRefresh} per Prometheus context, never per SLO`,
      status(dash.allOnTarget && once.allOnTarget),
    ],
  ];
  // `--only replayed` measures neither the real servers' row nor the keys.
  return rows.filter((_, i) => !(i === 0 && r.firstData.all.length === 0) && !(i === 2 && r.keys.all === null));
}

/** The result as a Markdown table. */
export function formatContextsBench(r: ContextsBenchResult): string {
  const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'status'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...contextsBenchRows(r).map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({
    options: {
      contexts: {type: 'string'},
      alerts: {type: 'string'},
      rounds: {type: 'string'},
      presses: {type: 'string'},
      only: {type: 'string'},
      'node-flags': {type: 'string'},
      readable: {type: 'boolean', default: false},
      'no-build': {type: 'boolean', default: false},
    },
  });
  if (values.only !== undefined && values.only !== 'replayed') {
    console.error('--only takes `replayed`');
    process.exit(2);
  }
  if (!values['no-build']) {
    const built = spawnSync(NODE, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), ...(values.readable ? ['--readable'] : [])], {stdio: 'inherit'});
    if (built.status !== 0) process.exit(2);
  }
  benchContexts({
    ...(values.contexts ? {contexts: Number(values.contexts)} : {}),
    ...(values.alerts ? {alertsPer: Number(values.alerts)} : {}),
    ...(values.rounds ? {rounds: Number(values.rounds)} : {}),
    ...(values.presses ? {presses: Number(values.presses)} : {}),
    ...(values.only === 'replayed' ? {only: 'replayed' as const} : {}),
    ...(values['node-flags'] ? {nodeFlags: values['node-flags'].split(/\s+/).filter(Boolean)} : {}),
    log: (l) => console.error(l),
  }).then(
    (r) => {
      console.log(formatContextsBench(r));
      const ok = median(r.firstData.all) / median(r.firstData.one) <= CONTEXT_TARGETS.firstDataRatio && median(r.keys.all?.latencyMs ?? []) <= CONTEXT_TARGETS.keyMedianMs && queryCounts(r.dashboard).allOnTarget;
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
