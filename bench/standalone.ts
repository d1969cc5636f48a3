/**
 * Benchmark (f): the standalone build (`dist/oncall-linux-x64`, `npm run build:exe`) beside the
 * bundle (`node dist/oncall.mjs`), in one run on one machine: time to the first frame of the demo
 * dashboard in a pty, the time of `status --demo --json` from fork to exit, each against
 * `node -e 0`, and RSS after the first frame; plus the file sizes.
 *
 * The machine is shared and noisy, so every round runs all of them, in an order that alternates
 * between rounds (A/B, B/A), and the figures are medians. Both builds run with Node's compile
 * cache in the benchmark's own folder, filled by the warm-up round; the executable runs once more
 * per round with the cache off (a first start).
 *
 * Alone: `npx tsx bench/standalone.ts [--runs 15]` (after `npm run build:exe`).
 */
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {PrerequisiteError} from '../scripts/backends.ts';
import {BUNDLE, benchEnv, NODE, procStatusMb, withCompileCache} from './bundle.ts';
import {benchFailed} from './failure.ts';
import {startInPty, within} from './pty.ts';
import {FIRST_FRAME_MARKER} from './startup.ts';
import {median, quantile, round} from './stats.ts';

/** The executable of this machine's platform. */
export const EXE = fileURLToPath(new URL(`../dist/oncall-${process.platform}-${process.arch}`, import.meta.url));

/** Raw samples in ms and MB, one per round. */
export interface StandaloneSamples {
  baselineMs: number[];
  bundleFirstMs: number[];
  exeFirstMs: number[];
  exeFirstColdMs: number[];
  bundleStatusMs: number[];
  exeStatusMs: number[];
  bundleRssMb: number[];
  exeRssMb: number[];
  /** 1-minute load average at the start of each round. */
  load: number[];
  exeBytes: number;
  /** `dist/oncall.mjs` and `dist/app/` together. */
  bundleBytes: number;
}

const TIMEOUT_MS = 20_000;

async function exitMs(argv: string[], env: NodeJS.ProcessEnv, cols: number, rows: number, expectCode: number): Promise<number> {
  const p = startInPty(argv, {cols, rows, env, markers: []});
  const {code, ms} = await within(p.exited, TIMEOUT_MS, argv.join(' '));
  if (code !== expectCode) throw new Error(`${argv.join(' ')} exited with ${code}, expected ${expectCode}`);
  return ms;
}

async function firstFrame(argv: string[], env: NodeJS.ProcessEnv, cols: number, rows: number): Promise<{ms: number; rss: number}> {
  const p = startInPty(argv, {cols, rows, env, markers: [FIRST_FRAME_MARKER]});
  const ms = await within(p.marked[0]!, TIMEOUT_MS, `${argv.join(' ')}: first frame`);
  const rss = await procStatusMb(await p.pid, 'VmRSS');
  await p.signal('SIGTERM');
  const {code} = await within(p.exited, TIMEOUT_MS, 'dashboard exit on SIGTERM');
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code} on SIGTERM`);
  return {ms, rss};
}

function bundleBytes(): number {
  const app = join(BUNDLE, '..', 'app');
  let total = statSync(BUNDLE).size;
  for (const f of readdirSync(app)) total += statSync(join(app, f)).size;
  return total;
}

/** Runs `runs` rounds after one warm-up round. */
export async function measureStandalone(opts: {runs: number; cols: number; rows: number; configHome: string}): Promise<StandaloneSamples> {
  if (!existsSync(EXE)) throw new PrerequisiteError(`${EXE} is missing: run \`npm run build:exe\` first`);
  const {cols, rows} = opts;
  const env = benchEnv(cols, rows, opts.configHome);
  const warm = withCompileCache(env, join(opts.configHome, 'compile-cache'));
  const cold = withCompileCache(env, null);
  const out: StandaloneSamples = {
    baselineMs: [], bundleFirstMs: [], exeFirstMs: [], exeFirstColdMs: [], bundleStatusMs: [], exeStatusMs: [], bundleRssMb: [], exeRssMb: [], load: [],
    exeBytes: statSync(EXE).size,
    bundleBytes: bundleBytes(),
  };
  const bundle = (...args: string[]) => [NODE, BUNDLE, ...args];
  const exe = (...args: string[]) => [EXE, ...args];
  // `status` exits 1 when something pages: the demo's checkout SLO does.
  const tasks = {
    baseline: async () => out.baselineMs.push(await exitMs([NODE, '-e', '0'], env, cols, rows, 0)),
    bundleFirst: async () => {
      const r = await firstFrame(bundle('demo'), warm, cols, rows);
      out.bundleFirstMs.push(r.ms);
      out.bundleRssMb.push(r.rss);
    },
    exeFirst: async () => {
      const r = await firstFrame(exe('demo'), warm, cols, rows);
      out.exeFirstMs.push(r.ms);
      out.exeRssMb.push(r.rss);
    },
    exeFirstCold: async () => out.exeFirstColdMs.push((await firstFrame(exe('demo'), cold, cols, rows)).ms),
    bundleStatus: async () => out.bundleStatusMs.push(await exitMs(bundle('status', '--demo', '--json'), warm, cols, rows, 1)),
    exeStatus: async () => out.exeStatusMs.push(await exitMs(exe('status', '--demo', '--json'), warm, cols, rows, 1)),
  };
  const order = Object.values(tasks);
  // Warm-up, not counted: binaries read from disk, compile caches filled.
  for (const t of order) await t();
  for (const xs of [out.baselineMs, out.bundleFirstMs, out.exeFirstMs, out.exeFirstColdMs, out.bundleStatusMs, out.exeStatusMs, out.bundleRssMb, out.exeRssMb]) xs.length = 0;
  for (let i = 0; i < opts.runs; i++) {
    out.load.push(loadavg()[0]!);
    for (const t of i % 2 === 0 ? order : [...order].reverse()) await t();
  }
  return out;
}

