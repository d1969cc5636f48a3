/**
 * `npm run bench`: builds the bundle and the standalone executable, then measures (a) time to
 * the first frame against `node -e 0`, (b) memory after the first frame against an idle bare
 * node, (c) bytes written while the dashboard is idle, against a full first paint, (d)/(e) 10,000
 * alerts, (f) the standalone executable beside the bundle, (g) 20 contexts against one; and
 * prints one Markdown table, each figure with its baseline, ratio and target.
 *
 * Options: `--runs N` (default 15) rounds for (a)/(b); `--window S` (default 12) seconds of
 * idle output for (c), which must span two 5 s data refreshes.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {arch, availableParallelism, platform, tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {alertsBenchRows, benchAlerts} from './alerts.bench.ts';
import {benchContexts, contextsBenchRows} from './contexts.bench.ts';
import {benchFailed} from './failure.ts';
import {idleFigures, measureIdle} from './idle-refresh.ts';
import {measureStandalone, standaloneRows} from './standalone.ts';
import {measureStartup} from './startup.ts';
import {median, quantile, round} from './stats.ts';

/** Targets the figures are held to. */
export const TARGETS = {firstFrameRatio: 6, idleBytes: 200, rssMb: 120, standaloneRatio: 4} as const;

const SIZE = {cols: 160, rows: 48};

