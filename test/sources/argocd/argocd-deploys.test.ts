import {describe, expect, it} from 'vitest';
import {liveDeploy, planRollback} from '../../../src/domain/rollback-plan.ts';
import {deployDepthReason} from '../../../src/domain/timeline-deploys.ts';
import {createArgocdDeploySource, type ArgocdDeploysConfig} from '../../../src/sources/argocd/argocd-deploys.ts';
import {appDeploys, applicationSchema, currentHealth, currentStatus, historyOf} from '../../../src/sources/argocd/argocd-wire.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {argoApp} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, errorBody, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const TOKEN = 'argocd-jwt-0123456789';
const SHA = ['1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '3333333ccccccccccccccccccccccccccccccccc'];
const rev40 = (c: string) => c.repeat(40);
let fake: FakeCi;

function config(over: Partial<ArgocdDeploysConfig> = {}): ArgocdDeploysConfig {
  return {provider: 'argocd', apiUrl: fake.url, app: 'checkout-prod', services: {'checkout-prod': 'checkout'}, timeout: '2s', ...over};
}

closeFakeAfterEach(() => fake);

describe('createArgocdDeploySource', () => {
  it('turns the sync history into deploys, newest first, the newest taking the live health, each with its revision as commit', async () => {
    fake = await startFakeCi({flavor: 'argocd', token: TOKEN});
    fake.route('GET', '/api/v1/applications/{name}', {
      body: argoApp({
        name: 'checkout-prod',
        namespace: 'shop',
        health: 'Degraded',
        history: [
          {id: 1, revision: SHA[0] ?? '', deployedAt: '2026-05-01T09:00:00Z', username: 'primary'},
          {id: 3, revision: SHA[2] ?? '', deployedAt: '2026-05-04T10:01:00Z', deployStartedAt: '2026-05-04T10:00:00Z', automated: true},
          {id: 2, revision: SHA[1] ?? '', deployedAt: '2026-05-02T09:00:00Z', username: 'secondary'},
        ],
      }),
    });
    const source = createArgocdDeploySource(config(), {token: TOKEN});
    const {value, warnings} = await source.listDeploys();
    await source.close();
    const url = `${fake.url}/applications/checkout-prod`;
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      // Degraded: the sync completed, so it is what runs; its health is said beside it.
      {id: 'checkout-prod#3', service: 'checkout', version: '3333333', sha: SHA[2], environment: 'shop', status: 'success', health: 'degraded', startedAt: Date.UTC(2026, 4, 4, 10), finishedAt: Date.UTC(2026, 4, 4, 10, 1), author: 'auto-sync', url},
      {id: 'checkout-prod#2', service: 'checkout', version: '2222222', sha: SHA[1], environment: 'shop', status: 'success', startedAt: Date.UTC(2026, 4, 2, 9), author: 'secondary', url},
      {id: 'checkout-prod#1', service: 'checkout', version: '1111111', sha: SHA[0], environment: 'shop', status: 'success', startedAt: Date.UTC(2026, 4, 1, 9), author: 'primary', url},
    ]);
    expect(fake.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', '/api/v1/applications/checkout-prod', `Bearer ${TOKEN}`]]);
  });

  it('reads every application of a project, and an empty list; a chart-version revision is no commit', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', '/api/v1/applications', {
      body: {
        metadata: {resourceVersion: '9'},
        items: [
          argoApp({name: 'cart', history: [{id: 4, revision: 'v1.2.0', deployedAt: '2026-05-03T09:00:00Z'}]}),
          argoApp({name: 'search', history: [{id: 8, revision: SHA[1] ?? '', deployedAt: '2026-05-04T09:00:00Z'}], operationState: {phase: 'Running', startedAt: '2026-05-04T09:30:00Z'}}),
          argoApp({name: 'empty', history: []}),
        ],
      },
    });
    const source = createArgocdDeploySource(config({app: undefined, project: 'shop', services: {}}), {});
    const {value} = await source.listDeploys();
    fake.route('GET', '/api/v1/applications', {body: {metadata: {}}});
    const none = await source.listDeploys();
    await source.close();
    expect(value.map((d) => [d.id, d.service, d.version, d.environment, d.status, d.sha])).toEqual([
      ['search#8', 'search', '2222222', 'search', 'in_progress', SHA[1]],
      ['cart#4', 'cart', 'v1.2.0', 'cart', 'success', undefined],
    ]);
    expect(none.value).toEqual([]);
    expect(fake.requests.map((r) => r.url)).toEqual(['/api/v1/applications?projects=shop', '/api/v1/applications?projects=shop']);
  });

  it('a history at the app\'s limit (10 by default, else revisionHistoryLimit) says older syncs were dropped; one below it says nothing', async () => {
    fake = await startFakeCi({flavor: 'argocd', token: TOKEN});
    const entries = (n: number) => Array.from({length: n}, (_, i) => ({id: i + 1, revision: SHA[i % 3] ?? '', deployedAt: `2026-05-${String(i + 1).padStart(2, '0')}T09:00:00Z`}));
    const source = createArgocdDeploySource(config(), {token: TOKEN});
    const answer = async (app: Record<string, unknown>) => {
      fake.route('GET', '/api/v1/applications/{name}', {body: app});
      const {value, newest} = await source.listDeploys();
      return [value.length, newest];
    };
    expect(await answer(argoApp({name: 'checkout-prod', history: entries(10)}))).toEqual([10, 10]);
    expect(await answer(argoApp({name: 'checkout-prod', history: entries(9)}))).toEqual([9, undefined]);
    expect(await answer(argoApp({name: 'checkout-prod', history: entries(3), revisionHistoryLimit: 3}))).toEqual([3, 3]);
    expect(await answer(argoApp({name: 'checkout-prod', history: entries(10), revisionHistoryLimit: 20}))).toEqual([10, undefined]);
    await source.close();
  });

  it('a project whose apps cut their histories at different points is whole only since the latest cut', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    const day = (d: number) => `2026-05-${String(d).padStart(2, '0')}T09:00:00Z`;
    fake.route('GET', '/api/v1/applications', {
      body: {
        metadata: {},
        items: [
          // At its limit of 2 since 05-20: its syncs before then were dropped.
          argoApp({name: 'cart', revisionHistoryLimit: 2, history: [{id: 7, revision: 'v7', deployedAt: day(20)}, {id: 8, revision: 'v8', deployedAt: day(21)}]}),
          argoApp({name: 'search', history: [{id: 1, revision: 'v1', deployedAt: day(2)}]}),
        ],
      },
    });
    const source = createArgocdDeploySource(config({app: undefined, project: 'shop', services: {}}), {});
    const {value, newest, wholeSince} = await source.listDeploys();
    await source.close();
    expect(value).toHaveLength(3);
    expect([newest, wholeSince]).toEqual([2, Date.parse(day(20))]);
    // A range from 05-10 is not whole (cart's syncs before 05-20 are unknown), though search reaches back to 05-02.
    expect(deployDepthReason(value, Date.parse(day(10)), newest, wholeSince)).toBe('deploys before 2026-05-20T09:00:00.000Z not read (the history lists the newest 2)');
    expect(deployDepthReason(value, Date.parse(day(20)), newest, wholeSince)).toBeNull();
  });

  it('shows Argo CD\'s message on 401 and 403', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', '/api/v1/applications/{name}', {status: 403, body: errorBody('argocd', 403, 'permission denied: applications, get, shop/checkout-prod, sub: ci')});
    const source = createArgocdDeploySource(config(), {token: TOKEN});
    const failure = await source.listDeploys().then(() => null, (e: unknown) => e as SourceFailure);
    await source.close();
    expect(failure).toBeInstanceOf(SourceFailure);
    expect([failure?.kind, failure?.message]).toEqual([
      'auth',
      'argocd checkout-prod: not authorized (HTTP 403): permission denied: applications, get, shop/checkout-prod, sub: ci — check the app/project name and that the token may get it',
    ]);
  });
});

