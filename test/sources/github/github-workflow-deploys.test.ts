import {describe, expect, it} from 'vitest';
import {findSuspects} from '../../../src/domain/correlation.ts';
import {liveDeploy, planRollback} from '../../../src/domain/rollback-plan.ts';
import {renderTemplateMap, templateValues} from '../../../src/domain/rollback-template.ts';
import {decodeEach} from '../../../src/sources/ci/ci-wire.ts';
import type {GithubDeploysConfig} from '../../../src/sources/github/github-deploys.ts';
import {createGithubWorkflowDeploySource, GITHUB_RUNS_LIMIT} from '../../../src/sources/github/github-workflow-deploys.ts';
import {workflowRunDeploySchema} from '../../../src/sources/github/github-wire.ts';
import {githubRun, githubRunList, type GithubRunFields} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, errorBody, startFakeCi, type FakeCi, type FakeReply} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 33);
const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const SHA = (n: number) => `${n}`.repeat(40).slice(0, 40);
const AT = (minute: number) => `2026-05-04T10:${String(minute).padStart(2, '0')}:00Z`;
const MS = (minute: number) => Date.UTC(2026, 4, 4, 10, minute);
let fake: FakeCi;

function config(over: Partial<GithubDeploysConfig> = {}): GithubDeploysConfig & {workflow: string} {
  return {provider: 'github', apiUrl: fake.url, repo: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, workflow: 'deploy.yml', timeout: '2s', ...over};
}

/** A completed push run of deploy.yml at `minute`, deploying SHA(n). */
function run(id: number, minute: number, over: Partial<GithubRunFields> = {}): Record<string, unknown> {
  return githubRun({id, status: 'completed', conclusion: 'success', name: 'Deploy', displayTitle: 'Deploy', event: 'push', headSha: SHA(id % 10), createdAt: AT(minute), actor: 'pusher', ...over});
}

async function listWith(runs: Array<Record<string, unknown>>, over: Partial<GithubDeploysConfig> = {}) {
  fake.route('GET', RUNS, {body: githubRunList(runs)});
  const source = createGithubWorkflowDeploySource(config(over), {token: TOKEN});
  const result = await source.listDeploys();
  await source.close();
  return result;
}

closeFakeAfterEach(() => fake);

