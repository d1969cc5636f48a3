import {describe, expect, it} from 'vitest';
import {createGithubWorkflowDeploySource} from '../../../src/sources/github/github-workflow-deploys.ts';
import {githubRun, githubRunList} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const SHA_OLD = '1111111111111111111111111111111111111111';
const SHA_BAD = '2222222222222222222222222222222222222222';
const SHA_FIX = '3333333333333333333333333333333333333333';
const KEY = `oncall:prod:checkout:production:2222222->1111111:${Date.UTC(2026, 4, 4, 10, 20)}`;
let fake: FakeCi;
closeFakeAfterEach(() => fake);

describe('deploys: a push run whose commit message quotes a rollback request id', () => {
  it('is read as the push deploy it is (its own commit), not as a rollback to 1111111', async () => {
    fake = await startFakeCi({flavor: 'github'});
    // A push run's display_title is its head commit's subject. The developer's fix commit quotes
    // the rollback it follows up on, pasted from the rollback run's title.
    const runs = [
      githubRun({id: 40, status: 'completed', conclusion: 'success', name: 'Deploy', event: 'push', displayTitle: `Fix checkout 500s (follow-up to ${KEY})`, headSha: SHA_FIX, createdAt: '2026-05-04T11:00:00Z', actor: 'dev'}),
      githubRun({id: 30, status: 'completed', conclusion: 'success', name: 'Deploy', event: 'push', displayTitle: 'Add new checkout flow', headSha: SHA_BAD, createdAt: '2026-05-04T10:00:00Z', actor: 'dev'}),
      githubRun({id: 20, status: 'completed', conclusion: 'success', name: 'Deploy', event: 'push', displayTitle: 'Tidy', headSha: SHA_OLD, createdAt: '2026-05-04T09:00:00Z', actor: 'dev'}),
    ];
    fake.route('GET', RUNS, {body: githubRunList(runs)});
    const source = createGithubWorkflowDeploySource({provider: 'github', apiUrl: fake.url, repo: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, workflow: 'deploy.yml', timeout: '2s'}, {});
    const {value} = await source.listDeploys();
    await source.close();
    const newest = value[0]!;
    // Read as a rollback, it was version 1111111 with the old commit and rollbackOf '30': the
    // pane said "1111111 (rollback)" while 3333333 ran.
    expect({version: newest.version, sha: newest.sha, rollbackOf: newest.rollbackOf}).toEqual({version: '3333333', sha: SHA_FIX, rollbackOf: undefined});
  });
});
