import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createGithubActionsRollbacker, type GithubActionsRollbackConfig} from '../../../src/sources/github/github-actions-rollback.ts';
import {githubDispatchDetails, githubRun, githubRunList} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, errorBody, sequence, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';
import {RollbackOutcomeUnknown} from '../../../src/sources/capabilities.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 31);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'v2.13.2',
  description: 'github-actions: roll back checkout in production from v2.14.0 to v2.13.2',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000',
};
let fake: FakeCi;

function rollbacker(over: Partial<GithubActionsRollbackConfig> = {}, sleeps: number[] = [], now = () => NOW) {
  const config: GithubActionsRollbackConfig = {
    provider: 'github-actions',
    apiUrl: fake.url,
    repo: 'acme/shop',
    workflow: 'rollback.yml',
    ref: 'main',
    inputs: {service: '{{service}}', version: '{{version}}', environment: '{{environment}}'},
    timeout: '2s',
    ...over,
  };
  return createGithubActionsRollbacker(config, {token: TOKEN}, {now, sleep: async (ms) => void sleeps.push(ms)});
}

closeFakeAfterEach(() => fake);

describe('createGithubActionsRollbacker', () => {
  it('dispatches once with the rendered inputs and takes the run id GitHub returns', async () => {
    fake = await startFakeCi({flavor: 'github', token: TOKEN});
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
    const gh = rollbacker();
    const run = await gh.rollback(plan);
    const again = await gh.rollback(plan);
    await gh.close();
    expect(run).toEqual({id: '555', plan, status: 'queued', url: 'https://github.com/acme/shop/actions/runs/555', updatedAt: NOW});
    expect(again).toEqual(run);
    const posts = fake.calls('POST', DISPATCH);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe('/repos/acme/shop/actions/workflows/rollback.yml/dispatches');
    expect(posts[0]?.json).toEqual({ref: 'main', inputs: {service: 'checkout', version: 'v2.13.2', environment: 'production'}, return_run_details: true});
    expect(posts[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('without run details, finds the run by the correlation input shown in its run-name', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, {
      body: githubRunList([
        githubRun({id: 901, status: 'queued', displayTitle: 'Rollback oncall:prod:checkout:production:v9->v8:1', createdAt: '2026-05-04T10:00:01Z'}),
        githubRun({id: 902, status: 'in_progress', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T10:00:03Z'}),
      ]),
    });
    const gh = rollbacker({inputs: {version: '{{version}}', oncall_request_id: 'set by oncall'}});
    const run = await gh.rollback(plan);
    await gh.close();
    expect(run).toEqual({id: '902', plan, status: 'in_progress', url: 'https://github.com/acme/shop/actions/runs/902', updatedAt: Date.parse('2026-05-04T10:00:03Z')});
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([{ref: 'main', inputs: {version: 'v2.13.2', oncall_request_id: plan.idempotencyKey}, return_run_details: true}]);
    expect(fake.calls('GET', RUNS).map((r) => r.url)).toEqual([
      '/repos/acme/shop/actions/workflows/rollback.yml/runs?event=workflow_dispatch&branch=main&created=%3E%3D2026-05-04T09%3A59%3A00Z&per_page=50',
    ]);
  });

  it('never sends the correlation input unless the config lists it (unknown inputs are refused)', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, {
      body: githubRunList([
        githubRun({id: 903, status: 'queued', createdAt: '2026-05-04T10:00:09Z'}),
        githubRun({id: 904, status: 'queued', createdAt: '2026-05-04T10:00:02Z'}),
        githubRun({id: 800, status: 'completed', conclusion: 'success', createdAt: '2026-05-04T09:59:30Z'}),
      ]),
    });
    const sleeps: number[] = [];
    const gh = rollbacker({inputs: {}}, sleeps);
    const run = await gh.rollback(plan);
    await gh.close();
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([{ref: 'main', inputs: {}, return_run_details: true}]);
    // Without the key in a run's title none is provably ours: 904, the oldest created after the
    // dispatch, may be someone else's. Its run can never be identified, which is said at once:
    // unknown, not queued, and nothing is listed or waited for.
    expect(run).toEqual({
      id: `dispatch:${plan.idempotencyKey}`,
      plan,
      status: 'unknown',
      url: `${fake.url}/acme/shop/actions/workflows/rollback.yml`,
      updatedAt: NOW,
      unfollowable: true,
      unidentified: 'the workflow takes no oncall_request_id input',
    });
    expect(gh.preview(plan).at(-1)).toBe(
      "no oncall_request_id input: if GitHub answers without the run's id (older GitHub Enterprise), its run will not be followable from here; to make it so, add oncall_request_id to the workflow's inputs and run-name and to the rollback's inputs",
    );
    expect(fake.calls('GET', RUNS)).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });

  it('a 200 answer without the run id is an answer without run details: unidentifiable at once without the correlation input, looked for with it', async () => {
    fake = await startFakeCi({flavor: 'github'});
    // Off GitHub's contract (a proxy's answer, a server that takes the parameter but says
    // nothing of the run): sent as text, which the fake does not hold to the contract.
    fake.route('POST', DISPATCH, {status: 200, text: '{"run_url": null}', contentType: 'application/json; charset=utf-8'});
    fake.route('GET', RUNS, {body: githubRunList([githubRun({id: 902, status: 'queued', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T10:00:03Z'})])});
    const sleeps: number[] = [];
    const blind = rollbacker({inputs: {}}, sleeps);
    const unidentified = await blind.rollback(plan);
    await blind.close();
    expect(unidentified).toMatchObject({id: `dispatch:${plan.idempotencyKey}`, status: 'unknown', unfollowable: true, unidentified: 'the workflow takes no oncall_request_id input'});
    expect(fake.calls('GET', RUNS)).toHaveLength(0);
    expect(sleeps).toEqual([]);
    const keyed = rollbacker({inputs: {oncall_request_id: ''}});
    const found = await keyed.rollback(plan);
    await keyed.close();
    expect(found).toMatchObject({id: '902', status: 'queued'});
  });

  describe('on a busy workflow (many dispatch runs created since ours)', () => {
    const since = '2026-05-04T09:59:00Z';
    const others = (from: number, count: number) =>
      Array.from({length: count}, (_, i) => githubRun({id: from + i, status: 'queued', displayTitle: `Rollback oncall:prod:cart:production:v9->v8:${from + i}`, createdAt: '2026-05-04T10:00:30Z'}));
    // GitHub's paging: newest first, `per_page` runs from `(page - 1) * per_page`, the total over all pages.
    const paged = (runs: Array<Record<string, unknown>>) => (req: {query: URLSearchParams}) => {
      const perPage = Number(req.query.get('per_page') ?? 30);
      const page = Number(req.query.get('page') ?? 1);
      return {body: {...githubRunList(runs.slice((page - 1) * perPage, page * perPage)), total_count: runs.length}};
    };
    const runsQuery = (page?: number) =>
      `/repos/acme/shop/actions/workflows/rollback.yml/runs?event=workflow_dispatch&branch=main&created=%3E%3D${encodeURIComponent(since)}&per_page=50${page === undefined ? '' : `&page=${page}`}`;

    it('follows the pages of dispatch runs created since the dispatch until the one carrying our request id', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('POST', DISPATCH, {status: 204});
      const ours = githubRun({id: 906, status: 'in_progress', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T10:00:02Z'});
      fake.route('GET', RUNS, paged([...others(1000, 62), ours, ...others(2000, 3)]));
      const gh = rollbacker({inputs: {oncall_request_id: ''}});
      const run = await gh.rollback(plan);
      await gh.close();
      expect(run).toEqual({id: '906', plan, status: 'in_progress', url: 'https://github.com/acme/shop/actions/runs/906', updatedAt: Date.parse('2026-05-04T10:00:02Z')});
      expect(fake.calls('GET', RUNS).map((r) => r.url)).toEqual([runsQuery(), runsQuery(2)]);
    });

    it('reads at most 5 pages, and takes no other run when ours is not among them', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('POST', DISPATCH, {status: 204});
      const ours = githubRun({id: 907, status: 'queued', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T10:00:02Z'});
      fake.route('GET', RUNS, paged([...others(1000, 250), ours]));
      const gh = rollbacker({inputs: {oncall_request_id: ''}});
      const run = await gh.getRun((await gh.rollback(plan)).id);
      await gh.close();
      expect(run.id).toBe(`pending:${plan.idempotencyKey}`);
      expect(run.status).toBe('queued');
      // Each of the 4 lookups after the dispatch and the read after it: pages 1 to 5, never a 6th.
      const pages = fake.calls('GET', RUNS).map((r) => r.query.get('page') ?? '1');
      expect(pages).toEqual(Array.from({length: 5}, () => ['1', '2', '3', '4', '5']).flat());
    });

    it('stops at the last page when the total says there is no more', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('POST', DISPATCH, {status: 204});
      fake.route('GET', RUNS, paged(others(1000, 100)));
      const gh = rollbacker({inputs: {oncall_request_id: ''}});
      const run = await gh.rollback(plan);
      await gh.close();
      expect(run.id).toBe(`pending:${plan.idempotencyKey}`);
      expect(fake.calls('GET', RUNS).map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2', '1', '2', '1', '2', '1', '2']);
    });
  });

  it('reports a run not listed yet under a pending id, then follows it to completion', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, sequence([
      {body: githubRunList([])},
      {body: githubRunList([])},
      {body: githubRunList([])},
      {body: githubRunList([])},
      {body: githubRunList([githubRun({id: 905, status: 'queued', displayTitle: plan.idempotencyKey})])},
    ]));
    fake.route('GET', RUN, sequence([
      {body: githubRun({id: 905, status: 'in_progress', displayTitle: plan.idempotencyKey})},
      {body: githubRun({id: 905, status: 'completed', conclusion: 'success', displayTitle: plan.idempotencyKey, updatedAt: '2026-05-04T10:03:00Z'})},
    ]));
    const sleeps: number[] = [];
    const gh = rollbacker({inputs: {oncall_request_id: ''}}, sleeps);
    const first = await gh.rollback(plan);
    expect(sleeps).toEqual([1500, 1500, 1500]);
    expect(first).toEqual({id: `pending:${plan.idempotencyKey}`, plan, status: 'queued', url: `${fake.url}/acme/shop/actions/workflows/rollback.yml`, updatedAt: NOW});
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await gh.getRun(first.id)).status);
    await gh.close();
    expect(statuses).toEqual(['queued', 'in_progress', 'success']);
    expect(fake.calls('GET', RUN).map((r) => r.url)).toEqual(['/repos/acme/shop/actions/runs/905', '/repos/acme/shop/actions/runs/905']);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('a run still not listed 10 minutes after its dispatch is unknown, no longer queued', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, {body: githubRunList([])});
    let clock = NOW;
    const gh = rollbacker({inputs: {oncall_request_id: ''}}, [], () => clock);
    const first = await gh.rollback(plan);
    clock = NOW + 9 * 60_000;
    const within = await gh.getRun(first.id);
    clock = NOW + 10 * 60_000;
    const after = await gh.getRun(first.id);
    await gh.close();
    expect([first.status, within.status, after.status]).toEqual(['queued', 'queued', 'unknown']);
  });

  describe('a run not found yet, asked about by a process that did not dispatch it (read from the action log)', () => {
    const pendingId = `pending:${plan.idempotencyKey}`;
    const loggedAt = NOW - 30 * 60_000;
    const correlated = {inputs: {version: '{{version}}', oncall_request_id: 'set by oncall'}};

    it('finds it by its request id among the runs created since shortly before the logged start, then reads it by its id', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('GET', RUNS, {
        body: githubRunList([
          githubRun({id: 930, status: 'completed', conclusion: 'success', displayTitle: 'Rollback oncall:prod:checkout:production:v9->v8:1', createdAt: '2026-05-04T09:31:00Z'}),
          githubRun({id: 920, status: 'completed', conclusion: 'cancelled', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T09:29:58Z', updatedAt: '2026-05-04T09:40:00Z'}),
        ]),
      });
      fake.route('GET', RUN, {body: githubRun({id: 920, status: 'completed', conclusion: 'cancelled', displayTitle: `Rollback ${plan.idempotencyKey}`})});
      const gh = rollbacker(correlated);
      const found = await gh.getRun(pendingId, {loggedAt});
      const again = await gh.getRun(pendingId, {loggedAt});
      await gh.close();
      expect([found.id, found.status, found.url, found.updatedAt]).toEqual([pendingId, 'cancelled', 'https://github.com/acme/shop/actions/runs/920', Date.parse('2026-05-04T09:40:00Z')]);
      expect(again.status).toBe('cancelled');
      expect(fake.calls('GET', RUNS).map((r) => r.url)).toEqual([
        '/repos/acme/shop/actions/workflows/rollback.yml/runs?event=workflow_dispatch&branch=main&created=%3E%3D2026-05-04T09%3A19%3A00Z&per_page=50',
      ]);
      expect(fake.calls('GET', RUN).map((r) => r.url)).toEqual(['/repos/acme/shop/actions/runs/920']);
    });

    it('not listed: queued for 10 minutes after the logged start, unknown after; a failed read fails', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('GET', RUNS, {body: githubRunList([githubRun({id: 930, status: 'completed', conclusion: 'success', displayTitle: 'Rollback another-key'})])});
      const gh = rollbacker(correlated);
      const recent = await gh.getRun(pendingId, {loggedAt: NOW - 9 * 60_000});
      const old = await gh.getRun(pendingId, {loggedAt});
      fake.route('GET', RUNS, {status: 502, body: errorBody('github', 502, 'Server Error')});
      const failure = await failureOf(gh.getRun(pendingId, {loggedAt}));
      await gh.close();
      expect([recent.status, old.status]).toEqual(['queued', 'unknown']);
      expect(failure.kind).toBe('unavailable');
      expect(fake.calls('GET', RUNS)).toHaveLength(3);
    });

    it('without the correlation input, guesses nothing (another run would be taken for it)', async () => {
      fake = await startFakeCi({flavor: 'github'});
      fake.route('GET', RUNS, {body: githubRunList([githubRun({id: 930, status: 'completed', conclusion: 'success', createdAt: '2026-05-04T09:31:00Z'})])});
      const gh = rollbacker();
      const recent = await gh.getRun(pendingId, {loggedAt: NOW - 60_000});
      const old = await gh.getRun(pendingId, {loggedAt});
      await gh.close();
      expect([recent.status, old.status]).toEqual(['queued', 'unknown']);
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('reports a dispatched run as pending when the runs list cannot be read, and shows why on the next poll', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, {status: 403, body: errorBody('github', 403, 'Resource not accessible by personal access token')});
    const gh = rollbacker({inputs: {oncall_request_id: ''}}, []);
    const run = await gh.rollback(plan);
    const failure = await failureOf(gh.getRun(run.id));
    await gh.close();
    expect([run.id, run.status]).toEqual([`pending:${plan.idempotencyKey}`, 'queued']);
    expect([failure.kind, failure.message]).toEqual(['auth', 'github-actions acme/shop rollback.yml: not authorized (HTTP 403): Resource not accessible by personal access token — the token needs actions:write (and actions:read to follow the run) on the repo']);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('maps run conclusions: failure, cancelled', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/actions/runs/1', {body: githubRun({id: 1, status: 'completed', conclusion: 'timed_out'})});
    fake.route('GET', '/repos/{owner}/{repo}/actions/runs/2', {body: githubRun({id: 2, status: 'completed', conclusion: 'cancelled'})});
    const gh = rollbacker();
    const [a, b] = [await gh.getRun('1'), await gh.getRun('2')];
    await gh.close();
    expect([a.status, b.status]).toEqual(['failure', 'cancelled']);
    expect(a.plan.description).toBe('github-actions run 1');
  });

  it('shows GitHub\'s 422 message for an input the workflow does not declare, after one dispatch', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {status: 422, body: errorBody('github', 422, 'Unexpected inputs provided: ["oncall_request_id"]')});
    const gh = rollbacker({inputs: {oncall_request_id: ''}});
    const failure = await failureOf(gh.rollback(plan));
    await gh.close();
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe(
      'github-actions acme/shop rollback.yml: rejected (HTTP 422): Unexpected inputs provided: ["oncall_request_id"] — the workflow must declare on: workflow_dispatch and every input the config sends (oncall_request_id)',
    );
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('sends the dispatch again without return_run_details when an older server refuses the parameter', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, (req) =>
      (req.json as Record<string, unknown>).return_run_details === undefined ? {status: 204} : {status: 422, body: errorBody('github', 422, 'Invalid request.\n\n"return_run_details" is not a permitted key.')},
    );
    fake.route('GET', RUNS, {body: githubRunList([githubRun({id: 906, status: 'queued', displayTitle: `Rollback ${plan.idempotencyKey}`, createdAt: '2026-05-04T10:00:02Z'})])});
    const gh = rollbacker({inputs: {oncall_request_id: ''}});
    const run = await gh.rollback(plan);
    await gh.close();
    expect(run.id).toBe('906');
    expect(fake.calls('POST', DISPATCH).map((r) => Object.keys(r.json as object))).toEqual([['ref', 'inputs', 'return_run_details'], ['ref', 'inputs']]);
  });

  it('shows 401 as an auth failure with GitHub\'s message and never the token', async () => {
    fake = await startFakeCi({flavor: 'github', token: 'another-token-entirely'});
    const gh = rollbacker();
    const failure = await failureOf(gh.rollback(plan));
    await gh.close();
    expect(failure.kind).toBe('auth');
    expect(failure.message).toBe('github-actions acme/shop rollback.yml: not authorized (HTTP 401): Bad credentials — the token needs actions:write (and actions:read to follow the run) on the repo');
    expect(failure.message).not.toContain(TOKEN);
  });

  it('a timed-out dispatch has an unknown outcome (it may have started a run), and the same request is never sent again', async () => {
    fake = await startFakeCi({flavor: 'github'});
    fake.route('POST', DISPATCH, {hang: true, status: 204});
    const gh = rollbacker({timeout: '300ms'});
    const failure = await failureOf(gh.rollback(plan));
    const again = await failureOf(gh.rollback(plan));
    await gh.close();
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(again).toBe(failure);
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(`github-actions acme/shop rollback.yml: POST ${fake.url}/repos/acme/shop/actions/workflows/rollback.yml/dispatches: no answer within 300 ms`);
    expect((failure as RollbackOutcomeUnknown).check).toBe(`the workflow's runs at ${fake.url}/acme/shop/actions/workflows/rollback.yml`);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('a 5xx or a reset connection is an unknown outcome; a 4xx or a refused connection certainly started nothing', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const outcomes: Array<[string, boolean]> = [];
    for (const [name, reply] of [
      ['502', {status: 502, body: errorBody('github', 502, 'Server Error')}],
      ['reset', {reset: true}],
      ['403', {status: 403, body: errorBody('github', 403, 'Resource not accessible by integration')}],
      ['404', {status: 404, body: errorBody('github', 404, 'Not Found')}],
    ] as const) {
      fake.route('POST', DISPATCH, reply);
      const gh = rollbacker();
      outcomes.push([name, (await failureOf(gh.rollback({...plan, idempotencyKey: `${plan.idempotencyKey}-${name}`}))) instanceof RollbackOutcomeUnknown]);
      await gh.close();
    }
    const url = fake.url;
    await fake.close();
    const refused = rollbacker({apiUrl: url});
    outcomes.push(['refused', (await failureOf(refused.rollback(plan))) instanceof RollbackOutcomeUnknown]);
    await refused.close();
    expect(outcomes).toEqual([['502', true], ['reset', true], ['403', false], ['404', false], ['refused', false]]);
  });

  it('refuses a bad template before sending anything', async () => {
    fake = await startFakeCi({flavor: 'github'});
    const gh = rollbacker({inputs: {version: '{{verison}}'}});
    const failure = await failureOf(gh.rollback(plan));
    await gh.close();
    expect(failure.message).toBe('github-actions acme/shop rollback.yml: rollback template: input version: unknown placeholder {{verison}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}');
    expect(fake.requests).toEqual([]);
  });
});
