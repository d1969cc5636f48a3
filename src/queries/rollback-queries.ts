/**
 * Rollback as a query-core mutation, and the polling of its run until it finishes. A rollback is
 * never retried automatically: one confirmation fires exactly one request.
 */
import {randomUUID} from 'node:crypto';
import type {MutationOptions, QueryClient, QueryObserverOptions} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {RollbackPlan, RollbackRun} from '../domain/deploy.ts';
import {CLAIM_ID_KEY, type RollbackSeen} from '../domain/rollback-claim.ts';
import {isRunFinished} from '../domain/rollback-plan.ts';
import {RateLimited, RollbackOutcomeUnknown, type ContextServices} from '../sources/capabilities.ts';
import {deployKey} from './deploy-queries.ts';
import {recordingFailures} from './last-failure.ts';
import {describeFailure} from './source-outcome.ts';

/** Mutation key of a context's rollbacks. */
export const rollbackKey = (context: string) => ['rollback', context] as const;

/** Query key of one rollback run being followed. */
export const rollbackRunKey = (context: string, runId: string) => ['rollback-run', context, runId] as const;

function planTarget(plan: RollbackPlan): Record<string, string> {
  return {service: plan.service, environment: plan.environment, from: plan.fromVersion, to: plan.toVersion, idempotencyKey: plan.idempotencyKey};
}

/**
 * A rollback not sent because its attempt could not be written to the action log, and nobody
 * agreed to send it unlogged: the next `oncall rollback --yes` or dashboard `R` would not see it.
 */
export class RollbackNotLogged extends Error {
  constructor(readonly reason: string) {
    super(`not sent: ${reason}, so a later oncall rollback --yes would not see this rollback`);
    this.name = 'RollbackNotLogged';
  }
}

/**
 * A rollback not sent because the action log, read again once its attempt was written, holds an
 * attempt of a rollback of the same target that the check before the confirmation did not see,
 * before this one's (another process started one meanwhile, or at the same moment): `reason`
 * names it. The attempt is closed in the log as failed, naming the other.
 */
export class RollbackRefused extends Error {
  constructor(readonly reason: string) {
    super(`not sent: ${reason}`);
    this.name = 'RollbackRefused';
  }
}

/** A rollback not sent because the user stopped it (Ctrl-C) before its request went out. */
export class RollbackStopped extends Error {
  constructor() {
    super('not sent: stopped by the user before it was sent');
    this.name = 'RollbackStopped';
  }
}

/**
 * Reads the log again once the attempt of `plan` carrying `claimId` is written (null: it could not
 * be), and rejects with {@link RollbackRefused} when an attempt of the same target that the check
 * did not see comes before it. See `domain/rollback-claim.ts`.
 */
export type ClaimRollback = (plan: RollbackPlan, claimId: string | null) => Promise<void>;

/**
 * Claims a rollback of `plan` in `context` by the log's order, judged against what the check
 * before the confirmation `seen` (composed in `cli/rollback-claim.ts`, for `oncall rollback` and
 * the dashboard alike).
 */
export type LogClaimer = (context: string, plan: RollbackPlan, seen: RollbackSeen, claimId: string | null) => Promise<void>;

/**
 * Options of the rollback mutation. Every attempt and its outcome go to the action log (`unknown`
 * when the request may have reached the provider before failing); on success the deploy history
 * is invalidated so the new run shows up. An attempt the log answers was not written is sent only
 * if `sendUnlogged(reason)` agrees (absent: never); otherwise the mutation fails with
 * {@link RollbackNotLogged} before anything is sent. With `claim`, the attempt carries a claim id
 * and the log is read again once it is written: of two rollbacks of one target confirmed at once,
 * the one later in the log finds the other's attempt before its own and fails with
 * {@link RollbackRefused}, its attempt closed as failed, nothing sent. `stopped`: asked right
 * before sending; true (the user pressed Ctrl-C) closes the attempt and fails with
 * {@link RollbackStopped}, nothing sent. `sending`: called once nothing is left to refuse, as the
 * request goes out.
 */
