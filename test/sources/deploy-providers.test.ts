import {describe, expect, it} from 'vitest';
import {TITLE_PATTERN_GROUPS} from '../../src/config/config-fields.ts';
import {deploysSchema, rollbackSchema} from '../../src/config/config-schema-deploys.ts';
import type {DeploysConfig, RollbackConfig} from '../../src/config/config-types.ts';
import {argocdRollbackService, createDeploySource, createRollbacker, rollbackHistoryProblems, rollbackScopeProblems, rollbackTemplateProblems, rollbackTemplatesUsing, type DeploysProviderConfig, type RollbackProviderConfig} from '../../src/sources/deploy-providers.ts';
import {TITLE_GROUPS} from '../../src/sources/github/github-workflow-deploys.ts';
import {githubDeployment, githubRun, githubRunList, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi} from '../helpers/fake-ci.ts';

// The config's types must stay assignable to what the adapters read (sources/ cannot import config/).
const deploysFits = (c: DeploysConfig): DeploysProviderConfig => c;
const rollbackFits = (c: RollbackConfig): RollbackProviderConfig => c;

describe('createDeploySource', () => {
  it('builds the provider named by a parsed config and reads through it', async () => {
    const fake = await startFakeCi({flavor: 'github', token: 'tok-0123456789'});
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {body: [githubDeployment({id: 5, sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', ref: 'v1.0.0', environment: 'prod', createdAt: '2026-05-04T09:00:00Z', login: 'a'})]});
    fake.route('GET', '/repos/{owner}/{repo}/deployments/5/statuses', {body: [githubStatus({id: 1, state: 'success', createdAt: '2026-05-04T09:01:00Z', logUrl: 'https://ci.example/5'})]});
    const config = deploysFits(deploysSchema.parse({provider: 'github', apiUrl: fake.url, repo: 'acme/shop', tokenEnv: 'GITHUB_TOKEN'}));
    const source = createDeploySource(config, {token: 'tok-0123456789'});
    const {value} = await source.listDeploys();
    await source.close();
    await fake.close();
    expect(fake.problems).toEqual([]);
    expect(value.map((d) => [d.service, d.version, d.status, d.url])).toEqual([['shop', 'v1.0.0', 'success', 'https://ci.example/5']]);
  });

  it('reads the runs of the configured workflow instead of Deployments when github names one', async () => {
    const fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      body: githubRunList([githubRun({id: 9, status: 'completed', conclusion: 'success', headSha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', event: 'push'})]),
    });
    const config = deploysFits(deploysSchema.parse({provider: 'github', apiUrl: fake.url, repo: 'acme/shop', workflow: 'deploy.yml', environment: 'prod'}));
    const source = createDeploySource(config, {});
    const {value} = await source.listDeploys();
    await source.close();
    await fake.close();
    expect(fake.problems).toEqual([]);
    expect(value.map((d) => [d.id, d.service, d.version, d.environment, d.status])).toEqual([['9', 'shop', 'a84d88e', 'prod', 'success']]);
    // The config checks the same title groups the source reads.
    expect([...TITLE_PATTERN_GROUPS]).toEqual([...TITLE_GROUPS]);
  });

  it('accepts every deploys provider', async () => {
    const configs = [
      {provider: 'github', repo: 'acme/shop'},
      {provider: 'argocd', apiUrl: 'https://argocd.example', app: 'shop'},
      {provider: 'gitlab', project: 'acme/shop'},
      {provider: 'json', url: 'https://ci.example/deploys.json'},
    ].map((raw) => deploysFits(deploysSchema.parse(raw)));
    const sources = configs.map((c) => createDeploySource(c, {}));
    expect(sources.map((s) => typeof s.listDeploys)).toEqual(['function', 'function', 'function', 'function']);
    await Promise.all(sources.map((s) => s.close()));
  });
});

describe('createDeploySource with the rollback config beside it', () => {
  const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
  const deploys = (apiUrl: string) => deploysFits(deploysSchema.parse({provider: 'github', apiUrl, repo: 'acme/shop', workflow: 'deploy.yml', environment: 'prod'}));
  const rollback = (apiUrl: string, over: Record<string, unknown> = {}) =>
    rollbackFits(rollbackSchema.parse({provider: 'github-actions', apiUrl, repo: 'Acme/Shop', workflow: 'rollback.yml', inputs: {version: '{{version}}', oncall_request_id: ''}, ...over}));

  it('reads the rollback workflow\'s runs too only for a github-actions rollback to another workflow of the repo, with the request id', async () => {
    const fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', RUNS, {body: githubRunList([])});
    const cases: Array<[string, RollbackProviderConfig | null, string[]]> = [
      ['separate workflow', rollback(fake.url), ['deploy.yml', 'rollback.yml']],
      ['no rollback', null, ['deploy.yml']],
      ['same workflow', rollback(fake.url, {workflow: 'deploy.yml'}), ['deploy.yml']],
      ['no request id', rollback(fake.url, {inputs: {version: '{{version}}'}}), ['deploy.yml']],
      ['another repo', rollback(fake.url, {repo: 'acme/infra'}), ['deploy.yml']],
      ['another API', rollback('https://github.example/api/v3'), ['deploy.yml']],
      ['another provider', rollbackFits(rollbackSchema.parse({provider: 'webhook', url: 'https://hooks.example/rollback'})), ['deploy.yml']],
    ];
    const seen: Array<[string, string[]]> = [];
    for (const [name, rb] of cases) {
      const before = fake.requests.length;
      const source = createDeploySource(deploys(fake.url), {}, {}, rb);
      await source.listDeploys();
      await source.close();
      seen.push([name, fake.requests.slice(before).map((r) => decodeURIComponent(r.path.split('/').at(-2) ?? '')).sort()]);
    }
    await fake.close();
    expect(fake.problems).toEqual([]);
    expect(seen).toEqual(cases.map(([name, , want]) => [name, want]));
  });

  it('warns that a separate rollback workflow without the request id leaves rollbacks out of the history', () => {
    const api = 'https://api.github.com';
    expect(rollbackHistoryProblems(deploys(api), rollback(api, {inputs: {}}))).toEqual([
      'rollbacks through rollback.yml will not show in the deploy history: add oncall_request_id to rollback.inputs and show it in that workflow\'s run-name',
    ]);
    expect(rollbackHistoryProblems(deploys(api), rollback(api))).toEqual([]);
    expect(rollbackHistoryProblems(deploys(api), rollback(api, {repo: 'acme/infra', inputs: {}}))).toEqual([]);
    expect(rollbackHistoryProblems(deploys(api), null)).toEqual([]);
  });
});

describe('createRollbacker', () => {
  it('accepts every rollback provider', async () => {
    const configs = [
      {provider: 'github-actions', repo: 'acme/shop', workflow: 'rollback.yml'},
      {provider: 'argocd', apiUrl: 'https://argocd.example', app: 'shop'},
      {provider: 'gitlab', project: 'acme/shop'},
      {provider: 'webhook', url: 'https://hooks.example/rollback'},
      {provider: 'command', command: ['kubectl', 'rollout', 'undo', 'deployment/shop']},
    ].map((raw) => rollbackFits(rollbackSchema.parse(raw)));
    const backends = configs.map((c) => createRollbacker(c, {}));
    expect(backends.map((b) => [typeof b.rollback, typeof b.getRun])).toEqual(Array(5).fill(['function', 'function']));
    await Promise.all(backends.map((b) => b.close()));
  });
});

describe('an Argo CD rollback and the service its application deploys', () => {
  const argo = (app: string) => rollbackSchema.parse({provider: 'argocd', apiUrl: 'https://argocd.example', app}) as RollbackProviderConfig & {provider: 'argocd'};
  const project = deploysFits(deploysSchema.parse({provider: 'argocd', apiUrl: 'https://argocd.example', project: 'shop', services: {'checkout-prod': 'checkout'}}));
  const github = deploysFits(deploysSchema.parse({provider: 'github', repo: 'acme/shop', services: {shop: 'checkout'}}));

  it('is the history\'s name for the application: mapped, else its own name in an Argo CD history, else unknown', () => {
    expect(argocdRollbackService(argo('checkout-prod'), project)).toBe('checkout');
    expect(argocdRollbackService(argo('cart-prod'), project)).toBe('cart-prod');
    expect(argocdRollbackService(argo('checkout-prod'), github)).toBeNull();
    expect(argocdRollbackService(argo('checkout-prod'), null)).toBeNull();
  });

  it('is what the backend refuses other services by, and a project history with one application is noted', () => {
    const backend = createRollbacker(argo('checkout-prod'), {}, {}, project);
    const plan = {service: 'cart', environment: 'shop', fromVersion: 'b', toVersion: 'a', description: '', idempotencyKey: 'k'};
    expect(backend.refusal?.(plan)).toContain('rolls back application checkout-prod, which deploys checkout, not cart');
    expect(backend.refusal?.({...plan, service: 'checkout'})).toBeNull();
    expect(createRollbacker(argo('checkout-prod'), {}, {}, github).refusal?.(plan)).toBeNull();
    expect(rollbackScopeProblems(project, argo('checkout-prod'))).toEqual([
      'rolls back application checkout-prod (service checkout) only: a rollback of another service of project shop is refused; roll those back in Git or with argocd app rollback',
    ]);
    const oneApp = deploysFits(deploysSchema.parse({provider: 'argocd', apiUrl: 'https://argocd.example', app: 'checkout-prod'}));
    expect([rollbackScopeProblems(oneApp, argo('checkout-prod')), rollbackScopeProblems(github, argo('checkout-prod')), rollbackScopeProblems(null, argo('checkout-prod'))]).toEqual([[], [], []]);
    void backend.close();
  });
});

describe('rollbackTemplateProblems', () => {
  it('lists bad templates of inputs and command arguments, skipping the correlation input', () => {
    const gh = rollbackFits(rollbackSchema.parse({provider: 'github-actions', repo: 'a/b', workflow: 'w.yml', inputs: {version: '{{version}}', image: '{{image}}', oncall_request_id: '{{anything}}'}}));
    const cmd = rollbackFits(rollbackSchema.parse({provider: 'command', command: ['deploy', '{{service}', '{{sha}}']}));
    const argo = rollbackFits(rollbackSchema.parse({provider: 'argocd', apiUrl: 'https://argocd.example', app: 'shop'}));
    expect(rollbackTemplateProblems(gh)).toEqual(['rollback input image: unknown placeholder {{image}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}']);
    expect(rollbackTemplateProblems(cmd)).toEqual(['rollback command argument 2: unclosed placeholder in "{{service}"; write e.g. {{version}}']);
    expect(rollbackTemplateProblems(argo)).toEqual([]);
  });
});

describe('rollbackTemplatesUsing', () => {
  it('names where the templates use a placeholder; a webhook body always carries the environment', () => {
    const gh = rollbackFits(rollbackSchema.parse({provider: 'github-actions', repo: 'a/b', workflow: 'w.yml', inputs: {version: '{{version}}', env: 'k8s-{{ environment }}'}}));
    const cmd = rollbackFits(rollbackSchema.parse({provider: 'command', command: ['deploy', '{{service}}', '--env={{environment}}']}));
    const hook = rollbackFits(rollbackSchema.parse({provider: 'webhook', url: 'https://hooks.example/rollback', inputs: {v: '{{version}}'}}));
    const argo = rollbackFits(rollbackSchema.parse({provider: 'argocd', apiUrl: 'https://argocd.example', app: 'shop'}));
    expect(rollbackTemplatesUsing(gh, 'environment')).toEqual(['rollback input env']);
    expect(rollbackTemplatesUsing(gh, 'sha')).toEqual([]);
    expect(rollbackTemplatesUsing(cmd, 'environment')).toEqual(['rollback command argument 3']);
    expect(rollbackTemplatesUsing(hook, 'environment')).toEqual(['rollback body field environment']);
    expect(rollbackTemplatesUsing(argo, 'environment')).toEqual([]);
    // The backend answers the same question for the command line.
    expect(createRollbacker(gh, {}).templatesUsing?.('environment')).toEqual(['rollback input env']);
  });
});
