/**
 * A bound on the requests in flight at once, shared by the HTTP clients of every context
 * (config `maxConcurrentRequests`): twenty contexts polled together queue their reads instead
 * of opening a hundred connections at the same instant.
 *
 * Why a second bound per backend: a backend that hangs (accepts the connection, never answers)
 * holds each slot it gets until the request times out. With one shared bound only, a hung
 * context's seven SLO reads would take every slot and stall the polls of all the others for a
 * whole timeout. No backend may hold more than its share (half the slots by default), so the
 * others always keep slots, and their cadence, while one context fails.
 */

/**
 * Runs `run` once a slot is free; the slot is held until its promise settles. `backend` names
 * the backend the run talks to (its URL root): at most the per-backend share of the slots go to
 * one name. Without a name a run counts against the global bound only.
 */
export type RequestGate = <T>(run: () => Promise<T>, backend?: string) => Promise<T>;

/**
 * A gate letting at most `max` runs go at once, and at most `perBackend` of them to one backend.
 * Waiting runs start in arrival order, except that a run whose backend holds its share waits
 * without holding back the runs of other backends behind it.
 */
export function createRequestGate(max: number, perBackend: number = Math.max(1, Math.ceil(max / 2))): RequestGate {
  let running = 0;
  const held = new Map<string, number>();
  const waiting: Array<{backend: string | undefined; start: () => void}> = [];
  const heldBy = (backend: string | undefined) => (backend === undefined ? 0 : held.get(backend) ?? 0);
  const mayStart = (backend: string | undefined) => running < max && heldBy(backend) < perBackend;
  const take = (backend: string | undefined) => {
    running++;
    if (backend !== undefined) held.set(backend, heldBy(backend) + 1);
  };
  const release = (backend: string | undefined) => {
    running--;
    if (backend !== undefined) {
      const left = heldBy(backend) - 1;
      if (left > 0) held.set(backend, left);
      else held.delete(backend);
    }
    // The first waiting run whose backend is below its share; several may start when a capped
    // backend's slot frees while others wait.
    for (let i = 0; i < waiting.length && running < max; ) {
      const next = waiting[i]!;
      if (!mayStart(next.backend)) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      take(next.backend);
      next.start();
    }
  };
  return async <T>(run: () => Promise<T>, backend?: string): Promise<T> => {
    if (mayStart(backend)) take(backend);
    else await new Promise<void>((start) => waiting.push({backend, start}));
    try {
      return await run();
    } finally {
      release(backend);
    }
  };
}
