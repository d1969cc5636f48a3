import {describe, expect, it} from 'vitest';
import {planRollback} from '../../../src/domain/rollback-plan.ts';
import {decodeEach} from '../../../src/sources/ci/ci-wire.ts';
import {createGithubDeploySource, GITHUB_DEPLOYS_LIMIT, type GithubDeploysConfig} from '../../../src/sources/github/github-deploys.ts';
import {deploymentSchema} from '../../../src/sources/github/github-wire.ts';
import {githubDeployment, githubStatus} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 32);
const SHA_A = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const SHA_B = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
let fake: FakeCi;

function config(over: Partial<GithubDeploysConfig> = {}): GithubDeploysConfig {
  return {provider: 'github', apiUrl: fake.url, repo: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, timeout: '2s', ...over};
}

closeFakeAfterEach(() => fake);

describe('createGithubDeploySource', () => {
  it('lists deployments newest first with the commit, and the state, link and author of their latest status', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 100, sha: SHA_A, ref: 'main', environment: 'production', createdAt: '2026-05-04T09:00:00Z', login: 'primary'}),
        githubDeployment({id: 102, sha: SHA_B, ref: SHA_B, environment: 'production', createdAt: '2026-05-04T11:00:00Z', login: 'third'}),
        githubDeployment({id: 101, sha: SHA_B, ref: 'v2.14.0', environment: 'production', createdAt: '2026-05-04T10:00:00Z', login: 'secondary'}),
        githubDeployment({id: 99, sha: SHA_A, ref: 'main', environment: 'production', createdAt: '2026-05-03T09:00:00Z', login: null}),
      ],
    });
    fake.route('GET', '/repos/{owner}/{repo}/deployments/100/statuses', {
      // Unsorted on purpose: the newest status (inactive, superseded) decides.
      body: [
        githubStatus({id: 2, state: 'inactive', createdAt: '2026-05-04T10:05:00Z', environmentUrl: 'https://shop.example'}),
        githubStatus({id: 1, state: 'success', createdAt: '2026-05-04T09:03:00Z', logUrl: 'https://ci.example/logs/1'}),
      ],
    });
    fake.route('GET', '/repos/{owner}/{repo}/deployments/101/statuses', {body: [githubStatus({id: 3, state: 'failure', createdAt: '2026-05-04T10:04:00Z', logUrl: 'https://ci.example/logs/3'})]});
    fake.route('GET', '/repos/{owner}/{repo}/deployments/102/statuses', {body: [githubStatus({id: 4, state: 'in_progress', createdAt: '2026-05-04T11:01:00Z'})]});
    fake.route('GET', '/repos/{owner}/{repo}/deployments/99/statuses', {body: []});
    const source = createGithubDeploySource(config(), {token: TOKEN});
    const {value, warnings, newest} = await source.listDeploys();
    await source.close();
    expect(warnings).toEqual([]);
    // Less than a page: the whole history, nothing older unread.
    expect(newest).toBeUndefined();
    expect(value).toEqual([
      {id: '102', service: 'checkout', version: '5f0c2d1', sha: SHA_B, environment: 'production', status: 'in_progress', startedAt: Date.UTC(2026, 4, 4, 11), author: 'third', url: `${fake.url}/acme/shop/deployments`},
      {id: '101', service: 'checkout', version: 'v2.14.0', sha: SHA_B, environment: 'production', status: 'failure', startedAt: Date.UTC(2026, 4, 4, 10), finishedAt: Date.UTC(2026, 4, 4, 10, 4), author: 'secondary', url: 'https://ci.example/logs/3'},
      {id: '100', service: 'checkout', version: 'a84d88e', sha: SHA_A, environment: 'production', status: 'success', startedAt: Date.UTC(2026, 4, 4, 9), finishedAt: Date.UTC(2026, 4, 4, 9, 3), author: 'primary', url: 'https://shop.example'},
      {id: '99', service: 'checkout', version: 'a84d88e', sha: SHA_A, environment: 'production', status: 'unknown', startedAt: Date.UTC(2026, 4, 3, 9), author: '', url: `${fake.url}/acme/shop/deployments`},
    ]);
    const list = fake.calls('GET', '/repos/{owner}/{repo}/deployments')[0];
    expect(list?.url).toBe('/repos/acme/shop/deployments?environment=production&per_page=20');
    expect(list?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(list?.headers.accept).toBe('application/vnd.github+json');
    expect(list?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a full page of deployments says that older ones exist, unread', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const ids = Array.from({length: GITHUB_DEPLOYS_LIMIT}, (_, i) => 200 + i);
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {body: ids.map((id, i) => githubDeployment({id, sha: SHA_A, ref: 'main', environment: 'production', createdAt: `2026-05-04T10:${String(i).padStart(2, '0')}:00Z`, login: 'ci'}))});
    for (const id of ids) fake.route('GET', `/repos/{owner}/{repo}/deployments/${id}/statuses`, {body: []});
    const source = createGithubDeploySource(config(), {});
    const {value, newest} = await source.listDeploys();
    await source.close();
    expect(value).toHaveLength(GITHUB_DEPLOYS_LIMIT);
    expect(newest).toBe(GITHUB_DEPLOYS_LIMIT);
  });

  it('asks again only for deployments whose state is not final', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 1, sha: SHA_A, ref: 'v1.0.0', environment: 'production', createdAt: '2026-05-04T09:00:00Z', login: 'a'}),
        githubDeployment({id: 2, sha: SHA_B, ref: 'v1.1.0', environment: 'production', createdAt: '2026-05-04T10:00:00Z', login: 'b'}),
      ],
    });
    fake.route('GET', '/repos/{owner}/{repo}/deployments/1/statuses', {body: [githubStatus({id: 1, state: 'success', createdAt: '2026-05-04T09:01:00Z'})]});
    fake.route('GET', '/repos/{owner}/{repo}/deployments/2/statuses', {body: [githubStatus({id: 2, state: 'queued', createdAt: '2026-05-04T10:01:00Z'})]});
    const source = createGithubDeploySource(config({environment: undefined, services: {}}), {});
    await source.listDeploys();
    const second = await source.listDeploys();
    await source.close();
    expect(second.value.map((d) => [d.id, d.service, d.status])).toEqual([['2', 'shop', 'queued'], ['1', 'shop', 'success']]);
    expect(fake.calls('GET', '/repos/{owner}/{repo}/deployments/1/statuses')).toHaveLength(1);
    expect(fake.calls('GET', '/repos/{owner}/{repo}/deployments/2/statuses')).toHaveLength(2);
    expect(fake.calls('GET', '/repos/{owner}/{repo}/deployments')[0]?.url).toBe('/repos/acme/shop/deployments?per_page=20');
  });

  it('passes odd text through untouched (the view sanitizes) and survives a deployment deleted meanwhile', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [{...githubDeployment({id: 7, sha: SHA_A, ref: 'v9\u001b[31m\u202e', environment: 'prod\u0007', createdAt: '2026-05-04T09:00:00Z', login: 'mallory\u001b]8;;'}), extra_field: {nested: true}}],
    });
    fake.route('GET', '/repos/{owner}/{repo}/deployments/7/statuses', {status: 404, body: {message: 'Not Found', documentation_url: 'https://docs.github.com/rest'}});
    const source = createGithubDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    // A ref with controls in it is no release tag: the version is the short sha.
    expect(value).toEqual([{id: '7', service: 'checkout', version: SHA_A.slice(0, 7), sha: SHA_A, environment: 'prod\u0007', status: 'unknown', startedAt: Date.UTC(2026, 4, 4, 9), author: 'mallory\u001b]8;;', url: `${fake.url}/acme/shop/deployments`}]);
  });

  it('shows GitHub\'s own message on 401 as an auth failure, without the token', async () => {
    fake = await startFakeCi({flavor: 'github', token: 'the-right-token'});
    const source = createGithubDeploySource(config(), {token: TOKEN});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect(failure.kind).toBe('auth');
    expect(failure.message).toBe('github acme/shop: not authorized (HTTP 401): Bad credentials');
    expect(failure.message).not.toContain(TOKEN);
  });

  it('scrubs the token when a proxy echoes it back in the error', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {status: 403, body: {message: `token ${TOKEN} lacks repo scope`, documentation_url: 'https://docs.github.com/rest'}});
    const source = createGithubDeploySource(config(), {token: TOKEN});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect([failure.kind, failure.message]).toEqual(['auth', 'github acme/shop: not authorized (HTTP 403): token [redacted] lacks repo scope']);
  });

  it('reports an exhausted rate limit as unavailable, not as a bad token', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {status: 403, body: {message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest'}});
    const source = createGithubDeploySource(config(), {});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect([failure.kind, failure.message]).toEqual(['unavailable', 'github acme/shop: rate limited (HTTP 403): API rate limit exceeded for user ID 1.']);
  });

  it('times out on a server that never answers', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {hang: true, body: []});
    const source = createGithubDeploySource(config({timeout: '300ms'}), {});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(`github acme/shop: GET ${fake.url}/repos/acme/shop/deployments: no answer within 300 ms`);
  });
});

