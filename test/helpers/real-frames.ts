/**
 * The real dashboard over real servers: waiting for frames in real time (the harness's own
 * `waitFor` moves a fake clock instead), with only `Date` faked and advancing with real time so
 * the harness can settle Ink between keys, and the hooks that unmount it after each test.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, vi} from 'vitest';
import type {AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {renderDashboard, type Harness} from '../view/dashboard-harness.tsx';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles the harness until its last frame satisfies `ok`, at most `timeoutMs` of real time. */
export async function realFrame(harness: Harness, ok: (frame: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  // By the monotonic clock: `Date` is faked in these tests.
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await harness.settle();
    const frame = harness.lastFrame();
    if (ok(frame)) return frame;
    await sleep(50);
  }
  throw new Error(`${what}: never drawn; last frame:\n${harness.lastFrame()}`);
}

/** The line of the focused pane's selected row (marked `║›`). */
export const selectedLine = (frame: string): string => frame.split('\n').find((l) => l.includes('║›')) ?? '';

/** A context whose only source is one Alertmanager, named `am`. */
export function alertmanagerServices(capabilities: AlertmanagerSource): ContextServices {
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [{name: 'am', kind: 'alertmanager', capabilities}], deploySource: null, rollbacker: null};
}

/** What the harness takes besides the services (size, contexts, action log …). */
export type RenderOptions = Parameters<typeof renderDashboard>[1];

/** The dashboard of one test at a time, unmounted (and the clock restored) after each. */
export interface RealDashboard {
  /** Renders the dashboard on real timers with `Date` advancing in real time (`options` as the harness takes them). */
  render(services: ContextServices, options?: RenderOptions): Promise<Harness>;
  /** Waits in real time for a frame of the rendered dashboard, at most `timeoutMs` (20 s). */
  frame(ok: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
}

/** Registers the hooks of a test file that drives the real dashboard against real servers. */
export function realDashboardHooks(): RealDashboard {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
    vi.useRealTimers();
  });
  return {
    async render(services, options) {
      vi.useFakeTimers({toFake: ['Date'], shouldAdvanceTime: true});
      harness = await renderDashboard(services, options);
      return harness;
    },
    frame(ok, what, timeoutMs) {
      if (!harness) throw new Error('render the dashboard first');
      return realFrame(harness, ok, what, timeoutMs);
    },
  };
}
