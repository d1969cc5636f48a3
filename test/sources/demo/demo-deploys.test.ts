import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {runProgress} from '../../../src/sources/demo/demo-deploys.ts';
import {CHECKOUT_BAD_DEPLOY_ID, CHECKOUT_BAD_VERSION, CHECKOUT_GOOD_VERSION} from '../../../src/sources/demo/demo-scenario-deploys.ts';
import {CHECKOUT_BASELINE_RATIO, CHECKOUT_INCIDENT_RATIO, DAY, MINUTE} from '../../../src/sources/demo/demo-scenario.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const S = 1000;

function setup(rollbackSeconds?: number) {
  let t = T0;
  const env = createDemoEnvironment(rollbackSeconds === undefined ? {now: () => t} : {now: () => t, rollbackSeconds});
  return {env, advance: (ms: number) => (t += ms), now: () => t};
}

const plan = (over: Partial<RollbackPlan> = {}): RollbackPlan => ({
  service: 'checkout',
  environment: 'production',
  fromVersion: CHECKOUT_BAD_VERSION,
  toVersion: CHECKOUT_GOOD_VERSION,
  description: 'workflow_dispatch rollback.yml',
  idempotencyKey: 'checkout-rollback-1',
  ...over,
});

describe('demo deploy history', () => {
  it('lists at least ten deploys over five days, newest first, with a failure and a staging one', async () => {
    const {env} = setup();
    const {value, warnings} = await env.ci.listDeploys();
    expect(warnings).toEqual([]);
    expect(value.length).toBeGreaterThanOrEqual(10);
    const times = value.map((d) => d.startedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(T0 - times.at(-1)!).toBeLessThanOrEqual(5 * DAY);
    expect(value.filter((d) => d.status === 'failure').map((d) => d.service)).toEqual(['inventory']);
    expect(value.some((d) => d.environment === 'staging')).toBe(true);
    expect(new Set(value.map((d) => d.service))).toEqual(new Set(['checkout', 'payments', 'search', 'inventory', 'auth']));
    for (const d of value) {
      expect(d.url).toBe(`https://ci.example.com/${d.service}/deploys/${d.id}`);
      expect(d.version).toMatch(/^(v\d+\.\d+\.\d+|[0-9a-f]{7})$/);
      expect(d.author).toBeTruthy();
    }
  });

  it('starts with the bad checkout release twelve minutes ago, the good one two days before it', async () => {
    const {env} = setup();
    const {value} = await env.ci.listDeploys();
    expect(value[0]).toEqual({
      id: CHECKOUT_BAD_DEPLOY_ID,
      service: 'checkout',
      version: 'v2.14.0',
      environment: 'production',
      status: 'success',
      startedAt: T0 - 12 * MINUTE,
      author: 'storefront-dev',
      url: `https://ci.example.com/checkout/deploys/${CHECKOUT_BAD_DEPLOY_ID}`,
    });
    const good = value.find((d) => d.service === 'checkout' && d.environment === 'production' && d.version === 'v2.13.2');
    expect(good?.startedAt).toBe(T0 - 12 * MINUTE - 2 * DAY);
  });
});

describe('runProgress', () => {
  it('is queued for 2 s, in progress until the end, then success', () => {
    expect(runProgress(0, 10 * S)).toEqual({status: 'queued', sinceMs: 0});
    expect(runProgress(1999, 10 * S)).toEqual({status: 'queued', sinceMs: 0});
    expect(runProgress(2 * S, 10 * S)).toEqual({status: 'in_progress', sinceMs: 2 * S});
    expect(runProgress(10 * S - 1, 10 * S)).toEqual({status: 'in_progress', sinceMs: 2 * S});
    expect(runProgress(10 * S, 10 * S)).toEqual({status: 'success', sinceMs: 10 * S});
    expect(runProgress(0, 0)).toEqual({status: 'success', sinceMs: 0});
  });
});

describe('rolling back checkout', () => {
  it('runs queued → in_progress → success on the clock and then adds the rollback deploy', async () => {
    const {env, advance} = setup();
    advance(30 * S);
    const triggeredAt = T0 + 30 * S;
    const run = await env.ci.rollback(plan());
    expect(run).toEqual({
      id: 'demo-run-1',
      plan: plan(),
      status: 'queued',
      url: 'https://ci.example.com/checkout/rollbacks/demo-run-1',
      updatedAt: triggeredAt,
    });
    advance(1999);
    expect((await env.ci.getRun(run.id)).status).toBe('queued');
    advance(1);
    expect(await env.ci.getRun(run.id)).toMatchObject({status: 'in_progress', updatedAt: triggeredAt + 2 * S});
    advance(7999);
    expect((await env.ci.getRun(run.id)).status).toBe('in_progress');
    expect((await env.ci.listDeploys()).value[0]!.id).toBe(CHECKOUT_BAD_DEPLOY_ID);
    advance(1);
    expect(await env.ci.getRun(run.id)).toMatchObject({status: 'success', updatedAt: triggeredAt + 10 * S});
    const {value} = await env.ci.listDeploys();
    expect(value[0]).toEqual({
      id: 'demo-rollback-1',
      service: 'checkout',
      version: CHECKOUT_GOOD_VERSION,
      environment: 'production',
      status: 'success',
      startedAt: triggeredAt,
      author: 'oncall (rollback)',
      url: 'https://ci.example.com/checkout/rollbacks/demo-run-1',
      rollbackOf: CHECKOUT_BAD_DEPLOY_ID,
    });
    expect(value[1]!.id).toBe(CHECKOUT_BAD_DEPLOY_ID);
  });

  it('ends the incident at success: 5m ratio back to baseline five minutes later, alert gone within a minute', async () => {
    const {env, advance, now} = setup();
    await env.ci.rollback(plan());
    const successAt = T0 + 10 * S;
    const fiveMinutes = async () => {
      const {value} = await env.metrics.readRatios(env.services.slos.filter((s) => s.name === 'checkout-availability'), ['5m'], now());
      return value[0]!.ratios[0]!.ratio;
    };
    const alertNames = async () => (await env.alertmanager.listAlerts()).value.map((a) => a.name);
    advance(10 * S);
    expect(now()).toBe(successAt);
    expect(await fiveMinutes()).toBeCloseTo(CHECKOUT_INCIDENT_RATIO, 15);
    advance(10 * S);
    // 50 s of 2 % and 10 s of baseline over the last minute: still above 1 %.
    expect(await alertNames()).toContain('CheckoutHighErrorRate');
    advance(50 * S);
    expect(now()).toBe(successAt + MINUTE);
    expect(await alertNames()).not.toContain('CheckoutHighErrorRate');
    expect(await alertNames()).not.toContain('PaymentsUpstreamLatency');
    advance(4 * MINUTE - 1);
    expect(await fiveMinutes()).toBeGreaterThan(CHECKOUT_BASELINE_RATIO);
    advance(1);
    expect(now()).toBe(successAt + 5 * MINUTE);
    expect(await fiveMinutes()).toBeCloseTo(CHECKOUT_BASELINE_RATIO, 15);
  });

  it('returns the same run for the same idempotency key and triggers nothing twice', async () => {
    const {env, advance} = setup();
    const first = await env.ci.rollback(plan());
    advance(5 * S);
    const again = await env.ci.rollback(plan({description: 'pressed twice'}));
    expect(again).toMatchObject({id: first.id, status: 'in_progress', plan: plan()});
    advance(10 * S);
    const deploys = (await env.ci.listDeploys()).value;
    expect(deploys.filter((d) => d.author === 'oncall (rollback)')).toHaveLength(1);
    const other = await env.ci.rollback(plan({idempotencyKey: 'checkout-rollback-2'}));
    expect(other.id).toBe('demo-run-2');
  });

  it('takes rollbackSeconds to succeed', async () => {
    const {env, advance} = setup(30);
    const run = await env.ci.rollback(plan());
    advance(29_999);
    expect((await env.ci.getRun(run.id)).status).toBe('in_progress');
    advance(1);
    expect((await env.ci.getRun(run.id)).status).toBe('success');
  });

  it('does not end the production incident when rolling back staging', async () => {
    const {env, advance} = setup();
    await env.ci.rollback(plan({environment: 'staging'}));
    advance(10 * MINUTE);
    expect((await env.alertmanager.listAlerts()).value.map((a) => a.name)).toContain('CheckoutHighErrorRate');
    const deploy = (await env.ci.listDeploys()).value[0]!;
    expect(deploy).toMatchObject({environment: 'staging', version: CHECKOUT_GOOD_VERSION, rollbackOf: 'demo-deploy-1185'});
  });

  it('rejects an unknown run id', async () => {
    const {env} = setup();
    await expect(env.ci.getRun('demo-run-9')).rejects.toThrow(/not found/);
  });
});
