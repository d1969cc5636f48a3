/**
 * Waiting for dashboard frames in real time, for tests whose data comes from real servers (the
 * harness's own `waitFor` moves a fake clock instead).
 */
import type {Harness} from '../view/dashboard-harness.tsx';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles the harness until its last frame satisfies `ok`, at most `timeoutMs` of real time. */
export async function realFrame(harness: Harness, ok: (frame: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await harness.settle();
    const frame = harness.lastFrame();
    if (ok(frame)) return frame;
    await sleep(50);
  }
  throw new Error(`${what}: never drawn; last frame:\n${harness.lastFrame()}`);
}

/** The line of the focused pane's selected row (marked `║›`). */
export const selectedLine = (frame: string): string => frame.split('\n').find((l) => l.includes('║›')) ?? '';
