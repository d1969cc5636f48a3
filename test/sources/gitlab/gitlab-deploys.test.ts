import {describe, expect, it} from 'vitest';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createGitlabDeploySource, GITLAB_DEPLOYS_LIMIT, type GitlabDeploysConfig} from '../../../src/sources/gitlab/gitlab-deploys.ts';
import {gitlabDeployment} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, errorBody, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glpat-', 20, 34);
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const DEPLOYMENTS = '/api/v4/projects/{id}/deployments';
let fake: FakeCi;

function config(over: Partial<GitlabDeploysConfig> = {}): GitlabDeploysConfig {
  return {provider: 'gitlab', apiUrl: `${fake.url}/api/v4`, project: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, timeout: '2s', ...over};
}

closeFakeAfterEach(() => fake);

describe('createGitlabDeploySource', () => {
  it('lists deployments newest first, a tag as its name and a branch as its short sha, each with its full commit sha', async () => {
    fake = await startFakeCi({flavor: 'gitlab', token: TOKEN});
    fake.route('GET', DEPLOYMENTS, {
      body: [
        gitlabDeployment({id: 41, ref: 'v2.14.0', sha: SHA, tag: true, status: 'failed', createdAt: '2026-05-04T10:00:00Z', username: 'secondary', environment: 'production'}),
        gitlabDeployment({id: 42, ref: 'main', sha: SHA, status: 'running', createdAt: '2026-05-04T11:00:00Z', username: 'third', environment: 'production'}),
        gitlabDeployment({id: 40, ref: 'v2.13.2', sha: SHA, tag: true, status: 'success', createdAt: '2026-05-03T10:00:00Z', username: 'primary', environment: 'production'}),
      ],
    });
    const source = createGitlabDeploySource(config(), {token: TOKEN});
    const {value, warnings, newest} = await source.listDeploys();
    await source.close();
    expect(warnings).toEqual([]);
    // Less than a page: the whole history, nothing older unread.
    expect(newest).toBeUndefined();
    expect(value).toEqual([
      {id: '42', service: 'checkout', version: 'a84d88e7', sha: SHA, environment: 'production', status: 'in_progress', startedAt: Date.UTC(2026, 4, 4, 11), author: 'third', url: 'https://gitlab.example/acme/shop/-/jobs/942'},
      {id: '41', service: 'checkout', version: 'v2.14.0', sha: SHA, environment: 'production', status: 'failure', startedAt: Date.UTC(2026, 4, 4, 10), author: 'secondary', url: 'https://gitlab.example/acme/shop/-/jobs/941'},
      {id: '40', service: 'checkout', version: 'v2.13.2', sha: SHA, environment: 'production', status: 'success', startedAt: Date.UTC(2026, 4, 3, 10), author: 'primary', url: 'https://gitlab.example/acme/shop/-/jobs/940'},
    ]);
    expect(fake.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/api/v4/projects/acme%2Fshop/deployments?environment=production&order_by=updated_at&sort=desc&per_page=20', `Bearer ${TOKEN}`],
    ]);
  });

  it('a full page of deployments says that older ones exist, unread', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('GET', DEPLOYMENTS, {
      body: Array.from({length: GITLAB_DEPLOYS_LIMIT}, (_, i) => gitlabDeployment({id: 100 + i, ref: 'main', sha: SHA, status: 'success', createdAt: `2026-05-04T10:${String(i).padStart(2, '0')}:00Z`, username: 'ci', environment: 'production'})),
    });
    const source = createGitlabDeploySource(config(), {});
    const {value, newest, wholeSince} = await source.listDeploys();
    await source.close();
    // The successful ones read apart are the same deployments: each listed once.
    expect(value).toHaveLength(GITLAB_DEPLOYS_LIMIT);
    expect([newest, wholeSince]).toEqual([GITLAB_DEPLOYS_LIMIT, Date.UTC(2026, 4, 4, 10, 0)]);
    expect(fake.requests.map((r) => r.url)).toEqual([
      '/api/v4/projects/acme%2Fshop/deployments?environment=production&order_by=updated_at&sort=desc&per_page=20',
      '/api/v4/projects/acme%2Fshop/deployments?environment=production&status=success&order_by=updated_at&sort=desc&per_page=20',
    ]);
  });

  it('a full page whose successful deployments cannot be read is still listed, with a warning', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    const page = Array.from({length: GITLAB_DEPLOYS_LIMIT}, (_, i) => gitlabDeployment({id: 100 + i, ref: 'main', sha: SHA, status: 'created', createdAt: `2026-05-04T10:${String(i).padStart(2, '0')}:00Z`, username: 'ci', environment: 'production'}));
    fake.route('GET', DEPLOYMENTS, (req) => (req.query.get('status') === 'success' ? {status: 500, body: errorBody('gitlab', 500, '500 Internal Server Error')} : {body: page}));
    const source = createGitlabDeploySource(config(), {});
    const {value, warnings, hiding} = await source.listDeploys();
    await source.close();
    expect(value).toHaveLength(GITLAB_DEPLOYS_LIMIT);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^gitlab acme\/shop successful deployments: .*; only the newest page is listed$/);
    // The newest page was read: what is missing is older than all of it, so no deploy newer hides.
    expect(hiding).toEqual([]);
  });

  it('skips odd entries with a warning naming index and field, and keeps the rest', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('GET', DEPLOYMENTS, {
      offContract: true,
      body: [
        {id: 7, created_at: '2026-05-04T10:00:00Z', sha: SHA, status: 'weird', user: null, environment: null, deployable: null, extra: [1, 2]},
        {id: 8, created_at: 'soon'},
        {created_at: '2026-05-04T10:00:00Z'},
      ],
    });
    const source = createGitlabDeploySource(config({project: '42', environment: undefined, services: {}}), {});
    const {value, warnings, hiding} = await source.listDeploys();
    await source.close();
    expect(hiding).toEqual(warnings);
    expect(value).toEqual([{id: '7', service: '42', version: 'a84d88e7', sha: SHA, environment: '', status: 'unknown', startedAt: Date.UTC(2026, 4, 4, 10), author: '', url: `${fake.url}/42/-/environments`}]);
    expect(warnings).toEqual(['gitlab 42 deployments: skipped 2 entries with unexpected data ([1].created_at: not a timestamp: "soon"; [2].id: Invalid input)']);
    expect(fake.requests[0]?.url).toBe('/api/v4/projects/42/deployments?order_by=updated_at&sort=desc&per_page=20');
  });

  it('shows GitLab\'s message on 401 and 404', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('GET', DEPLOYMENTS, {status: 404, body: errorBody('gitlab', 404, '404 Project Not Found')});
    const source = createGitlabDeploySource(config(), {token: TOKEN});
    const failure = await source.listDeploys().then(() => null, (e: unknown) => e as SourceFailure);
    await source.close();
    expect(failure).toBeInstanceOf(SourceFailure);
    expect([failure?.kind, failure?.message]).toEqual(['bad-response', 'gitlab acme/shop: not found (HTTP 404): 404 Project Not Found — check the project path or id, and that the token can read it']);
  });
});
