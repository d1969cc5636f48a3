/**
 * The latest failed attempt of a query, kept until an attempt succeeds.
 *
 * Why not query-core's own state: its `failureReason` is cleared when the next fetch starts, and
 * so is `error` when the query has no data yet. A source that never answered would then read as
 * "no error" for the whole of every new attempt (up to the request timeout, on each poll) and the
 * header would show it as merely pending, or worse. Each attempt's outcome is therefore recorded
 * as it happens, in a companion query of the same client, which views observe like any other.
 */
import {skipToken, type QueryFunctionContext, type QueryKey, type QueryObserverOptions} from '@tanstack/query-core';

/** A failed attempt: what was thrown and when. */
export interface FailedAttempt {
  error: Error;
  at: number;
  /** When the first of the attempts failing since the last success failed (`at` for the first). */
  since: number;
  /** How many attempts in a row have failed, this one included (query-core's retries count). */
  failures: number;
}

/** The key under which the latest failure of the query `key` is kept. */
export const lastFailureKey = (key: QueryKey) => ['last-failure', ...key] as const;

/**
 * Wraps a query function: each attempt (query-core's retries included) records its failure, and
 * a success clears it, before query-core sees the outcome.
 */
export function recordingFailures<T, K extends QueryKey>(fn: (ctx: QueryFunctionContext<K>) => Promise<T>, now: () => number) {
  return async (ctx: QueryFunctionContext<K>): Promise<T> => {
    const key: QueryKey = lastFailureKey(ctx.queryKey);
    try {
      const value = await fn(ctx);
      if (ctx.client.getQueryData(key)) ctx.client.setQueryData<FailedAttempt | null>(key, null);
      return value;
    } catch (error) {
      const at = now();
      // A success clears the record, so one still there is a failure of this same streak.
      const prior = ctx.client.getQueryData<FailedAttempt | null>(key);
      const failed: FailedAttempt = {error: error instanceof Error ? error : new Error(String(error)), at, since: prior?.since ?? at, failures: (prior?.failures ?? 0) + 1};
      ctx.client.setQueryData<FailedAttempt | null>(key, failed);
      throw error;
    }
  };
}

/** Options to observe the latest failure of the query `key` (never fetched, only written). */
export function lastFailureOptions(key: QueryKey): QueryObserverOptions<FailedAttempt | null, Error, FailedAttempt | null, FailedAttempt | null, QueryKey> {
  return {queryKey: lastFailureKey(key), queryFn: skipToken};
}