describe('createGithubWorkflowDeploySource', () => {
  it('reads the newest page of the workflow runs as deploys, with commit, author and link', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    const {value, warnings} = await listWith(
      [
        run(11, 10, {runStartedAt: AT(12), actor: 'merger', triggeringActor: 're-runner'}),
        run(12, 20, {status: 'in_progress', conclusion: null}),
        run(13, 5),
      ],
      {branch: 'main', event: 'push'},
    );
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      {id: '12', service: 'checkout', version: '2222222', sha: SHA(2), environment: 'production', status: 'in_progress', startedAt: MS(20), author: 'pusher', url: 'https://github.com/acme/shop/actions/runs/12'},
      {id: '11', service: 'checkout', version: '1111111', sha: SHA(1), environment: 'production', status: 'success', startedAt: MS(12), author: 're-runner', url: 'https://github.com/acme/shop/actions/runs/11'},
      {id: '13', service: 'checkout', version: '3333333', sha: SHA(3), environment: 'production', status: 'success', startedAt: MS(5), author: 'pusher', url: 'https://github.com/acme/shop/actions/runs/13'},
    ]);
    const calls = fake.calls('GET', RUNS);
    expect(calls.map((c) => c.url)).toEqual(['/repos/acme/shop/actions/workflows/deploy.yml/runs?branch=main&event=push&exclude_pull_requests=true&per_page=30']);
    expect(calls[0]?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('maps run status and conclusion to deploy statuses', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const cases: Array<[GithubRunFields['status'], string | null, string]> = [
      ['queued', null, 'queued'],
      ['waiting', null, 'queued'],
      ['requested', null, 'queued'],
      ['pending', null, 'queued'],
      ['in_progress', null, 'in_progress'],
      ['completed', 'success', 'success'],
      ['completed', 'neutral', 'success'],
      ['completed', 'failure', 'failure'],
      ['completed', 'timed_out', 'failure'],
      ['completed', 'startup_failure', 'failure'],
      ['completed', 'action_required', 'failure'],
      ['completed', 'cancelled', 'cancelled'],
      ['completed', 'skipped', 'cancelled'],
      ['completed', 'stale', 'cancelled'],
      ['completed', null, 'unknown'],
    ];
    const {value} = await listWith(cases.map(([status, conclusion], i) => run(100 + i, 50 - i, {status, conclusion})));
    expect(value.map((d) => d.status)).toEqual(cases.map(([, , want]) => want));
  });

  it('starts a run without run_started_at at its created_at', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const {value} = await listWith([run(21, 30, {runStartedAt: null})]);
    expect(value.map((d) => [d.id, d.startedAt])).toEqual([['21', MS(30)]]);
  });

  it('ends a completed run at its last update, so a long rollout that just finished keeps its end', async () => {
    fake = await startFakeCi({flavor: 'github'});
    // A 45-minute run started at 10:00, the burn at 10:45: it completed at 10:44.
    const {value} = await listWith([
      run(31, 0, {updatedAt: AT(44)}),
      run(32, 1, {status: 'completed', conclusion: 'failure', updatedAt: AT(30)}),
      run(33, 2, {status: 'in_progress', conclusion: null, updatedAt: AT(40)}),
      // Bogus: updated before it started. No end rather than a wrong one.
      run(34, 3, {runStartedAt: AT(20), updatedAt: AT(3)}),
      // Last updated when it was created: nothing says when it ended.
      run(35, 4),
    ]);
    expect(value.map((d) => [d.id, d.status, d.startedAt, d.finishedAt])).toEqual([
      ['34', 'success', MS(20), undefined],
      ['35', 'success', MS(4), undefined],
      ['33', 'in_progress', MS(2), undefined],
      ['32', 'failure', MS(1), MS(30)],
      ['31', 'success', MS(0), MS(44)],
    ]);
  });

  it('reads one bounded page per refresh, however many runs the workflow has', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const runs = Array.from({length: 100}, (_, i) => run(1000 + i, i % 60, {createdAt: `2026-05-0${1 + Math.floor(i / 60)}T10:${String(i % 60).padStart(2, '0')}:00Z`}));
    fake.route('GET', RUNS, {body: {total_count: 5000, workflow_runs: runs}});
    const source = createGithubWorkflowDeploySource(config(), {});
    const {value, newest} = await source.listDeploys();
    await source.listDeploys();
    await source.close();
    expect(value).toHaveLength(GITHUB_RUNS_LIMIT);
    // A full page says so: older runs exist and were not read.
    expect(newest).toBe(GITHUB_RUNS_LIMIT);
    // The newest 30 of what came back, newest first.
    expect(value[0]?.id).toBe('1099');
    expect(value.at(-1)?.id).toBe('1070');
    expect(fake.calls('GET', RUNS).map((c) => c.query.get('page'))).toEqual([null, null]);
    expect(fake.calls('GET', RUNS).map((c) => c.query.get('per_page'))).toEqual(['30', '30']);
  });

  it('names the workflow and the repo on 404 for an unknown workflow', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', RUNS, {status: 404, body: errorBody('github', 404, 'Not Found')});
    const source = createGithubWorkflowDeploySource(config({workflow: 'deploi.yml'}), {});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect([failure.kind, failure.message]).toEqual([
      'bad-response',
      'github acme/shop deploi.yml: not found (HTTP 404): Not Found — no workflow deploi.yml in acme/shop (name the file, e.g. deploy.yml, or its id), or the token cannot see the repo',
    ]);
  });

  it('shows GitHub\'s message on 401 without the token', async () => {
    fake = await startFakeCi({flavor: 'github', token: 'the-right-token'});
    const source = createGithubWorkflowDeploySource(config(), {token: TOKEN});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect([failure.kind, failure.message]).toEqual(['auth', 'github acme/shop deploy.yml: not authorized (HTTP 401): Bad credentials — the token needs actions:read on acme/shop']);
  });

  it('reports an exhausted rate limit with the wait until it resets, not as a token problem, true on a machine whose clock is off', async () => {
    fake = await startFakeCi({flavor: 'github'});
    // The server's clock is an hour ahead of this machine's; its quota resets 15 minutes after its now.
    fake.dateShiftMs = 3_600_000;
    const reset = Math.floor((Date.now() + 3_600_000) / 1000) + 15 * 60;
    fake.route('GET', RUNS, {
      status: 403,
      headers: {'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core'},
      body: errorBody('github', 403, 'API rate limit exceeded for user ID 1.'),
    });
    const source = createGithubWorkflowDeploySource(config(), {});
    const failure = await failureOf(source.listDeploys());
    fake.route('GET', RUNS, {status: 429, headers: {'retry-after': '60'}, body: errorBody('github', 429, 'You have exceeded a secondary rate limit.')});
    const before = Date.now();
    const secondary = await failureOf(source.listDeploys());
    await source.close();
    // The wait from the server's Date (whole seconds: 15m, or a second less when the Date's second
    // turned before the answer), and the reset as the server's clock has it: not an hour off.
    const resetText = new Date(reset * 1000).toISOString().replace('.000Z', 'Z');
    expect(failure.kind).toBe('unavailable');
    const wait = /— try again in (\S+) \(at (\S+) by the server's clock\)$/.exec(failure.message);
    expect(failure.message.startsWith('github acme/shop deploy.yml: rate limited (HTTP 403): API rate limit exceeded for user ID 1. — try again in ')).toBe(true);
    expect(['15m', '14m59s', '14m58s']).toContain(wait?.[1]);
    expect(wait?.[2]).toBe(resetText);
    expect(secondary.kind).toBe('unavailable');
    // Retry-After is a wait already: 60 s, the server's instant an hour ahead of this machine's.
    const secondaryWait = /— try again in 1m \(at (\S+) by the server's clock\)$/.exec(secondary.message);
    expect(secondary.message).toMatch(/^github acme\/shop deploy\.yml: rate limited \(HTTP 429\): You have exceeded a secondary rate limit\. — try again in 1m /);
    const at = Date.parse(secondaryWait?.[1] ?? '');
    expect(at - before - 3_600_000).toBeGreaterThanOrEqual(58_000);
    expect(at - before - 3_600_000).toBeLessThanOrEqual(62_000);
  });

  it('reads environment, service and version from the run title, and keeps only the configured environment', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const titlePattern = '^Deploy (?<service>[\\w-]+) (?<version>\\S+) to (?<environment>\\w+)$';
    const {value} = await listWith(
      [
        run(31, 40, {displayTitle: 'Deploy shop v2.14.0 to production', event: 'workflow_dispatch'}),
        run(32, 35, {displayTitle: 'Deploy cart v7 to staging', event: 'workflow_dispatch'}),
        run(33, 30, {displayTitle: `Deploy shop ${SHA(5)} to production`, event: 'workflow_dispatch'}),
        run(34, 25, {displayTitle: 'Deploy shop v2.13.2 to production', event: 'release'}),
        run(35, 20, {displayTitle: 'Bump dependencies'}),
      ],
      {titlePattern},
    );
    expect(value.map((d) => [d.id, d.service, d.version, d.sha, d.environment])).toEqual([
      // A dispatched run's head_sha is only the tip of the ref: no commit for a tag named in the title.
      ['31', 'checkout', 'v2.14.0', undefined, 'production'],
      ['33', 'checkout', '5555555', SHA(5), 'production'],
      // A release run builds the tagged commit itself.
      ['34', 'checkout', 'v2.13.2', SHA(4), 'production'],
      // No match: the configured environment and the head commit.
      ['35', 'checkout', '5555555', SHA(5), 'production'],
    ]);
  });

  it('takes no branch tip for the commit of a repository_dispatch or scheduled run that names its version, so a rollback has a target', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    const tip = SHA(9);
    const titlePattern = '^Deploy (?<service>[\\w-]+) (?<version>\\S+) to (?<environment>\\w+)$';
    const dispatched = (id: number, minute: number, version: string, event: string) =>
      run(id, minute, {displayTitle: `Deploy shop ${version} to production`, event, headSha: tip, actor: 'cd-bot'});
    const {value} = await listWith([dispatched(43, 40, 'v2.14.0', 'repository_dispatch'), dispatched(42, 30, 'v2.13.2', 'schedule'), dispatched(41, 20, 'v2.13.1', 'repository_dispatch')], {titlePattern});
    // Every run carries the default branch's tip, whatever it deployed: none is taken for a commit.
    expect(value.map((d) => [d.version, d.sha])).toEqual([['v2.14.0', undefined], ['v2.13.2', undefined], ['v2.13.1', undefined]]);
    const live = liveDeploy(value, 'checkout', 'production', MS(50))!;
    const planned = planRollback(live, value, {context: 'prod', pressedAt: MS(50), provider: 'github-actions'});
    expect(planned).toMatchObject({ok: true, plan: {fromVersion: 'v2.14.0', toVersion: 'v2.13.2'}});
  });

  it('matches titlePattern against the first 300 characters of a title only (bounding a slow pattern on a long remote title)', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const titlePattern = '^Deploy (?<version>\\S+) .* to (?<environment>\\w+)$';
    const {value} = await listWith(
      [run(51, 10, {displayTitle: `Deploy v1 ${'x'.repeat(400)} to staging`}), run(52, 5, {displayTitle: `Deploy v2 ${'x'.repeat(200)} to production`})],
      {titlePattern},
    );
    // The long title's end ("to staging") is never read: no match, so the head commit and the
    // configured environment; read whole it would name staging and be left out.
    expect(value.map((d) => [d.id, d.version, d.environment])).toEqual([
      ['51', '1111111', 'production'],
      ['52', 'v2', 'production'],
    ]);
  });

  it('passes odd text through untouched (the view sanitizes) and tolerates odd optional fields', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const {value, warnings} = await listWith([{...run(41, 10, {actor: 'mallory\u001b]8;;', displayTitle: 'Deploy\u202e'}), head_branch: null, pull_requests: [], unknown_field: {x: 1}}]);
    expect(warnings).toEqual([]);
    expect(value.map((d) => [d.id, d.author, d.version])).toEqual([['41', 'mallory\u001b]8;;', '1111111']]);
  });
});

