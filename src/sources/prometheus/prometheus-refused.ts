/**
 * Keeping one SLO whose query Prometheus refuses from blanking every SLO of its context. The SLOs
 * of a context share each request, so one query Prometheus cannot parse (a MetricsQL function, a
 * typo) fails the whole batch with HTTP 400, and one it cannot evaluate (a many-to-many match)
 * with HTTP 422. On such an answer the batch is split in halves until
 * the refused SLOs are found; they are remembered (each with Prometheus' own error) and left out
 * of the next requests, so the search runs once, not on every poll, and the other SLOs keep their
 * numbers. A refusal is remembered per request (`scope`: the windows it carries): a query can be
 * refused for one window and evaluated for the others, and only that request's windows are lost.
 * It is remembered of the query refused, not of a name: contexts on one Prometheus share one
 * adapter, and an SLO or panel of one context may bear the name of another's with another query.
 * A 422 that names a load limit (too many samples, series or chunks) is not a refusal: the
 * request was too heavy for the server, not wrong, and it fails as that request.
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
  /** The SLOs of `slos` not known to be refused in `scope` (default: the one unnamed scope). */
  usable(slos: readonly T[], scope?: string): T[];
  /** Why Prometheus refused the query of `slo` in `scope`, or `undefined` when it did not. */
  errorOf(slo: T, scope?: string): string | undefined;
  /**
   * Runs `query` on the usable SLOs of `slos`. When Prometheus refuses it (HTTP 400 or 422, not a
   * load limit), the batch is split (and split again) until every refused SLO is found and
   * remembered for `scope`; the answers of the parts that went through are returned. Any other
   * failure is thrown as it is.
   * @param scope which request this is (e.g. its windows): a refusal holds only for its scope
   */
  run<R>(slos: readonly T[], query: (batch: T[]) => Promise<R>, scope?: string): Promise<R[]>;
}

/**
 * The query's fault, not the server's: Prometheus' `bad_data` (HTTP 400: the query does not parse
 * or names an unknown function) and `execution` (HTTP 422: it parses but cannot be evaluated, such
 * as a many-to-many match; Mimir and Thanos answer 422 for these too). A 503 (overloaded, or the
 * server's own query timeout) and a timeout say nothing of the query: they fail their request.
 */
export function isRefusal(error: unknown): error is HttpFailure {
  return error instanceof HttpFailure && (error.status === 400 || error.status === 422) && !isLoadLimit(error.detail ?? error.message);
}

/**
 * Prometheus answers 422 too when a query would load more than it allows (`query processing would
 * load too many samples into memory`), and Mimir, Cortex and Thanos when it exceeds their limits
 * on series, chunks or bytes fetched (`the query exceeded the maximum number of chunks`,
 * `max-fetched-series-per-query`). The query is fine; this request was heavy (the 30-day one,
 * most often), or longer than the server allows (Mimir's `the query time range exceeds the
 * limit`). Calling it refused would set the SLO aside in every window for minutes.
 */
const LOAD_LIMIT = /too many samples|exceed(s|ed)? .*limit|exceeded the maximum number of|max[-_ ]fetched|max(imum)?[-_ ](number of )?(series|chunks)|resource exhausted/i;

/** Whether a 400/422 error text is a server load limit rather than a fault of the query. */
export function isLoadLimit(text: string): boolean {
  return LOAD_LIMIT.test(text);
}

/** How a refusal reads: `Prometheus refused its query (HTTP 400): <Prometheus' own error>`. */
export function refusalText(failure: HttpFailure): string {
  return `Prometheus refused its query (HTTP ${failure.status}): ${failure.detail ?? failure.message}`;
}

/**
 * What a refusal of an SLO is remembered by: its whole definition (name, SLI queries, recorded
 * series, period), since any of them shapes the query sent. Two contexts' SLOs of one name and
 * different queries are two keys; the same SLO asked again is one.
 */
export function sloQueryKey(slo: {name: string}): string {
  return JSON.stringify(slo);
}

/**
 * @param now the clock, for how long a refusal is remembered
 * @param keyOf what identifies the query of an item (default {@link sloQueryKey}): a refusal is
 *   remembered by it, so an item of another context with the same name and another query is asked
 */
export function createRefusedSlos<T extends {name: string} = SloDefinition>(now: () => number = Date.now, keyOf: (item: T) => string = sloQueryKey): RefusedSlos<T> {
  const refused = new Map<string, {error: string; at: number}>();
  // One search at a time per scope: the polls of one request can overlap and would split the same
  // batch; the next one waiting first retries without what the previous search found.
  const searching = new Map<string, Promise<unknown>>();
  // Keys are asked for every item, scope and poll: computed once per object.
  const keys = new WeakMap<T, string>();
  const key = (scope: string, item: T) => {
    let own = keys.get(item);
    if (own === undefined) keys.set(item, (own = keyOf(item)));
    return `${scope}\u0000${own}`;
  };

  const isRefused = (item: T, scope: string): boolean => {
    const entry = refused.get(key(scope, item));
    if (entry && now() - entry.at >= REFUSED_TTL_MS) refused.delete(key(scope, item));
    return refused.has(key(scope, item));
  };
  const usable = (slos: readonly T[], scope = '') => slos.filter((s) => !isRefused(s, scope));

  /** `batch` was refused with `failure`: finds the refused SLOs in it, returns the other answers. */
  async function split<R>(batch: T[], failure: HttpFailure, query: (b: T[]) => Promise<R>, scope: string): Promise<R[]> {
    if (batch.length === 1) {
      refused.set(key(scope, batch[0]!), {error: refusalText(failure), at: now()});
      return [];
    }
    const middle = Math.ceil(batch.length / 2);
    const halves = await Promise.all([batch.slice(0, middle), batch.slice(middle)].map((half) => attempt(half, query, scope)));
    return halves.flat();
  }

  async function attempt<R>(batch: T[], query: (b: T[]) => Promise<R>, scope: string): Promise<R[]> {
    if (batch.length === 0) return [];
    try {
      return [await query(batch)];
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return split(batch, error, query, scope);
    }
  }

  return {
    usable,
    errorOf: (slo, scope = '') => (isRefused(slo, scope) ? refused.get(key(scope, slo))?.error : undefined),
    async run(slos, query, scope = '') {
      const batch = usable(slos, scope);
      if (batch.length === 0) return [];
      try {
        return [await query(batch)];
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const turn = (searching.get(scope) ?? Promise.resolve()).then(() => attempt(usable(batch, scope), query, scope));
        searching.set(scope, turn.catch(() => undefined));
        return turn;
      }
    },
  };
}
