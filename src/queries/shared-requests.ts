/**
 * The same backend shared by several contexts is asked once per question: while a read is in
 * flight, the same read from another context (same adapter object, same arguments) waits for
 * its answer instead of sending a second request. Polls of one cadence fire together
 * (`alignedInterval`), so two contexts on one Prometheus or Alertmanager cost one request.
 * Nothing is cached past the answer: the next poll asks again.
 */

/**
 * An instant as part of a read's question: its second. The polls of one cadence fire at the
 * same tick, a few milliseconds apart (`alignedInterval`), so their reads fall in one second and
 * are shared; a read of another instant (the past of time travel, the present again after it)
 * is another question, never given the answer of this one.
 */
const second = (at: unknown): unknown => (typeof at === 'number' ? Math.floor(at / 1000) : at);

/**
 * The arguments that make two reads the same question, per read, the instants (`at`, `from`,
 * `to`) to the second. `null`: this read is never shared, it is always its own request.
 */
const READS: Readonly<Record<string, (args: readonly unknown[]) => string | null>> = {
  listAlerts: (args) => ((args[0] as {once?: boolean} | undefined)?.once === true ? 'once' : ''),
  // An action's read is its own request: a poll's may still wait in the request gate, and a
  // read sent before the action's write (another action's, a poll's) would not show it. A
  // read-back after a lost answer must see the write: a stale answer reads as "it did not land".
  listSilences: (args) => ((args[0] as {forAction?: boolean} | undefined)?.forAction === true ? null : ''),
  listDeploys: () => '',
  // PagerDuty's on-calls, the dashboard header's poll and `whoison`.
  listOncalls: () => '',
  readPanels: (args) => JSON.stringify([args[0], second(args[1])]),
  readRatios: (args) => JSON.stringify([args[0], args[1], second(args[2])]),
  readHistory: (args) => JSON.stringify([args[0], second(args[1]), second(args[2]), args[3]]),
};

/**
 * `capabilities` with its reads shared while in flight; every other member (writes, `close`)
 * is passed through as it is, and a member it lacks stays absent.
 */
export function sharingReads<T extends object>(capabilities: T): T {
  const out: Record<string, unknown> = {...(capabilities as Record<string, unknown>)};
  for (const [name, keyOf] of Object.entries(READS)) {
    const read = out[name];
    if (typeof read !== 'function') continue;
    const inFlight = new Map<string, Promise<unknown>>();
    out[name] = (...args: unknown[]) => {
      const key = keyOf(args);
      if (key === null) return (read as (...a: unknown[]) => Promise<unknown>).apply(capabilities, args);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const started = (read as (...a: unknown[]) => Promise<unknown>).apply(capabilities, args);
      inFlight.set(key, started);
      const done = () => {
        if (inFlight.get(key) === started) inFlight.delete(key);
      };
      started.then(done, done);
      return started;
    };
  }
  return out as T;
}
