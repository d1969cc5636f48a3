/**
 * Ack as a query-core mutation. One execution posts every planned silence to every target
 * Alertmanager in parallel; a failed source is retried with backoff while the sources that
 * already hold their silence are never asked again (the progress lives in the mutation
 * variables). Every attempt and outcome goes to the action log through the injected recorder.
 */
import {MutationObserver, type MutationFunctionContext, type MutationOptions, type QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import {findCreated, targetsFor, type AckDraft} from '../domain/ack-plan.ts';
import type {Alert, SilenceDraft} from '../domain/alert.ts';
import {SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import {alertKey} from './alert-queries.ts';
import {retryDelay as backoff} from './query-client.ts';
import {
  failedResult,
  isGone,
  matcherTarget,
  newProgress,
  pruneSuperseded,
  recordSafely,
  retryWhile,
  SilenceFailure,
  statusOf,
  type SilenceOutcome,
  type SilenceProgress,
  type SilenceResult,
} from './silence-results.ts';

/**
 * What acks and unacks share: kept in the cache until superseded (a failed one must stay visible
 * with its retry key), retried with backoff while a source may still answer.
 */
function retainedRetries(mutationKey: readonly unknown[], deps: SilenceMutationDeps) {
  return {
    mutationKey,
    gcTime: Infinity,
    networkMode: 'always' as const,
    retry: retryWhile(deps.retry ?? 5),
    retryDelay: (failureCount: number) => (deps.retryDelay ?? backoff)(failureCount),
  };
}

/** Counts one more execution in the variables' progress (created on the first). */
function startAttempt(variables: {progress?: SilenceProgress}, deps: SilenceMutationDeps): SilenceProgress {
  const progress = (variables.progress ??= newProgress());
  progress.attempt++;
  progress.firstAttemptAt ??= deps.now();
  return progress;
}

/** Mutation key of a context's acks. */
export const ackKey = (context: string) => ['ack', context] as const;

/** What one ack sends: the planned silences and, per draft alert fingerprint, the target sources. */
export interface AckVariables {
  drafts: AckDraft[];
  /** Draft alert fingerprint → source names (see {@link ackTargets}). */
  targets: Record<string, string[]>;
  /** Filled in by the mutation: what is done so far. Leave unset. */
  progress?: SilenceProgress;
}

/** What the ack and unack mutations need besides the services. */
export interface SilenceMutationDeps {
  record: ActionRecorder;
  now: () => number;
  /** The context name written to the log; defaults to `services.context`. */
  context?: string;
  /** Retries after the first try (default 5), for unavailable/timeout failures only. */
  retry?: number;
  /** Delay before retry n (0-based); default the client's backoff, 1 s doubling to 30 s. */
  retryDelay?: (failureCount: number) => number;
}

/** The draft moved to start now, keeping its length: a late retry still acks for the chosen duration. */
function retimed(draft: SilenceDraft, now: number): SilenceDraft {
  const shift = Math.max(0, now - draft.startsAt);
  return shift === 0 ? draft : {...draft, startsAt: draft.startsAt + shift, endsAt: draft.endsAt + shift};
}

/**
 * The target sources of every draft: the Alertmanagers that reported its alert and can hold
 * silences, one per declared cluster (`SourceHandle.cluster`).
 */
export function ackTargets(services: ContextServices, drafts: readonly AckDraft[]): Record<string, string[]> {
  const sources = services.alertSources.map((s) => ({name: s.name, canSilence: typeof s.capabilities.createSilence === 'function'}));
  const clusters = Object.fromEntries(services.alertSources.map((s) => [s.name, s.cluster]));
  return Object.fromEntries(drafts.map((d) => [d.alert.fingerprint, targetsFor(d.alert, sources, clusters)]));
}

/** The variables of an ack of `drafts`, targets chosen by {@link ackTargets}. */
export function ackVariables(services: ContextServices, drafts: AckDraft[]): AckVariables {
  return {drafts, targets: ackTargets(services, drafts)};
}

/** The outcome recorded so far in the variables' progress, in draft and target order. */
export function ackOutcome(variables: AckVariables): SilenceOutcome {
  const results = Object.values(variables.progress?.results ?? {});
  return {status: statusOf(results), results};
}

/**
 * Options of the ack mutation (`mutationKey: ['ack', context]`). Resolves with an `ok` outcome;
 * rejects with a {@link SilenceFailure} carrying a `partial` or `failed` outcome. On settle the
 * context's alerts are invalidated, so the ACK (from the new silences) shows.
 */
export function ackMutationOptions(services: ContextServices, deps: SilenceMutationDeps): MutationOptions<SilenceOutcome, Error, AckVariables> {
  const context = deps.context ?? services.context;

  async function attemptOne(d: AckDraft, name: string, progress: SilenceProgress, prior: SilenceResult | undefined): Promise<SilenceResult> {
    const attempt = (prior?.attempts ?? 0) + 1;
    const fingerprint = d.alert.fingerprint;
    const draft = retimed(d.draft, deps.now());
    const handle = services.alertSources.find((s) => s.name === name);
    const base = {action: 'ack', context, target: matcherTarget(draft.matchers), source: name, attempt};
    const at = () => new Date(deps.now()).toISOString();
    const details = {fingerprint, covers: d.covers.map((a) => a.fingerprint), createdBy: draft.createdBy, comment: draft.comment, endsAt: new Date(draft.endsAt).toISOString()};
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt', details});
    try {
      const create = handle?.capabilities.createSilence;
      if (!handle || !create) throw new SourceFailure('bad-response', `${name} cannot create silences`);
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      let id: string | null = null;
      if (attempt > 1 && handle.capabilities.listSilences && progress.firstAttemptAt !== null) {
        id = findCreated((await handle.capabilities.listSilences()).value, draft, progress.firstAttemptAt)?.id ?? null;
      }
      const adopted = id !== null;
      id ??= await create.call(handle.capabilities, draft);
      await recordSafely(deps.record, {...base, at: at(), phase: 'success', silenceId: id, ...(adopted ? {details: {adopted: true}} : {})});
      return {fingerprint, source: name, ok: true, silenceId: id, retryable: false, attempts: attempt, ...(adopted ? {note: 'found after retry'} : {})};
    } catch (error) {
      const result = failedResult({fingerprint, source: name, attempts: attempt}, error);
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: result.error ?? 'failed'});
      return result;
    }
  }

  return {
    ...retainedRetries(ackKey(context), deps),
    mutationFn: async (variables) => {
      const progress = startAttempt(variables, deps);
      const jobs: Array<Promise<void>> = [];
      for (const d of variables.drafts) {
        const fingerprint = d.alert.fingerprint;
        const names = variables.targets[fingerprint] ?? [];
        if (names.length === 0) {
          progress.results[`${fingerprint}|`] = {fingerprint, source: 'none', ok: false, retryable: false, attempts: 0, error: 'no Alertmanager that can hold silences reported this alert'};
          continue;
        }
        for (const name of names) {
          const key = `${fingerprint}|${name}`;
          const prior = progress.results[key];
          // Done, or refused for good (400, auth): an automatic retry would not change the answer.
          if (prior && (prior.ok || !prior.retryable)) continue;
          // Reserve the slot now so results keep the draft/target order whatever finishes first.
          if (!prior) progress.results[key] = {fingerprint, source: name, ok: false, retryable: true, attempts: 0, note: 'sending'};
          jobs.push(attemptOne(d, name, progress, prior).then((r) => void (progress.results[key] = r)));
        }
      }
      await Promise.all(jobs);
      const outcome = ackOutcome(variables);
      if (outcome.status !== 'ok') throw new SilenceFailure(outcome);
      return outcome;
    },
    onSettled: (_data, _error, _variables, _result, ctx: MutationFunctionContext) => {
      pruneSuperseded(ctx.client, context, deps.now());
      return ctx.client.invalidateQueries({queryKey: alertKey(context)});
    },
  };
}

