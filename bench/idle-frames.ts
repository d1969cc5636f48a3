/**
 * Diagnostic for benchmark (c): what one idle frame with unchanged data writes, byte by byte.
 * Runs the bundle's demo frozen (as `npm run bench` does) at 160x48 in a pty, lets it settle,
 * records a window and prints the median tick and refresh figures, the rows each frame changed,
 * the header line (the one row an idle frame rewrites) and one frame's bytes split into the
 * header's visible text, its colour escapes and the cursor moves around them. Comparing two
 * builds' output tells a longer header line (more sources and parts in it) from a frame that
 * redraws more than it must.
 *
 * `npm run build && tsx bench/idle-frames.ts [--window S]` (default 12 s, two data refreshes).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {benchFailed} from './failure.ts';
import {idleFigures, measureIdle} from './idle-refresh.ts';

const SIZE = {cols: 160, rows: 48};

// Ink brackets each frame in synchronized output; a frame's bytes are what lies between.
const FRAME = /\x1b\[\?2026h([\s\S]*?)\x1b\[\?2026l/gu;
const SGR = /\x1b\[[0-9;]*m/gu;
const CURSOR = /\x1b\[[0-9;]*[A-HJKST]|\r|\n/gu;

/** One frame's bytes split by what they are. */
export function splitFrame(raw: string): {bytes: number; sgrBytes: number; cursorBytes: number; textBytes: number; text: string} {
  const bytes = Buffer.byteLength(raw);
  const sgrBytes = [...raw.matchAll(SGR)].reduce((n, m) => n + m[0].length, 0);
  const noSgr = raw.replace(SGR, '');
  const cursorBytes = [...noSgr.matchAll(CURSOR)].reduce((n, m) => n + m[0].length, 0);
  const text = noSgr.replace(CURSOR, '');
  return {bytes, sgrBytes, cursorBytes, textBytes: Buffer.byteLength(text), text};
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {window: {type: 'string', default: '12'}}});
  const configHome = mkdtempSync(join(tmpdir(), 'oncall-idle-frames-'));
  try {
    const idle = await measureIdle({...SIZE, configHome, settleMs: 2000, windowMs: Number(values.window) * 1000, frozen: true});
    const f = idleFigures(idle);
    console.log(`tick: median ${f.tickBytes} B (${f.tickFrames} ticks); refresh: median ${f.refreshBytes} B in ${f.refreshFramesPerCycle} frames (${f.refreshCycles} refreshes); first paint ${idle.firstPaintBytes} B`);
    const rows = new Map<string, number>();
    for (const fr of idle.frames) rows.set(`${fr.kind} rows ${fr.changedRows.map((r) => r + 1).join(',') || '-'} ${fr.bytes} B`, (rows.get(`${fr.kind} rows ${fr.changedRows.map((r) => r + 1).join(',') || '-'} ${fr.bytes} B`) ?? 0) + 1);
    for (const [what, n] of rows) console.log(`  ${n}× ${what}`);
    const last = idle.frames.at(-1);
    if (last) {
      const header = last.rows[0]!.trimEnd();
      console.log(`header (${header.length} cells, ${Buffer.byteLength(header)} B as text): ${JSON.stringify(header)}`);
    }
    // The frames of the window as written, the idle ones by their size; print the median tick's parts.
    const raws = [...idle.windowText.matchAll(FRAME)].map((m) => m[1]!);
    const ticks = raws.map(splitFrame).filter((x) => x.bytes + 16 === f.tickBytes || x.bytes === f.tickBytes);
    const tick = ticks[0];
    if (tick) console.log(`a tick frame: ${tick.bytes} B between the brackets = text ${tick.textBytes} B + colour ${tick.sgrBytes} B + cursor ${tick.cursorBytes} B + other ${tick.bytes - tick.textBytes - tick.sgrBytes - tick.cursorBytes} B; text ${JSON.stringify(tick.text)}`);
    else console.log(`no frame of ${f.tickBytes} B found among ${raws.length} (sizes ${raws.map((r) => Buffer.byteLength(r)).join(' ')})`);
    console.log(`refresh rows changed besides the header: ${idle.refreshChanges.length ? idle.refreshChanges.join('; ') : 'none'}`);
  } finally {
    rmSync(configHome, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Cannot measure (python3 missing …): one line and exit 2, as the benchmarks do.
  await main().catch(benchFailed);
}
