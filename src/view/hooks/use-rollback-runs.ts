/**
 * Rollbacks from the dashboard: fires the mutation for a confirmed plan (at most one in flight per
 * service) and follows every triggered run until it finishes.
 */
import {MutationObserver, type QueryClient, type QueryObserverOptions} from '@tanstack/query-core';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {rollbackWatchEntry, type ActionRecorder} from '../../domain/action-log.ts';
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {isRunFinished} from '../../domain/rollback-plan.ts';
import {lastFailureKey, lastFailureOptions, type FailedAttempt} from '../../queries/last-failure.ts';
import {RollbackNotLogged, RollbackRefused, rollbackInFlight, rollbackMutationOptions, rollbackRunKey, rollbackRunQueryOptions, type LogClaimer} from '../../queries/rollback-queries.ts';
import {NOTHING_SEEN, type RollbackSeen} from '../../domain/rollback-claim.ts';
import {describeFailure} from '../../queries/source-outcome.ts';
import {RollbackOutcomeUnknown, type ContextServices} from '../../sources/capabilities.ts';
import {sessionOpenRollbacks, type SessionOpenRollbacks, type SessionRollback} from '../../domain/open-rollback-session.ts';
import type {FollowedRun} from '../rows/run-lines.ts';
import {useQueriesObserver} from './use-query-observer.ts';
import {defaultKeyNamer, pressKey, type KeyNamer} from '../../actions/key-namer.ts';

