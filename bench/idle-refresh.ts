/**
 * Benchmark (c): bytes written to the terminal while the dashboard sits idle on unchanged
 * sources. The bundle runs in a pty; after its first data frame and a settling pause, every byte
 * over a window spanning several clock ticks (1 s) and data refreshes (the demo polls every 5 s)
 * is fed to a screen model, frame by frame (Ink brackets each frame in synchronized output), so
 * each frame's size and the rows it changed are known.
 *
 * With `frozen` the demo's scenario is stopped at start (the hidden `ONCALL_BENCH_FROZEN_DEMO`
 * switch, for benchmarks only): every poll returns the same data, as a quiet incident does, and
 * only the clock and the ages move. Without it the demo's incident evolves: its numbers really
 * change at every poll.
 *
 * A frame is a *data refresh* when a source's age in the header went down (new data arrived), a
 * *clock tick* when only the header changed, and *other* when rows below the header changed
 * without new data (ages such as `12m` in a table crossing a minute).
 */
import {join} from 'node:path';
import {FROZEN_DEMO_ENV} from '../src/cli/runtime.ts';
import {benchEnv, cpuMs, demoArgv, procStatusMb, withCompileCache} from './bundle.ts';
import {startInPty, within} from './pty.ts';
import {median} from './stats.ts';
import {Screen, type Frame} from './vt.ts';
import {DATA_MARKER} from './startup.ts';

/** One frame of the idle window, classified. */
export interface IdleFrame extends Frame {
  /** Milliseconds since the window started. */
  at: number;
  kind: 'tick' | 'refresh' | 'other';
  /** Screen rows (0-based) whose text changed. */
  changedRows: number[];
}

/** What the idle window showed. */
export interface IdleResult {
  windowMs: number;
  /** All bytes written in the window. */
  totalBytes: number;
  frames: IdleFrame[];
  /** Bytes from start until the first frame with data was complete: a full paint. */
  firstPaintBytes: number;
  /** Refresh frames grouped by arrival (the sources of one poll land within a second). */
  refreshCycles: IdleFrame[][];
  /** CPU time the dashboard used per second of idle window, in ms. */
  cpuMsPerSecond: number;
  /** VmRSS at the end of the window. */
  rssMb: number;
  /** For each row changed by refresh frames (besides the header), the first change seen. */
  refreshChanges: string[];
  /** Everything written in the window, as text (for `idle-frames.ts`, which splits it by frame). */
  windowText: string;
}

const AGE = /(\S+) [✔◐✖] (\d+)([smhd])/gu;
const UNIT: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86400};

/** The age of each source in the header line, in seconds. */
export function headerAges(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of header.matchAll(AGE)) out.set(m[1]!, Number(m[2]) * (UNIT[m[3]!] ?? 1));
  return out;
}

/** Classifies `frame` against the screen before it. */
export function classify(before: readonly string[], frame: Frame): Pick<IdleFrame, 'kind' | 'changedRows'> {
  const changedRows = frame.rows.flatMap((row, i) => (row === before[i] ? [] : [i]));
  const was = headerAges(before[0] ?? '');
  const now = headerAges(frame.rows[0] ?? '');
  const newData = [...now].some(([name, age]) => age < (was.get(name) ?? Number.POSITIVE_INFINITY));
  if (newData) return {kind: 'refresh', changedRows};
  return {kind: changedRows.every((r) => r === 0) ? 'tick' : 'other', changedRows};
}

/** The changed span of a row, e.g. `col 96: "5×   20.5×" → "8×   20.6×"`. */
function describeChange(row: number, before: string, after: string): string {
  let from = 0;
  while (from < after.length && before[from] === after[from]) from++;
  let endB = before.length;
  let endA = after.length;
  while (endA > from && endB > from && before[endB - 1] === after[endA - 1]) {
    endA--;
    endB--;
  }
  const label = after.trim().replace(/\s+/g, ' ').slice(0, 48);
  return `row ${row + 1} (${label}…), col ${from + 1}: "${before.slice(from, endB).trim()}" → "${after.slice(from, endA).trim()}"`;
}

