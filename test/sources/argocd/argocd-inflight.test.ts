import {describe, expect, it} from 'vitest';
import {appDeploys, applicationSchema, historyOf} from '../../../src/sources/argocd/argocd-wire.ts';
import {createArgocdRollbacker, rollbackTarget, rollsBackSyncInFlight} from '../../../src/sources/argocd/argocd-rollback.ts';
import {planRollback} from '../../../src/domain/rollback-plan.ts';
import {argoApp} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const W = '1111111111111111111111111111111111111111';
const Y = '2222222222222222222222222222222222222222';
const X = '3333333333333333333333333333333333333333';
const opts = {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'};

function bodyWith(operationState: Record<string, unknown>): Record<string, unknown> {
  const body = argoApp({name: 'checkout', history: [{id: 6, revision: W, deployedAt: '2026-05-04T08:00:00Z'}, {id: 7, revision: Y, deployedAt: '2026-05-04T09:00:00Z'}]});
  (body['status'] as Record<string, unknown>)['operationState'] = operationState;
  return body;
}

function appWith(operationState: Record<string, unknown>) {
  return applicationSchema.parse(bodyWith(operationState));
}

const failedSyncOfX = {phase: 'Failed', message: 'one or more objects failed to apply', startedAt: '2026-05-04T09:30:00Z', operation: {sync: {revision: X}}, syncResult: {revision: X}};


describe('Argo CD sync in flight: same revision named by a short sha', () => {
  it('a re-sync of the newest revision requested by its short sha (not resolved yet) is not listed as another deploy', () => {
    // `argocd app sync checkout --revision 2222222` while the newest entry already runs 2222222…
    const app = appWith({phase: 'Running', startedAt: '2026-05-04T09:30:00Z', operation: {sync: {revision: Y.slice(0, 7)}}});
    const {deploys} = appDeploys(app, opts);
    // Compared as plain text with the full sha, it was a phantom `checkout#sync-…` deploy of
    // "2222222" in progress above the entry of the same commit.
    expect(deploys.map((d) => d.id)).toEqual(['checkout#7', 'checkout#6']);
  });
  it('a sync of another commit requested by its short sha is listed on its own', () => {
    const app = appWith({phase: 'Running', startedAt: '2026-05-04T09:30:00Z', operation: {sync: {revision: 'ABCDEF1'}}});
    expect(appDeploys(app, opts).deploys.map((d) => d.id)).toEqual(['checkout#sync-1777887000000', 'checkout#7', 'checkout#6']);
  });
});

describe('Argo CD sync in flight as a rollback source', () => {
  it('R on a failed sync of X plans a rollback to Y, the newest entry, and the rollbacker picks that entry', () => {
    const app = appWith(failedSyncOfX);
    const {deploys} = appDeploys(app, opts);
    const synthetic = deploys.find((d) => d.id.startsWith('checkout#sync-'))!;
    expect(synthetic.status).toBe('failure');
    const planned = planRollback(synthetic, deploys, {context: 'prod', pressedAt: Date.parse('2026-05-04T10:00:00Z'), provider: 'argocd'});
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.target.id).toBe('checkout#7');
    // Skipping the newest entry as "the current one", the rollbacker refused with "no earlier
    // history entry has revision 2222222 (Argo CD keeps the last 2 syncs); roll back in Git".
    const {entries} = historyOf(app);
    expect(rollsBackSyncInFlight(app, entries, planned.plan)).toBe(true);
    expect(rollbackTarget(entries, planned.plan.toVersion, {newestIsCurrent: false})).toMatchObject({ok: true, entry: {id: '7'}});
  });
});

describe('Argo CD rollback from a sync in flight', () => {
  let fake: FakeCi;
  closeFakeAfterEach(() => fake);

  it('sends the newest entry\'s history id, never the sync\'s, and a plan from the newest entry still skips it', async () => {
    fake = await startFakeCi({flavor: 'argocd'});
    fake.route('GET', '/api/v1/applications/{name}', {body: bodyWith(failedSyncOfX)});
    fake.route('POST', '/api/v1/applications/{name}/rollback', {body: bodyWith(failedSyncOfX)});
    const argo = createArgocdRollbacker({provider: 'argocd', apiUrl: fake.url, app: 'checkout', timeout: '2s'}, {token: 'jwt-0123456789'}, {now: () => Date.parse('2026-05-04T10:00:00Z')});
    const plan = {service: 'checkout', environment: 'checkout', fromVersion: '3333333', toVersion: '2222222', description: 'argocd: roll back checkout from 3333333 to 2222222', idempotencyKey: 'k1'};
    await argo.rollback(plan);
    const fromNewest = await argo.rollback({...plan, fromVersion: '2222222', idempotencyKey: 'k2'}).catch((error: unknown) => error);
    await argo.close();
    expect(fake.calls('POST', '/api/v1/applications/{name}/rollback').map((r) => r.json)).toEqual([{name: 'checkout', id: 7, dryRun: false, prune: false}]);
    expect(String(fromNewest)).toMatch(/no earlier history entry has revision 2222222/);
  });
});
