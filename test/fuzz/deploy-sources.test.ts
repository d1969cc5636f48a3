/**
 * Fuzzing the deploy history decoders: GitHub deployments and their statuses, GitHub workflow
 * runs, GitLab deployments, Argo CD applications and the JSON deploy feed, each behind the real
 * HTTP client of its source. The valid answers are checked against the contracts first.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {Deploy} from '../../src/domain/deploy.ts';
import type {Sourced} from '../../src/sources/capabilities.ts';
import {createArgocdDeploySource} from '../../src/sources/argocd/argocd-deploys.ts';
import {createGithubDeploySource} from '../../src/sources/github/github-deploys.ts';
import {createGithubWorkflowDeploySource} from '../../src/sources/github/github-workflow-deploys.ts';
import {createGitlabDeploySource} from '../../src/sources/gitlab/gitlab-deploys.ts';
import {createJsonDeploySource} from '../../src/sources/json-deploys/json-deploys-source.ts';
import {gitlabResponseProblems} from '../helpers/fake-ci-gitlab.ts';
import type {FakeRequest} from '../helpers/fake-ci.ts';
import {validateResponse} from '../helpers/openapi-operations.ts';
import {loadContract} from '../helpers/openapi-schema.ts';
import {anyBytes} from './arbitraries.ts';
import {argocdApplication, argocdApplicationList, githubDeployments, githubRuns, githubStatuses, gitlabDeployments, jsonDeploysDocument} from './ci-shapes.ts';
import {drawnDeploys, drawnProblems, expectDrawnSafe} from './drawn.ts';
import {anyAnswer, fakeBackend, json, type Answer} from './fake-backend.ts';
import {expectDecoded, fuzz, fuzzAsync, RUNS, settleAsync} from './fuzz-run.ts';

const github = loadContract('github-rest-deploys.openapi.json');
const argocd = loadContract('argocd-api.swagger.json');
const backend = fakeBackend('http://ci.fuzz');
afterAll(() => backend.close());
const deps = {dispatcher: backend.dispatcher};
const services = {shop: 'checkout'};

/** Lists once; asserts a list drawn sanitized with its warnings, or a SourceFailure naming the source. */
async function listOnce(list: () => Promise<Sourced<Deploy[]>>, label: string): Promise<Deploy[] | null> {
  const listed = expectDecoded(await settleAsync(list), label);
  if (listed === null) return null;
  for (const d of listed.value) expect(Number.isFinite(d.startedAt)).toBe(true);
  expectDrawnSafe(drawnDeploys(listed.value), 'deploys');
  expectDrawnSafe(drawnProblems(null, listed.warnings), 'warnings');
  return listed.value;
}

const byPath = (routes: Array<[RegExp, Answer]>) => (path: string) => routes.find(([re]) => re.test(path))?.[1] ?? json({message: 'Not Found'}, 404);

describe('the generated CI answers', () => {
  it('fit the GitHub and Argo CD contracts and the GitLab shapes', () => {
    const gitlabList = {method: 'GET', path: '/api/v4/projects/42/deployments'} as FakeRequest;
    fuzz(RUNS.contract, [githubDeployments, githubStatuses, githubRuns, argocdApplication, argocdApplicationList, gitlabDeployments], (d, s, r, app, apps, gl) => {
      expect(validateResponse(github, 'GET', '/repos/acme/shop/deployments', 200, d)).toEqual([]);
      expect(validateResponse(github, 'GET', '/repos/acme/shop/deployments/1/statuses', 200, s)).toEqual([]);
      expect(validateResponse(github, 'GET', '/repos/acme/shop/actions/workflows/deploy.yml/runs', 200, r)).toEqual([]);
      expect(validateResponse(argocd, 'GET', '/api/v1/applications/checkout-prod', 200, app)).toEqual([]);
      expect(validateResponse(argocd, 'GET', '/api/v1/applications', 200, apps)).toEqual([]);
      expect(gitlabResponseProblems(gitlabList, gl)).toEqual([]);
    });
  });
});

