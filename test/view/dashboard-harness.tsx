/**
 * Renders the real Dashboard on a real QueryClient with ink-testing-library, on a terminal of a
 * chosen size, under fake timers (only the timer functions and Date: React and Ink schedule with
 * setImmediate, which stays real). Waiting is by frames, never by sleeping.
 */
import type {QueryClient} from '@tanstack/query-core';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, beforeEach, vi} from 'vitest';
import {discardRecorder} from '../../src/domain/action-log.ts';
import {DEFAULT_GROUP_BY} from '../../src/domain/alert-order.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {noColorPalette} from '../../src/view/components/palette.ts';
import {Dashboard, type DashboardProps} from '../../src/view/Dashboard.tsx';
import type {Look} from '../../src/view/look.ts';
import {T0} from '../queries/fakes.ts';

/** The timer functions faked for dashboard tests. */
export const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;

/** A look without colour, so frames are plain text. */
export const PLAIN: Look = {name: 'no-color', palette: noColorPalette, banner: null, color: false};

/** Refresh cadences of the demo runtime. */
export const INTERVALS = {slos: 5000, history: 60_000, alerts: 5000, deploys: 5000, panels: 5000};

/** The settings of the demo runtime on the fake clock: 15-minute acks by `tester@host`. */
export function dashboardSettings(over: Partial<DashboardProps['settings']> = {}): DashboardProps['settings'] {
  return {
    now: () => Date.now(),
    intervals: INTERVALS,
    ackPrefix: 'ACK!',
    groupBy: DEFAULT_GROUP_BY,
    suspectWindowMs: 30 * 60_000,
    ack: {durationMs: 15 * 60_000, author: 'tester@host', prefix: 'ACK!', volatileLabels: [], untilResolved: false},
    ...over,
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// Dashboards rendered and not yet unmounted, so the hooks below can unmount what a test left.
const mounted = new Set<Harness>();

/**
 * Registers the hooks of a dashboard test file. Before each test: fake timers at T0 (only FAKED,
 * plus `performance.now()` with `fakePerformance`) and, with `stubTerminalSize`, COLUMNS and
 * LINES stubbed to 100x40. After each: unmounts every dashboard the test rendered and left
 * mounted, cleans up ink-testing-library, restores the environment and the real clock.
 */
export function dashboardTestHooks(options: {stubTerminalSize?: boolean; fakePerformance?: boolean} = {}): void {
  beforeEach(() => {
    vi.useFakeTimers({now: T0, toFake: [...FAKED, ...(options.fakePerformance ? (['performance'] as const) : [])]});
    if (options.stubTerminalSize) {
      vi.stubEnv('COLUMNS', '100');
      vi.stubEnv('LINES', '40');
    }
  });
  afterEach(() => {
    for (const harness of [...mounted]) harness.unmount();
    cleanup();
    if (options.stubTerminalSize) vi.unstubAllEnvs();
    vi.useRealTimers();
  });
}

/** A rendered dashboard and what the test can do with it. */
export interface Harness {
  client: QueryClient;
  lastFrame(): string;
  /** Every string the dashboard wrote to its terminal, in order. */
  frames: string[];
  /** Writes keys to stdin and lets the app react, without moving the clock. */
  press(keys: string): Promise<void>;
  /** Lets pending work settle without moving the clock. */
  settle(): Promise<void>;
  /** Waits until the last frame satisfies `ok` (moving the clock by at most `maxMs` in 10 ms steps). */
  waitFor(ok: (frame: string) => boolean, what: string, maxMs?: number): Promise<string>;
  /** Resizes the terminal to `columns` x `rows`, as a tmux split or a dragged border does, and lets the app redraw. */
  resize(columns: number, rows: number): Promise<void>;
  onQuit: ReturnType<typeof vi.fn>;
  openContext: ReturnType<typeof vi.fn>;
  unmount(): void;
}

/** Renders the dashboard for `services` on a `columns` x `rows` terminal (columns are 100 in ink-testing-library). */
export async function renderDashboard(
  services: ContextServices,
  options: {rows?: number; columns?: number; look?: Look; contexts?: DashboardProps['contexts']; openContext?: DashboardProps['openContext']; loadLook?: DashboardProps['loadLook']; readOnly?: boolean; record?: DashboardProps['record']; readActions?: DashboardProps['readActions']; claimRollback?: DashboardProps['claimRollback']; initialAt?: number; terminal?: Partial<DashboardProps['terminal']>; runbookTemplate?: string; intervals?: Partial<DashboardProps['settings']['intervals']>; settings?: Partial<DashboardProps['settings']>; keyOverrides?: DashboardProps['keyOverrides']} = {},
): Promise<Harness> {
  const client = createQueryClient({retry: 0});
  const onQuit = vi.fn();
  const openContext = vi.fn(options.openContext ?? ((name: string) => `no context named "${name}"`));
  const app = render(
    <Dashboard
      client={client}
      services={services}
      {...(options.contexts ? {contexts: options.contexts} : {})}
      look={options.look ?? PLAIN}
      settings={dashboardSettings({runbookTemplate: options.runbookTemplate, ...(options.intervals ? {intervals: {...INTERVALS, ...options.intervals}} : {}), ...options.settings})}
      terminal={{env: {SSH_CONNECTION: '10.0.0.1 22 10.0.0.2 22'}, platform: 'linux', writeRaw: () => {}, ...options.terminal}}
      keyOverrides={options.keyOverrides ?? {}}
      notes={[]}
      openContext={openContext}
      loadLook={options.loadLook ?? ((name) => `no theme named "${name}"`)}
      record={options.record ?? discardRecorder}
      {...(options.readActions ? {readActions: options.readActions} : {})}
      {...(options.claimRollback ? {claimRollback: options.claimRollback} : {})}
      {...(options.initialAt === undefined ? {} : {initialAt: options.initialAt})}
      onQuit={onQuit}
    />,
  );
  // ink-testing-library's stdout has 100 columns and no row count: give it one, as a resize would.
  Object.defineProperty(app.stdout, 'rows', {value: options.rows ?? 40, configurable: true});
  if (options.columns !== undefined) Object.defineProperty(app.stdout, 'columns', {value: options.columns, configurable: true});
  app.stdout.emit('resize');
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(0);
      await tick();
    }
  };
  const harness: Harness = {
    client,
    lastFrame: () => app.lastFrame() ?? '',
    frames: app.frames,
    settle,
    async press(keys) {
      app.stdin.write(keys);
      await settle();
    },
    async waitFor(ok, what, maxMs = 2000) {
      for (let waited = 0; waited <= maxMs; waited += 10) {
        await settle();
        const frame = app.lastFrame() ?? '';
        if (ok(frame)) return frame;
        await vi.advanceTimersByTimeAsync(10);
      }
      throw new Error(`${what}: never drawn; last frame:\n${app.lastFrame()}`);
    },
    async resize(columns, rows) {
      Object.defineProperty(app.stdout, 'rows', {value: rows, configurable: true});
      Object.defineProperty(app.stdout, 'columns', {value: columns, configurable: true});
      app.stdout.emit('resize');
      await settle();
    },
    onQuit,
    openContext,
    unmount() {
      mounted.delete(harness);
      app.unmount();
      client.clear();
      client.unmount();
    },
  };
  mounted.add(harness);
  await settle();
  return harness;
}