export function rollbackMutationOptions(
  client: QueryClient,
  services: ContextServices,
  deps: {record: ActionRecorder; now: () => number; sendUnlogged?: (reason: string) => Promise<boolean>; claim?: ClaimRollback; stopped?: () => boolean; sending?: () => void},
): MutationOptions<RollbackRun, Error, RollbackPlan> {
  const handle = services.rollbacker;
  const context = services.context;
  return {
    mutationKey: rollbackKey(context),
    retry: false,
    mutationFn: async (plan) => {
      if (!handle) throw new Error('no rollback backend is configured');
      if (services.readOnly) throw new Error('read-only context');
      const base = {action: 'rollback', context, target: planTarget(plan), source: handle.name};
      // Names this process's attempt, so that the log read back shows where it landed among others'.
      const claimId = deps.claim ? randomUUID() : null;
      const claimed = claimId === null ? {} : {[CLAIM_ID_KEY]: claimId};
      const unlogged = await deps.record({...base, at: new Date(deps.now()).toISOString(), phase: 'attempt', details: {description: plan.description, ...claimed}});
      // Closes the attempt (in case it landed after all, when its write was reported failed or torn).
      const close = (error: Error) => deps.record({...base, at: new Date(deps.now()).toISOString(), phase: 'failure', error: error.message, ...(claimId === null ? {} : {details: claimed})});
      if (unlogged && !(await (deps.sendUnlogged?.(unlogged.notLogged) ?? Promise.resolve(false)))) {
        const refused = new RollbackNotLogged(unlogged.notLogged);
        await close(refused);
        throw refused;
      }
      if (deps.claim) {
        try {
          await deps.claim(plan, unlogged ? null : claimId);
        } catch (error) {
          await close(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
      }
      // The last moment nothing has gone out: a Ctrl-C heard until now sends nothing.
      if (deps.stopped?.()) {
        const stopped = new RollbackStopped();
        await close(stopped);
        throw stopped;
      }
      deps.sending?.();
      try {
        const run = await handle.capabilities.rollback(plan);
        // Accepted with no run to follow (a webhook, a dispatch whose run cannot be identified):
        // no run id, and the log says it cannot be followed, and why when the provider says.
        const details = run.unfollowable ? {status: run.status, url: run.url, unfollowable: true, ...(run.unidentified === undefined ? {} : {unidentified: run.unidentified})} : {runId: run.id, status: run.status, url: run.url};
        await deps.record({...base, at: new Date(deps.now()).toISOString(), phase: 'success', details});
        return run;
      } catch (error) {
        // Failed after the request may have reached the provider: not a failure, it may have started.
        const unknown = error instanceof RollbackOutcomeUnknown;
        await deps.record({...base, at: new Date(deps.now()).toISOString(), phase: unknown ? 'unknown' : 'failure', error: describeFailure(error), ...(unknown ? {details: {check: error.check}} : {})});
        throw error;
      }
    },
    onSettled: () => client.invalidateQueries({queryKey: deployKey(context)}),
  };
}

/** True while a rollback of `service` is being sent (the in-flight lock of the dashboard). */
export function rollbackInFlight(client: QueryClient, context: string, service: string): boolean {
  return client
    .getMutationCache()
    .findAll({mutationKey: rollbackKey(context), status: 'pending'})
    .some((m) => (m.state.variables as RollbackPlan | undefined)?.service === service);
}

/**
 * Options to follow a triggered run until it finishes: polled every `intervalMs`, then stopped.
 * When the run finishes the deploy history is refreshed. Each failed read is recorded beside it
 * (`last-failure.ts`, by `now`, the runtime's clock), with since when the reads fail: a run not
 * read for minutes must not be shown as if its last state were current. A finished run is not
 * read again, even when every query is.
 */
export function rollbackRunQueryOptions(
  client: QueryClient,
  services: ContextServices,
  first: RollbackRun,
  opts: {intervalMs: number; now: () => number},
): QueryObserverOptions<RollbackRun, Error, RollbackRun, RollbackRun, ReturnType<typeof rollbackRunKey>> {
  const watcher = services.rollbacker?.capabilities;
  // The client's own retries (the dashboard's backoff), but never into a rate limit: its wait is the interval's.
  const retries = client.getDefaultOptions().queries?.retry;
  return {
    queryKey: rollbackRunKey(services.context, first.id),
    retry: (count, error) => !(error instanceof RateLimited) && (typeof retries === 'function' ? retries(count, error) : typeof retries === 'number' ? count < retries : retries === true),
    initialData: first,
    initialDataUpdatedAt: 0,
    // A run with nothing to follow (a webhook's) is never asked about: its status stays unknown.
    // A read refused for a spent rate limit that said when to ask again waits until then, as
    // `oncall rollback` does: asking every 2 s into the same refusal spends nothing but goodwill.
    refetchInterval: (query) => {
      if (first.unfollowable || (query.state.data && isRunFinished(query.state.data.status))) return false;
      const {error} = query.state;
      return error instanceof RateLimited && query.state.status === 'error' ? Math.max(opts.intervalMs, error.retryAfterMs) : opts.intervalMs;
    },
    queryFn: recordingFailures(async (ctx) => {
      if (!watcher?.getRun || first.unfollowable) return first;
      // A finished run cannot change, and is not polled: a refresh (`r`, a change of the clock's
      // skew) that reads it again during an outage would turn '✔ done' into a failed read for
      // good, no later poll putting it back.
      const known = ctx.client.getQueryData<RollbackRun>(ctx.queryKey);
      if (known && isRunFinished(known.status)) return known;
      const run = await watcher.getRun(first.id);
      if (isRunFinished(run.status)) void client.invalidateQueries({queryKey: deployKey(services.context)});
      return run;
    }, opts.now),
  };
}
