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
 *
 * Why a third bound per tenant: one backend may serve several tenants or credentials (Mimir's
 * `X-Scope-OrgID`, two tokens), and one of them may hang while the others answer (a tenant's
 * own query limits). Once the gate has seen more than one on a backend, none of them may hold
 * more than half of that backend's share, so a hung tenant leaves the others of its backend
 * slots. A backend with one tenant keeps its whole share, and a backend whose every tenant hangs
 * still holds no more than its share: the other backends' guarantee above is unchanged.
 */

/**
 * The backend a run talks to: its URL root, or its root and who asks it there (a digest of the
 * tenant header and credentials, never the secret itself).
 */
export type GateBackend = string | {root: string; tenant: string};

/**
 * Runs `run` once a slot is free; the slot is held until its promise settles. `backend` names
 * the backend the run talks to (its URL root, and its tenant): at most the per-backend share of
 * the slots go to one root, and at most half of that to one tenant of a root that has several.
 * Without a name a run counts against the global bound only. A `background` run (the
 * SLO sparklines) takes a free slot only while no other run waits for one. A run whose `signal`
 * aborts while it waits leaves the queue without ever starting (its read would answer a refresh
 * that already failed), and rejects with the signal's reason.
 */
export type RequestGate = (<T>(run: () => Promise<T>, backend?: GateBackend, background?: boolean, signal?: AbortSignal) => Promise<T>) & {
  /**
   * Tells the gate of a client's backend and tenant when the client is made, before any read:
   * a tenant that hangs from its first poll already keeps to half of a shared root's share.
   */
  know?(backend: GateBackend): void;
};

/** A run's keys in the gate's counts: its root and, when named, its tenant on that root. */
interface Keys {
  root: string;
  tenant?: string;
}

interface Waiting {
  backend: Keys | undefined;
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
  // Slots held per root and per tenant key (root, a newline, tenant: never a root).
  const held = new Map<string, number>();
  // The tenants seen per root; a root's clients are few and made at start, so this stays small.
  const tenants = new Map<string, Set<string>>();
  const tenantShare = Math.max(1, Math.ceil(perBackend / 2));
  const waiting: Waiting[] = [];
  const count = (key: string) => held.get(key) ?? 0;
  const keysOf = (backend: GateBackend | undefined): Keys | undefined => {
    if (backend === undefined) return undefined;
    if (typeof backend === 'string') return {root: backend};
    const tenant = `${backend.root}\n${backend.tenant}`;
    const seen = tenants.get(backend.root) ?? new Set<string>();
    tenants.set(backend.root, seen.add(tenant));
    return {root: backend.root, tenant};
  };
  const shareOf = (keys: Keys) => ((tenants.get(keys.root)?.size ?? 0) > 1 ? tenantShare : perBackend);
  const mayStart = (keys: Keys | undefined) =>
    running < max && (keys === undefined || (count(keys.root) < perBackend && (keys.tenant === undefined || count(keys.tenant) < shareOf(keys))));
  const take = (keys: Keys | undefined) => {
    running++;
    for (const key of keys === undefined ? [] : [keys.root, keys.tenant]) if (key !== undefined) held.set(key, count(key) + 1);
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
  const queued = (backend: Keys | undefined, background: boolean, signal: AbortSignal | undefined) =>
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
  const release = (keys: Keys | undefined) => {
    running--;
    for (const key of keys === undefined ? [] : [keys.root, keys.tenant]) {
      if (key === undefined) continue;
      const left = count(key) - 1;
      if (left > 0) held.set(key, left);
      else held.delete(key);
    }
    startWaiting();
  };
  const gate = async <T>(run: () => Promise<T>, name?: GateBackend, background = false, signal?: AbortSignal): Promise<T> => {
    signal?.throwIfAborted();
    const backend = keysOf(name);
    const ahead = background && waiting.some((w) => !w.background && mayStart(w.backend));
    if (!ahead && mayStart(backend)) take(backend);
    else await queued(backend, background, signal);
    try {
      return await run();
    } finally {
      release(backend);
    }
  };
  return Object.assign(gate, {know: (backend: GateBackend) => void keysOf(backend)});
}
