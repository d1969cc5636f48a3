/**
 * How acks and unacks keep trying. query-core's retryer runs the mutation again after every
 * retryable failure (so the MutationCache shows `retry N…`), with no delay of its own: the wait
 * happens at the start of the next try, where it can end early — when the alert poll sees a
 * failed Alertmanager answer again, or when the user presses `a` — instead of sleeping out a
 * 30-second backoff while the Alertmanager is already back. In the dashboard it keeps trying for
 * as long as it runs; it stops when a newer ack or unack of the same alerts takes over.
 */
import type {QueryClient} from '@tanstack/query-core';
import {retryDelay as backoff} from './query-client.ts';
import {fingerprintsOf, newProgress, retryWhile, type SilenceProgress} from './silence-results.ts';

/** Retry settings an ack or unack takes from its caller. */
export interface RetrySettings {
  /** Retries after the first try; unbounded when unset (the dashboard), a few for one-shot commands. */
  retry?: number;
  /** Delay before retry n (0-based); default the client's backoff, 1 s doubling to 30 s. */
  retryDelay?: (failureCount: number) => number;
  now: () => number;
}

/**
 * What acks and unacks share: kept in the cache until superseded (a failed one must stay visible
 * with its retry key), run again at once after a retryable failure (the wait is {@link waitToRetry}).
 */
export function retainedRetries(mutationKey: readonly unknown[], deps: RetrySettings) {
  return {
    mutationKey,
    gcTime: Infinity,
    networkMode: 'always' as const,
    retry: retryWhile(deps.retry ?? Infinity),
    retryDelay: 0,
  };
}

/** Counts one more execution in the variables' progress (created on the first). */
export function startAttempt(variables: {progress?: SilenceProgress}, deps: RetrySettings): SilenceProgress {
  const progress = (variables.progress ??= newProgress());
  progress.attempt++;
  progress.firstAttemptAt ??= deps.now();
  return progress;
}

type AlertsData = {outcomes?: Array<{name: string; ok: boolean}>} | undefined;

/**
 * Waits before try `progress.attempt` (the backoff for the failures so far), ending early when
 * an alert poll of `context` finds one of `sources` answering again, or when `progress.wake` is
 * called (the user asked to retry now).
 */
export function waitToRetry(client: QueryClient, context: string, sources: readonly string[], progress: SilenceProgress, deps: RetrySettings): Promise<void> {
  const delay = (deps.retryDelay ?? backoff)(Math.max(0, progress.attempt - 2));
  if (progress.now) {
    delete progress.now;
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      delete progress.wake;
      resolve();
    };
    const timer = setTimeout(done, delay);
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const key = event.query.queryKey;
      if (key[0] !== 'alerts' || key[1] !== context) return;
      if ((event.action.data as AlertsData)?.outcomes?.some((o) => o.ok && sources.includes(o.name))) done();
    });
    progress.wake = done;
  });
}

/**
 * True when every alert of the mutation holding `variables` has a newer ack or unack: that one
 * is what the user wants now, and this one must not land late and undo it.
 */
export function isSuperseded(client: QueryClient, context: string, variables: object): boolean {
  const mine = client.getMutationCache().getAll().filter((m) => (m.options.mutationKey?.[0] === 'ack' || m.options.mutationKey?.[0] === 'unack') && m.options.mutationKey?.[1] === context);
  const self = mine.find((m) => m.state.variables === variables);
  if (!self) return false;
  const fps = fingerprintsOf(variables);
  return fps.length > 0 && fps.every((fp) => mine.some((m) => m.mutationId > self.mutationId && fingerprintsOf(m.state.variables).includes(fp)));
}
