import {describe, expect, it} from 'vitest';
import {findSuspects} from '../../../src/domain/correlation.ts';
import {appDeploys, applicationSchema} from '../../../src/sources/argocd/argocd-wire.ts';
import {argoApp} from '../../helpers/fake-ci-bodies.ts';

const OLD = '1111111111111111111111111111111111111111';
const NEW = '2222222222222222222222222222222222222222';

// Revision OLD synced at 09:00 and runs; at 09:30 a sync of NEW starts and is still running
// (hooks, a slow rollout). Argo CD writes NEW's history entry only once that sync succeeds.
function app() {
  const body = argoApp({name: 'checkout', history: [{id: 7, revision: OLD, deployedAt: '2026-05-04T09:00:00Z'}], operationState: {phase: 'Running', startedAt: '2026-05-04T09:30:00Z'}});
  const status = body['status'] as Record<string, unknown>;
  // What Argo CD sends for a running sync: the operation names the revision being synced.
  status['operationState'] = {phase: 'Running', message: 'waiting for healthy state of apps/Deployment/checkout', startedAt: '2026-05-04T09:30:00Z', operation: {sync: {revision: NEW}}};
  body['operation'] = {sync: {revision: NEW}};
  return applicationSchema.parse(body);
}

describe('deploys: Argo CD sync in progress', () => {
  it('the entry that has run since 09:00 is not shown as "… running": it is what is live', () => {
    const {deploys} = appDeploys(app(), {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'});
    const old = deploys.find((d) => d.sha === OLD);
    expect(old?.status).toBe('success');
  });

  it('the running sync of NEW (started 09:30) is suspect for an SLO that starts burning at 09:35', () => {
    const {deploys} = appDeploys(app(), {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'});
    const suspects = findSuspects(deploys, [{service: 'checkout', startedAt: Date.parse('2026-05-04T09:35:00Z'), kind: 'slo', name: 'availability'}]);
    const suspectVersions = deploys.filter((d) => suspects.has(d.id)).map((d) => d.version);
    // Nothing was suspect (NEW was not listed at all; OLD's start is 35 minutes back) while the
    // pane showed OLD as "… running".
    expect(suspectVersions).toEqual(['2222222']);
  });
});

describe('deploys: Argo CD sync of a new revision that failed', () => {
  it('the entry that still runs (the failed sync never replaced it) is not shown as failed', () => {
    const body = argoApp({name: 'checkout', history: [{id: 7, revision: OLD, deployedAt: '2026-05-04T09:00:00Z'}]});
    const status = body['status'] as Record<string, unknown>;
    status['health'] = {status: 'Unknown'};
    status['operationState'] = {phase: 'Failed', message: 'one or more objects failed to apply', startedAt: '2026-05-04T09:30:00Z', operation: {sync: {revision: NEW}}};
    const {deploys} = appDeploys(applicationSchema.parse(body), {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'});
    // OLD (synced fine at 09:00, still running) read "✖ failed": it stopped being suspect and
    // stopped being the live deploy a rollback goes from.
    expect(deploys.find((d) => d.sha === OLD)?.status).toBe('success');
    // The failed sync of NEW is listed on its own, as the failure it is, from its start.
    expect(deploys.map((d) => [d.version, d.status, d.startedAt])).toEqual([
      ['2222222', 'failure', Date.parse('2026-05-04T09:30:00Z')],
      ['1111111', 'success', Date.parse('2026-05-04T09:00:00Z')],
    ]);
  });
});

describe('deploys: which operation is a sync in flight', () => {
  const at = (minute: number) => `2026-05-04T09:${String(minute).padStart(2, '0')}:00Z`;
  const NEWER = '3333333333333333333333333333333333333333';
  const deploysWith = (operationState: Record<string, unknown>, history = [{id: 6, revision: NEW, deployedAt: at(0)}, {id: 7, revision: OLD, deployedAt: at(10)}]) => {
    const body = argoApp({name: 'checkout', history});
    (body['status'] as Record<string, unknown>)['operationState'] = {startedAt: at(30), ...operationState};
    return appDeploys(applicationSchema.parse(body), {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'}).deploys;
  };

  it('reads the revision the sync resolved to before the one requested, which may be a branch', () => {
    const deploys = deploysWith({phase: 'Running', operation: {sync: {revision: 'main'}, initiatedBy: {username: 'alice'}}, syncResult: {revision: NEWER}});
    expect(deploys.map((d) => [d.id, d.version, d.status, d.author])).toEqual([
      ['checkout#sync-' + Date.parse(at(30)), '3333333', 'in_progress', 'alice'],
      ['checkout#7', '1111111', 'success', 'admin'],
      ['checkout#6', '2222222', 'success', 'admin'],
    ]);
  });

  it('a sync of a branch not resolved yet, or of the newest entry\'s own revision, stays on the newest entry', () => {
    const unresolved = deploysWith({phase: 'Running', operation: {sync: {revision: 'HEAD'}}});
    const resync = deploysWith({phase: 'Running', operation: {sync: {revision: OLD}}});
    for (const deploys of [unresolved, resync]) expect(deploys.map((d) => [d.id, d.status])).toEqual([['checkout#7', 'in_progress'], ['checkout#6', 'success']]);
  });

  it('a rollback running to an older revision is listed as the rollback of the newest entry', () => {
    const deploys = deploysWith({phase: 'Running', operation: {sync: {revision: NEW}}});
    expect(deploys.map((d) => [d.version, d.status, d.rollbackOf])).toEqual([
      ['2222222', 'in_progress', 'checkout#7'],
      ['1111111', 'success', undefined],
      ['2222222', 'success', undefined],
    ]);
  });

  it('the first sync of a new application shows while it runs', () => {
    const deploys = deploysWith({phase: 'Running', operation: {sync: {revision: NEW}}}, []);
    expect(deploys.map((d) => [d.version, d.status])).toEqual([['2222222', 'in_progress']]);
  });
});

describe('deploys: when an Argo CD sync ended', () => {
  // The burn starts at 10:00; a sync took from 09:20 to 09:58.
  const at = (minute: number) => new Date(Date.UTC(2026, 4, 4, 9, 0) + minute * 60_000).toISOString();
  const ms = (minute: number) => Date.UTC(2026, 4, 4, 9, 0) + minute * 60_000;
  const url = 'https://argocd.example/applications/checkout';

  it('a synced entry ends at its deployedAt when it has a deployStartedAt; an entry without one has no end', () => {
    const body = argoApp({
      name: 'checkout',
      history: [
        {id: 6, revision: OLD, deployedAt: at(0)},
        {id: 7, revision: NEW, deployStartedAt: at(20), deployedAt: at(58)},
      ],
    });
    const {deploys} = appDeploys(applicationSchema.parse(body), {name: 'checkout', service: 'checkout', url});
    expect(deploys.map((d) => [d.version, d.status, d.startedAt, d.finishedAt])).toEqual([
      ['2222222', 'success', ms(20), ms(58)],
      ['1111111', 'success', ms(0), undefined],
    ]);
  });

  it('the newest entry still rolling out (Progressing) has no end yet', () => {
    const body = argoApp({name: 'checkout', health: 'Progressing', history: [{id: 7, revision: NEW, deployStartedAt: at(20), deployedAt: at(58)}]});
    const {deploys} = appDeploys(applicationSchema.parse(body), {name: 'checkout', service: 'checkout', url});
    expect(deploys.map((d) => [d.status, d.finishedAt])).toEqual([['in_progress', undefined]]);
  });

  it('a failed sync of a new revision ends when the operation finished; a running one has no end', () => {
    const withOperation = (operationState: Record<string, unknown>) => {
      const body = argoApp({name: 'checkout', history: [{id: 7, revision: OLD, deployStartedAt: at(0), deployedAt: at(2)}]});
      (body['status'] as Record<string, unknown>)['operationState'] = {startedAt: at(20), operation: {sync: {revision: NEW}}, ...operationState};
      return appDeploys(applicationSchema.parse(body), {name: 'checkout', service: 'checkout', url}).deploys;
    };
    expect(withOperation({phase: 'Failed', finishedAt: at(58)}).map((d) => [d.version, d.status, d.startedAt, d.finishedAt])).toEqual([
      ['2222222', 'failure', ms(20), ms(58)],
      ['1111111', 'success', ms(0), ms(2)],
    ]);
    expect(withOperation({phase: 'Running'}).map((d) => [d.version, d.status, d.finishedAt])).toEqual([
      ['2222222', 'in_progress', undefined],
      ['1111111', 'success', ms(2)],
    ]);
    // Failed without a finishedAt: no end rather than its start.
    expect(withOperation({phase: 'Failed'})[0]?.finishedAt).toBeUndefined();
  });
});
