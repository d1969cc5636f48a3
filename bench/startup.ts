/**
 * Benchmarks (a) and (b): time from fork to the first dashboard frame of the bundle in a pty,
 * against `node -e 0` (fork to exit) measured in the same run with the same node binary; and the
 * resident memory of the node process when that frame appears, against an idle bare node.
 * Runs alternate (baseline, app, app without compile cache, baseline, …) so all see the same
 * machine load. The app runs with Node's compile cache (as the launcher sets it up) filled by the
 * warm-up round, and once per round with the cache off, as on a first start.
 */
import {join} from 'node:path';
import {benchEnv, demoArgv, NODE, procStatusMb, withCompileCache} from './bundle.ts';
import {startInPty, within} from './pty.ts';

/** The text whose first appearance counts as the first frame (the SLO pane title). */
export const FIRST_FRAME_MARKER = 'SLOs (';
/** The text whose first appearance counts as the first frame with data. */
export const DATA_MARKER = 'checkout-availability';

/** Raw samples, one per run, in milliseconds and MB. */
export interface StartupSamples {
  /** `node -e 0`: fork to exit. */
  baselineMs: number[];
  /** The bundle: fork to the first frame. */
  firstFrameMs: number[];
  /** The same with Node's compile cache off (a first start). */
  firstFrameColdMs: number[];
  /** The bundle: fork to the first frame showing demo data. */
  dataFrameMs: number[];
  /** VmRSS of the app right after its first frame. */
  rssMb: number[];
  /** VmRSS of a bare node process that has started and is idle. */
  baselineRssMb: number[];
}

const TIMEOUT_MS = 20_000;

async function baselineRun(env: NodeJS.ProcessEnv, cols: number, rows: number): Promise<number> {
  const p = startInPty([NODE, '-e', '0'], {cols, rows, env, markers: []});
  const {code, ms} = await within(p.exited, TIMEOUT_MS, 'node -e 0');
  if (code !== 0) throw new Error(`node -e 0 exited with ${code}`);
  return ms;
}

async function baselineRss(env: NodeJS.ProcessEnv, cols: number, rows: number): Promise<number> {
  const p = startInPty([NODE, '-e', "process.stdout.write('ready'); setTimeout(() => {}, 30000)"], {cols, rows, env, markers: ['ready']});
  await within(p.marked[0]!, TIMEOUT_MS, 'idle node');
  const rss = await procStatusMb(await p.pid, 'VmRSS');
  await p.signal('SIGTERM');
  await within(p.exited, TIMEOUT_MS, 'idle node exit');
  return rss;
}

async function appRun(env: NodeJS.ProcessEnv, cols: number, rows: number): Promise<{first: number; data: number; rss: number}> {
  const p = startInPty(demoArgv(), {cols, rows, env, markers: [FIRST_FRAME_MARKER, DATA_MARKER]});
  const first = await within(p.marked[0]!, TIMEOUT_MS, 'first frame');
  const rss = await procStatusMb(await p.pid, 'VmRSS');
  const data = await within(p.marked[1]!, TIMEOUT_MS, 'first data frame');
  // SIGTERM is the dashboard's other way out (besides q): it must exit cleanly.
  await p.signal('SIGTERM');
  const {code} = await within(p.exited, TIMEOUT_MS, 'dashboard exit on SIGTERM');
  if (code !== 0) throw new Error(`the dashboard exited with ${code} on SIGTERM`);
  return {first, data, rss};
}

/** Runs `runs` measured rounds (after one warm-up round) at `cols` x `rows`. */
export async function measureStartup(opts: {runs: number; cols: number; rows: number; configHome: string}): Promise<StartupSamples> {
  const env = benchEnv(opts.cols, opts.rows, opts.configHome);
  const warm = withCompileCache(env, join(opts.configHome, 'compile-cache'));
  const cold = withCompileCache(env, null);
  const out: StartupSamples = {baselineMs: [], firstFrameMs: [], firstFrameColdMs: [], dataFrameMs: [], rssMb: [], baselineRssMb: []};
  // Warm-up round, not counted: the first read of the bundle and of node from disk, and the
  // compile cache filled.
  await baselineRun(env, opts.cols, opts.rows);
  await appRun(warm, opts.cols, opts.rows);
  await appRun(cold, opts.cols, opts.rows);
  for (let i = 0; i < opts.runs; i++) {
    out.baselineMs.push(await baselineRun(env, opts.cols, opts.rows));
    const app = await appRun(warm, opts.cols, opts.rows);
    out.firstFrameMs.push(app.first);
    out.dataFrameMs.push(app.data);
    out.rssMb.push(app.rss);
    out.firstFrameColdMs.push((await appRun(cold, opts.cols, opts.rows)).first);
    out.baselineRssMb.push(await baselineRss(env, opts.cols, opts.rows));
  }
  return out;
}
