import {describe, expect, it} from 'vitest';
import {previousGoodDeploy} from '../../../src/domain/correlation.ts';
import {createGithubDeploySource, type GithubDeploysConfig} from '../../../src/sources/github/github-deploys.ts';
import {githubDeployment, githubStatus} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const SHA_A = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const SHA_B = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
let fake: FakeCi;
closeFakeAfterEach(() => fake);

function config(): GithubDeploysConfig {
  return {provider: 'github', apiUrl: fake.url, repo: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, timeout: '2s'};
}

describe('deploys: GitHub deployments of a branch whose name has a digit', () => {
  it('two deploys of branch release-2.14 at different commits are told apart, and the older one is the rollback target', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 201, sha: SHA_B, ref: 'release-2.14', environment: 'production', createdAt: '2026-05-04T11:00:00Z', login: 'bob'}),
        githubDeployment({id: 200, sha: SHA_A, ref: 'release-2.14', environment: 'production', createdAt: '2026-05-04T09:00:00Z', login: 'alice'}),
      ],
    });
    fake.route('GET', '/repos/{owner}/{repo}/deployments/201/statuses', {body: [githubStatus({id: 2, state: 'success', createdAt: '2026-05-04T11:03:00Z'})]});
    fake.route('GET', '/repos/{owner}/{repo}/deployments/200/statuses', {
      body: [githubStatus({id: 3, state: 'inactive', createdAt: '2026-05-04T11:03:00Z'}), githubStatus({id: 1, state: 'success', createdAt: '2026-05-04T09:03:00Z'})],
    });
    const source = createGithubDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    // Both rows read "release-2.14" when a branch with a digit was taken for a release name…
    expect(value[0]?.version).not.toBe(value[1]?.version);
    // …and the earlier commit, which ran fine until 11:00, was skipped as "the same version".
    expect(previousGoodDeploy(value, value[0]!)?.id).toBe('200');
  });
});