describe('argocd-wire (data outside the contract)', () => {
  it('skips history entries without an id or a time, naming them, and tolerates string ids', () => {
    const app = applicationSchema.parse({
      status: {history: [{id: '5', revision: 'abc1234def', deployedAt: '2026-05-04T10:00:00Z'}, {revision: 'x', deployedAt: '2026-05-04T10:00:00Z'}, {id: 6, revision: 'y'}], extra: true},
    });
    const {entries, skipped} = historyOf(app);
    expect(entries.map((e) => [e.id, e.revision])).toEqual([['5', 'abc1234def']]);
    expect(skipped).toEqual(['history[1].id: Invalid input', 'history[2].deployedAt: no deployedAt']);
  });

  it('takes a single revision as the commit, but none of a multi-source entry\'s revisions', () => {
    const app = applicationSchema.parse({
      status: {
        history: [
          {id: 2, revisions: [SHA[0], SHA[1]], deployedAt: '2026-05-04T10:00:00Z'},
          {id: 1, revision: SHA[2], deployedAt: '2026-05-03T10:00:00Z'},
        ],
      },
    });
    const {deploys} = appDeploys(app, {name: 'shop', service: 'shop', url: 'https://argocd.example/applications/shop'});
    expect(deploys.map((d) => [d.version, d.sha])).toEqual([
      ['1111111+2222222', undefined],
      ['3333333', SHA[2]],
    ]);
  });

  it('takes an entry that re-syncs an older entry\'s revision for a rollback of the entry before it, which a rollback then skips', () => {
    const at = (day: number) => `2026-05-0${day}T09:00:00Z`;
    const app = applicationSchema.parse(
      argoApp({
        name: 'checkout-prod',
        history: [
          {id: 6, revision: SHA[0] ?? '', deployedAt: at(1)},
          {id: 7, revision: SHA[1] ?? '', deployedAt: at(2)},
          {id: 8, revision: SHA[2] ?? '', deployedAt: at(3)},
          // Argo CD's rollback of entry 8 to entry 7's revision, then a plain re-sync of it.
          {id: 9, revision: SHA[1] ?? '', deployedAt: at(4)},
          {id: 10, revision: SHA[1] ?? '', deployedAt: at(5)},
        ],
      }),
    );
    const {deploys} = appDeploys(app, {name: 'checkout-prod', service: 'checkout', url: 'https://argocd.example/applications/checkout-prod'});
    expect(deploys.map((d) => [d.id, d.rollbackOf])).toEqual([
      ['checkout-prod#10', undefined],
      ['checkout-prod#9', 'checkout-prod#8'],
      ['checkout-prod#8', undefined],
      ['checkout-prod#7', undefined],
      ['checkout-prod#6', undefined],
    ]);
    // Rolling back again goes past the revision rolled back from (entry 8) to entry 6's.
    const live = liveDeploy(deploys, 'checkout', deploys[0]!.environment, Date.parse('2026-05-20T09:00:00Z'))!;
    const planned = planRollback(live, deploys, {context: 'prod', pressedAt: 0, provider: 'argocd'});
    expect(planned.ok && [planned.plan.fromVersion, planned.plan.toVersion]).toEqual(['2222222', '1111111']);
  });

  describe('a revision put back after its rollback (a roll-forward) is no rollback', () => {
    const at = (day: number, hour = 9) => `2026-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
    const rev = (c: string) => c.repeat(40);
    const deploysOf = (history: {id: number; revision: string; deployedAt: string}[]) =>
      appDeploys(applicationSchema.parse(argoApp({name: 'checkout-prod', history})), {name: 'checkout-prod', service: 'checkout', url: 'https://argocd.example/applications/checkout-prod'}).deploys;

    it('A good, B, a precautionary rollback to A, B synced again (innocent), B now bad: R goes back to A', () => {
      const deploys = deploysOf([
        {id: 1, revision: rev('1'), deployedAt: at(1)}, // Z
        {id: 2, revision: rev('a'), deployedAt: at(2)}, // A, good for days
        {id: 3, revision: rev('b'), deployedAt: at(10)}, // B
        {id: 4, revision: rev('a'), deployedAt: at(10, 10)}, // rollback to A
        {id: 5, revision: rev('b'), deployedAt: at(11)}, // B put back: the trouble was elsewhere
      ]);
      expect(deploys.map((d) => d.rollbackOf)).toEqual([undefined, 'checkout-prod#3', undefined, undefined, undefined]);
      const live = liveDeploy(deploys, 'checkout', deploys[0]!.environment, Date.parse('2026-05-20T09:00:00Z'))!;
      expect(live.id).toBe('checkout-prod#5');
      const planned = planRollback(live, deploys, {context: 'prod', pressedAt: Date.parse(at(20)), provider: 'argocd'});
      expect(planned.ok && [planned.plan.fromVersion, planned.plan.toVersion]).toEqual(['bbbbbbb', 'aaaaaaa']);
    });

    it('a revision rolled back from and put back later, after another sync, is still no rollback', () => {
      const deploys = deploysOf([
        {id: 1, revision: rev('a'), deployedAt: at(1)}, // A
        {id: 2, revision: rev('b'), deployedAt: at(2)}, // B
        {id: 3, revision: rev('a'), deployedAt: at(3)}, // rollback to A
        {id: 4, revision: rev('c'), deployedAt: at(4)}, // C
        {id: 5, revision: rev('b'), deployedAt: at(5)}, // B again: older than C, but it was put back, not gone back to
      ]);
      expect(deploys.map((d) => [d.id, d.rollbackOf])).toEqual([
        ['checkout-prod#5', undefined],
        ['checkout-prod#4', undefined],
        ['checkout-prod#3', 'checkout-prod#2'],
        ['checkout-prod#2', undefined],
        ['checkout-prod#1', undefined],
      ]);
    });

    it('A, B, rollback to A, B put back (innocent), C, C bad, rollback to B: that is a rollback of C, and the next rollback goes to A, never back to C', () => {
      const deploys = deploysOf([
        {id: 1, revision: rev('a'), deployedAt: at(1)}, // A
        {id: 2, revision: rev('b'), deployedAt: at(2)}, // B
        {id: 3, revision: rev('a'), deployedAt: at(2, 10)}, // precautionary rollback to A
        {id: 4, revision: rev('b'), deployedAt: at(3)}, // B put back: innocent, it ran fine for days
        {id: 5, revision: rev('c'), deployedAt: at(10)}, // C
        {id: 6, revision: rev('b'), deployedAt: at(10, 10)}, // C bad: rollback to B
      ]);
      expect(deploys.map((d) => [d.id, d.rollbackOf])).toEqual([
        ['checkout-prod#6', 'checkout-prod#5'],
        ['checkout-prod#5', undefined],
        ['checkout-prod#4', undefined],
        ['checkout-prod#3', 'checkout-prod#2'],
        ['checkout-prod#2', undefined],
        ['checkout-prod#1', undefined],
      ]);
      // B now misbehaves (or R on an alert whose suspect is B): C was just rolled back from.
      const live = liveDeploy(deploys, 'checkout', deploys[0]!.environment, Date.parse('2026-05-20T09:00:00Z'))!;
      expect(live.id).toBe('checkout-prod#6');
      const planned = planRollback(live, deploys, {context: 'prod', pressedAt: Date.parse(at(11)), provider: 'argocd'});
      expect(planned.ok && [planned.plan.fromVersion, planned.plan.toVersion]).toEqual(['bbbbbbb', 'aaaaaaa']);
    });

    it('going back to a revision older than the one replaced is still a rollback, and so is a second one past it', () => {
      const deploys = deploysOf([
        {id: 1, revision: rev('1'), deployedAt: at(1)}, // Z
        {id: 2, revision: rev('a'), deployedAt: at(2)}, // A
        {id: 3, revision: rev('b'), deployedAt: at(3)}, // B
        {id: 4, revision: rev('a'), deployedAt: at(4)}, // rollback of B to A
        {id: 5, revision: rev('1'), deployedAt: at(5)}, // A was bad too: rollback to Z
      ]);
      expect(deploys.map((d) => d.rollbackOf)).toEqual(['checkout-prod#4', 'checkout-prod#3', undefined, undefined, undefined]);
    });
  });

  it('gives the newest sync no health while a sync is still running: the health is not yet of that deploy', () => {
    const app = applicationSchema.parse(
      argoApp({name: 'c', health: 'Degraded', operationState: {phase: 'Running', startedAt: '2026-05-04T10:00:00Z'}, history: [{id: 1, revision: rev40('a'), deployedAt: '2026-05-04T09:00:00Z'}]}),
    );
    const [d] = appDeploys(app, {name: 'c', service: 'c', url: 'https://argocd.example/applications/c'}).deploys;
    expect(d?.status).toBe('in_progress');
    expect(d?.health).toBeUndefined();
  });

  it('derives the live status from operation phase, then health; a Degraded or Missing app, or a failed operation, still runs its newest sync', () => {
    const status = (s: unknown) => currentStatus(applicationSchema.parse({status: s}));
    expect([
      status({operationState: {phase: 'Running'}, health: {status: 'Healthy'}}),
      status({health: {status: 'Progressing'}}),
      status({health: {status: 'Missing'}}),
      status({health: {status: 'Degraded'}, operationState: {phase: 'Succeeded'}}),
      status({health: {status: 'Unknown'}, operationState: {phase: 'Failed'}}),
      status({}),
      status(null),
    ]).toEqual(['in_progress', 'in_progress', 'success', 'success', 'success', 'unknown', 'unknown']);
    const health = (s: unknown) => currentHealth(applicationSchema.parse({status: s}));
    expect([health({health: {status: 'Degraded'}}), health({health: {status: 'Missing'}}), health({health: {status: 'Healthy'}}), health({health: {status: 'Progressing'}}), health({})]).toEqual([
      'degraded',
      'missing',
      null,
      null,
      null,
    ]);
  });
});
