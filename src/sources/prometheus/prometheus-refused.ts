/**
 * Keeping one SLO whose query Prometheus refuses from blanking every SLO of its context. The SLOs
 * of a context share each request, so one query Prometheus cannot parse (a MetricsQL function, a
 * typo) fails the whole batch with HTTP 400. On such an answer the batch is split in halves until
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
   * Runs `query` on the usable SLOs of `slos`. When Prometheus refuses it with HTTP 400, the batch
   * is split (and split again) until every refused SLO is found and remembered; the answers of
   * the parts that went through are returned. Any other failure is thrown as it is.
   */
  run<R>(slos: readonly T[], query: (batch: T[]) => Promise<R>): Promise<R[]>;
}

/** Prometheus' `bad_data` (the query does not parse or names an unknown function): the query's fault. */
function isRefusal(error: unknown): error is HttpFailure {
  return error instanceof HttpFailure && error.status === 400;
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
      refused.set(batch[0]!.name, {error: `Prometheus refused its query (HTTP 400): ${failure.detail ?? failure.message}`, at: now()});
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
