/**
 * The reads of incidents' alerts (what links an incident to the Alertmanager alerts that paged
 * it), one request per incident. In an incident storm there are dozens: read one after another,
 * 40 answers of 350 ms each take 14 s, past the poll's wait for the source. They are read a few
 * at a time instead, a few being what one PagerDuty account's rate limit bears beside the polls
 * of every other reader of it; and the read of one incident still in flight is joined, never
 * sent again, by the next poll that wants it.
 */

/** How many incidents' alerts are read at once, across every read of the source. */
export const LINK_READS_AT_ONCE = 5;

/** What became of one incident's links in a read that waited `waitMs` at most. */
export type LinkResult<T> = {state: 'read'; value: T} | {state: 'failed'; error: unknown} | {state: 'waiting'};

/** Reads, each named by a key (an incident and its version), run a few at a time. */
export interface LinkReads<T> {
  /**
   * The results of `reads` (key → read), in order, once all are done or `waitMs` passed. A read
   * still running then goes on (its answer is cached by the read itself) and is said `waiting`.
   */
  settle(reads: ReadonlyArray<{key: string; read: () => Promise<T>}>, waitMs: number): Promise<Array<LinkResult<T>>>;
}

/** Creates the reader, `atOnce` reads running at most. */
export function createLinkReads<T>(atOnce: number = LINK_READS_AT_ONCE): LinkReads<T> {
  const inFlight = new Map<string, Promise<T>>();
  const queue: Array<() => void> = [];
  let running = 0;

  function next(): void {
    while (running < atOnce && queue.length > 0) {
      running++;
      queue.shift()!();
    }
  }

  function start(key: string, read: () => Promise<T>): Promise<T> {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const started = new Promise<T>((resolve, reject) => {
      queue.push(() => {
        read()
          .then(resolve, reject)
          .finally(() => {
            running--;
            if (inFlight.get(key) === started) inFlight.delete(key);
            next();
          });
      });
    });
    inFlight.set(key, started);
    // A read nobody waits for any more must not be an unhandled rejection.
    started.catch(() => {});
    next();
    return started;
  }

  return {
    async settle(reads, waitMs) {
      const results: Array<LinkResult<T>> = reads.map(() => ({state: 'waiting'}));
      const all = Promise.all(
        reads.map(({key, read}, i) =>
          start(key, read).then(
            (value) => void (results[i] = {state: 'read', value}),
            (error: unknown) => void (results[i] = {state: 'failed', error}),
          ),
        ),
      );
      if (!Number.isFinite(waitMs)) {
        await all;
        return results;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([all, new Promise<void>((ok) => (timer = setTimeout(ok, waitMs)))]);
      clearTimeout(timer);
      // A copy: the reads still running fill `results` later, after the caller read it.
      return [...results];
    },
  };
}
