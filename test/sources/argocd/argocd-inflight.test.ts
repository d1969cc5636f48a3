import {describe, expect, it} from 'vitest';
import {appDeploys, applicationSchema} from '../../../src/sources/argocd/argocd-wire.ts';
import {argoApp} from '../../helpers/fake-ci-bodies.ts';

const W = '1111111111111111111111111111111111111111';
const Y = '2222222222222222222222222222222222222222';
const opts = {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'};

function appWith(operationState: Record<string, unknown>) {
  const body = argoApp({name: 'checkout', history: [{id: 6, revision: W, deployedAt: '2026-05-04T08:00:00Z'}, {id: 7, revision: Y, deployedAt: '2026-05-04T09:00:00Z'}]});
  (body['status'] as Record<string, unknown>)['operationState'] = operationState;
  return applicationSchema.parse(body);
}

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
