/**
 * Rollback planning: what a rollback of a deploy would do, decided once when the key is pressed
 * so that a refresh cannot change the target between the preview and the confirmation.
 */
import {previousGoodDeploy, sameDeployed, sharedCommits} from './correlation.ts';
import {ROLLOUT_MAX_MS, type Deploy, type RollbackPlan} from './deploy.ts';
import {formatAge} from './duration.ts';

/** Result of {@link planRollback}: a plan, or why there is none. */
export type PlanResult = {ok: true; plan: RollbackPlan; target: Deploy} | {ok: false; reason: string};

/**
 * Plans the rollback of `deploy` to the newest earlier successful deploy of the same service and
 * environment. The idempotency key names the context, service, environment, versions and the
 * moment of the key press: sending it twice must not start two rollbacks.
 */
export function planRollback(deploy: Deploy, deploys: readonly Deploy[], opts: {context: string; pressedAt: number; provider: string}): PlanResult {
  const target = previousGoodDeploy(deploys, deploy);
  if (!target) return {ok: false, reason: `no earlier successful deploy of ${deploy.service} ${environmentText(deploy.environment)}`};
  const to = {service: deploy.service, environment: deploy.environment, fromVersion: deploy.version, toVersion: target.version};
  const plan = planRollbackTo(target.sha === undefined ? to : {...to, toSha: target.sha}, opts);
  return {ok: true, plan, target};
}

/**
 * The environment of a rollback that needs none: `oncall rollback --to` in a context that names
 * no environment, when no template of the provider uses `{{environment}}`.
 */
export const NO_ENVIRONMENT = '';

/** What a rollback to a version named by the user is about; `fromVersion` is `unknown` without history. */
export interface RollbackTarget {
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  /** The target's commit, when a deploy in the history says which one it is. */
  toSha?: string;
}

/**
 * Plans a rollback to an explicit version (`oncall rollback SERVICE --to VERSION`): no deploy
 * history is needed, so a context with only a rollback provider can roll back. Same description
 * and idempotency key as {@link planRollback}.
 */
export function planRollbackTo(target: RollbackTarget, opts: {context: string; pressedAt: number; provider: string}): RollbackPlan {
  const {service, environment, fromVersion, toVersion, toSha} = target;
  return {
    service,
    environment,
    fromVersion,
    toVersion,
    ...(toSha === undefined ? {} : {toSha}),
    description: `${opts.provider}: roll back ${service}${environment === NO_ENVIRONMENT ? '' : ` in ${environment}`} from ${fromVersion} to ${toVersion}`,
    idempotencyKey: `oncall:${opts.context}:${service}:${environment}:${fromVersion}->${toVersion}:${opts.pressedAt}`,
  };
}

/**
 * `in ENV`, or, for a deploy whose environment the history does not name (`''`), words that say
 * so: a plan or refusal ending in a bare "in " reads as cut off.
 */
export function environmentText(environment: string): string {
  return environment === NO_ENVIRONMENT ? 'in an environment not known to the history' : `in ${environment}`;
}

/**
 * `SERVICE in ENV`, the target of a rollback the checks are made for; for one planned with no
 * environment (`''`: `--to` while the history was down), words that say it stands for the
 * service in every environment, as the checks count it (`sameRollbackEnvironment`): a bare
 * "in " reads as cut off, and "not a rollback of checkout" must not read as "in one place".
 */
export function rollbackTargetText(service: string, environment: string): string {
  return environment === NO_ENVIRONMENT ? `${service} in any environment (this rollback's is not known)` : `${service} in ${environment}`;
}

/** What an idempotency key says about its rollback (see {@link planRollbackTo} for the format). */
export interface RollbackKeyParts {
  context: string;
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  pressedAt: number;
}

// `oncall:CONTEXT:SERVICE:ENVIRONMENT:FROM->TO:MILLIS`. Names hold no `:`; versions may (an image
// digest), so TO ends at the last `:millis` followed by a non-word character or the end. The
// environment is empty for a rollback that needs none.
const ROLLBACK_KEY = /oncall:([^:]*):([^:]+):([^:]*):(.+?)->(.+?):(\d{10,})(?!\w)/;

/**
 * The rollback key shown in `text` (a CI run's title that carries the request id), or `null`.
 * It tells a run that this dashboard started from an ordinary deploy of the same workflow.
 */
