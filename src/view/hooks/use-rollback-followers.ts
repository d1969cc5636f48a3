/**
 * Which contexts follow their rollback runs, and where their feeds read them. Every context shown
 * has a follower; a context left by `:ctx` keeps its follower for the session once a rollback was
 * started there. Why: the runs used to be followed inside the context's feed, which `:ctx`
 * unmounts, so a look at another context stopped the following, logged the run as "dashboard
 * closed" (it was not), and lost the run's end, its line and the session's own record of the
 * rollbacks still open (`openHere`). The follower's duty is to the rollbacks started, not to the
 * context shown, as the ack keeper's is to the acks made (see `useAckKeepers`).
 */
import {useCallback, useMemo, useRef, useState} from 'react';
import {sessionOpenRollbacks} from '../../domain/open-rollback-session.ts';
import type {DashboardContext} from '../context-set.ts';
import {leftContexts} from './use-ack-keepers.ts';
import type {RollbackRuns} from './use-rollback-runs.ts';

/** The rollback runs of each context by name, as its follower last published them. */
export interface RollbackStore {
  subscribe(listener: () => void): () => void;
  /** The runs of `context`, or none before its follower first published. */
  get(context: string): RollbackRuns;
  publish(context: string, runs: RollbackRuns): void;
  /** Forgets `context`, whose follower is gone (left by `:ctx` with no rollback started). */
  drop(context: string): void;
}

// Before a context's follower first publishes (the same commit): nothing followed, nothing sent.
const NO_ROLLBACKS: RollbackRuns = {
  runs: [],
  failures: [],
  start: async (plan) => ({ok: false, text: `rollback of ${plan.service} not sent: the dashboard is still starting; press R again`}),
  openHere: () => sessionOpenRollbacks([], 0),
};

/** Makes an empty store. */
export function createRollbackStore(): RollbackStore {
  const latest = new Map<string, RollbackRuns>();
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const l of [...listeners]) l();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get: (context) => latest.get(context) ?? NO_ROLLBACKS,
    publish(context, runs) {
      if (latest.get(context) === runs) return;
      latest.set(context, runs);
      tell();
    },
    drop(context) {
      if (latest.delete(context)) tell();
    },
  };
}

/**
 * The contexts left (`left`) after the shown set went from `before` to `after` whose followers go
 * on: those where a rollback was started (`started`). A context shown again leaves the set (its
 * follower is the shown one's, the same component).
 */
export function followedLeft(left: ReadonlyMap<string, DashboardContext>, before: readonly DashboardContext[], after: readonly DashboardContext[], started: ReadonlySet<string>): ReadonlyMap<string, DashboardContext> {
  return new Map([...leftContexts(left, before, after)].filter(([name]) => started.has(name)));
}

const NONE: ReadonlyMap<string, DashboardContext> = new Map();

/** The followers to run for `contexts` shown now, and `started` to call as a rollback is sent in a context. */
export function useRollbackFollowers(contexts: readonly DashboardContext[]): {members: DashboardContext[]; started(context: string): void} {
  const [before, setBefore] = useState(contexts);
  const [left, setLeft] = useState(NONE);
  // A ref, not state: it matters only when the set changes, and a rollback sent just before a
  // `:ctx` (its dispatch still in flight) must count at that switch.
  const started = useRef(new Set<string>());
  // In the render that switches, as for the keepers: a follower left must stay mounted through it.
  if (before !== contexts) {
    setBefore(contexts);
    setLeft(followedLeft(left, before, contexts, started.current));
  }
  const onStarted = useCallback((context: string) => void started.current.add(context), []);
  const members = useMemo(() => [...contexts, ...left.values()], [contexts, left]);
  return {members, started: onStarted};
}
