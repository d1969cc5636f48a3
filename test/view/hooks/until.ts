import {expect} from 'vitest';

/** Waits (real time, up to 5 s) until `check` holds, then asserts it: for hooks driven by real query-core timers. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}