/** What the dashboard can do with rollbacks, and the runs it follows. */
export interface RollbackRuns {
  /** The runs followed, each as last read, with `unread` while the latest reads of it fail. */
  runs: FollowedRun[];
  /** Rollbacks that could not be started, newest first, with the provider's whole message. */
  failures: RollbackFailure[];
  /**
   * Starts a confirmed rollback; resolves with a message for the footer. `unknown`: the request
   * may have reached the provider before it failed, so the rollback may have started. `seen`:
   * what the confirmation's check of the action log showed (absent: nothing), against which the
   * log is read again before the attempt is written.
   */
  start(plan: RollbackPlan, seen?: RollbackSeen): Promise<{ok: boolean; text: string; unknown?: true}>;
  /**
   * The rollbacks of `where` this session started and has not seen end, in the last two hours: a
   * run still going, a request with an unknown outcome, one a webhook accepted; the run ids it
   * followed to a final status (the action log may not say so yet); and the requests a later
   * successful rollback of its own superseded (`sessionOpenRollbacks`), known without the log.
   * Merged with the log's by `mergeOpenRollbacks` for the confirmation's warning.
   */
  openHere(where: {service: string; environment: string}): SessionOpenRollbacks;
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
export function useRollbackRuns(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number; claim?: LogClaimer; keys?: KeyNamer}): RollbackRuns {
  const [started, setStarted] = useState<Sent<RollbackRun>[]>([]);
  const [failures, setFailures] = useState<RollbackFailure[]>([]);
  // Every request with an unknown outcome, apart from `failures` (which keeps only the newest
  // few on screen): each stays a reason to warn for the whole window, unless superseded.
  const [uncertain, setUncertain] = useState<Sent<RollbackFailure>[]>([]);
  // The session's order of sends and answers, which decides what a later success supersedes.
  const order = useRef(0);
  const queries = useMemo(() => started.map((s) => rollbackRunQueryOptions(client, services, s.item, {intervalMs: 2000, now: deps.now}) as unknown as QueryObserverOptions), [started, client, services, deps]);
  const results = useQueriesObserver<RollbackRun>(client, queries);
  // Each run's failed reads, as its query records them: query-core's own `error` is cleared when
  // the next read starts, and says neither since when nor how many in a row. Observed so a new
  // record redraws; read by the run's own key, so a run never takes another's while the two
  // observers catch up with a new start.
  const failureQueries = useMemo(() => started.map((s) => lastFailureOptions(rollbackRunKey(services.context, s.item.id)) as unknown as QueryObserverOptions), [started, services]);
  const failed = useQueriesObserver<FailedAttempt | null>(client, failureQueries);
  const runs = useMemo(() => {
    const unreadOf = (id: string) => client.getQueryData<FailedAttempt | null>(lastFailureKey(rollbackRunKey(services.context, id))) ?? null;
    return results.map((r, i): FollowedRun => {
      const run = (r.data as RollbackRun | undefined) ?? started[i]!.item;
      const f = unreadOf(run.id);
      return f ? {...run, unread: {since: f.since, failures: f.failures, error: describeFailure(f.error)}} : run;
    });
    // `failed` changes when a record does: the runs are drawn again with it.
  }, [results, failed, started, client, services]);

  const start = useCallback(
    async (plan: RollbackPlan, seen: RollbackSeen = NOTHING_SEEN) => {
      if (rollbackInFlight(client, services.context, plan.service)) {
        return {ok: false, text: `a rollback of ${plan.service} is already being sent; not sending another`};
      }
      // The log is read again once the attempt is written: an attempt of the same target `R`'s
      // read did not see, before this one in the log, refuses this one.
      const {claim, ...rest} = deps;
      const claimed = claim ? {claim: (p: RollbackPlan, claimId: string | null) => claim(services.context, p, seen, claimId)} : {};
      const mutation = new MutationObserver(client, rollbackMutationOptions(client, services, {...rest, ...claimed}));
      const sent = ++order.current;
      try {
        const run = await mutation.mutate(plan);
        setStarted((prev) => [{item: run, sent, answered: ++order.current}, ...prev]);
        if (run.unidentified !== undefined) return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion}: dispatched; its run cannot be identified from here (${run.unidentified}): check the workflow's runs${run.url ? ` at ${run.url}` : ''}`};
        if (run.unfollowable) return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion}: accepted by the webhook; its outcome cannot be followed from here`};
        return {ok: true, text: `rollback of ${plan.service} to ${plan.toVersion} started (${run.status})${run.url ? ` ${run.url}` : ''}`};
      } catch (error) {
        // Nothing was sent: no failure of the provider's to list, and nothing that may have started.
        if (error instanceof RollbackRefused) {
          const again = pressKey(deps.keys ?? defaultKeyNamer, 'rollback', 'to see it and confirm again');
          return {ok: false, text: `rollback of ${plan.service} not sent: ${error.reason}${again === null ? '' : `; ${again}`}`};
        }
        if (error instanceof RollbackNotLogged) return {ok: false, text: `rollback of ${plan.service} not sent: ${error.reason}, so a later oncall rollback --yes would not see it`};
        const message = describeFailure(error);
        const check = error instanceof RollbackOutcomeUnknown ? error.check : undefined;
        const failure: RollbackFailure = {plan, message, at: deps.now(), ...(check === undefined ? {} : {check})};
        setFailures((prev) => [failure, ...prev].slice(0, 3));
        if (check !== undefined) {
          setUncertain((prev) => [{item: failure, sent, answered: ++order.current}, ...prev]);
          // As `oncall rollback` says it: a message that says itself what is unknown (a webhook
          // answered by a sign-in page) is not wrapped in a second "may have started" of the same.
          const why = error instanceof RollbackOutcomeUnknown && error.unknownSaid ? `: ${error.message}` : `, it may have started (${message})`;
          return {ok: false, unknown: true as const, text: `rollback of ${plan.service}: outcome unknown${why}; check ${check} before trying again`};
        }
        return {ok: false, text: `rollback of ${plan.service} failed: ${message}`};
      } finally {
        mutation.reset();
      }
    },
    [client, services, deps],
  );
  useRollbackWatchLog(runs, services, deps);
  const openHere = useCallback((where: {service: string; environment: string}) => openInSession(runs, started, uncertain, where, deps.now()), [runs, started, uncertain, deps]);
  return {runs, failures, start, openHere};
}

/** Something this session sent, with its places in the session's order (see `SessionRollback`). */
interface Sent<T> {
  item: T;
  sent: number;
  answered: number;
}

// The rollbacks of `where` sent from this dashboard, as the action log would list them, for
// `sessionOpenRollbacks` to say which are open, finished or superseded. One context, so one
// provider: `where` names the rest of the target.
function openInSession(runs: readonly RollbackRun[], started: readonly Sent<RollbackRun>[], uncertain: readonly Sent<RollbackFailure>[], where: {service: string; environment: string}, now: number): SessionOpenRollbacks {
  const mine = (plan: RollbackPlan) => plan.service === where.service && plan.environment === where.environment;
  const sent: SessionRollback[] = [];
  runs.forEach((run, i) => {
    const first = started[i];
    if (!first || !mine(run.plan)) return;
    // Its start: the run as the dispatch answered (polling moves `updatedAt` on).
    const at = first.item.updatedAt;
    const order = {sent: first.sent, answered: first.answered};
    if (run.unfollowable) sent.push({open: {kind: 'accepted', at, runId: null, requestId: run.plan.idempotencyKey, url: run.url, ...(run.unidentified === undefined ? {} : {unidentified: true as const})}, status: null, ...order});
    else sent.push({open: {kind: 'run', at, runId: run.id, requestId: run.plan.idempotencyKey, url: run.url}, status: run.status, ...order});
  });
  for (const {item: f, ...order} of uncertain) if (mine(f.plan)) sent.push({open: {kind: 'unknown', at: f.at, runId: null, requestId: f.plan.idempotencyKey, url: null}, status: null, ...order});
  return sessionOpenRollbacks(sent, now);
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
