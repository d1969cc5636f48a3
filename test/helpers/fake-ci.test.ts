import {request} from 'undici';
import {describe, expect, it} from 'vitest';
import {githubRun, githubRunList} from './fake-ci-bodies.ts';
import {errorBody, startFakeCi} from './fake-ci.ts';

// The contract checks are what make the adapter tests mean something: prove they bite.
describe('startFakeCi', () => {
  it('flags requests and answers that the GitHub contract does not allow', async () => {
    const fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {body: [{id: 'not-a-number'}]});
    fake.route('POST', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {status: 204});
    const headers = {accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json'};
    await (await request(`${fake.url}/repos/a/b/deployments?environment=prod&limit=3`, {headers})).body.text();
    await (await request(`${fake.url}/repos/a/b/actions/workflows/w.yml/dispatches`, {method: 'POST', headers, body: JSON.stringify({inputs: {a: 'b'}})})).body.text();
    await (await request(`${fake.url}/repos/a/b/pulls`, {headers: {}})).body.text();
    await fake.close();
    expect(fake.problems).toEqual([
      'GET /repos/a/b/deployments: query parameter limit not in the contract',
      'GET /repos/a/b/deployments → 200 body[0]: missing required node_id',
      'GET /repos/a/b/deployments → 200 body[0]: missing required sha',
      'GET /repos/a/b/deployments → 200 body[0]: missing required ref',
      'GET /repos/a/b/deployments → 200 body[0]: missing required task',
      'GET /repos/a/b/deployments → 200 body[0]: missing required environment',
      'GET /repos/a/b/deployments → 200 body[0]: missing required creator',
      'GET /repos/a/b/deployments → 200 body[0]: missing required payload',
      'GET /repos/a/b/deployments → 200 body[0]: missing required description',
      'GET /repos/a/b/deployments → 200 body[0]: missing required statuses_url',
      'GET /repos/a/b/deployments → 200 body[0]: missing required repository_url',
      'GET /repos/a/b/deployments → 200 body[0]: missing required url',
      'GET /repos/a/b/deployments → 200 body[0]: missing required created_at',
      'GET /repos/a/b/deployments → 200 body[0]: missing required updated_at',
      'GET /repos/a/b/deployments → 200 body[0].id: expected integer, got string',
      'POST /repos/a/b/actions/workflows/w.yml/dispatches body: missing required ref',
      'GET /repos/a/b/pulls: no route in the test',
      'GET /repos/a/b/pulls: no such operation in the contract',
      'GET /repos/a/b/pulls → 404: no such operation in the contract',
      'GET /repos/a/b/pulls: X-GitHub-Api-Version is undefined',
      'GET /repos/a/b/pulls: Accept is undefined',
    ]);
  });

  it('flags a workflow runs list that the GitHub contract does not allow', async () => {
    const fake = await startFakeCi({flavor: 'github'});
    const {head_sha: _dropped, ...noSha} = githubRun({id: 1, status: 'completed', conclusion: 'success'});
    fake.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      body: githubRunList([noSha, {...githubRun({id: 2, status: 'queued'}), run_started_at: 'yesterday', id: '2'}]),
    });
    const headers = {accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28'};
    await (await request(`${fake.url}/repos/a/b/actions/workflows/deploy.yml/runs?per_page=30&limit=3`, {headers})).body.text();
    await fake.close();
    expect(fake.problems).toEqual([
      'GET /repos/a/b/actions/workflows/deploy.yml/runs: query parameter limit not in the contract',
      'GET /repos/a/b/actions/workflows/deploy.yml/runs → 200 body.workflow_runs[0]: missing required head_sha',
      'GET /repos/a/b/actions/workflows/deploy.yml/runs → 200 body.workflow_runs[1].id: expected integer, got string',
      'GET /repos/a/b/actions/workflows/deploy.yml/runs → 200 body.workflow_runs[1].run_started_at: not a date-time: yesterday',
    ]);
  });

  it('flags an Argo CD rollback body of the wrong type and accepts the grpc-gateway error shape', async () => {
    const fake = await startFakeCi({flavor: 'argocd'});
    fake.route('POST', '/api/v1/applications/{name}/rollback', {status: 400, body: errorBody('argocd', 400, 'nope')});
    await (await request(`${fake.url}/api/v1/applications/shop/rollback`, {method: 'POST', body: JSON.stringify({name: 'shop', id: 'three', prune: 'no'})})).body.text();
    await fake.close();
    expect(fake.problems).toEqual(['POST /api/v1/applications/shop/rollback body.id: expected integer, got string', 'POST /api/v1/applications/shop/rollback body.prune: expected boolean, got string']);
  });

  it('checks GitLab requests against the documented parameters', async () => {
    const fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('POST', '/api/v4/projects/{id}/pipeline', {status: 201, body: {id: 1}});
    await (await request(`${fake.url}/api/v4/projects/acme%2Fshop/pipeline`, {method: 'POST', body: JSON.stringify({ref: 'main', variables: {KEY: 'v'}})})).body.text();
    await fake.close();
    expect(fake.problems[0]).toBe('POST /api/v4/projects/acme%2Fshop/pipeline: variables: Invalid input: expected array, received object');
    expect(fake.problems.length).toBeGreaterThan(1);
  });
});
