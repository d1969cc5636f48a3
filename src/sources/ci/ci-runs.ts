/**
 * Bookkeeping every rollbacker shares: the plan of each run it started (a `RunWatcher` is asked
 * by id only), and the guarantee that one idempotency key triggers at most one rollback even if
 * `rollback()` is called twice (a double key press, a retry above us).
 */
import type {DeployStatus, RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {RollbackOutcomeUnknown} from '../capabilities.ts';

/** Remembers what was started, by run id and by idempotency key. One per rollbacker instance. */
export interface RunBook<T> {
  /**
   * Runs `start` once per idempotency key: a second call with the same key gets the first call's
   * result (or its pending promise). A start that failed before reaching the provider is
   * forgotten so the user can try again; one whose outcome is unknown is kept, so the same
   * request is never sent a second time.
   */
  once(plan: RollbackPlan, start: () => Promise<RollbackRun>): Promise<RollbackRun>;
  /** Stores provider-specific facts about a run (its target revision, when it was triggered). */
  remember(id: string, entry: T): void;
  recall(id: string): T | undefined;
}

/** Creates an empty run book. */
export function createRunBook<T>(): RunBook<T> {
  const byKey = new Map<string, Promise<RollbackRun>>();
  const byId = new Map<string, T>();
  return {
    once(plan, start) {
      const known = byKey.get(plan.idempotencyKey);
      if (known) return known;
      const started = start();
      byKey.set(plan.idempotencyKey, started);
      started.catch((error: unknown) => {
        if (!(error instanceof RollbackOutcomeUnknown)) byKey.delete(plan.idempotencyKey);
      });
      return started;
    },
    remember: (id, entry) => void byId.set(id, entry),
    recall: (id) => byId.get(id),
  };
}

/**
 * A stand-in plan for a run this process did not start (another session, a restarted CLI): the
 * run's state can still be read, but not what it was meant to do.
 */
export function unknownPlan(id: string, provider: string): RollbackPlan {
  return {service: '', environment: '', fromVersion: '', toVersion: '', description: `${provider} run ${id}`, idempotencyKey: ''};
}

/** Builds a run value. */
export function runOf(id: string, plan: RollbackPlan, status: DeployStatus, url: string | null, updatedAt: number): RollbackRun {
  return {id, plan: {...plan}, status, url, updatedAt};
}
