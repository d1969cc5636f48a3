/**
 * Key presses during the soak: the selection in the focused pane (the row marked `›` between the
 * pane's `║` borders), and the frame that answers a `j`. Under churn a poll can redraw the pane
 * between a key and its frame, so the answering frame is recognised by what the key does — the
 * row that was below the selection becomes selected — not by "the pane changed".
 */
import type {KeySession} from './pty-session.ts';

// Ages (`12m`, `3h`) tick with the clock; without them a row's text is fixed.
const AGE = /\b\d+[smhd]\b/g;

const norm = (segment: string) => segment.replace('›', ' ').replace(AGE, '').trimEnd();

/** The focused pane's inner text per screen row (between its first two `║`). */
function paneSegments(rows: readonly string[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const a = row.indexOf('║');
    const b = a < 0 ? -1 : row.indexOf('║', a + 1);
    if (b > a) out.push(row.slice(a + 1, b));
  }
  return out;
}

/** The selected row's text and the one below it (empty when none), normalised. */
export function selection(rows: readonly string[]): {text: string; next: string} | null {
  const segments = paneSegments(rows);
  const i = segments.findIndex((s) => s.includes('›'));
  if (i < 0) return null;
  return {text: norm(segments[i]!), next: norm(segments[i + 1] ?? '').trim() === '' ? '' : norm(segments[i + 1]!)};
}

/** One timed press. */
export interface Press {
  /** When the key reached the terminal, ms on the relay's clock. */
  keyAt: number;
  /** Key to its answering frame, ms; null when none came within the timeout. */
  latencyMs: number | null;
  /** True when the answering frame was taken as "the selection moved" because the row below it had changed meanwhile. */
  fallback: boolean;
}

/** Presses `j` and times the frame that moves the selection one row down. */
export async function pressDown(session: KeySession, timeoutMs = 3000): Promise<Press> {
  const {frames, keyTimes, screen, until, type} = session;
  const before = selection(screen.text());
  const fromFrame = frames.length;
  const keysBefore = keyTimes.length;
  type('j');
  const keyAt = await until(() => keyTimes[keysBefore], 5000, 'key written');
  const moved = (expect: boolean) => () => {
    for (let i = fromFrame; i < frames.length; i++) {
      const f = frames[i]!;
      if (f.at < keyAt) continue;
      const now = selection(f.rows);
      if (!now || !before) continue;
      if (expect ? before.next !== '' && now.text === before.next : now.text !== before.text) return f;
    }
    return undefined;
  };
  try {
    const frame = await until(moved(true), timeoutMs, 'frame after key');
    return {keyAt, latencyMs: frame.at - keyAt, fallback: false};
  } catch {
    const frame = moved(false)();
    return {keyAt, latencyMs: frame ? frame.at - keyAt : null, fallback: frame !== undefined};
  }
}
