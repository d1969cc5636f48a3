/**
 * Keypress-to-frame in a real terminal: the bundle runs in a pty (`pty-keys.py`), a key is typed
 * into the terminal, and the time runs until the terminal has received the whole frame that
 * shows the key's effect (Ink closes every frame with `CSI ? 2026 l`). Both instants are taken by
 * the relay on one clock, at the pty master, so the figure is what a user's terminal sees: Node
 * reading the key, Ink's input parsing, React's renders, Ink's throttle and output, the pty.
 *
 * The frame that answers a key is the first one completed after it in which the rows of the
 * focused pane (drawn with `║`) changed: clock ticks only touch the header and are skipped.
 */
import {procStatusMb} from './bundle.ts';
import {startKeySession} from './pty-session.ts';
import {seededRandom} from '../scripts/slo-backfill.ts';

/** What one keypress run measured. */
export interface KeySamples {
  /** Per key press, ms from the key reaching the terminal to the end of the frame showing it. */
  latencyMs: number[];
  /** Bytes of each answering frame. */
  frameBytes: number[];
  /** Key presses that got no answering frame within the per-key timeout. */
  missed: number;
  /** VmRSS and its peak (VmHWM) of the dashboard after the last press, MB. */
  rssMb: number;
  peakRssMb: number;
}

/** Options of {@link measureKeys}. */
export interface KeyOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  /** Text on screen once the data has loaded, e.g. `Alerts (10000)`. */
  readyText: string;
  /** Keys that focus the pane under test, and the text that shows it is focused. */
  focus: {keys: string; shows: string};
  presses: number;
  /** Rows in the focused table: `j` runs down to the last one, then `k` back up, and so on. */
  tableRows: number;
  /** Pause after each answered key, drawn from this range (ms) so presses do not lock onto the 1 s clock. */
  gapMs: [number, number];
  seed?: number;
  /** Awaited after the presses, before the program is stopped (a benchmark waiting for its backends to drain). */
  beforeStop?: () => Promise<void>;
}

const focusedRows = (rows: readonly string[]) => rows.filter((r) => r.includes('║')).join('\n');

/** Types `presses` keys into the program and times each one's frame. */
export async function measureKeys(opts: KeyOptions): Promise<KeySamples> {
  const session = startKeySession(opts.argv, opts.env, opts.cols, opts.rows);
  const {frames, keyTimes, screen, until, type} = session;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const out: KeySamples = {latencyMs: [], frameBytes: [], missed: 0, rssMb: Number.NaN, peakRssMb: Number.NaN};
  try {
    await until(() => (frames.some((f) => f.rows.some((r) => r.includes(opts.readyText))) ? true : undefined), 60_000, `"${opts.readyText}" on screen`);
    type(opts.focus.keys);
    await until(() => (frames.at(-1)?.rows.some((r) => r.includes(opts.focus.shows)) ? true : undefined), 10_000, `"${opts.focus.shows}" on screen`);
    await sleep(1000);
    const random = seededRandom(opts.seed ?? 7);
    let position = 0;
    let down = true;
    for (let i = 0; i < opts.presses; i++) {
      if (down && position === opts.tableRows - 1) down = false;
      if (!down && position === 0) down = true;
      position += down ? 1 : -1;
      const before = focusedRows(screen.text());
      const keysBefore = keyTimes.length;
      type(down ? 'j' : 'k');
      const keyAt = await until(() => keyTimes[keysBefore], 5000, 'key written');
      try {
        const frame = await until(() => frames.find((f) => f.at >= keyAt && focusedRows(f.rows) !== before), 5000, `frame after key ${i + 1}`);
        out.latencyMs.push(frame.at - keyAt);
        out.frameBytes.push(frame.bytes);
      } catch {
        out.missed++;
      }
      await sleep(opts.gapMs[0] + random() * (opts.gapMs[1] - opts.gapMs[0]));
    }
    // What drawing ever-new rows leaves behind (Ink's string caches are bounded).
    out.rssMb = await procStatusMb(session.pid(), 'VmRSS');
    out.peakRssMb = await procStatusMb(session.pid(), 'VmHWM');
    await opts.beforeStop?.();
    return out;
  } finally {
    await session.stop();
  }
}
