/**
 * Rollbacks from the dashboard: fires the mutation for a confirmed plan (at most one in flight per
 * service) and follows every triggered run until it finishes.
 */
import {MutationObserver, type QueryClient, type QueryObserverOptions} from '@tanstack/query-core';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {rollbackWatchEntry, type ActionRecorder} from '../../domain/action-log.ts';
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {isRunFinished} from '../../domain/rollback-plan.ts';
import {rollbackInFlight, rollbackMutationOptions, rollbackRunQueryOptions} from '../../queries/rollback-queries.ts';
import {describeFailure} from '../../queries/source-outcome.ts';
import {RollbackOutcomeUnknown, type ContextServices} from '../../sources/capabilities.ts';
import {OPEN_ROLLBACK_MS, openRollbackWarning, type OpenRollback} from '../../domain/open-rollbacks.ts';
import {useQueriesObserver} from './use-query-observer.ts';

/** What the dashboard can do with rollbacks, and the runs it follows. */
export interface RollbackRuns {
  runs: RollbackRun[];
  /** Rollbacks that could not be started, newest first, with the provider's whole message. */
  failures: RollbackFailure[];
  /**
   * Starts a confirmed rollback; resolves with a message for the footer. `unknown`: the request
   * may have reached the provider before it failed, so the rollback may have started.
   */
  start(plan: RollbackPlan): Promise<{ok: boolean; text: string; unknown?: true}>;
  /**
   * Why another rollback of `service` should be confirmed knowingly, or null: a run of it still
   * going, a request with an unknown outcome, or one a webhook accepted, in the last two hours.
   */
  openWarning(service: string): string | null;
}

/** A rollback the provider refused or never answered; kept on screen, as the footer cuts long text. */
export interface RollbackFailure {
  plan: RollbackPlan;
  message: string;
  at: number;
  /** Set when its outcome is unknown (it may have started): where to check before trying again. */
  check?: string;
}

/** Subscribes to the runs triggered from this dashboard. */
export function useRollbackRuns(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}): RollbackRuns {
  const [started, setStarted] = useState<RollbackRun[]>([]);
  const [failures, setFailures] = useState<RollbackFailure[]>([]);
  // Every request with an unknown outcome, apart from `failures` (which keeps only the newest
  // few on screen): each stays a reason to warn for the whole window.
  const [uncertain, setUncertain] = useState<RollbackFailure[]>([]);
  const queries = useMemo(() => started.map((run) => rollbackRunQueryOptions(client, services, run, {intervalMs: 2000}) as unknown as QueryObserverOptions), [started, client, services]);
  const results = useQueriesObserver<RollbackRun>(client, queries);
  const runs = useMemo(() => results.map((r, i) => (r.data as RollbackRun | undefined) ?? started[i]!).filter(Boolean), [results, started]);

  const start = useCallback(
    async (plan: RollbackPlan) => {
      if (rollbackInFlight(client, services.context, plan.service)) {
        return {ok: false, text: `a rollback of ${plan.service} is already being sent; not sending another`};
      }
      const mutation = new MutationObserver(client, rollbackMutationOptions(client, services, deps));
      try {
        const run = await mutation.mutate(plan);
        setStarted((prev) => [run, ...prev]);
        if (run.unfollowable) return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion}: accepted by the webhook; its outcome cannot be followed from here`};
        return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion} started (${run.status})${run.url ? ` ${run.url}` : ''}`};
      } catch (error) {
        const message = describeFailure(error);
        const check = error instanceof RollbackOutcomeUnknown ? error.check : undefined;
        const failure: RollbackFailure = {plan, message, at: deps.now(), ...(check === undefined ? {} : {check})};
        setFailures((prev) => [failure, ...prev].slice(0, 3));
        if (check !== undefined) {
          setUncertain((prev) => [failure, ...prev]);
          return {ok: false, unknown: true as const, text: `rollback of ${plan.service}: outcome unknown, it may have started (${message}); check ${check} before trying again`};
        }
        return {ok: false, text: `rollback of ${plan.service} failed: ${message}`};
      } finally {
        mutation.reset();
      }
    },
    [client, services, deps],
  );
  useRollbackWatchLog(runs, services, deps);
  const openWarning = useCallback(
    (service: string) => {
      if (runs.some((r) => r.plan.service === service && !r.unfollowable && !isRunFinished(r.status))) return `A rollback of ${service} is still running`;
      const open = openInSession(runs, uncertain, service, deps.now());
      return open ? capitalized(openRollbackWarning(open.open, open.plan)) : null;
    },
    [runs, uncertain, deps],
  );
  return {runs, failures, start, openWarning};
}

// The newest rollback of `service` sent from this dashboard whose end can never be seen here:
// accepted by a webhook, or with an unknown outcome; within the action log's window.
function openInSession(runs: readonly RollbackRun[], uncertain: readonly RollbackFailure[], service: string, now: number): {open: OpenRollback; plan: RollbackPlan} | null {
  const candidates = [
    ...runs.filter((r) => r.unfollowable).map((r) => ({plan: r.plan, open: {kind: 'accepted' as const, at: r.updatedAt, runId: null, requestId: r.plan.idempotencyKey, url: r.url}})),
    ...uncertain.map((f) => ({plan: f.plan, open: {kind: 'unknown' as const, at: f.at, runId: null, requestId: f.plan.idempotencyKey, url: null}})),
  ].filter((c) => c.plan.service === service && now - c.open.at <= OPEN_ROLLBACK_MS);
  return candidates.sort((a, b) => b.open.at - a.open.at)[0] ?? null;
}

const capitalized = (text: string) => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;

/**
 * Logs how each followed run ended, as `oncall rollback` does (`rollback-watch`): once, when the
 * run reaches a final state (the dispatch alone says only "queued"). A run still going when the
 * dashboard goes away (quit) is logged as no longer followed, the run going on.
 */
function useRollbackWatchLog(runs: RollbackRun[], services: ContextServices, deps: {record: ActionRecorder; now: () => number}): void {
  const logged = useRef(new Set<string>());
  const where = {context: services.context, source: services.rollbacker?.name ?? 'rollback'};
  const latest = useRef({runs, where, deps});
  latest.current = {runs, where, deps};
  useEffect(() => {
    for (const run of runs) {
      // A webhook's accepted request was never followed: there is no watch to log.
      if (run.unfollowable || !isRunFinished(run.status) || logged.current.has(run.id)) continue;
      logged.current.add(run.id);
      void deps.record(rollbackWatchEntry({at: deps.now(), ...where, run}));
    }
  }, [runs]);
  useEffect(
    () => () => {
      const {runs: left, where: at, deps: d} = latest.current;
      for (const run of left) {
        if (run.unfollowable || logged.current.has(run.id)) continue;
        logged.current.add(run.id);
        void d.record(rollbackWatchEntry({at: d.now(), ...at, run, stopped: `dashboard closed while the run was ${run.status}`}));
      }
    },
    [],
  );
}
