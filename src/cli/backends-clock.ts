/** Learning the backends' clock before an instant is counted back from it (the dashboard's `--at 30m`). */
import type {Runtime} from './runtime.ts';

/**
 * The longest the dashboard waits for its Prometheus before counting `--at 30m` back: long enough
 * for a Prometheus over SSH, short enough that a slow one does not hold the first frame.
 */
export const BACKENDS_CLOCK_WAIT_MS = 1_500;

/** How far back the read looks: any range will do, a short one keeps the answer small. */
const READ_SPAN_MS = 5 * 60_000;

/**
 * Makes one cheap read (the label names of the last minutes) of every selected context's
 * Prometheus, so their answers' `Date` headers set the runtime's clock, and resolves when they
 * have answered or failed, or after `waitMs`, whichever is first; it never rejects. Why: the
 * dashboard in the past does not poll live, so nothing else would correct an instant counted
 * back by this machine's clock (`--at 30m` on a bastion 10 minutes behind would show 40 minutes
 * ago all session). Nothing to read (no Prometheus, the in-process demo): resolves at once, and
 * the machine's clock stays, as it does when the read times out or fails.
 */
export async function learnBackendsClock(runtime: Pick<Runtime, 'members' | 'settings' | 'demo'>, waitMs: number = BACKENDS_CLOCK_WAIT_MS): Promise<void> {
  if (runtime.demo) return;
  const now = runtime.settings.now();
  const reads = runtime.members.flatMap((m) => {
    const reader = m.composed.services.sloReader?.capabilities;
    // A failed answer still carried its Date (the HTTP client notes it before the status).
    return reader?.countLabelNames ? [reader.countLabelNames(now - READ_SPAN_MS, now).then(noop, noop)] : [];
  });
  if (reads.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  try {
    await Promise.race([Promise.all(reads), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {}
