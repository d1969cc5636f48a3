import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createArgocdRollbacker, rollbackTarget} from '../../../src/sources/argocd/argocd-rollback.ts';
import {applicationSchema, historyOf} from '../../../src/sources/argocd/argocd-wire.ts';
import {argoApp, type ArgoAppFields} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, errorBody, sequence, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const APP = '/api/v1/applications/{name}';
const ROLLBACK = '/api/v1/applications/{name}/rollback';
const OLD = '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const CURRENT = '3333333ccccccccccccccccccccccccccccccccc';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'shop',
  fromVersion: '3333333',
  toVersion: '2222222',
  description: 'argocd: roll back checkout in shop from 3333333 to 2222222',
  idempotencyKey: 'oncall:prod:checkout:shop:3333333->2222222:1777888800000',
};
const history: ArgoAppFields['history'] = [
  {id: 1, revision: OLD, deployedAt: '2026-05-01T09:00:00Z'},
  {id: 2, revision: '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', deployedAt: '2026-05-02T09:00:00Z'},
  {id: 3, revision: OLD, deployedAt: '2026-05-03T09:00:00Z'},
  {id: 4, revision: CURRENT, deployedAt: '2026-05-04T09:00:00Z'},
];
let fake: FakeCi;

function rollbacker() {
  return createArgocdRollbacker({provider: 'argocd', apiUrl: fake.url, app: 'checkout-prod', timeout: '2s'}, {token: 'jwt-0123456789'}, {now: () => NOW});
}

closeFakeAfterEach(() => fake);

