import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createGitlabRollbacker, type GitlabRollbackConfig} from '../../../src/sources/gitlab/gitlab-rollback.ts';
import {gitlabPipeline} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, sequence, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';
import {RollbackOutcomeUnknown} from '../../../src/sources/capabilities.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glpat-', 20, 35);
const CREATE = '/api/v4/projects/{id}/pipeline';
const READ = '/api/v4/projects/{id}/pipelines/{pid}';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'a84d88e7',
  description: 'gitlab: roll back checkout',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->a84d88e7:1777888800000',
};
let fake: FakeCi;

function rollbacker(over: Partial<GitlabRollbackConfig> = {}, token = TOKEN) {
  const config: GitlabRollbackConfig = {provider: 'gitlab', apiUrl: `${fake.url}/api/v4`, project: 'acme/shop', ref: 'main', inputs: {ROLLBACK_SHA: '{{sha}}', SERVICE: '{{service}}'}, timeout: '2s', ...over};
  return createGitlabRollbacker(config, {token}, {now: () => 0});
}

closeFakeAfterEach(() => fake);

describe('createGitlabRollbacker', () => {
  it('creates one pipeline with the variables, then follows it to success', async () => {
    fake = await startFakeCi({flavor: 'gitlab', token: TOKEN});
    fake.route('POST', CREATE, {status: 201, body: gitlabPipeline(1234, 'created', '2026-05-04T10:00:00Z')});
    fake.route('GET', READ, sequence([{body: gitlabPipeline(1234, 'pending')}, {body: gitlabPipeline(1234, 'running')}, {body: gitlabPipeline(1234, 'success', '2026-05-04T10:04:00Z')}]));
    const gitlab = rollbacker();
    const run = await gitlab.rollback(plan);
    await gitlab.rollback(plan);
    const later = [];
    for (let i = 0; i < 3; i++) later.push(await gitlab.getRun(run.id));
    await gitlab.close();
    expect(run).toEqual({id: '1234', plan, status: 'queued', url: 'https://gitlab.example/acme/shop/-/pipelines/1234', updatedAt: Date.UTC(2026, 4, 4, 10)});
    expect(later.map((r) => r.status)).toEqual(['queued', 'in_progress', 'success']);
    expect(later[2]?.updatedAt).toBe(Date.UTC(2026, 4, 4, 10, 4));
    expect(fake.calls('POST', CREATE).map((r) => [r.url, r.json])).toEqual([
      ['/api/v4/projects/acme%2Fshop/pipeline', {ref: 'main', variables: [{key: 'ROLLBACK_SHA', value: 'a84d88e7'}, {key: 'SERVICE', value: 'checkout'}]}],
    ]);
    expect(fake.calls('GET', READ).map((r) => r.url)).toEqual(Array(3).fill('/api/v4/projects/acme%2Fshop/pipelines/1234'));
  });

  it('flattens GitLab\'s field messages on 400', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('POST', CREATE, {status: 400, body: {message: {base: ['Reference not found']}}});
    const gitlab = rollbacker({ref: 'nope'});
    const failure = await failureOf(gitlab.rollback(plan));
    await gitlab.close();
    expect([failure.kind, failure.message]).toEqual(['bad-response', 'gitlab acme/shop: rejected (HTTP 400): base: Reference not found — check that ref nope exists and the variables are allowed']);
  });

  it('shows 401 with GitLab\'s message, and refuses {{sha}} for a version that is not a sha', async () => {
    fake = await startFakeCi({flavor: 'gitlab', token: TOKEN});
    const stranger = rollbacker({}, fakeToken('glpat-', 20, 36));
    const failure = await failureOf(stranger.rollback(plan));
    await stranger.close();
    expect([failure.kind, failure.message]).toEqual(['auth', 'gitlab acme/shop: not authorized (HTTP 401): 401 Unauthorized — the token needs the api scope and Developer access to the project']);
    const gitlab = rollbacker();
    const template = await failureOf(gitlab.rollback({...plan, toVersion: 'v2.13.2'}));
    await gitlab.close();
    expect(template.message).toBe('gitlab acme/shop: rollback template: input ROLLBACK_SHA: {{sha}} needs a commit sha, but the target version is "v2.13.2"; use {{version}}');
    expect(fake.requests).toHaveLength(1);
  });

  it('times out on a server that never answers', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('POST', CREATE, {hang: true});
    const gitlab = rollbacker({timeout: '300ms'});
    const failure = await failureOf(gitlab.rollback(plan));
    await gitlab.close();
    expect(failure.kind).toBe('timeout');
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(failure.message).toContain('no answer within 300 ms');
    expect((failure as RollbackOutcomeUnknown).check).toBe(`the pipelines of acme/shop at ${fake.url}/acme/shop/-/pipelines`);
  });

  it('a 2xx whose pipeline cannot be read has an unknown outcome: GitLab created one', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('POST', CREATE, {status: 201, body: {unexpected: true}, offContract: true});
    const gitlab = rollbacker();
    const failure = await failureOf(gitlab.rollback(plan));
    await gitlab.close();
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
  });
});
