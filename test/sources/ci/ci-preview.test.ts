import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createArgocdRollbacker} from '../../../src/sources/argocd/argocd-rollback.ts';
import {argvText, callLine, inputLines} from '../../../src/sources/ci/ci-preview.ts';
import {createCommandRollbacker} from '../../../src/sources/command/command-rollback.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {createGithubActionsRollbacker} from '../../../src/sources/github/github-actions-rollback.ts';
import {createGitlabRollbacker} from '../../../src/sources/gitlab/gitlab-rollback.ts';
import {createWebhookRollbacker} from '../../../src/sources/webhook/webhook-rollback.ts';

const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'v2.13.2',
  description: 'roll back checkout',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000',
};
const TOKEN = 'secret-token-must-not-show-0123';

describe('preview helpers', () => {
  it('callLine joins base and path once and hides a query string', () => {
    expect(callLine('POST', 'https://api.example/v4/', '/projects/1/pipeline')).toBe('POST https://api.example/v4/projects/1/pipeline');
    expect(callLine('POST', 'https://hooks.example', '/h?key=abc')).toBe('POST https://hooks.example/h?…');
  });

  it('inputLines renders in config order, applies overrides, and reports a bad template as a line', () => {
    expect(inputLines('input', {v: '{{version}}', id: 'x', e: '{{environment}}'}, plan, {id: 'KEY'})).toEqual(['input v = "v2.13.2"', 'input id = "KEY"', 'input e = "production"']);
    expect(inputLines('variable', {}, plan)).toEqual(['no variables']);
    expect(inputLines('input', {s: '{{sha}}'}, plan)).toEqual(['cannot render the inputs: input s: {{sha}} needs a commit sha, but the target version is "v2.13.2"; use {{version}}']);
  });

  it('argvText quotes only what needs quoting', () => {
    expect(argvText(['kubectl', 'rollout', 'undo', 'deployment/checkout', '--to-revision=3', 'a b', '$(id)'])).toBe('kubectl rollout undo deployment/checkout --to-revision=3 "a b" "$(id)"');
  });
});

describe('Rollbacker.preview of each provider', () => {
  it('github-actions: the dispatch, the ref and every input, the correlation input carrying the request id', async () => {
    const gh = createGithubActionsRollbacker(
      {provider: 'github-actions', apiUrl: 'https://api.github.com', repo: 'acme/shop', workflow: 'rollback.yml', ref: 'main', inputs: {version: '{{version}}', oncall_request_id: 'x'}},
      {token: TOKEN},
    );
    expect(gh.preview(plan)).toEqual([
      'workflow_dispatch of rollback.yml in acme/shop on ref main',
      'POST https://api.github.com/repos/acme/shop/actions/workflows/rollback.yml/dispatches',
      'input version = "v2.13.2"',
      `input oncall_request_id = "${plan.idempotencyKey}"`,
    ]);
    await gh.close();
  });

  it('argocd: the rollback endpoint and the auto-sync rule', async () => {
    const argo = createArgocdRollbacker({provider: 'argocd', apiUrl: 'https://argocd.example', app: 'checkout-prod'}, {token: TOKEN});
    expect(argo.preview(plan)).toEqual([
      'rollback of application checkout-prod to its newest earlier history entry with revision v2.13.2',
      'POST https://argocd.example/api/v1/applications/checkout-prod/rollback (prune: false)',
      'refused while automated sync is on (it would undo the rollback)',
    ]);
    await argo.close();
  });

  it('gitlab: the pipeline and its variables', async () => {
    const gl = createGitlabRollbacker({provider: 'gitlab', apiUrl: 'https://gitlab.example/api/v4', project: 'acme/shop', ref: 'main', inputs: {ROLLBACK_TO: '{{version}}'}}, {token: TOKEN});
    expect(gl.preview(plan)).toEqual(['pipeline of acme/shop on ref main', 'POST https://gitlab.example/api/v4/projects/acme%2Fshop/pipeline', 'variable ROLLBACK_TO = "v2.13.2"']);
    await gl.close();
  });

  it('webhook: the URL\'s origin only (its path may be the secret), the inputs, and header names only', async () => {
    const hook = createWebhookRollbacker(
      {provider: 'webhook', url: 'https://hooks.example/hook/Xq7hookSecret0123?sig=abc', headers: {'X-Api-Key': TOKEN}, inputs: {target: '{{service}}@{{version}}'}},
      {signingSecret: 's'},
    );
    const lines = hook.preview(plan);
    expect(lines).toEqual([
      "POST https://hooks.example/… (rollback.url's path is not shown: it may be the hook's secret; JSON: service, environment, fromVersion, toVersion, idempotencyKey, inputs)",
      'input target = "checkout@v2.13.2"',
      'headers Idempotency-Key, X-Oncall-Signature (HMAC-SHA256), X-Api-Key',
      'a webhook answers only that it accepted the request: the rollback cannot be followed from here',
    ]);
    expect(lines.join('\n')).not.toMatch(new RegExp(`${TOKEN}|Xq7hookSecret|sig=`));
    await hook.close();
  });

  it('command: the rendered argument list, no shell, and its timeout', () => {
    const cmd = createCommandRollbacker({provider: 'command', command: ['kubectl', 'rollout', 'undo', 'deployment/{{service}}'], timeout: '90s'});
    expect(cmd.preview(plan)).toEqual(['run kubectl rollout undo deployment/checkout', 'without a shell; stopped after 90s']);
    const bad = createCommandRollbacker({provider: 'command', command: ['deploy', '{{nope}}']});
    expect(bad.preview(plan)).toEqual(['cannot render the command: command: argument 2: unknown placeholder {{nope}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}']);
  });

  it('demo: says nothing leaves the machine and how long the run takes', () => {
    const demo = createDemoEnvironment({now: () => 0});
    expect(demo.ci.preview?.(plan)).toEqual([
      'the demo CI, simulated: nothing leaves this machine',
      'queued for 2s, then running, done 10s after the confirmation',
    ]);
  });
});