describe('deploy sources on any answer', () => {
  it('GitHub deployments and statuses', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(githubDeployments), anyAnswer(githubStatuses)], async (list, statuses) => {
      backend.answer(byPath([[/\/statuses$/, statuses], [/\/deployments$/, list]]));
      const source = createGithubDeploySource({provider: 'github', apiUrl: backend.origin, repo: 'acme/shop', services, timeout: '2s'}, {}, deps);
      await listOnce(() => source.listDeploys(), 'github acme/shop');
    });
  });

  it('GitHub workflow runs, with a rollback workflow beside them', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(githubRuns), anyAnswer(githubRuns)], async (runs, rollbacks) => {
      backend.answer(byPath([[/rollback\.yml\/runs$/, rollbacks], [/deploy\.yml\/runs$/, runs]]));
      const config = {provider: 'github' as const, apiUrl: backend.origin, repo: 'acme/shop', services, workflow: 'deploy.yml', rollbackWorkflow: 'rollback.yml', titlePattern: '(?<service>\\w+) (?<version>v[\\d.]+)', timeout: '2s'};
      await listOnce(() => createGithubWorkflowDeploySource(config, {}, deps).listDeploys(), 'github acme/shop deploy.yml');
    });
  });

  it('GitLab deployments', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(gitlabDeployments)], async (answer) => {
      backend.answer(answer);
      const source = createGitlabDeploySource({provider: 'gitlab', apiUrl: `${backend.origin}/api/v4`, project: 'acme/shop', services, timeout: '2s'}, {}, deps);
      await listOnce(() => source.listDeploys(), 'gitlab acme/shop');
    });
  });

  it('Argo CD: one application, and every application of a project', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(argocdApplication), anyAnswer(argocdApplicationList)], async (app, list) => {
      backend.answer(byPath([[/applications\/checkout-prod$/, app], [/applications$/, list]]));
      const one = createArgocdDeploySource({provider: 'argocd', apiUrl: backend.origin, app: 'checkout-prod', services, timeout: '2s'}, {}, deps);
      await listOnce(() => one.listDeploys(), 'argocd checkout-prod');
      const project = createArgocdDeploySource({provider: 'argocd', apiUrl: backend.origin, project: 'default', services, timeout: '2s'}, {}, deps);
      await listOnce(() => project.listDeploys(), 'argocd project default');
    });
  });

  it('the JSON deploy feed', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(jsonDeploysDocument)], async (answer) => {
      backend.answer(answer);
      const source = createJsonDeploySource({provider: 'json', url: `${backend.origin}/deploys.json?team=a`, headers: {}, services, timeout: '2s'}, {}, deps);
      await listOnce(() => source.listDeploys(), 'json deploys http://ci.fuzz');
    });
  });

  it('the JSON deploy feed read from a file of any bytes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'oncall-fuzz-')), 'deploys.json');
    try {
      await fuzzAsync(RUNS.source, [fc.oneof(anyBytes, anyAnswer(jsonDeploysDocument).map((a) => a.body))], async (bytes) => {
        writeFileSync(file, bytes);
        await listOnce(() => createJsonDeploySource({provider: 'json', file, headers: {}, services}, {}).listDeploys(), `json ${file}`);
      });
    } finally {
      rmSync(dirname(file), {recursive: true, force: true});
    }
  });
});

describe('deploy sources on valid answers with hostile strings', () => {
  it('read every deployment, run, history entry and feed item, and draw them sanitized', async () => {
    await fuzzAsync(RUNS.valid, [githubDeployments, githubStatuses, githubRuns, gitlabDeployments, argocdApplication, jsonDeploysDocument], async (list, statuses, runs, gl, app, feed) => {
      const read = async (answer: Answer, list: () => Promise<Sourced<Deploy[]>>) => {
        backend.answer(byPath([[/\/statuses$/, json(statuses)], [/./, answer]]));
        const outcome = await settleAsync(list);
        expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
        if (outcome.ok) expectDrawnSafe(drawnDeploys(outcome.value.value), 'deploys');
        return outcome.ok ? outcome.value : null;
      };
      const gh = await read(json(list), () => createGithubDeploySource({provider: 'github', apiUrl: backend.origin, repo: 'acme/shop', services, timeout: '2s'}, {}, deps).listDeploys());
      expect(gh?.value).toHaveLength(list.length);
      const wf = await read(json(runs), () => createGithubWorkflowDeploySource({provider: 'github', apiUrl: backend.origin, repo: 'acme/shop', services, workflow: 'deploy.yml', timeout: '2s'}, {}, deps).listDeploys());
      expect(wf?.value).toHaveLength((runs.workflow_runs as unknown[]).length);
      const lab = await read(json(gl), () => createGitlabDeploySource({provider: 'gitlab', apiUrl: `${backend.origin}/api/v4`, project: '42', services, timeout: '2s'}, {}, deps).listDeploys());
      expect(lab?.value).toHaveLength(gl.length);
      const argo = await read(json(app), () => createArgocdDeploySource({provider: 'argocd', apiUrl: backend.origin, app: 'checkout-prod', services, timeout: '2s'}, {}, deps).listDeploys());
      expect(argo?.value).toHaveLength((app.status as {history: unknown[]}).history.length);
      const items = Array.isArray(feed) ? feed : (feed as {deploys: unknown[]}).deploys;
      const fed = await read(json(feed), () => createJsonDeploySource({provider: 'json', url: `${backend.origin}/d.json`, headers: {}, services, timeout: '2s'}, {}, deps).listDeploys());
      expect(fed?.value).toHaveLength(items.length);
    });
  });
});