describe('workflow runs as the history a rollback reads', () => {
  it('marks suspects and plans the rollback to the previous successful run, whose head_sha fills {{sha}}', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const {value} = await listWith([
      run(53, 40, {headSha: SHA(3)}),
      run(52, 30, {headSha: SHA(2), conclusion: 'failure'}),
      run(51, 5, {headSha: SHA(1)}),
      run(50, 0, {headSha: SHA(9)}),
    ]);
    const suspects = findSuspects(value, [{service: 'checkout', environment: 'production', startedAt: MS(45)}]);
    // The failed run 52 too: it may have rolled out before the step that failed.
    expect([...suspects.keys()]).toEqual(['53', '52']);
    const bad = value.find((d) => d.id === '53')!;
    const planned = planRollback(bad, value, {context: 'prod', pressedAt: MS(50), provider: 'github-actions'});
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.target.id).toBe('51');
    expect(planned.plan).toMatchObject({fromVersion: '3333333', toVersion: '1111111', toSha: SHA(1)});
    expect(renderTemplateMap({sha: '{{sha}}', version: '{{version}}'}, templateValues(planned.plan))).toEqual({ok: true, value: {sha: SHA(1), version: '1111111'}});
  });

  it('reads a rollback dispatched to the same workflow as the rollback it is, and as a sound target later', async () => {
    fake = await startFakeCi({flavor: 'github'});
    // v1 (run 61), bad v2 (run 62), rolled back to v1 by run 63 — dispatched on main, whose head
    // is still v2 — then bad v3 (run 64).
    const key = `oncall:prod:checkout:production:2222222->1111111:${MS(31)}`;
    const {value} = await listWith([
      run(64, 40, {headSha: SHA(3)}),
      run(63, 32, {headSha: SHA(2), event: 'workflow_dispatch', displayTitle: `Rollback ${key}`, actor: 'oncall-user'}),
      run(62, 30, {headSha: SHA(2)}),
      run(61, 20, {headSha: SHA(1)}),
    ]);
    const rollback = value.find((d) => d.id === '63');
    expect(rollback).toEqual({
      id: '63',
      service: 'checkout',
      version: '1111111',
      sha: SHA(1),
      environment: 'production',
      status: 'success',
      startedAt: MS(32),
      author: 'oncall-user',
      url: 'https://github.com/acme/shop/actions/runs/63',
      rollbackOf: '62',
    });
    const planned = planRollback(value.find((d) => d.id === '64')!, value, {context: 'prod', pressedAt: MS(45), provider: 'github-actions'});
    if (!planned.ok) throw new Error(planned.reason);
    // The rollback run put v1 back: rolling back v3 goes to v1's commit, never to v2's.
    expect(planned.target.id).toBe('63');
    expect(planned.plan).toMatchObject({toVersion: '1111111', toSha: SHA(1)});
  });

  it('names the version rolled back from when the page no longer holds that deploy', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const key = `oncall:prod:checkout:production:v2.14.0->v2.13.2:${MS(31)}`;
    const {value} = await listWith([run(71, 32, {event: 'workflow_dispatch', displayTitle: `Rollback ${key}`})]);
    expect(value.map((d) => [d.version, d.sha, d.rollbackOf])).toEqual([['v2.13.2', undefined, 'v2.14.0']]);
  });
});

