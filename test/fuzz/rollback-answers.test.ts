/**
 * Fuzzing what the rollback providers decode: GitHub's dispatch answer and workflow runs,
 * GitLab's pipelines, Argo CD's application (before a rollback and while following it), the
 * webhook's answer (any 2xx is success: nothing is decoded, but any answer must end as a run or a
 * failure), and the command provider's stderr, which becomes the failure message.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {RollbackPlan, RollbackRun} from '../../src/domain/deploy.ts';
import {createArgocdRollbacker} from '../../src/sources/argocd/argocd-rollback.ts';
import {createCommandRollbacker, outputTail, STDERR_TAIL_LINES} from '../../src/sources/command/command-rollback.ts';
import {createGithubActionsRollbacker} from '../../src/sources/github/github-actions-rollback.ts';
import {createGitlabRollbacker} from '../../src/sources/gitlab/gitlab-rollback.ts';
import {createWebhookRollbacker} from '../../src/sources/webhook/webhook-rollback.ts';
import {anyBytes, anyText} from './arbitraries.ts';
import {argocdApplication, githubDispatch, githubRuns, githubWorkflowRun, gitlabPipelineAnswer} from './ci-shapes.ts';
import {drawnRun, expectDrawnSafe, NOW} from './drawn.ts';
import {anyAnswer, fakeBackend} from './fake-backend.ts';
import {expectDecoded, expectSourceFailure, fuzz, fuzzAsync, RUNS, settleAsync, type Outcome} from './fuzz-run.ts';

const backend = fakeBackend('http://ci.fuzz');
afterAll(() => backend.close());
const deps = {dispatcher: backend.dispatcher, now: () => NOW, sleep: async () => {}};
let serial = 0;
/** A plan with a fresh idempotency key: a rollbacker starts each key once. */
const plan = (toVersion = 'abc1234'): RollbackPlan => ({service: 'checkout', environment: 'prod', fromVersion: 'def5678', toVersion, description: 'fuzz', idempotencyKey: `fuzz-${serial++}`});

/** A run drawn sanitized, or a failure naming the provider drawn sanitized in the line of a failed start. */
function expectRun(outcome: Outcome<RollbackRun>, label: string): void {
  const run = expectDecoded(outcome, label);
  if (run !== null) expect(['queued', 'in_progress', 'success', 'failure', 'cancelled', 'unknown']).toContain(run.status);
  expectDrawnSafe(drawnRun(run, outcome.ok ? null : (outcome.error as Error).message), 'run');
}

describe('rollback providers on any answer', () => {
  it('GitHub Actions: the dispatch answer, the runs it looks through, the run it follows', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(githubDispatch), anyAnswer(githubRuns), anyAnswer(githubWorkflowRun)], async (dispatch, runs, run) => {
      backend.answer((path) => (path.endsWith('/dispatches') ? dispatch : path.endsWith('/runs') ? runs : run));
      const config = {provider: 'github-actions' as const, apiUrl: backend.origin, repo: 'acme/shop', workflow: 'rollback.yml', ref: 'main', inputs: {version: '{{version}}', oncall_request_id: ''}, timeout: '2s'};
      const github = createGithubActionsRollbacker(config, {}, deps);
      const started = await settleAsync(() => github.rollback(plan()));
      expectRun(started, 'github-actions acme/shop rollback.yml');
      expectRun(await settleAsync(() => github.getRun(started.ok ? started.value.id : '42')), 'github-actions acme/shop rollback.yml');
    });
  });

  it('GitLab: the pipeline created and the pipeline followed', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(gitlabPipelineAnswer)], async (answer) => {
      backend.answer(answer);
      const gitlab = createGitlabRollbacker({provider: 'gitlab', apiUrl: `${backend.origin}/api/v4`, project: 'acme/shop', ref: 'main', inputs: {VERSION: '{{version}}'}, timeout: '2s'}, {}, deps);
      const started = await settleAsync(() => gitlab.rollback(plan()));
      expectRun(started, 'gitlab acme/shop');
      expectRun(await settleAsync(() => gitlab.getRun(started.ok ? started.value.id : '7')), 'gitlab acme/shop');
    });
  });

  it('Argo CD: the application read before a rollback, a dry run, and while following it', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(argocdApplication), anyAnswer(fc.constant({})), fc.constantFrom('abc1234', 'a84d88e', '')], async (app, posted, version) => {
      backend.answer((path) => (path.endsWith('/rollback') ? posted : app));
      const argo = createArgocdRollbacker({provider: 'argocd', apiUrl: backend.origin, app: 'checkout-prod', timeout: '2s'}, {}, deps);
      const started = await settleAsync(() => argo.rollback(plan(version)));
      // An auto-sync refusal names the app, not the provider: the user reads what to change.
      expectRun(started, started.ok || !/automated sync/.test(String(started.error)) ? 'argocd checkout-prod' : 'automated sync is on for checkout-prod');
      const dry = await settleAsync(() => argo.dryRun(plan(version)));
      if (!dry.ok) expectSourceFailure(dry.error, /^(argocd checkout-prod|automated sync is on for checkout-prod)/);
      else expectDrawnSafe(drawnRun(null, dry.value), 'dry run');
      expectRun(await settleAsync(() => argo.getRun(started.ok ? started.value.id : 'checkout-prod#rollback-1-0')), 'argocd checkout-prod');
    });
  });

  it('a webhook: any 2xx is a finished run, anything else a failure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(fc.oneof(fc.constant({}), anyText))], async (answer) => {
      backend.answer(answer);
      const hook = createWebhookRollbacker({provider: 'webhook', url: `${backend.origin}/hooks/rollback`, headers: {}, inputs: {}, timeout: '2s'}, {signingSecret: 'hmac-key-0123'}, deps);
      const started = await settleAsync(() => hook.rollback(plan()));
      expectRun(started, 'webhook rollback http://ci.fuzz');
      if (started.ok) expect(answer.status).toBeLessThan(300);
    });
  });
});

describe('the command provider on any stderr', () => {
  it('outputTail keeps at most the last lines, bounded, of any text', () => {
    fuzz(RUNS.decoder, [fc.oneof(anyText, fc.array(anyText, {maxLength: 12}).map((l) => l.join('\n')), anyBytes.map((b) => Buffer.from(b).toString('utf8')))], (text) => {
      const tail = outputTail(text);
      expect(tail.split(/\r?\n/).length).toBeLessThanOrEqual(STDERR_TAIL_LINES);
      expect(tail.length).toBeLessThanOrEqual(601);
    });
  });

  it('a failing command is a failure whose stderr is drawn sanitized', async () => {
    // The test's own program (sh and base64 start in milliseconds, node in a tenth of a second)
    // writes the generated bytes to stderr and fails.
    const script = 'printf %s "$1" | base64 -d >&2; exit 3';
    await fuzzAsync(12, [anyBytes], async (bytes) => {
      const command = createCommandRollbacker({provider: 'command', command: ['/bin/sh', '-c', script, 'sh', Buffer.from(bytes).toString('base64')], timeout: '10s'}, deps);
      // Starting two processes on a loaded machine can take seconds: the command's own timeout is the bound.
      const started = await settleAsync(() => command.rollback(plan()), 15_000);
      expect(started.ok).toBe(false);
      if (!started.ok) expect((started.error as Error).message).toContain(outputTail(Buffer.from(bytes).toString('utf8')));
      expectRun(started, 'command ');
    });
  });
});
