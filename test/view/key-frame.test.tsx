/**
 * A key's frame is written when its render commits, not held by Ink's frame throttle: the real
 * Dashboard under Ink's own `render` (the throttle is on there; ink-testing-library has none) at
 * the dashboard's `maxFps: 20`, on a fake terminal, with the fake clock standing still so the
 * throttle's trailing edge never comes by itself.
 */
import {PassThrough} from 'node:stream';
import {render} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import {discardRecorder} from '../../src/domain/action-log.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {Dashboard} from '../../src/view/Dashboard.tsx';
import {KEY_FRAME_GAP_MS} from '../../src/view/hooks/use-key-input.ts';
import {dashboardSettings, dashboardTestHooks, PLAIN} from './dashboard-harness.tsx';

// The gap between presses is read from `performance.now()`: it stands still with the clock here,
// or a fast run (two presses a few real milliseconds apart) would keep the throttle's pace.
dashboardTestHooks({stubTerminalSize: true, fakePerformance: true});

/** A terminal of 100x40 whose output is kept write by write. */
function fakeTerminal() {
  const stdout = Object.assign(new PassThrough(), {isTTY: true, columns: 100, rows: 40});
  const writes: string[] = [];
  stdout.on('data', (chunk: Buffer) => writes.push(chunk.toString('utf8')));
  const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => stdin, setEncoding: () => stdin, ref: () => stdin, unref: () => stdin});
  return {stdout, stdin, writes};
}

const settle = async () => {
  for (let i = 0; i < 8; i++) {
    await vi.advanceTimersByTimeAsync(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

/** The selected row of the focused pane in the last full frame written. */
const selectedIn = (writes: readonly string[]) => {
  for (let i = writes.length - 1; i >= 0; i--) {
    const line = writes[i]!.split('\n').find((l) => l.includes('║›'));
    if (line) return line;
  }
  return '';
};

describe('a key press and Ink\'s frame throttle', () => {
  it('writes the frame of a press that lands just after another frame at once, not at the throttle\'s trailing edge', async () => {
    const client = createQueryClient({retry: 0});
    const term = fakeTerminal();
    const app = render(
      <Dashboard
        client={client}
        services={createDemoEnvironment({now: () => Date.now()}).services}
        look={PLAIN}
        settings={dashboardSettings()}
        terminal={{env: {}, platform: 'linux', writeRaw: () => {}}}
        keyOverrides={{}}
        notes={[]}
        openContext={() => 'none'}
        loadLook={() => 'none'}
        record={discardRecorder}
        onQuit={() => {}}
      />,
      // As the dashboard command renders, but whole frames (each write holds the screen) and
      // interactive whatever CI says.
      {stdout: term.stdout as never, stdin: term.stdin as never, stderr: term.stdout as never, interactive: true, incrementalRendering: false, exitOnCtrlC: false, patchConsole: false, maxFps: 20},
    );
    try {
      for (let waited = 0; !term.writes.join('').includes('CheckoutHighErrorRate') && waited < 3000; waited += 10) {
        await settle();
        await vi.advanceTimersByTimeAsync(10);
      }
      term.stdin.write('2');
      await settle();
      await vi.advanceTimersByTimeAsync(2 * KEY_FRAME_GAP_MS);
      await settle();
      // Let the clock move until a frame is written: the throttle's window opens with it.
      const before = term.writes.length;
      for (let waited = 0; term.writes.length === before && waited < 2000; waited += 5) await vi.advanceTimersByTimeAsync(5);
      await settle();
      expect(term.writes.length).toBeGreaterThan(before);
      const row = selectedIn(term.writes);
      expect(row).not.toBe('');
      // At once, with no time passing: the throttle's trailing edge (50 ms on) never comes.
      term.stdin.write('j');
      await settle();
      const moved = selectedIn(term.writes);
      expect(moved).not.toBe(row);
      expect(moved).toContain('CheckoutHighErrorRate');
    } finally {
      app.unmount();
      client.clear();
      client.unmount();
    }
  });
});