/** Mutation key of a context's unacks. */
export const unackKey = (context: string) => ['unack', context] as const;

/** What one unack expires: given silence ids, and/or the ack silences of given alerts. */
export interface UnackVariables {
  /** Expired on every source that can expire silences; an unknown id there counts as already gone. */
  silenceIds?: string[];
  /** Their ack silences (comment prefix) are looked up on each source and expired there. */
  alerts?: Alert[];
  /** Filled in by the mutation. Leave unset. */
  progress?: SilenceProgress;
}

type Expirable = ContextServices['alertSources'][number];

/**
 * Options of the unack mutation (`mutationKey: ['unack', context]`): expires each silence on the
 * source holding it. An unknown id is already gone, which is what the user wanted: ok.
 * Retries like the ack, only the failed sources.
 */
export function unackMutationOptions(services: ContextServices, deps: SilenceMutationDeps & {prefix: string}): MutationOptions<SilenceOutcome, Error, UnackVariables> {
  const context = deps.context ?? services.context;
  const at = () => new Date(deps.now()).toISOString();

  // Which (source, silence) pairs to expire; a source whose silences cannot be listed is a failure.
  async function pairsOf(variables: UnackVariables, progress: SilenceProgress): Promise<Array<{handle: Expirable; id: string; fingerprint?: string}>> {
    const pairs: Array<{handle: Expirable; id: string; fingerprint?: string}> = [];
    const expirers = services.alertSources.filter((s) => typeof s.capabilities.expireSilence === 'function');
    for (const handle of expirers) for (const id of variables.silenceIds ?? []) pairs.push({handle, id});
    const alerts = variables.alerts ?? [];
    if (alerts.length === 0) return pairs;
    await Promise.all(
      expirers.map(async (handle) => {
        const list = handle.capabilities.listSilences;
        if (!list) return;
        const key = `${handle.name}|*`;
        try {
          const silences = (await list.call(handle.capabilities)).value;
          delete progress.results[key];
          for (const alert of alerts) {
            for (const s of silences) {
              if (s.state === 'expired' || !s.comment.startsWith(deps.prefix) || !alert.silencedBy.includes(s.id)) continue;
              if (!pairs.some((p) => p.handle === handle && p.id === s.id)) pairs.push({handle, id: s.id, fingerprint: alert.fingerprint});
            }
          }
        } catch (error) {
          const result = failedResult({source: handle.name, attempts: (progress.results[key]?.attempts ?? 0) + 1, note: 'listing silences'}, error);
          progress.results[key] = result;
          await recordSafely(deps.record, {action: 'unack', context, phase: 'failure', at: at(), source: handle.name, attempt: result.attempts, target: {alerts: alerts.map((a) => a.fingerprint).join(',')}, error: result.error ?? 'failed'});
        }
      }),
    );
    return pairs;
  }

  async function expireOne(handle: Expirable, id: string, fingerprint: string | undefined, prior: SilenceResult | undefined): Promise<SilenceResult> {
    const attempt = (prior?.attempts ?? 0) + 1;
    const base = {action: 'unack', context, target: {silenceId: id}, source: handle.name, attempt, silenceId: id, ...(fingerprint ? {details: {fingerprint}} : {})};
    const fp = fingerprint ? {fingerprint} : {};
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt'});
    try {
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      try {
        await handle.capabilities.expireSilence!.call(handle.capabilities, id);
      } catch (error) {
        if (!isGone(error)) throw error;
        await recordSafely(deps.record, {...base, at: at(), phase: 'success', details: {...base.details, note: 'already gone'}});
        return {...fp, source: handle.name, ok: true, silenceId: id, retryable: false, attempts: attempt, note: 'already gone'};
      }
      await recordSafely(deps.record, {...base, at: at(), phase: 'success'});
      return {...fp, source: handle.name, ok: true, silenceId: id, retryable: false, attempts: attempt};
    } catch (error) {
      const result = failedResult({...fp, source: handle.name, silenceId: id, attempts: attempt}, error);
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: result.error ?? 'failed'});
      return result;
    }
  }

  return {
    ...retainedRetries(unackKey(context), deps),
    mutationFn: async (variables) => {
      const progress = startAttempt(variables, deps);
      const pairs = await pairsOf(variables, progress);
      await Promise.all(
        pairs.map(async ({handle, id, fingerprint}) => {
          const key = `${handle.name}|${id}`;
          const prior = progress.results[key];
          if (prior && (prior.ok || !prior.retryable)) return;
          if (!prior) progress.results[key] = {...(fingerprint ? {fingerprint} : {}), source: handle.name, silenceId: id, ok: false, retryable: true, attempts: 0, note: 'sending'};
          progress.results[key] = await expireOne(handle, id, fingerprint, prior);
        }),
      );
      const results = Object.values(progress.results);
      const outcome: SilenceOutcome = {status: statusOf(results), results};
      if (outcome.status !== 'ok') throw new SilenceFailure(outcome);
      return outcome;
    },
    onSettled: (_data, _error, _variables, _result, ctx: MutationFunctionContext) => {
      pruneSuperseded(ctx.client, context, deps.now());
      return ctx.client.invalidateQueries({queryKey: alertKey(context)});
    },
  };
}

/**
 * Runs an ack or unack through a MutationObserver (so it shows in the MutationCache like one
 * started by a key) and resolves with its outcome; never rejects. For one-shot commands and
 * views that only need the result.
 */
export async function runSilenceMutation<V>(client: QueryClient, options: MutationOptions<SilenceOutcome, Error, V>, variables: V): Promise<SilenceOutcome> {
  const observer = new MutationObserver(client, options);
  try {
    return await observer.mutate(variables);
  } catch (error) {
    if (error instanceof SilenceFailure) return error.outcome;
    return {status: 'failed', results: [failedResult({source: 'none', attempts: 0}, error)]};
  } finally {
    observer.reset();
  }
}
