/**
 * Following a rollback's run waits out a rate limit GitHub dated, up to the 10 minutes of
 * following, in one pause. The CLI ends by draining its event loop, so a Ctrl-C or SIGHUP during
 * that wait must cancel the pause's timer, not only stop waiting for it: a timer left armed kept
 * the process (and the shell prompt, or a hung-up session's orphan) until the limit reset, after
 * the command had said it stopped following.
 */
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import {interruptible, processTerminal, type RollbackTerminal} from '../../src/cli/rollback-follow.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** The real terminal's sleep, with signals the test sends itself. */
function terminal(): {term: RollbackTerminal; send: (signal: 'SIGINT' | 'SIGHUP') => void} {
  let interrupt = () => {};
  let end: (signal: 'SIGHUP') => void = () => {};
  const term: RollbackTerminal = {
    stdin: Object.assign(new PassThrough(), {isTTY: false}),
    onInterrupt: (handler) => ((interrupt = handler), () => {}),
    onEnd: (handler) => ((end = handler as typeof end), () => {}),
    sleep: processTerminal.sleep,
  };
  return {term, send: (signal) => (signal === 'SIGINT' ? interrupt() : end(signal))};
}

for (const signal of ['SIGINT', 'SIGHUP'] as const) {
  it(`${signal} during a 5-minute wait ends the pause and leaves no timer holding the process`, async () => {
    const {term, send} = terminal();
    const stop = interruptible(term, () => {});
    const paused = stop.pause(5 * 60_000);
    expect(vi.getTimerCount()).toBe(1);
    send(signal);
    await paused;
    expect({interrupted: stop.interrupted(), timers: vi.getTimerCount()}).toEqual({interrupted: true, timers: 0});
    stop.release();
  });
}

it('a pause no signal cuts short still lasts its time', async () => {
  const {term} = terminal();
  const stop = interruptible(term, () => {});
  let done = false;
  void stop.pause(2000).then(() => (done = true));
  await vi.advanceTimersByTimeAsync(1999);
  expect(done).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect({done, timers: vi.getTimerCount()}).toEqual({done: true, timers: 0});
  stop.release();
});
