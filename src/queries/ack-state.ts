/**
 * The state of every ack and unack in flight or recently finished, per alert, derived from
 * query-core's MutationCache (never kept by hand): pending, retrying, failed, partial, unknown or done,
 * with the per-source results. The alert pane shows it next to the alert; `R` retries a failure.
 */
import type {Mutation, MutationOptions, QueryClient} from '@tanstack/query-core';
import {ackResultKey, startSilenceMutation, type AckVariables} from './ack-mutations.ts';
import type {UnackVariables} from './unack-mutations.ts';
import {describeFailure} from './source-outcome.ts';
import {SilenceFailure, silenceMutations, type SilenceOutcome, type SilenceProgress, type SilenceResult} from './silence-results.ts';
import {newerAbout} from './silence-retry.ts';

/** Where an alert's latest ack or unack stands. */
export type AckStatus = 'pending' | 'retrying' | 'failed' | 'done' | 'partial' | 'unknown';

/** The latest ack or unack of one alert. */
export interface AckState {
  action: 'ack' | 'unack';
  status: AckStatus;
  /** Tries so far (1 while the first is in flight). */
  attempts: number;
  /** The first failure's message, for the row; `null` when nothing failed. */
  error: string | null;
  /** Per-source results (for the detail view): which Alertmanager holds which silence. */
  sources: SilenceResult[];
  /** Epoch ms the action was started. */
  submittedAt: number;
}

/** Fingerprint → state of the latest ack or unack of that alert. */
export type AckStates = ReadonlyMap<string, AckState>;

type AnyMutation = Mutation<unknown, Error, unknown, unknown>;

/**
 * Whose acks and unacks to read: one context's, those of several (contexts sharing one alert set
 * show each other's in flight: the row is listed under one, the ack may go through another), or
 * all contexts' (undefined).
 */
export type AckContexts = string | readonly string[] | undefined;

function isSilenceMutation(m: AnyMutation, context?: AckContexts): boolean {
  const key = m.options.mutationKey;
  if (key?.[0] !== 'ack' && key?.[0] !== 'unack') return false;
  if (context === undefined) return true;
  return typeof context === 'string' ? key[1] === context : context.includes(key[1] as string);
}

// Each alert of a mutation and the results that concern it.
function alertsOf(m: AnyMutation): Array<{fingerprint: string; own: SilenceResult[]}> {
  const v = m.state.variables as (AckVariables & UnackVariables) | undefined;
  const byKey = v?.progress?.results ?? {};
  const results = Object.values(byKey);
  if (m.options.mutationKey?.[0] === 'ack') {
    return (v?.drafts ?? []).flatMap((d) => {
      // An incident another draft acknowledges (the alert that paged it) is this row's outcome too.
      const covered = (v?.covered?.[d.alert.fingerprint] ?? []).flatMap((c) => byKey[ackResultKey(c.by, c.key)] ?? []);
      const own = [...results.filter((r) => r.fingerprint === d.alert.fingerprint), ...covered];
      return d.covers.map((a) => ({fingerprint: a.fingerprint, own}));
    });
  }
  // A source whose silences could not be listed concerns every alert of the unack.
  return (v?.alerts ?? []).map((a) => ({fingerprint: a.fingerprint, own: results.filter((r) => r.fingerprint === a.fingerprint || r.fingerprint === undefined)}));
}

function stateOf(m: AnyMutation, own: SilenceResult[]): AckState {
  const progress = (m.state.variables as {progress?: SilenceProgress} | undefined)?.progress;
  const allOk = own.length > 0 && own.every((r) => r.ok);
  const running = m.state.status === 'pending' || m.state.status === 'idle';
  let status: AckStatus;
  if (running) status = allOk ? 'done' : m.state.failureCount > 0 ? 'retrying' : 'pending';
  else if (m.state.status === 'success') status = 'done';
  // A silence that may or may not be there is said so, never counted as failed or done.
  else status = allOk ? 'done' : own.some((r) => !r.ok && r.unknown) ? 'unknown' : own.some((r) => r.ok) ? 'partial' : 'failed';
  const failed = own.find((r) => !r.ok && r.error !== undefined);
  const unexpected = m.state.error && !(m.state.error instanceof SilenceFailure) ? describeFailure(m.state.error) : null;
  return {
    action: m.options.mutationKey?.[0] === 'unack' ? 'unack' : 'ack',
    status,
    // While `onMutate` runs the first try has not counted itself yet.
    attempts: Math.max(running ? 1 : 0, ...(own.some((r) => r.attempts > 0) ? own.map((r) => r.attempts) : [progress?.attempt ?? 0])),
    error: failed?.error ?? unexpected,
    sources: own,
    submittedAt: m.state.submittedAt,
  };
}

