/**
 * The rollback runs of one context, drawing nothing: it sends the context's rollbacks, follows
 * the runs until they end and logs how (`rollback-watch`), and publishes them to the store its
 * feed reads. It lives beside the feed, not inside it, so `:ctx` away from a context where a
 * rollback was started neither stops the following nor logs a quit (see `useRollbackFollowers`).
 */
import type {QueryClient} from '@tanstack/query-core';
import {memo, useCallback, useEffect, useLayoutEffect, useMemo} from 'react';
import type {KeyNamer} from '../../actions/key-namer.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import type {RollbackPlan} from '../../domain/deploy.ts';
import type {RollbackSeen} from '../../domain/rollback-claim.ts';
import type {LogClaimer} from '../../queries/rollback-queries.ts';
import type {DashboardContext} from '../context-set.ts';
import type {RollbackStore} from '../hooks/use-rollback-followers.ts';
import {useRollbackRuns, type RollbackRuns} from '../hooks/use-rollback-runs.ts';

/** Props of {@link RollbackFollower}. */
export interface RollbackFollowerProps {
  client: QueryClient;
  member: DashboardContext;
  now: () => number;
  record: ActionRecorder;
  /** Claims a rollback by the action log's order once its attempt is written (absent: no second look). */
  claimRollback?: LogClaimer;
  store: RollbackStore;
  /** Called as a rollback of this context is sent: its follower then outlives a `:ctx` away. */
  onStarted(context: string): void;
  /** Names the keys its messages say to press, as bound (absent: the default keymap's). */
  keys?: KeyNamer;
}

function RollbackFollowerView({client, member, now, record, claimRollback, store, onStarted, keys}: RollbackFollowerProps) {
  const {services} = member;
  const name = services.context;
  const deps = useMemo(() => ({record, now, ...(claimRollback ? {claim: claimRollback} : {}), ...(keys ? {keys} : {})}), [record, now, claimRollback, keys]);
  const rollbacks = useRollbackRuns(client, services, deps);
  const sent = rollbacks.start;
  const start = useCallback(
    (plan: RollbackPlan, seen?: RollbackSeen) => {
      onStarted(name);
      return sent(plan, seen);
    },
    [sent, onStarted, name],
  );
  const {runs, failures, openHere} = rollbacks;
  const published: RollbackRuns = useMemo(() => ({runs, failures, start, openHere}), [runs, failures, start, openHere]);
  // Before the paint, as the feed publishes: the feed re-renders with it in the same commit.
  useLayoutEffect(() => store.publish(name, published), [store, name, published]);
  // Gone only with its context left and no rollback started there, or with the dashboard (quit,
  // when `useRollbackRuns` logs the runs still going as no longer followed).
  useEffect(() => () => store.drop(name), [store, name]);
  return null;
}

/** Renders nothing; follows a context's rollback runs while it is shown or has started one. */
export const RollbackFollower = memo(RollbackFollowerView);
