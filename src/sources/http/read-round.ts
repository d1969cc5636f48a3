/**
 * The reads sent together to one backend (one refresh's, one command's), given up together
 * once the backend looks down.
 *
 * Why: a backend that hangs (an overloaded Prometheus: it accepts the connection and never
 * answers) makes each read wait for its own timeout, and the reads queued behind its share of
 * the request gate only start once a slot frees, that is, after a timeout. A refresh of seven
 * reads through a share of two then took four timeouts before the source was said to be down,
 * and `status` waited for its sparkline and alerts reads on top. Once one read of the round timed
 * out (or its connection was refused or reset), the reads of the round still waiting for a slot
 * fail at once with that cause, never sent. Reads already sent keep their own timeout (they may
 * still answer).
 *
 * A round is the reads of a client (or of the clients of one source) pending together: it begins
 * with a read when none is pending and ends when none is, or when it gives up. Nothing outlives
 * it: the next refresh's reads make a new round and try the backend again.
 */
import {HttpFailure} from './http-errors.ts';

/** One round's view for one read (see the file comment). */
export interface ReadRound {
  /** Aborts once a read of the round found the backend down; the gate drops the reads still queued. */
  readonly signal: AbortSignal;
  /** Notes a read's failure: one that says the backend is down (`HttpFailure.down`) gives up the queued reads. */
  failed(error: unknown): void;
  /** The failure of a read given up while queued, `where` naming it (`POST https://prom/api/v1/query`). */
  notSent(where: string): HttpFailure;
  /** The read is settled: a round with no read pending is over. */
  leave(): void;
}

/** The rounds of one backend's reads, shared by the clients that talk to it. */
export interface ReadRounds {
  /** The round a read about to be gated belongs to: the one under way, or a new one. */
  join(): ReadRound;
  /** Whether `error` is a read these rounds gave up, not a failure of its own. */
  gaveUp(error: unknown): boolean;
}

/**
 * Rounds for one backend. Their messages do not name it: every place that shows a source's
 * failure puts the source's name before it (`prom: timeout: …`), and a second one read badly.
 */
export function createReadRounds(): ReadRounds {
  const given = new WeakSet<object>();
  let open: {controller: AbortController; pending: number; cause: HttpFailure | null} | null = null;
  return {
    join() {
      // A round that gave up takes no new read: a later refresh tries the backend again.
      if (open === null || open.controller.signal.aborted) open = {controller: new AbortController(), pending: 0, cause: null};
      const mine = open;
      mine.pending++;
      let left = false;
      return {
        signal: mine.controller.signal,
        failed(error) {
          if (mine.cause !== null || !(error instanceof HttpFailure) || error.down === null) return;
          mine.cause = error;
          mine.controller.abort(error);
        },
        notSent(where) {
          // The kind of the read that failed: the source is timed out or unavailable, as that read says.
          const cause = mine.cause;
          const failure = new HttpFailure(cause?.kind ?? 'unavailable', `${where}: not sent: the backend ${cause?.down ?? 'failed'} on an earlier read of this refresh`, null, null, null, true);
          given.add(failure);
          return failure;
        },
        leave() {
          if (left) return;
          left = true;
          if (--mine.pending === 0 && open === mine) open = null;
        },
      };
    },
    gaveUp: (error) => typeof error === 'object' && error !== null && given.has(error),
  };
}