describe('GitHub Deployments: a release candidate promoted by tagging its commit', () => {
  it('v2.14.0 (the commit v2.14.0-rc.2 already ran) is bad: the rollback goes to v2.13.2, not to the rc, which is the same code', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 3, sha: SHA_B, ref: 'v2.14.0', environment: 'production', createdAt: '2026-05-04T11:00:00Z', login: 'rel'}),
        githubDeployment({id: 2, sha: SHA_B, ref: 'v2.14.0-rc.2', environment: 'production', createdAt: '2026-05-04T10:00:00Z', login: 'rel'}),
        githubDeployment({id: 1, sha: SHA_A, ref: 'v2.13.2', environment: 'production', createdAt: '2026-05-01T09:00:00Z', login: 'rel'}),
      ],
    });
    for (const id of [1, 2, 3]) fake.route('GET', `/repos/{owner}/{repo}/deployments/${id}/statuses`, {body: [githubStatus({id, state: 'success', createdAt: '2026-05-04T11:01:00Z'})]});
    const source = createGithubDeploySource(config(), {token: TOKEN});
    const {value} = await source.listDeploys();
    await source.close();
    expect(value.map((d) => [d.version, d.status])).toEqual([['v2.14.0', 'success'], ['v2.14.0-rc.2', 'success'], ['v2.13.2', 'success']]);
    const planned = planRollback(value[0]!, value, {context: 'prod', pressedAt: Date.parse('2026-05-04T12:00:00Z'), provider: 'github'});
    expect(planned.ok && [planned.plan.fromVersion, planned.plan.toVersion]).toEqual(['v2.14.0', 'v2.13.2']);
  });
});

describe('deploymentSchema (data outside the contract)', () => {
  it('decodes string ids and missing optional fields, and names the index and field it skips', () => {
    const {items, skipped} = decodeEach(deploymentSchema, [
      {id: '12', created_at: '2026-05-04T09:00:00Z'},
      {id: 13, created_at: 'yesterday', sha: SHA_A},
      {created_at: '2026-05-04T09:00:00Z'},
      'not an object',
    ]);
    expect(items).toEqual([{id: '12', sha: null, ref: null, environment: null, created_at: Date.UTC(2026, 4, 4, 9)}]);
    expect(skipped).toEqual(['[1].created_at: not a timestamp: "yesterday"', '[2].id: Invalid input', '[3]: Invalid input: expected object, received string']);
  });
});
