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
import type {ContextServices} from '../../sources/capabilities.ts';
import {useQueriesObserver} from './use-query-observer.ts';

/** What the dashboard can do with rollbacks, and the runs it follows. */
export interface RollbackRuns {
  runs: RollbackRun[];
  /** Rollbacks that could not be started, newest first, with the provider's whole message. */
  failures: RollbackFailure[];
  /** Starts a confirmed rollback; resolves with a message for the footer. */
  start(plan: RollbackPlan): Promise<{ok: boolean; text: string}>;
  /** True when a run of `service` is still going, so the confirmation can say so. */
  running(service: string): boolean;
}

/** A rollback the provider refused or never answered; kept on screen, as the footer cuts long text. */
export interface RollbackFailure {
  plan: RollbackPlan;
  message: string;
  at: number;
}

/** Subscribes to the runs triggered from this dashboard. */
export function useRollbackRuns(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}): RollbackRuns {
  const [started, setStarted] = useState<RollbackRun[]>([]);
  const [failures, setFailures] = useState<RollbackFailure[]>([]);
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
        return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion} started (${run.status})${run.url ? ` ${run.url}` : ''}`};
      } catch (error) {
        const message = describeFailure(error);
        setFailures((prev) => [{plan, message, at: deps.now()}, ...prev].slice(0, 3));
        return {ok: false, text: `rollback of ${plan.service} failed: ${message}`};
      } finally {
        mutation.reset();
      }
    },
    [client, services, deps],
  );
  useRollbackWatchLog(runs, services, deps);
  const running = useCallback((service: string) => runs.some((r) => r.plan.service === service && !isRunFinished(r.status)), [runs]);
  return {runs, failures, start, running};
}

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
      if (!isRunFinished(run.status) || logged.current.has(run.id)) continue;
      logged.current.add(run.id);
      void deps.record(rollbackWatchEntry({at: deps.now(), ...where, run}));
    }
  }, [runs]);
  useEffect(
    () => () => {
      const {runs: left, where: at, deps: d} = latest.current;
      for (const run of left) {
        if (logged.current.has(run.id)) continue;
        logged.current.add(run.id);
        void d.record(rollbackWatchEntry({at: d.now(), ...at, run, stopped: `dashboard closed while the run was ${run.status}`}));
      }
    },
    [],
  );
}