describe('createArgocdRollbacker', () => {
  it('rolls back once to the newest earlier entry of the target revision, then follows the operation', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    const app = (over: Partial<ArgoAppFields>) => ({body: argoApp({name: 'checkout-prod', history, ...over})});
    fake.route('GET', APP, sequence([
      app({operationState: {phase: 'Succeeded', startedAt: '2026-05-04T09:00:00Z'}}),
      app({operation: true, operationState: {phase: 'Succeeded', startedAt: '2026-05-04T09:00:00Z'}}),
      app({operationState: {phase: 'Running', startedAt: '2026-05-04T10:00:02Z'}}),
      app({operationState: {phase: 'Succeeded', startedAt: '2026-05-04T10:00:02Z'}}),
    ]));
    fake.route('POST', ROLLBACK, app({operation: true}));
    const argo = rollbacker();
    const run = await argo.rollback(plan);
    await argo.rollback(plan);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await argo.getRun(run.id)).status);
    await argo.close();
    expect(run).toEqual({id: `checkout-prod#rollback-3-${NOW}`, plan, status: 'queued', url: `${fake.url}/applications/checkout-prod`, updatedAt: NOW});
    expect(fake.calls('POST', ROLLBACK).map((r) => [r.url, r.json])).toEqual([['/api/v1/applications/checkout-prod/rollback', {name: 'checkout-prod', id: 3, dryRun: false, prune: false}]]);
    expect(statuses).toEqual(['queued', 'in_progress', 'success']);
  });

  it('refuses when automated sync is on, before asking the server to roll back', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history, automated: {prune: true, selfHeal: true}})});
    const argo = rollbacker();
    const failure = await failureOf(argo.rollback(plan));
    await argo.close();
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe(
      'argocd checkout-prod: automated sync is on for checkout-prod: rollback would be reverted; disable auto-sync (argocd app set checkout-prod --sync-policy none) or roll back in Git',
    );
    expect(fake.calls('POST', ROLLBACK)).toEqual([]);
  });

  it('treats automated.enabled: false as auto-sync off', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history, automated: {enabled: false, prune: true}})});
    fake.route('POST', ROLLBACK, {body: argoApp({name: 'checkout-prod', history, operation: true})});
    const argo = rollbacker();
    await argo.rollback(plan);
    await argo.close();
    expect(fake.calls('POST', ROLLBACK)).toHaveLength(1);
  });

  it('shows the server\'s own FailedPrecondition message when it refuses', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history})});
    fake.route('POST', ROLLBACK, {status: 400, body: errorBody('argocd', 400, 'rollback cannot be initiated when auto-sync is enabled')});
    const argo = rollbacker();
    const failure = await failureOf(argo.rollback(plan));
    await argo.close();
    expect([failure.kind, failure.message]).toEqual(['bad-response', 'argocd checkout-prod: rejected (HTTP 400): rollback cannot be initiated when auto-sync is enabled']);
  });

  it('explains a target that history no longer holds', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history})});
    const argo = rollbacker();
    const failure = await failureOf(argo.rollback({...plan, toVersion: '9999999'}));
    await argo.close();
    expect(failure.message).toBe('argocd checkout-prod: no earlier history entry has revision 9999999 (Argo CD keeps the last 4 syncs); roll back in Git');
  });

  it('dryRun asks Argo CD with dryRun: true and starts nothing; auto-sync is refused the same way', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history})});
    fake.route('POST', ROLLBACK, {body: argoApp({name: 'checkout-prod', history})});
    const argo = rollbacker();
    expect(await argo.dryRun(plan)).toBe(`argocd checkout-prod: dry run accepted: would roll back to history entry 3 (revision ${OLD})`);
    expect(fake.calls('POST', ROLLBACK).map((r) => r.json)).toEqual([{name: 'checkout-prod', id: 3, dryRun: true, prune: false}]);
    // A dry run is not a rollback: the real one is still sent afterwards.
    await argo.rollback(plan);
    expect(fake.calls('POST', ROLLBACK).map((r) => (r.json as {dryRun: boolean}).dryRun)).toEqual([true, false]);
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history, automated: {prune: true}})});
    const failure = await failureOf(argo.dryRun(plan));
    await argo.close();
    expect(failure.message).toMatch(/^argocd checkout-prod: automated sync is on for checkout-prod/);
    expect(fake.calls('POST', ROLLBACK)).toHaveLength(2);
  });

  it('refuses a plan of another service than its application deploys, before any request', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history})});
    fake.route('POST', ROLLBACK, {body: argoApp({name: 'checkout-prod', history, operation: true})});
    const argo = createArgocdRollbacker({provider: 'argocd', apiUrl: fake.url, app: 'checkout-prod', service: 'checkout', timeout: '2s'}, {}, {now: () => NOW});
    const cart = {...plan, service: 'cart'};
    const why = 'the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart: roll cart back in Git or through its own application (argocd app rollback APP ID)';
    expect([argo.refusal?.(cart), argo.refusal?.(plan)]).toEqual([why, null]);
    for (const call of [() => argo.rollback(cart), () => argo.dryRun(cart), () => argo.resolvedPreview(cart)]) {
      const failure = await failureOf(call());
      expect([failure.kind, failure.message]).toEqual(['bad-response', `argocd checkout-prod: ${why}`]);
    }
    await argo.close();
    expect(fake.requests).toEqual([]);
  });

  it('maps a failed operation and a 401', async () => {
    fake = await startFakeCi({flavor: 'argocd', token: 'jwt-0123456789'});
    fake.route('GET', APP, {body: argoApp({name: 'checkout-prod', history, operationState: {phase: 'Failed', startedAt: '2026-05-04T10:00:01Z', message: 'one or more objects failed to apply'}})});
    const argo = rollbacker();
    expect((await argo.getRun('checkout-prod#rollback-3-1')).status).toBe('failure');
    await argo.close();
    const stranger = createArgocdRollbacker({provider: 'argocd', apiUrl: fake.url, app: 'checkout-prod'}, {token: 'wrong-token-0000'});
    const failure = await failureOf(stranger.getRun('x'));
    await stranger.close();
    expect([failure.kind, failure.message]).toEqual(['auth', 'argocd checkout-prod: not authorized (HTTP 401): invalid session: token is invalid']);
  });
});

