/**
 * A bound on the requests in flight at once, shared by the HTTP clients of every context
 * (config `maxConcurrentRequests`): twenty contexts polled together queue their reads instead
 * of opening a hundred connections at the same instant. First come, first served.
 */

/** Runs `run` once a slot is free; the slot is held until its promise settles. */
export type RequestGate = <T>(run: () => Promise<T>) => Promise<T>;

/** A gate letting at most `max` runs go at once. */
export function createRequestGate(max: number): RequestGate {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return async <T>(run: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await run();
    } finally {
      release();
    }
  };
}