/** The state of each alert's latest ack or unack (of `context`, or all contexts). */
export function ackStates(client: QueryClient, context?: AckContexts): Map<string, AckState> {
  const out = new Map<string, AckState>();
  const mutations = client.getMutationCache().getAll().filter((m) => isSilenceMutation(m, context));
  // Oldest first, so the latest action on an alert is the one left in the map.
  for (const m of [...mutations].sort((a, b) => a.mutationId - b.mutationId)) {
    for (const {fingerprint, own} of alertsOf(m)) out.set(fingerprint, stateOf(m, own));
  }
  return out;
}

/**
 * `shown` (the states a render drew) brought up to date with `context`'s mutations now: keys
 * arrive in one chunk over a slow link, and the second `a` of `aa` is planned before any render
 * has shown the first ack in flight. Of the two states of an alert, the later started wins.
 */
export function currentAckStates(client: QueryClient, context: string, shown: AckStates): AckStates {
  const out = new Map(shown);
  for (const [fingerprint, state] of ackStates(client, context)) {
    // One started through another context the render shows (a shared alert set) may be newer.
    if ((shown.get(fingerprint)?.submittedAt ?? -Infinity) <= state.submittedAt) out.set(fingerprint, state);
  }
  return out;
}

/** Calls `listener` whenever an ack or unack changes; returns the unsubscribe function. */
export function subscribeAckStates(client: QueryClient, listener: () => void): () => void {
  return client.getMutationCache().subscribe((event) => {
    // Some events (observer option updates) carry no mutation.
    if (event.mutation && isSilenceMutation(event.mutation as AnyMutation)) listener();
  });
}

/**
 * A `useSyncExternalStore` pair: `getSnapshot` returns the same Map until an ack or unack
 * actually changed (React requires a stable snapshot), recomputing lazily.
 */
export function createAckStateStore(client: QueryClient, context?: AckContexts): {subscribe(listener: () => void): () => void; getSnapshot(): AckStates} {
  let signature = '';
  let snapshot: AckStates = new Map();
  return {
    subscribe: (listener) => subscribeAckStates(client, listener),
    getSnapshot: () => {
      const now = client
        .getMutationCache()
        .getAll()
        .filter((m) => isSilenceMutation(m, context))
        .map((m) => `${m.mutationId}:${m.state.status}:${m.state.failureCount}`)
        .join(',');
      if (now !== signature) {
        signature = now;
        snapshot = ackStates(client, context);
      }
      return snapshot;
    },
  };
}

/**
 * Retries the latest failed (or partly failed) ack or unack of an alert now, with the same
 * options. Sources that succeeded keep their silence and are not asked again; sources refused
 * for good (a 400, auth) are tried again, since the user asked. Resolves with the outcome of
 * that try (never rejects; further retries go on in the cache); `'woken'` when the action is still retrying (its next try goes now); `null` when the
 * alert has no failed action to retry.
 */
export async function retryAck(client: QueryClient, fingerprint: string, context?: string): Promise<SilenceOutcome | 'woken' | null> {
  const candidates = client
    .getMutationCache()
    .getAll()
    .filter((m) => isSilenceMutation(m, context) && alertsOf(m).some((a) => a.fingerprint === fingerprint))
    .sort((a, b) => b.mutationId - a.mutationId);
  const latest = candidates[0];
  const old = latest?.state.variables as (AckVariables & UnackVariables) | undefined;
  // Still retrying: its next try goes now (or is going already).
  if (latest?.state.status === 'pending') {
    old?.progress?.wake?.();
    return 'woken';
  }
  if (!latest || latest.state.status !== 'error' || !old) return null;
  // A group ack's drafts whose every alert has a newer ack or unack since stay out: retried, they
  // would replace the user's newer ack of that alert (`:ack 1h` cut back to the group's 15m), and
  // the retry, newer still, would stop that ack's own retries.
  const newer = newerAbout(silenceMutations(client, latest.options.mutationKey?.[1] as string), latest.mutationId, alertsOf(latest).map((a) => a.fingerprint));
  const drafts = old.drafts?.filter((d) => !(d.covers.length > 0 ? d.covers : [d.alert]).every((a) => newer.has(a.fingerprint)));
  const dropped = new Set((old.drafts ?? []).filter((d) => !drafts?.includes(d)).map((d) => d.alert.fingerprint));
  const results: Record<string, SilenceResult> = {};
  for (const [key, r] of Object.entries(old.progress?.results ?? {})) {
    if (r.fingerprint !== undefined && dropped.has(r.fingerprint)) continue;
    results[key] = r.ok ? r : {...r, retryable: true};
  }
  const variables = {...old, ...(drafts ? {drafts} : {}), progress: {attempt: old.progress?.attempt ?? 0, firstAttemptAt: old.progress?.firstAttemptAt ?? null, results, now: true}};
  return (await startSilenceMutation(client, latest.options as MutationOptions<SilenceOutcome, Error, typeof variables>, variables)).outcome;
}
