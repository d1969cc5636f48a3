/** Deploys and rollback runs, provider-neutral. Times are epoch milliseconds. */

/** Lifecycle of a deploy or a rollback run. */
export type DeployStatus = 'queued' | 'in_progress' | 'success' | 'failure' | 'cancelled' | 'unknown';

/** One deploy of one service to one environment. */
export interface Deploy {
  id: string;
  service: string;
  /** A version tag or a short sha. */
  version: string;
  environment: string;
  status: DeployStatus;
  startedAt: number;
  author: string;
  url: string | null;
  /** Set when this deploy is itself a rollback. */
  rollbackOf?: string;
}

/** What a rollback will do, captured when the key is pressed and shown in the preview. */
export interface RollbackPlan {
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  /** Provider-specific description of the call, e.g. `workflow_dispatch rollback.yml`. */
  description: string;
  idempotencyKey: string;
}

/** A triggered rollback being followed until it finishes. */
export interface RollbackRun {
  id: string;
  plan: RollbackPlan;
  status: DeployStatus;
  url: string | null;
  updatedAt: number;
}