describe('rollbacks through a separate rollback workflow', () => {
  const ROLLBACK_KEY = `oncall:prod:checkout:production:2222222->1111111:${MS(31)}`;
  /** Deploys v1 (run 81) and v2 (run 82) of deploy.yml. */
  const deployRuns = () => [run(82, 30, {headSha: SHA(2)}), run(81, 20, {headSha: SHA(1)})];
  /** A dispatch of rollback.yml on main (whose head is v2) rolling v2 back to v1. */
  const rollbackRun = (over: Partial<GithubRunFields> = {}) =>
    run(90, 32, {headSha: SHA(2), event: 'workflow_dispatch', name: 'Rollback', displayTitle: `Rollback ${ROLLBACK_KEY}`, actor: 'oncall-user', ...over});

  /** Lists with deploy.yml answering `deploys` and rollback.yml answering `rollbacks`. */
  async function listBoth(deploys: Array<Record<string, unknown>>, rollbacks: FakeReply, over: Partial<GithubDeploysConfig> = {}) {
    fake.route('GET', RUNS, (req) => (req.path.endsWith('/rollback.yml/runs') ? rollbacks : {body: githubRunList(deploys)}));
    const source = createGithubWorkflowDeploySource({...config(over), rollbackWorkflow: 'rollback.yml'}, {token: TOKEN});
    const result = await source.listDeploys();
    await source.close();
    return result;
  }

  it('lists a successful rollback run as the rollback it is: v1 live again, its commit, rollbackOf the v2 deploy', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    // An ordinary run of the rollback workflow (no request id) is not a deploy of anything known.
    const {value, warnings} = await listBoth(deployRuns(), {body: githubRunList([rollbackRun(), run(91, 34, {event: 'workflow_dispatch', displayTitle: 'Rollback by hand'})])});
    expect(warnings).toEqual([]);
    expect(value.map((d) => d.id)).toEqual(['90', '82', '81']);
    expect(value[0]).toEqual({
      id: '90',
      service: 'checkout',
      version: '1111111',
      sha: SHA(1),
      environment: 'production',
      status: 'success',
      startedAt: MS(32),
      author: 'oncall-user',
      url: 'https://github.com/acme/shop/actions/runs/90',
      rollbackOf: '82',
    });
    expect(liveDeploy(value, 'checkout', 'production', MS(50))?.id).toBe('90');
    // The rollback is a change like any deploy: trouble 29 min after it (31 after v2) points at it.
    expect([...findSuspects(value, [{service: 'checkout', environment: 'production', startedAt: MS(61)}]).keys()]).toEqual(['90']);
    const urls = fake.calls('GET', RUNS).map((c) => c.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/repos/acme/shop/actions/workflows/deploy.yml/runs?exclude_pull_requests=true&per_page=30',
        '/repos/acme/shop/actions/workflows/rollback.yml/runs?event=workflow_dispatch&exclude_pull_requests=true&per_page=30',
      ]),
    );
    expect(urls).toHaveLength(2);
  });

  it('makes the rollback the next rollback\'s sound target, never the rolled-back v2', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const {value} = await listBoth([run(83, 40, {headSha: SHA(3)}), ...deployRuns()], {body: githubRunList([rollbackRun()])});
    const planned = planRollback(value.find((d) => d.id === '83')!, value, {context: 'prod', pressedAt: MS(45), provider: 'github-actions'});
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.target.id).toBe('90');
    expect(planned.plan).toMatchObject({fromVersion: '3333333', toVersion: '1111111', toSha: SHA(1)});
  });

  it('shows a failed or running rollback with its status; a failed one leaves v2 live and the target, a running one does not', async () => {
    fake = await startFakeCi({flavor: 'github'});
    for (const [status, conclusion, want, target] of [
      ['completed', 'failure', 'failure', '82'],
      ['completed', 'cancelled', 'cancelled', '82'],
      ['in_progress', null, 'in_progress', '81'],
    ] as const) {
      const {value} = await listBoth(deployRuns(), {body: githubRunList([rollbackRun({status, conclusion})])});
      expect(value.map((d) => [d.id, d.status, d.rollbackOf])).toEqual([
        ['90', want, '82'],
        ['82', 'success', undefined],
        ['81', 'success', undefined],
      ]);
      // Not a success: never a rollback target itself. A failed or cancelled rollback changed
      // nothing, v2 kept running: the target. One still running is going away from v2: a later
      // rollback does not put v2 back, it goes to v1.
      const later = {...value[1]!, id: '99', version: '3333333', sha: SHA(3), startedAt: MS(50)};
      const planned = planRollback(later, [later, ...value], {context: 'prod', pressedAt: MS(55), provider: 'github-actions'});
      expect(planned.ok && planned.target.id).toBe(target);
      if (status === 'completed') expect(liveDeploy(value, 'checkout', 'production', MS(50))?.id).toBe('82');
    }
  });

  it('keeps the deploy history when the rollback workflow cannot be read, with a warning', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const missing = await listBoth(deployRuns(), {status: 404, body: errorBody('github', 404, 'Not Found')});
    expect(missing.value.map((d) => d.id)).toEqual(['82', '81']);
    expect(missing.warnings).toEqual([
      'github acme/shop rollback.yml: not found (HTTP 404): Not Found — no rollback workflow rollback.yml in acme/shop (name the file, e.g. rollback.yml, or its id), or the token cannot see the repo; rollbacks through rollback.yml are not in the history',
    ]);
    const down = await listBoth(deployRuns(), {status: 500, body: errorBody('github', 500, 'Server Error')});
    expect(down.value.map((d) => d.id)).toEqual(['82', '81']);
    expect(down.warnings).toHaveLength(1);
    expect(down.warnings[0]).toMatch(/^github acme\/shop rollback\.yml: .*HTTP 500.*; rollbacks through rollback\.yml are not in the history$/);
    // A rollback run left out may be what runs now: the warning may hide a deploy.
    expect([missing.hiding, down.hiding]).toEqual([missing.warnings, down.warnings]);
  });

  it('still fails as a whole when the deploy workflow itself cannot be read', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', RUNS, (req) => (req.path.endsWith('/rollback.yml/runs') ? {body: githubRunList([rollbackRun()])} : {status: 404, body: errorBody('github', 404, 'Not Found')}));
    const source = createGithubWorkflowDeploySource({...config(), rollbackWorkflow: 'rollback.yml'}, {});
    const failure = await failureOf(source.listDeploys());
    await source.close();
    expect(failure.message).toMatch(/^github acme\/shop deploy\.yml: not found \(HTTP 404\)/);
  });

  it('lists a run once when the rollback workflow is the deploy workflow under another name', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const same = rollbackRun();
    const {value} = await listBoth([same, ...deployRuns()], {body: githubRunList([same])});
    expect(value.map((d) => [d.id, d.rollbackOf])).toEqual([
      ['90', '82'],
      ['82', undefined],
      ['81', undefined],
    ]);
  });

});

describe('workflowRunDeploySchema (data outside the contract)', () => {
  it('needs an id and a start time, and reads odd optional fields as missing', () => {
    const {items, skipped} = decodeEach(workflowRunDeploySchema, [
      {id: 1, created_at: '2026-05-04T10:00:00Z', updated_at: 'later', actor: 'not-an-object', head_sha: 42, run_started_at: 'soon'},
      {id: 2},
      {created_at: '2026-05-04T10:00:00Z'},
    ]);
    expect(items).toEqual([
      {
        id: '1',
        name: null,
        display_title: null,
        status: null,
        conclusion: null,
        html_url: null,
        created_at: MS(0),
        updated_at: null,
        head_sha: null,
        head_branch: null,
        event: null,
        run_started_at: null,
        actor: null,
        triggering_actor: null,
      },
    ]);
    expect(skipped).toEqual(['[1].created_at: no run_started_at or created_at', '[2].id: Invalid input']);
  });
});