/** Rows for the benchmark table: figure, baseline, ratio, target, status. */
export function standaloneRows(s: StandaloneSamples, target: number): string[][] {
  const base = median(s.baselineMs);
  const ms = (xs: number[]) => `median ${round(median(xs), 0)} ms, p90 ${round(quantile(xs, 0.9), 0)} ms`;
  const baseline = `\`node -e 0\`: median ${round(base, 0)} ms`;
  const ratio = (xs: number[]) => round(median(xs) / base);
  const met = (xs: number[]) => (median(xs) / base <= target ? 'met' : '**not met**');
  const mb = (b: number) => `${round(b / 2 ** 20)} MB`;
  return [
    ['(f) standalone: first frame, pty 160x48', ms(s.exeFirstMs), baseline, `${ratio(s.exeFirstMs)}× (bundle in the same rounds: ${ratio(s.bundleFirstMs)}×, ${round(median(s.bundleFirstMs), 0)} ms)`, `≤ ${target}×`, met(s.exeFirstMs)],
    ['(f) standalone: first frame, compile cache off', ms(s.exeFirstColdMs), baseline, `${ratio(s.exeFirstColdMs)}×`, '—', '—'],
    ['(f) standalone: `status --demo --json`, fork to exit', ms(s.exeStatusMs), baseline, `${ratio(s.exeStatusMs)}× (bundle: ${ratio(s.bundleStatusMs)}×, ${round(median(s.bundleStatusMs), 0)} ms)`, `≤ ${target}×`, met(s.exeStatusMs)],
    ['(f) standalone: RSS after the first frame', `median ${round(median(s.exeRssMb))} MB`, `bundle: median ${round(median(s.bundleRssMb))} MB`, `${round(median(s.exeRssMb) / median(s.bundleRssMb), 2)}×`, '—', '—'],
    ['(f) standalone: file size', mb(s.exeBytes), `bundle (dist/oncall.mjs + dist/app/): ${mb(s.bundleBytes)}, plus a Node 24 to run it`, '—', '—', '—'],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({options: {runs: {type: 'string', default: '15'}}});
  const configHome = mkdtempSync(join(tmpdir(), 'oncall-bench-'));
  try {
    const s = await measureStandalone({runs: Number(values.runs), cols: 160, rows: 48, configHome});
    console.log(`load average during the rounds: ${round(Math.min(...s.load))}–${round(Math.max(...s.load))}`);
    for (const r of standaloneRows(s, 4)) console.log(`| ${r.join(' | ')} |`);
  } catch (error) {
    // Cannot measure (python3 missing, no executable built …): one line and exit 2, as the benchmarks do.
    benchFailed(error);
  } finally {
    rmSync(configHome, {recursive: true, force: true});
  }
}
