import {describe, expect, it} from 'vitest';
import {ROLLOUT_MAX_MS, type Deploy} from '../../src/domain/deploy.ts';
import {NO_ENVIRONMENT, isRunFinished, liveDeploy, planRollback, planRollbackTo, rollbackKeyParts} from '../../src/domain/rollback-plan.ts';

const d = (id: string, version: string, startedAt: number, status: Deploy['status'] = 'success', environment = 'production'): Deploy => ({
  id, service: 'checkout', version, environment, status, startedAt, author: 'dev', url: null,
});

describe('planRollback', () => {
  const deploys = [d('4', 'v4', 400), d('3', 'v3', 300, 'failure'), d('2s', 'v2', 250, 'success', 'staging'), d('2', 'v2', 200), d('1', 'v1', 100)];

  it('targets the newest earlier good deploy of the same service and environment, with a stable key', () => {
    const result = planRollback(deploys[0]!, deploys, {context: 'prod', pressedAt: 1234, provider: 'ci'});
    expect(result).toEqual({
      ok: true,
      target: deploys[3],
      plan: {
        service: 'checkout',
        environment: 'production',
        fromVersion: 'v4',
        toVersion: 'v2',
        description: 'ci: roll back checkout in production from v4 to v2',
        idempotencyKey: 'oncall:prod:checkout:production:v4->v2:1234',
      },
    });
  });

  it('carries the target deploy\'s commit sha into the plan, and none when the target has none', () => {
    const sha = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
    const withSha = [d('4', 'v4', 400), {...d('2', 'v1.4.2', 200), sha}, {...d('1', 'v1', 100), sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d'}];
    const planned = planRollback(withSha[0]!, withSha, {context: 'prod', pressedAt: 1, provider: 'ci'});
    expect(planned.ok && [planned.plan.toVersion, planned.plan.toSha]).toEqual(['v1.4.2', sha]);
    const without = planRollback(deploys[0]!, deploys, {context: 'prod', pressedAt: 1, provider: 'ci'});
    expect(without.ok && 'toSha' in without.plan).toBe(false);
  });

  it('explains when there is nothing to go back to', () => {
    expect(planRollback(deploys[4]!, deploys, {context: 'prod', pressedAt: 1, provider: 'ci'})).toEqual({
      ok: false,
      reason: 'no earlier successful deploy of checkout in production',
    });
  });

  it('says when the environment with nothing to go back to is one the history does not name', () => {
    const unnamed = deploys.map((x) => ({...x, environment: ''}));
    expect(planRollback(unnamed[4]!, unnamed, {context: 'prod', pressedAt: 1, provider: 'ci'})).toEqual({
      ok: false,
      reason: 'no earlier successful deploy of checkout in an environment not known to the history',
    });
  });

  it('knows which run statuses are terminal', () => {
    expect(['queued', 'in_progress', 'unknown', 'success', 'failure', 'cancelled'].map((s) => isRunFinished(s as Deploy['status']))).toEqual([
      false, false, false, true, true, true,
    ]);
  });
});

describe('planRollbackTo', () => {
  it('needs no history: the plan is built from the service, the version and the environment', () => {
    expect(planRollbackTo({service: 'checkout', environment: 'production', fromVersion: 'unknown', toVersion: 'v2'}, {context: 'prod', pressedAt: 7, provider: 'ci'})).toEqual({
      service: 'checkout',
      environment: 'production',
      fromVersion: 'unknown',
      toVersion: 'v2',
      description: 'ci: roll back checkout in production from unknown to v2',
      idempotencyKey: 'oncall:prod:checkout:production:unknown->v2:7',
    });
  });
});

describe('planRollbackTo without an environment', () => {
  it('says none in the description and leaves it empty in a key that still reads back', () => {
    const plan = planRollbackTo({service: 'checkout', environment: NO_ENVIRONMENT, fromVersion: 'unknown', toVersion: 'v2'}, {context: 'prod', pressedAt: 1777888800000, provider: 'ci'});
    expect(plan.description).toBe('ci: roll back checkout from unknown to v2');
    expect(plan.idempotencyKey).toBe('oncall:prod:checkout::unknown->v2:1777888800000');
    expect(rollbackKeyParts(plan.idempotencyKey)).toMatchObject({service: 'checkout', environment: '', toVersion: 'v2'});
  });
});

describe('rollbackKeyParts', () => {
  it('reads back what a plan\'s idempotency key says, inside a run title', () => {
    const plan = planRollbackTo({service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2'}, {context: 'prod eu', pressedAt: 1777888800000, provider: 'ci'});
    expect(rollbackKeyParts(`Rollback ${plan.idempotencyKey} (requested)`)).toEqual({
      context: 'prod eu',
      service: 'checkout',
      environment: 'production',
      fromVersion: 'v2.14.0',
      toVersion: 'v2.13.2',
      pressedAt: 1777888800000,
    });
  });

  it('keeps versions with colons whole and finds nothing in an ordinary title', () => {
    const key = 'oncall:prod:shop:staging:sha256:0a1b->sha256:9f8e:1777888800000';
    expect(rollbackKeyParts(key)).toMatchObject({fromVersion: 'sha256:0a1b', toVersion: 'sha256:9f8e'});
    expect(rollbackKeyParts('Deploy v2.14.0 to production')).toBeNull();
    expect(rollbackKeyParts('oncall:prod:shop:staging:v1->v2:12')).toBeNull();
  });
});

describe('liveDeploy', () => {
  const deploys = [d('5', 'v5', 500, 'failure'), d('4', 'v4', 400, 'cancelled'), d('3s', 'v3', 350, 'success', 'staging'), d('3', 'v3', 300, 'in_progress'), d('2', 'v2', 200)];

  it('is the newest running or rolling-out deploy of the service in the environment (failed and cancelled ones changed nothing)', () => {
    expect(liveDeploy(deploys, 'checkout', 'production', 1000)?.id).toBe('3');
    expect(liveDeploy(deploys, 'checkout', 'staging', 1000)?.id).toBe('3s');
    expect(liveDeploy(deploys.slice(0, 2), 'checkout', 'production', 1000)).toBeNull();
    expect(liveDeploy(deploys, 'cart', 'production', 1000)).toBeNull();
  });

  it('is not a deploy in progress for longer than a rollout takes (stuck, its final status never posted): the one before it runs', () => {
    const hour = 3_600_000;
    const history = [d('9', 'v9', 50 * hour, 'in_progress'), d('8', 'v8', 10 * hour)];
    // Three days later the stuck v9 was still the "from" of `oncall rollback checkout`.
    expect(liveDeploy(history, 'checkout', 'production', 122 * hour)?.id).toBe('8');
    expect(liveDeploy(history, 'checkout', 'production', 50 * hour + ROLLOUT_MAX_MS)?.id).toBe('9');
    expect(liveDeploy(history, 'checkout', 'production', 50 * hour + ROLLOUT_MAX_MS + 1)?.id).toBe('8');
  });
});
