/**
 * Keeping one SLO whose query Prometheus refuses from blanking every SLO of its context. The SLOs
 * of a context share each request, so one query Prometheus cannot parse (a MetricsQL function, a
 * typo) fails the whole batch with HTTP 400, and one it cannot evaluate (a many-to-many match)
 * with HTTP 422. On such an answer the batch is split in halves until
 * the refused SLOs are found; they are remembered (each with Prometheus' own error) and left out
 * of the next requests, so the search runs once, not on every poll, and the other SLOs keep their
 * numbers.
 */
import type {SloDefinition} from '../../domain/slo.ts';
import {HttpFailure} from '../http/http-errors.ts';

/** How long a refused SLO stays left out before it is tried again (a fixed server, a reload). */
export const REFUSED_TTL_MS = 10 * 60_000;

/**
 * The SLOs a Prometheus refused, with why, shared by the ratio and history reads of one source.
 * Panels, batched the same way, use it too: anything with a name.
 */
export interface RefusedSlos<T extends {name: string} = SloDefinition> {
  /** The SLOs of `slos` not known to be refused. */
  usable(slos: readonly T[]): T[];
  /** Why Prometheus refused the query of the SLO named, or `undefined` when it did not. */
  errorOf(name: string): string | undefined;
  /**
   * Runs `query` on the usable SLOs of `slos`. When Prometheus refuses it (HTTP 400 or 422), the batch
   * is split (and split again) until every refused SLO is found and remembered; the answers of
   * the parts that went through are returned. Any other failure is thrown as it is.
   */
  run<R>(slos: readonly T[], query: (batch: T[]) => Promise<R>): Promise<R[]>;
}

/**
 * The query's fault, not the server's: Prometheus' `bad_data` (HTTP 400: the query does not parse
 * or names an unknown function) and `execution` (HTTP 422: it parses but cannot be evaluated, such
 * as a many-to-many match; Mimir and Thanos answer 422 for these too). A 503 (overloaded, or the
 * server's own query timeout) and a timeout say nothing of the query: they fail as the source.
 */
function isRefusal(error: unknown): error is HttpFailure {
  return error instanceof HttpFailure && (error.status === 400 || error.status === 422);
}

/** @param now the clock, for how long a refusal is remembered */
export function createRefusedSlos<T extends {name: string} = SloDefinition>(now: () => number = Date.now): RefusedSlos<T> {
  const refused = new Map<string, {error: string; at: number}>();
  // One search at a time: the windows of a refresh are asked in parallel and would all split the
  // same batch; the next one waiting first retries without what the previous search found.
  let searching: Promise<unknown> = Promise.resolve();

  const isRefused = (name: string): boolean => {
    const entry = refused.get(name);
    if (entry && now() - entry.at >= REFUSED_TTL_MS) refused.delete(name);
    return refused.has(name);
  };
  const usable = (slos: readonly T[]) => slos.filter((s) => !isRefused(s.name));

  /** `batch` was refused with `failure`: finds the refused SLOs in it, returns the other answers. */
  async function split<R>(batch: T[], failure: HttpFailure, query: (b: T[]) => Promise<R>): Promise<R[]> {
    if (batch.length === 1) {
      refused.set(batch[0]!.name, {error: `Prometheus refused its query (HTTP ${failure.status}): ${failure.detail ?? failure.message}`, at: now()});
      return [];
    }
    const middle = Math.ceil(batch.length / 2);
    const halves = await Promise.all([batch.slice(0, middle), batch.slice(middle)].map((half) => attempt(half, query)));
    return halves.flat();
  }

  async function attempt<R>(batch: T[], query: (b: T[]) => Promise<R>): Promise<R[]> {
    if (batch.length === 0) return [];
    try {
      return [await query(batch)];
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return split(batch, error, query);
    }
  }

  return {
    usable,
    errorOf: (name) => (isRefused(name) ? refused.get(name)?.error : undefined),
    async run(slos, query) {
      const batch = usable(slos);
      if (batch.length === 0) return [];
      try {
        return [await query(batch)];
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const turn = searching.then(() => attempt(usable(batch), query));
        searching = turn.catch(() => undefined);
        return turn;
      }
    },
  };
}
