/**
 * The reads of one refresh, all or none: a refresh whose SLOs ride in seven requests fails with
 * the first request that fails, and the other six are then abandoned instead of run to the end.
 * A Prometheus that is slow or failing is where this matters: its 30-day-window queries are its
 * most expensive work, a retry a second later sends them again, and each one left running holds
 * a slot of the shared gate. An abandoned read still waiting for a slot is never sent; one in
 * flight is cut, which also stops the server's evaluation of it.
 */

/**
 * Runs every task with one signal, resolving with their results in order. On the first rejection
 * the signal aborts (the others then fail as abandoned, quietly) and that first error is thrown.
 */
export async function allOrAbandon<T>(tasks: ReadonlyArray<(signal: AbortSignal) => Promise<T>>): Promise<T[]> {
  const controller = new AbortController();
  try {
    return await Promise.all(tasks.map((task) => task(controller.signal)));
  } catch (error) {
    controller.abort(error);
    throw error;
  }
}