export function rollbackKeyParts(text: string): RollbackKeyParts | null {
  const m = ROLLBACK_KEY.exec(text);
  if (!m) return null;
  const [, context = '', service = '', environment = '', fromVersion = '', toVersion = '', at = ''] = m;
  return {context, service, environment, fromVersion, toVersion, pressedAt: Number(at)};
}

/**
 * The deploy a one-shot rollback starts from: the newest deploy of `service` in `environment`
 * that is running or being rolled out at `now`. A failed or cancelled deploy changed nothing that
 * runs, so rolling back "from" it would skip the version actually live. Nor is one in progress for
 * longer than {@link ROLLOUT_MAX_MS}: stuck, its final status never posted, it was the "from" of
 * every rollback for days, and the version that runs was never rolled back from.
 */
export function liveDeploy(deploys: readonly Deploy[], service: string, environment: string, now: number): Deploy | null {
  let best: Deploy | null = null;
  for (const d of deploys) {
    if (d.service !== service || d.environment !== environment) continue;
    if (d.status !== 'success' && d.status !== 'in_progress') continue;
    if (d.status === 'in_progress' && now - d.startedAt > ROLLOUT_MAX_MS) continue;
    if (best === null || d.startedAt > best.startedAt) best = d;
  }
  return best;
}

/**
 * True when `live` runs what `suspect` deployed: it is that deploy, or a later deploy of the same
 * version or commit ({@link sameDeployed}: an Argo CD re-sync or self-heal, a pipeline retry, a
 * redeploy, the final tag of the suspect rc's commit), judged as a rollback target is, with the
 * same distrust of a commit that `deploys` (the history) show under many versions. The rollback
 * of the suspect then goes from `live`, the newest deploy of what runs.
 */
export function runsSuspect(suspect: Deploy, live: Deploy, deploys: readonly Deploy[]): boolean {
  const shared = sharedCommits(deploys.filter((d) => d.service === suspect.service && d.environment === suspect.environment));
  return live.id === suspect.id || sameDeployed(live, suspect, shared);
}

/**
 * Why a rollback of `suspect` must not be planned, or null: it is no longer what runs, because
 * `live` (the live deploy of its service and environment, {@link liveDeploy}) came after it and
 * deployed something else, a hotfix or a rollback. A plan "from" the suspect would name a version
 * that is not live, and confirming it would replace whatever runs now. `deploys` is the history
 * ({@link runsSuspect}). A failed suspect is not live by the history (`live` came before it), yet
 * may have rolled out before the step that failed: whether it runs is the user's call, from its
 * Deploys row, never a plan guessed from either; so too when nothing is live by the history
 * (`live` null). Unsanitized.
 */
export function suspectNotLiveReason(suspect: Deploy, live: Deploy | null, now: number, deploys: readonly Deploy[]): string | null {
  if (live === null) {
    // Nothing to plan from but the failed deploy itself, which is never a rollback's "from" here.
    return suspect.status === 'failure' ? `the suspect deploy ${suspect.service} ${suspect.version} failed and nothing earlier is known to be live; if it went out anyway, roll it back from the Deploys pane` : null;
  }
  if (runsSuspect(suspect, live, deploys)) return null;
  const age = formatAge(now - live.startedAt);
  if (suspect.status === 'failure' && live.startedAt < suspect.startedAt) {
    return `the suspect deploy ${suspect.service} ${suspect.version} failed: by the history ${live.version} is live (deployed ${age} ago); if ${suspect.version} went out anyway, roll it back from the Deploys pane`;
  }
  const what = `the suspect deploy ${suspect.service} ${suspect.version} no longer runs`;
  if (live.rollbackOf !== undefined) {
    return live.status === 'success' ? `${what}: it was rolled back to ${live.version} (${age} ago)` : `${what}: it is being rolled back to ${live.version} (since ${age} ago)`;
  }
  const how = live.status === 'success' ? `is live (deployed ${age} ago)` : `is being deployed (since ${age} ago)`;
  return `${what}: ${live.version} ${how}; roll back from the Deploys pane if it must go`;
}

