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
 * one name. Without a name a run counts against the global bound only. A `background` run (the
 * SLO sparklines) takes a free slot only while no other run waits for one. A run whose `signal`
 * aborts while it waits leaves the queue without ever starting (its read would answer a refresh
 * that already failed), and rejects with the signal's reason.
 */
export type RequestGate = <T>(run: () => Promise<T>, backend?: string, background?: boolean, signal?: AbortSignal) => Promise<T>;

interface Waiting {
  backend: string | undefined;
  background: boolean;
  start: () => void;
}

/**
 * A gate letting at most `max` runs go at once, and at most `perBackend` of them to one backend.
 * Waiting runs start in arrival order, except that a run whose backend holds its share waits
 * without holding back the runs of other backends behind it, and background runs wait for the
 * others: twenty contexts starting together get their current values before their sparklines.
 */
export function createRequestGate(max: number, perBackend: number = Math.max(1, Math.ceil(max / 2))): RequestGate {
  let running = 0;
  const held = new Map<string, number>();
  const waiting: Waiting[] = [];
  const heldBy = (backend: string | undefined) => (backend === undefined ? 0 : held.get(backend) ?? 0);
  const mayStart = (backend: string | undefined) => running < max && heldBy(backend) < perBackend;
  const take = (backend: string | undefined) => {
    running++;
    if (backend !== undefined) held.set(backend, heldBy(backend) + 1);
  };
  // The runs to start now: the first waiting ones whose backend is below its share, background
  // ones only once no other can start.
  const startWaiting = () => {
    for (const background of [false, true]) {
      for (let i = 0; i < waiting.length && running < max; ) {
        const next = waiting[i]!;
        if (next.background !== background || !mayStart(next.backend)) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        take(next.backend);
        next.start();
      }
    }
  };
  // Waits for a slot; a signal aborting first takes the run out of the queue (it holds no slot yet).
  const queued = (backend: string | undefined, background: boolean, signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const entry: Waiting = {backend, background, start: resolve};
      if (signal !== undefined) {
        const leave = () => {
          const at = waiting.indexOf(entry);
          if (at === -1) return;
          waiting.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', leave, {once: true});
        entry.start = () => {
          signal.removeEventListener('abort', leave);
          resolve();
        };
      }
      waiting.push(entry);
    });
  const release = (backend: string | undefined) => {
    running--;
    if (backend !== undefined) {
      const left = heldBy(backend) - 1;
      if (left > 0) held.set(backend, left);
      else held.delete(backend);
    }
    startWaiting();
  };
  return async <T>(run: () => Promise<T>, backend?: string, background = false, signal?: AbortSignal): Promise<T> => {
    signal?.throwIfAborted();
    const ahead = background && waiting.some((w) => !w.background && mayStart(w.backend));
    if (!ahead && mayStart(backend)) take(backend);
    else await queued(backend, background, signal);
    try {
      return await run();
    } finally {
      release(backend);
    }
  };
}