/** Runs the dashboard at `cols` x `rows` and records `windowMs` of idle output after `settleMs`. */
export async function measureIdle(opts: {cols: number; rows: number; configHome: string; settleMs: number; windowMs: number; frozen: boolean}): Promise<IdleResult> {
  const env = withCompileCache(benchEnv(opts.cols, opts.rows, opts.configHome), join(opts.configHome, 'compile-cache'));
  if (opts.frozen) env[FROZEN_DEMO_ENV] = '1';
  const p = startInPty(demoArgv(), {cols: opts.cols, rows: opts.rows, env, markers: [DATA_MARKER]});
  await within(p.marked[0]!, 20_000, 'first data frame');
  const pid = await p.pid;
  await new Promise((resolve) => setTimeout(resolve, opts.settleMs));
  const start = performance.now();
  const cpuStart = await cpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, opts.windowMs));
  const end = performance.now();
  const cpuEnd = await cpuMs(pid);
  const rssMb = await procStatusMb(pid, 'VmRSS');
  await p.signal('SIGTERM');
  await within(p.exited, 20_000, 'dashboard exit');

  const screen = new Screen(opts.cols, opts.rows);
  const frames: IdleFrame[] = [];
  let firstPaintBytes = 0;
  let paintedBytes = 0;
  let totalBytes = 0;
  let windowText = '';
  let before: string[] = screen.text();
  const refreshChanges: string[] = [];
  const noted = new Set<number>();
  for (const chunk of p.chunks) {
    if (chunk.at > end) break;
    const known = screen.frames.length;
    screen.feed(chunk.text);
    paintedBytes += chunk.bytes;
    if (chunk.at >= start) {
      totalBytes += chunk.bytes;
      windowText += chunk.text;
    }
    for (const frame of screen.frames.slice(known)) {
      if (firstPaintBytes === 0 && frame.rows.some((r) => r.includes(DATA_MARKER))) firstPaintBytes = paintedBytes;
      if (chunk.at >= start) {
        const idle: IdleFrame = {...frame, at: chunk.at - start, ...classify(before, frame)};
        frames.push(idle);
        for (const r of idle.kind === 'refresh' ? idle.changedRows : []) {
          if (r === 0 || noted.has(r)) continue;
          noted.add(r);
          refreshChanges.push(describeChange(r, before[r] ?? '', frame.rows[r] ?? ''));
        }
      }
      before = frame.rows;
    }
  }
  const refreshCycles: IdleFrame[][] = [];
  for (const f of frames.filter((x) => x.kind === 'refresh')) {
    const cycle = refreshCycles.at(-1);
    if (cycle && f.at - cycle[0]!.at < 1000) cycle.push(f);
    else refreshCycles.push([f]);
  }
  return {
    windowMs: end - start,
    totalBytes,
    frames,
    firstPaintBytes,
    refreshCycles,
    cpuMsPerSecond: ((cpuEnd - cpuStart) * 1000) / (end - start),
    rssMb,
    refreshChanges,
    windowText,
  };
}

/** Summary figures of an idle run. */
export function idleFigures(r: IdleResult) {
  const ticks = r.frames.filter((f) => f.kind === 'tick');
  const cycles = r.refreshCycles.map((c) => c.reduce((sum, f) => sum + f.bytes, 0));
  return {
    tickFrames: ticks.length,
    tickBytes: median(ticks.map((f) => f.bytes)),
    tickMaxBytes: Math.max(0, ...ticks.map((f) => f.bytes)),
    tickWalkBytes: median(ticks.map((f) => f.walkBytes)),
    refreshCycles: cycles.length,
    refreshBytes: median(cycles),
    refreshFramesPerCycle: median(r.refreshCycles.map((c) => c.length)),
    /** The largest single frame of any refresh (a refresh may take several frames). */
    refreshFrameMaxBytes: Math.max(0, ...r.refreshCycles.flat().map((f) => f.bytes)),
    refreshWalkBytes: median(r.refreshCycles.map((c) => c.reduce((sum, f) => sum + f.walkBytes, 0))),
    otherFrames: r.frames.filter((f) => f.kind === 'other').length,
    bytesPerSecond: (r.totalBytes * 1000) / r.windowMs,
  };
}