function yes(ok: boolean): string {
  return ok ? 'met' : '**not met**';
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {runs: {type: 'string', default: '15'}, window: {type: 'string', default: '12'}}});
  const runs = Number(values.runs);
  const windowMs = Number(values.window) * 1000;
  const configHome = mkdtempSync(join(tmpdir(), 'oncall-bench-'));
  try {
    process.stderr.write(`measuring startup (${runs} rounds) …\n`);
    const s = await measureStartup({runs, ...SIZE, configHome});
    process.stderr.write(`measuring idle output, unchanged data (${windowMs / 1000} s) …\n`);
    const idle = await measureIdle({...SIZE, configHome, settleMs: 2000, windowMs, frozen: true});
    const f = idleFigures(idle);
    process.stderr.write(`measuring idle output, the live demo (${windowMs / 1000} s) …\n`);
    const live = await measureIdle({...SIZE, configHome, settleMs: 2000, windowMs, frozen: false});
    const fl = idleFigures(live);

    const base = median(s.baselineMs);
    const first = median(s.firstFrameMs);
    const data = median(s.dataFrameMs);
    const rss = median(s.rssMb);
    const baseRss = median(s.baselineRssMb);
    const ms = (xs: number[]) => `median ${round(median(xs), 0)} ms, p90 ${round(quantile(xs, 0.9), 0)} ms`;

    const rows: string[][] = [
      ['(a) first frame, pty 160x48', ms(s.firstFrameMs), `\`node -e 0\`: ${ms(s.baselineMs)}`, `${round(first / base)}×`, `≤ ${TARGETS.firstFrameRatio}×`, yes(first / base <= TARGETS.firstFrameRatio)],
      ['(a) first frame, compile cache off (a first start)', ms(s.firstFrameColdMs), `\`node -e 0\`: median ${round(base, 0)} ms`, `${round(median(s.firstFrameColdMs) / base)}×`, '—', '—'],
      ['(a) first frame with data', ms(s.dataFrameMs), `\`node -e 0\`: median ${round(base, 0)} ms`, `${round(data / base)}×`, '—', '—'],
      ['(b) RSS after the first frame', `median ${round(rss)} MB, max ${round(Math.max(...s.rssMb))} MB`, `idle bare node: median ${round(baseRss)} MB`, `${round(rss / baseRss)}×`, `≤ ${TARGETS.rssMb} MB`, yes(rss <= TARGETS.rssMb)],
      ['(b) RSS after the idle window', `${round(idle.rssMb)} MB`, `idle bare node: median ${round(baseRss)} MB`, `${round(idle.rssMb / baseRss)}×`, '— (the target is for the first frame)', '—'],
      ['(c) idle clock tick, unchanged data', `median ${f.tickBytes} B/frame (max ${f.tickMaxBytes}; ${f.tickFrames} ticks), of which ${f.tickWalkBytes} B cursor walk`, `full first paint: ${idle.firstPaintBytes} B`, `${round((100 * f.tickBytes) / idle.firstPaintBytes, 2)}%`, `≤ ${TARGETS.idleBytes} B`, yes(f.tickBytes <= TARGETS.idleBytes)],
      ['(c) idle data refresh, unchanged data', `median ${f.refreshBytes} B/refresh in ${f.refreshFramesPerCycle} frames (${f.refreshCycles} refreshes; largest frame ${f.refreshFrameMaxBytes} B), of which ${f.refreshWalkBytes} B cursor walk`, `full first paint: ${idle.firstPaintBytes} B`, `${round((100 * f.refreshBytes) / idle.firstPaintBytes, 2)}%`, `≤ ${TARGETS.idleBytes} B`, yes(f.refreshBytes <= TARGETS.idleBytes)],
      ['(c) data refresh, live demo (its numbers change)', `median ${fl.refreshBytes} B/refresh in ${fl.refreshFramesPerCycle} frames (${fl.refreshCycles} refreshes); clock tick median ${fl.tickBytes} B`, `full first paint: ${live.firstPaintBytes} B`, `${round((100 * fl.refreshBytes) / live.firstPaintBytes, 2)}%`, '— (not unchanged data)', '—'],
      ['(c) idle output rate, unchanged data', `${round(f.bytesPerSecond, 0)} B/s over ${round(idle.windowMs / 1000)} s (${idle.frames.length} frames, ${f.otherFrames} other)`, `full first paint: ${idle.firstPaintBytes} B`, `${round((100 * f.bytesPerSecond) / idle.firstPaintBytes, 2)}%/s`, '—', '—'],
      ['(c) idle CPU, unchanged data', `${round(idle.cpuMsPerSecond, 0)} ms per s`, 'one core: 1000 ms per s', `${round(idle.cpuMsPerSecond / 10)}%`, '—', '—'],
    ];
    // (d) fetch + decode of 10,000 alerts against amtool, (e) keypress to frame with them: bench/alerts.bench.ts.
    rows.push(...alertsBenchRows(await benchAlerts({log: (l) => process.stderr.write(`${l}\n`)})));
    // (f) the standalone executable beside the bundle, A/B alternated: bench/standalone.ts.
    process.stderr.write(`measuring the standalone build (${runs} rounds) …\n`);
    rows.push(...standaloneRows(await measureStandalone({runs, ...SIZE, configHome}), TARGETS.standaloneRatio));
    // (g) 20 contexts on real servers behind per-context prefixes, against one: bench/contexts.bench.ts.
    process.stderr.write('measuring 20 contexts against one …\n');
    rows.push(...contextsBenchRows(await benchContexts({...SIZE, log: (l) => process.stderr.write(`${l}\n`)})));
    const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'status'];
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    console.log(`oncall benchmarks — node ${process.version}, ${platform()} ${arch()}, ${availableParallelism()} cores, ${runs} rounds, ${SIZE.cols}x${SIZE.rows}`);
    console.log();
    console.log(line(header));
    console.log(line(header.map(() => '---')));
    for (const r of rows) console.log(line(r));
    for (const [what, r] of [['unchanged data', idle], ['live demo', live]] as const) {
      if (r.refreshChanges.length === 0) continue;
      console.log();
      console.log(`Rows rewritten by data refreshes besides the header (${what}):`);
      for (const note of r.refreshChanges) console.log(`- ${note}`);
    }
  } finally {
    rmSync(configHome, {recursive: true, force: true});
  }
}

// A run that cannot measure says why in one line and exits 2, as the single benchmarks do.
await main().catch(benchFailed);
