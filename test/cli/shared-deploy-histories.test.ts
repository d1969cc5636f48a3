/**
 * Contexts configured with the same deploy history (same provider, endpoint, repo or app, and
 * credential references) share one source: one `status --json --context a,b`, or one refresh of
 * every context's deploy query as the dashboard polls them, asks the backend once per question,
 * and each context still shows the deploys as its own. Another token reference is another
 * source, asked apart; a rollback stays each context's own.
 */
import {join} from 'node:path';
import {QueryClient} from '@tanstack/query-core';
import {afterEach, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {deployQueryOptions} from '../../src/queries/deploy-queries.ts';
import {argoApp, githubDeployment, githubStatus, gitlabDeployment} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {githubDeploysYaml, githubRollbackYaml} from '../helpers/github-context.ts';
import {run, tempDir} from './cli-fixtures.ts';

const TOKEN = 'ci-token-0123456789';
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const DEPLOYMENTS = '/repos/{owner}/{repo}/deployments';
const STATUSES = '/repos/{owner}/{repo}/deployments/{id}/statuses';
const GITLAB_DEPLOYMENTS = '/api/v4/projects/{id}/deployments';
const ARGO_APP = '/api/v1/applications/{name}';

let tmp: ReturnType<typeof tempDir> | null = null;
let runtime: Runtime | null = null;
const fakes: FakeCi[] = [];

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
  expect(fakes.flatMap((f) => f.problems)).toEqual([]);
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** A fake GitHub holding one finished production deployment of shop (read as checkout). */
async function fakeGithub(): Promise<FakeCi> {
  const github = await startFakeCi({flavor: 'github', token: TOKEN});
  fakes.push(github);
  const at = new Date(Date.now() - 20 * 60_000).toISOString();
  github.route('GET', DEPLOYMENTS, {body: [githubDeployment({id: 100, sha: SHA, ref: 'v2.14.0', environment: 'production', createdAt: at, login: 'primary'})]});
  github.route('GET', STATUSES, {body: [githubStatus({id: 1, state: 'success', createdAt: at})]});
  return github;
}

/** Contexts eu and us, each with `eu`'s and `us`'s lines. */
function twoContexts(eu: string, us: string): string {
  tmp = tempDir();
  return tmp.write('config.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${eu}  - name: us\n${us}`);
}

const env = (extra: Record<string, string> = {}) => ({HOME: tmp!.dir, XDG_STATE_HOME: join(tmp!.dir, 'state'), GH_TOKEN: TOKEN, ...extra});

type StatusDoc = {contexts: string[]; deploys: Array<{context: string; service: string; version: string}>; sources: Array<{context: string; name: string; ok: boolean}>};

describe('a deploy history two contexts share', () => {
  it('status --json --context eu,us asks GitHub once per question and lists the deploy under each context', async () => {
    const github = await fakeGithub();
    // Each context its own rollback: the history is shared, the rollbacker is not.
    const config = twoContexts(githubDeploysYaml(github.url) + githubRollbackYaml(github.url), githubDeploysYaml(github.url));
    const {code, out, err} = await run(['status', '--json', '--config', config, '--context', 'eu,us'], env());
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as StatusDoc;
    expect(doc.contexts).toEqual(['eu', 'us']);
    expect(doc.deploys.map((d) => [d.context, d.service, d.version])).toEqual([['eu', 'checkout', 'v2.14.0'], ['us', 'checkout', 'v2.14.0']]);
    expect(doc.sources.map((s) => [s.context, s.name, s.ok])).toEqual([['eu', 'github', true], ['us', 'github', true]]);
    expect(github.calls('GET', DEPLOYMENTS)).toHaveLength(1);
    expect(github.calls('GET', STATUSES)).toHaveLength(1);
    expect(out).not.toContain(TOKEN);
  });

  it('with another token reference, even to the same token, each context asks for itself', async () => {
    const github = await fakeGithub();
    const config = twoContexts(githubDeploysYaml(github.url), githubDeploysYaml(github.url).replace('tokenEnv: GH_TOKEN', 'tokenEnv: GH_TOKEN_US'));
    const {code, out} = await run(['status', '--json', '--config', config, '--context', 'eu,us'], env({GH_TOKEN_US: TOKEN}));
    expect(code).toBe(0);
    expect((JSON.parse(out) as StatusDoc).deploys.map((d) => d.context)).toEqual(['eu', 'us']);
    expect(github.calls('GET', DEPLOYMENTS).map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it("one refresh of every context's deploy query asks GitLab and Argo CD once each; each context keeps its own rows and rollbacker", async () => {
    const gitlab = await startFakeCi({flavor: 'gitlab', token: TOKEN});
    const argo = await startFakeCi({flavor: 'argocd', token: TOKEN});
    fakes.push(gitlab, argo);
    const at = new Date(Date.now() - 20 * 60_000).toISOString();
    gitlab.route('GET', GITLAB_DEPLOYMENTS, {body: [gitlabDeployment({id: 41, ref: 'v2.14.0', sha: SHA, tag: true, status: 'success', createdAt: at, username: 'primary', environment: 'production'})]});
    argo.route('GET', ARGO_APP, {body: argoApp({name: 'checkout-prod', history: [{id: 1, revision: SHA, deployedAt: at}]})});
    const gitlabYaml = `    deploys: {provider: gitlab, apiUrl: '${gitlab.url}/api/v4', project: acme/shop, environment: production, services: {shop: checkout}, tokenEnv: GH_TOKEN}\n`;
    const argoYaml = `    deploys: {provider: argocd, apiUrl: '${argo.url}', app: checkout-prod, services: {checkout-prod: checkout}, tokenEnv: GH_TOKEN}
    rollback: {provider: argocd, apiUrl: '${argo.url}', app: checkout-prod, tokenEnv: GH_TOKEN}
`;
    tmp = tempDir();
    const blocks = [['gl-eu', gitlabYaml], ['gl-us', gitlabYaml], ['argo-eu', argoYaml], ['argo-us', argoYaml]].map(([name, yaml]) => `  - name: ${name}\n${yaml}`);
    const config = tmp.write('config.yaml', `current-context: gl-eu\ncontexts:\n${blocks.join('')}`);
    const made = await configRuntime({command: 'dashboard', config, allContexts: true, demo: false, readOnly: false, json: false} as CliArgs, env(), Date.now);
    if (typeof made === 'string') throw new Error(made);
    runtime = made;
    const client = new QueryClient();
    // The dashboard's deploy polls of one cadence fire together (alignedInterval).
    const snapshots = await Promise.all(made.members.map((m) => client.fetchQuery(deployQueryOptions(m.composed.services, {intervalMs: false, now: Date.now}))));
    expect(snapshots.map((s) => s.deploys.map((d) => [d.service, d.sha]))).toEqual(made.members.map(() => [['checkout', SHA]]));
    expect(gitlab.calls('GET', GITLAB_DEPLOYMENTS)).toHaveLength(1);
    expect(argo.calls('GET', ARGO_APP)).toHaveLength(1);
    // Each context's query holds the deploys under its own key: its suspect correlation reads them there.
    const held = made.members.map((m) => client.getQueryData<{deploys: unknown[]}>(['deploys', m.composed.services.context])?.deploys.length);
    expect(held).toEqual([1, 1, 1, 1]);
    client.clear();
    const rollbackers = made.members.slice(2).map((m) => m.composed.services.rollbacker?.capabilities);
    expect(rollbackers.every((r) => r !== undefined)).toBe(true);
    expect(rollbackers[0]).not.toBe(rollbackers[1]);
  });
});