describe('rollbackTarget', () => {
  const entriesOf = (h: ArgoAppFields['history']) => historyOf(applicationSchema.parse(argoApp({name: 'a', history: h}))).entries;
  const idOf = (h: ArgoAppFields['history'], to: string) => {
    const r = rollbackTarget(entriesOf(h), to);
    return r.ok ? r.entry.id : r.reason;
  };

  it('never picks the current entry and matches short or full revisions', () => {
    expect(idOf(history, '2222222')).toBe('3');
    expect(idOf(history, OLD)).toBe('3');
    expect(idOf(history, '3333333')).toBe('no earlier history entry has revision 3333333 (Argo CD keeps the last 4 syncs); roll back in Git');
  });

  it('matches a chart version whole: 1.2 is not 1.20.0', () => {
    const charts = [
      {id: 6, revision: '1.20.0', deployedAt: '2026-05-02T09:00:00Z'},
      {id: 7, revision: '1.21.0', deployedAt: '2026-05-04T09:48:00Z'},
    ];
    expect(idOf(charts, '1.2')).toMatch(/^no earlier history entry has revision 1\.2 /);
    expect(idOf(charts, '1.20')).toMatch(/^no earlier history entry has revision 1\.20 /);
    expect(idOf(charts, '1.20.0')).toBe('6');
  });

  it('takes a commit prefix only when it is 7 hex digits or more, and the revision a commit', () => {
    const h = [
      {id: 1, revision: 'abcdef01', deployedAt: '2026-05-01T09:00:00Z'},
      {id: 2, revision: '2222222ddddddddddddddddddddddddddddddddd', deployedAt: '2026-05-02T09:00:00Z'},
      {id: 3, revision: CURRENT, deployedAt: '2026-05-04T09:00:00Z'},
    ];
    expect(idOf(h, '2')).toMatch(/^no earlier history entry has revision 2 /);
    expect(idOf(h, '222222')).toMatch(/^no earlier history entry/);
    expect(idOf(h, '2222222DDD')).toBe('2');
    expect(idOf(h, '2222222ddx')).toMatch(/^no earlier history entry/);
    // An 8-digit chart-like revision is a commit too: named whole it matches exactly.
    expect(idOf(h, 'abcdef01')).toBe('1');
  });

  it('refuses a name several different revisions match, naming each with its newest entry', () => {
    const h = [
      {id: 1, revision: '2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', deployedAt: '2026-05-01T09:00:00Z'},
      {id: 2, revision: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deployedAt: '2026-05-02T09:00:00Z'},
      {id: 3, revision: '2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', deployedAt: '2026-05-03T09:00:00Z'},
      {id: 4, revision: CURRENT, deployedAt: '2026-05-04T09:00:00Z'},
    ];
    expect(idOf(h, '2222222')).toBe(
      '2222222 matches 2 different revisions in the history (entry 3: 2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, entry 2: 2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb); give the one meant exactly as listed after its entry',
    );
    // Several entries of one revision are no ambiguity: the newest is taken.
    expect(idOf(h, '2222222a')).toBe('3');
    expect(idOf(h, '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).toBe('2');
  });

  it('a multi-source entry listed in an ambiguity is picked by giving back what the refusal lists', () => {
    const [a, b1, b2, c] = ['a'.repeat(40), `${'b'.repeat(39)}1`, `${'b'.repeat(39)}2`, 'c'.repeat(40)];
    // The chart repository at A in both earlier entries, the values repository at B1 then B2.
    // (argoApp writes single-source entries: a multi-source history is decoded as Argo CD sends it.)
    const {entries} = historyOf(applicationSchema.parse({status: {history: [
      {id: 1, revisions: [a, b1], deployedAt: '2026-05-01T09:00:00Z'},
      {id: 2, revisions: [a, b2], deployedAt: '2026-05-02T09:00:00Z'},
      {id: 3, revisions: [c, b2], deployedAt: '2026-05-03T09:00:00Z'},
    ]}}));
    const pick = (to: string) => {
      const r = rollbackTarget(entries, to);
      return r.ok ? r.entry.id : r.reason;
    };
    const listed = /\(entry 2: (\S+), entry 1: (\S+)\)/.exec(pick(a));
    expect(listed?.slice(1)).toEqual([`${a}+${b2}`, `${a}+${b1}`]);
    expect(pick(listed![2]!)).toBe('1');
    expect(pick(listed![1]!)).toBe('2');
    // The order counts: the sources' revisions the other way round are no entry's.
    expect(pick(`${b1}+${a}`)).toMatch(/^no earlier history entry has revision /);
  });
});
