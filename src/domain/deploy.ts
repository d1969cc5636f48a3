/** Deploys and rollback runs, provider-neutral. Times are epoch milliseconds. */

/** Lifecycle of a deploy or a rollback run. */
export type DeployStatus = 'queued' | 'in_progress' | 'success' | 'failure' | 'cancelled' | 'unknown';

const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;

/**
 * True when `value` looks like a git commit sha (7–40 hex digits). Anything else a provider puts
 * in a sha field (a branch, a chart version, an OCI digest) is not one and must not pass for one.
 */
export function isCommitSha(value: unknown): value is string {
  return typeof value === 'string' && COMMIT_SHA.test(value);
}

/**
 * True when two commit shas name the same commit: both known, and one starts with the other
 * (a history may give a short sha, 7 digits at least by {@link isCommitSha}), in any case.
 */
export function sameCommit(a: string | undefined, b: string | undefined): boolean {
  if (!isCommitSha(a) || !isCommitSha(b)) return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
}

/**
 * The longest a rollout is taken to run: a deploy still in progress after this long is taken for
 * stuck (its final status never posted), not for what is being rolled out now.
 */
export const ROLLOUT_MAX_MS = 6 * 60 * 60_000;

/** One deploy of one service to one environment. */
export interface Deploy {
  id: string;
  service: string;
  /** A version tag or a short sha. */
  version: string;
  /**
   * The commit deployed, when the provider names one (7–40 hex digits, as the provider wrote it).
   * Kept apart from `version`, which is often a tag: `{{sha}}` in a rollback template needs this.
   */
  sha?: string;
  environment: string;
  status: DeployStatus;
  startedAt: number;
  /** When it finished (success, failure or cancelled), when the provider says; absent while running or unknown. */
  finishedAt?: number;
  author: string;
  url: string | null;
  /** Set when this deploy is itself a rollback. */
  rollbackOf?: string;
  /**
   * Set when the deploy completed but what it runs is unhealthy (an Argo CD application left
   * `Degraded`, or its resources `Missing`, after the sync): it is still the live deploy, and
   * the rollback goes from it; this says how it is doing. Absent: healthy or not known.
   */
  health?: DeployHealth;
}

/** How a completed deploy's workload is doing when it is not well (see {@link Deploy.health}). */
export type DeployHealth = 'degraded' | 'missing';

/**
 * The health a deploy is shown with: a completed one whose workload runs unhealthy; none for a
 * deploy still running or that failed (its status says it), as every view and text output reads it.
 */
export function unhealthyAs<H extends string>(d: {status: string; health?: H}): H | undefined {
  return d.status === 'success' ? d.health : undefined;
}

/** What a rollback will do, captured when the key is pressed and shown in the preview. */
export interface RollbackPlan {
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  /** The commit of the target deploy, when the history knows it; fills `{{sha}}` in templates. */
  toSha?: string;
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
  /**
   * Set when the provider accepted the request but has no run to follow (a webhook's 2xx): the
   * status stays `unknown`, nothing polls it, and nobody may call it succeeded or still running.
   */
  unfollowable?: true;
  /**
   * Set with `unfollowable` when the provider started a run that cannot be told from another's
   * (a dispatch answered without a run id, whose workflow takes no request-id input): why, in a
   * few words. `url` is then where the provider lists its runs, to look for it by hand.
   */
  unidentified?: string;
}

/**
 * How a run id starts when the provider's run was not found yet: the dispatch was sent, but no run
 * carrying its request id (the idempotency key, which follows the prefix) was listed at the time.
 * The id stands in for the run in the action log, so every process can still ask about it.
 */
export const PENDING_RUN_PREFIX = 'pending:';

/** The request id a stand-in run id (see {@link PENDING_RUN_PREFIX}) names, or null for a real run id. */
export function pendingRunRequest(runId: string): string | null {
  return runId.startsWith(PENDING_RUN_PREFIX) ? runId.slice(PENDING_RUN_PREFIX.length) : null;
}
