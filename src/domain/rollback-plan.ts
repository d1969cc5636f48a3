/**
 * Rollback planning: what a rollback of a deploy would do, decided once when the key is pressed
 * so that a refresh cannot change the target between the preview and the confirmation.
 */
import {previousGoodDeploy} from './correlation.ts';
import type {Deploy, RollbackPlan} from './deploy.ts';

/** Result of {@link planRollback}: a plan, or why there is none. */
export type PlanResult = {ok: true; plan: RollbackPlan; target: Deploy} | {ok: false; reason: string};

/**
 * Plans the rollback of `deploy` to the newest earlier successful deploy of the same service and
 * environment. The idempotency key names the context, service, environment, versions and the
 * moment of the key press: sending it twice must not start two rollbacks.
 */
export function planRollback(deploy: Deploy, deploys: readonly Deploy[], opts: {context: string; pressedAt: number; provider: string}): PlanResult {
  const target = previousGoodDeploy(deploys, deploy);
  if (!target) return {ok: false, reason: `no earlier successful deploy of ${deploy.service} in ${deploy.environment}`};
  const plan: RollbackPlan = {
    service: deploy.service,
    environment: deploy.environment,
    fromVersion: deploy.version,
    toVersion: target.version,
    description: `${opts.provider}: roll back ${deploy.service} in ${deploy.environment} from ${deploy.version} to ${target.version}`,
    idempotencyKey: `oncall:${opts.context}:${deploy.service}:${deploy.environment}:${deploy.version}->${target.version}:${opts.pressedAt}`,
  };
  return {ok: true, plan, target};
}

/** A rollback run counts as finished once it has a terminal status. */
export function isRunFinished(status: Deploy['status']): boolean {
  return status === 'success' || status === 'failure' || status === 'cancelled';
}