/**
 * What the preview of a rollback planned from a Deploys row says when that row's deploy is not
 * what runs, or null when it is. `live` is the live deploy of its service and environment
 * ({@link liveDeploy}); `target` the deploy the plan goes to. The row is the place to roll back
 * any deploy deliberately (the suspect path sends the user there), so this is a warning, not a
 * refusal: confirming replaces `live`, which the plan's "from" does not name. Nothing is said when
 * `live` runs what the row deployed ({@link runsSuspect}), when nothing is known to be live, or for
 * a failed row newer than `live`: it may have gone out before the step that failed, and rolling
 * back from it is what its row is for. When `live` already runs the target (a cancelled or queued
 * row newer than it, whose previous good deploy is `live` itself), confirming replaces nothing:
 * it deploys what runs again, and says so. Each sentence starts with what confirming does: a
 * screen too narrow for the rest still shows it. Unsanitized.
 */
export function deployNotLiveWarning(deploy: Deploy, live: Deploy | null, target: Deploy, now: number, deploys: readonly Deploy[]): string | null {
  if (live === null || runsSuspect(deploy, live, deploys)) return null;
  if (deploy.status === 'failure' && live.startedAt < deploy.startedAt) return null;
  const age = formatAge(now - live.startedAt);
  const rolledBack = live.rollbackOf !== undefined;
  const how = rolledBack
    ? live.status === 'success' ? `a rollback to ${live.version} is live (${age} ago)` : `a rollback to ${live.version} is being deployed (since ${age} ago)`
    : live.status === 'success' ? `${live.version} is live (deployed ${age} ago)` : `${live.version} is being deployed (since ${age} ago)`;
  // A newer row whose outcome the history could not read may be what runs (nothing says it did
  // not go out): never "replaces nothing", nor a live version said for certain.
  if (deploy.status === 'unknown' && live.startedAt < deploy.startedAt) {
    return `if ${deploy.service} ${deploy.version} went out (its outcome is not known), confirming replaces it with ${target.version}; if not, ${how}`;
  }
  const notLive = `${deploy.service} ${deploy.version} is not what runs`;
  if (runsSuspect(target, live, deploys)) {
    // A queued row is not stopped by a rollback: it may still go out after it.
    const queued = deploy.status === 'queued' ? `; the queued ${deploy.version} may still go out after it` : '';
    return `confirming deploys ${target.version} again and replaces nothing: ${notLive}, ${how} and is the plan's target${queued}`;
  }
  // The version confirming replaces, named with what makes it live.
  const replaced = rolledBack
    ? live.status === 'success' ? `${live.version} (live by a rollback ${age} ago)` : `${live.version} (a rollback to it being deployed since ${age} ago)`
    : live.status === 'success' ? `${live.version} (live, deployed ${age} ago)` : `${live.version} (being deployed since ${age} ago)`;
  return `confirming replaces ${replaced} with ${target.version}: ${notLive}`;
}

/**
 * The suspect deploy of each service among `suspects` (ids, as `findSuspects` finds them): the one shown
 * beside its SLOs and alerts and the one `R` there rolls back, so that what the row says and what
 * `R` does are one decision. The newest suspect that did not fail, when there is one: a hotfix
 * attempt that failed after the deploy that caused the trouble most likely changed nothing that
 * runs, and must not hide that deploy (it is still flagged in the Deploys pane). Else the newest
 * failed one, unless the live deploy of its environment ({@link liveDeploy}) runs what it
 * deployed ({@link runsSuspect}: a failed re-run of the live version): then that live deploy,
 * which is what a rollback replaces. `now` decides which deploy is live (one in progress for hours is stuck).
 */
export function suspectByService(deploys: readonly Deploy[], suspects: ReadonlySet<string>, now: number): Map<string, Deploy> {
  const newest = new Map<string, Deploy>();
  const newestFailed = new Map<string, Deploy>();
  for (const d of deploys) {
    if (!suspects.has(d.id)) continue;
    const into = d.status === 'failure' ? newestFailed : newest;
    const seen = into.get(d.service);
    if (seen === undefined || d.startedAt > seen.startedAt) into.set(d.service, d);
  }
  for (const [service, failed] of newestFailed) {
    if (newest.has(service)) continue;
    const live = liveDeploy(deploys, service, failed.environment, now);
    newest.set(service, live !== null && runsSuspect(failed, live, deploys) ? live : failed);
  }
  return newest;
}

/** A rollback run counts as finished once it has a terminal status. */
export function isRunFinished(status: Deploy['status']): boolean {
  return status === 'success' || status === 'failure' || status === 'cancelled';
}
