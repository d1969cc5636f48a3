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
import type {ActionPhase} from '../domain/action-log.ts';
import {fingerprintsOf, mentionsSilence, newProgress, retryWhile, silenceMutations, type SilenceProgress, type SilenceResult} from './silence-results.ts';

/** What an ack or unack stopped by the dashboard closing says of itself. */
export const CLOSED_WHILE_RETRYING = 'stopped: the dashboard closed while retrying';

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
  if (progress.now || progress.closing || progress.unacked) {
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
  const fps = fingerprintsOf(variables);
  const newer = takenOverAlerts(client, context, variables);
  return fps.length > 0 && fps.every((fp) => newer.has(fp));
}

/**
 * The alerts of the mutation holding `variables` that a newer ack or unack is about. A draft of
 * an older group ack whose every alert is among them is not sent again, while its other drafts
 * go on: sent, it would replace the user's newer, longer ack of that alert with its own end.
 */
export function takenOverAlerts(client: QueryClient, context: string, variables: object): Set<string> {
  const mine = silenceMutations(client, context);
  const self = mine.find((m) => m.state.variables === variables);
  if (!self) return new Set();
  return newerAbout(mine, self.mutationId, fingerprintsOf(variables));
}

/** Which of `fingerprints` an action of `mutations` newer than `since` (a mutation id) is about. */
export function newerAbout(mutations: ReturnType<typeof silenceMutations>, since: number, fingerprints: readonly string[]): Set<string> {
  const newer = new Set<string>();
  for (const m of mutations) {
    if (m.mutationId <= since) continue;
    for (const fp of fingerprintsOf(m.state.variables)) if (fingerprints.includes(fp)) newer.add(fp);
  }
  return newer;
}

/** What an ack's unsettled targets say once a newer unack of one of its alerts stopped it. */
export const STOPPED_BY_UNACK = 'stopped: superseded by an unack';

/**
 * Makes the older acks of the alerts of `variables` (a newer ack or unack, before its first try)
 * give way to it. One waiting to retry is woken, and stops at once as superseded
 * ({@link isSuperseded}); a newer unack stops it whole even when it covers only some of its
 * alerts (`progress.unacked`), since its retry would send again the silence of every alert it
 * covers, the unacked one too. One whose try is sending is waited for: its request cannot be called
 * back, and landing after this action read the silences it would add a silence the read did not
 * see (beside a new ack's, or left silencing after an unack); once it has its answer, this
 * action's read finds that silence and replaces or expires it.
 */
export async function takeOverOlder(client: QueryClient, context: string, variables: object): Promise<void> {
  const all = silenceMutations(client, context);
  const self = all.find((m) => m.state.variables === variables);
  if (!self) return;
  const fps = fingerprintsOf(variables);
  // Only acks send requests that add a silence; an older unack's late expiry undoes nothing new.
  const older = all.filter((m) => m.options.mutationKey?.[0] === 'ack' && m.mutationId < self.mutationId && m.state.status === 'pending' && fingerprintsOf(m.state.variables).some((fp) => fps.includes(fp)));
  const unack = self.options.mutationKey?.[0] === 'unack';
  const sending: Array<Promise<unknown>> = [];
  for (const m of older) {
    const variables = m.state.variables as {progress?: SilenceProgress} | undefined;
    // Set before the wake, which the older ack's next try checks at once.
    if (unack && variables) (variables.progress ??= newProgress()).unacked = true;
    const progress = variables?.progress;
    progress?.wake?.();
    if (progress?.trying) sending.push(progress.trying);
  }
  await Promise.allSettled(sending);
}

/**
 * The newest ack or unack started so far, of any context (its mutation id; 0 when none). The
 * cache numbers mutations as they start, so one with a greater id started after this call.
 * Every context counts, since two may read one Alertmanager.
 */
export function newestSilenceAction(client: QueryClient): number {
  return Math.max(0, ...silenceMutations(client, null).map((m) => m.mutationId));
}

/**
 * Whether the user's own latest word on an ack, in this process (any of its contexts: by the
 * silence; its own context: by the alert too), takes over from what was read
 * of it when the newest action was `since` ({@link newestSilenceAction}): `'unack'` when the
 * latest ack or unack of its alerts (or of its silence by id) is an unack still in flight or
 * started since; `'ack'` when it is an ack started since; `null` otherwise. As for a retry that
 * {@link isSuperseded} stops, the newer action is what the user wants: the ack keeper must not
 * extend an ack over it (an expired silence sent again with its id comes back as a new one).
 */
export function takenOverSince(client: QueryClient, context: string, about: {fingerprints: readonly string[]; silenceId: string}, since: number): 'ack' | 'unack' | null {
  // Of this context, by alert or silence; of another context (which may read the same
  // Alertmanager: the dashboard shows such an alert once, under both names), by the silence
  // alone, since an alert of the same labels elsewhere is another alert.
  const concerned = silenceMutations(client, null).filter((m) => {
    const v = m.state.variables;
    if (mentionsSilence(v, about.silenceId)) return true;
    return m.options.mutationKey?.[1] === context && fingerprintsOf(v).some((fp) => about.fingerprints.includes(fp));
  });
  const latest = concerned.sort((a, b) => b.mutationId - a.mutationId)[0];
  if (!latest) return null;
  const newer = latest.mutationId > since;
  if (latest.options.mutationKey?.[0] === 'unack') return newer || latest.state.status === 'pending' || latest.state.status === 'idle' ? 'unack' : null;
  return newer ? 'ack' : null;
}

/**
 * Stops every ack and unack of `client` waiting to retry (the dashboard is closing): the one
 * waiting now wakes and ends at once, one whose try is sending ends once it has its answer.
 * Without it an ack against a down Alertmanager retries for as long as the process runs.
 */
export function stopRetries(client: QueryClient): void {
  for (const m of silenceMutations(client, null)) {
    if (m.state.status !== 'pending') continue;
    const variables = m.state.variables as {progress?: SilenceProgress} | undefined;
    if (!variables) continue;
    const progress = (variables.progress ??= newProgress());
    progress.closing = true;
    progress.wake?.();
  }
}

/**
 * The log entry's phase and error for a target left unsettled when a retrying action stopped on
 * close: the last try's outcome stands. Unknown stays unknown (an earlier try may have landed);
 * a plain failure stays a failure (no try landed).
 */
export function closedOutcome(last: SilenceResult | undefined): {phase: ActionPhase; error: string} {
  const why = last?.error ?? 'no answer yet';
  return last?.unknown ? {phase: 'unknown', error: `${CLOSED_WHILE_RETRYING}; ${why}`} : {phase: 'failure', error: `${CLOSED_WHILE_RETRYING} (last try: ${why})`};
}
