/**
 * `oncall rollback` when the outcome of the dispatch cannot be known: a request that timed out,
 * got a 5xx or lost its connection after it may have reached the provider (GitHub Actions, Argo
 * CD, a webhook), and a webhook's 2xx, which accepts with no run to follow. Each is said as such
 * (never "failed" or "done"), logged with its own phase, and keeps a second `--yes` from firing
 * for the window. The fakes check every request and answer against the providers' contracts.
 */
import {mkdirSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {argoApp, githubDispatchDetails, githubRun, githubRunList} from '../helpers/fake-ci-bodies.ts';
import {errorBody, startFakeCi, type FakeCi, type FakeReply} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 24);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const ARGO_APP = '/api/v1/applications/{name}';
const ARGO_ROLLBACK = '/api/v1/applications/{name}/rollback';
const HOOK = '/hooks/rollback';
const KEY = `oncall:prod:checkout:production:unknown->v2.13.2:${NOW}`;

let tmp: ReturnType<typeof tempDir>;
let fakes: FakeCi[] = [];

beforeEach(() => {
  tmp = tempDir();
  fakes = [];
});

afterEach(async () => {
  for (const fake of fakes) {
    expect(fake.problems).toEqual([]);
    await fake.close();
  }
  tmp.cleanup();
});

async function fakeOf(flavor: 'github' | 'argocd' | 'webhook'): Promise<FakeCi> {
  const fake = await startFakeCi({flavor, ...(flavor === 'webhook' ? {} : {token: TOKEN})});
  fakes.push(fake);
  return fake;
}

/** A context `prod` with only a rollback provider: a rollback with `--to` asks nothing but the dispatch. */
function configWith(rollback: string): string {
  return tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: ${rollback}\n`);
}
const github = (url: string) => configWith(`{provider: github-actions, apiUrl: '${url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 300ms}`);
// The workflow shows the request id in its run-name, so a run can be found by it.
const githubCorrelated = (url: string) => configWith(`{provider: github-actions, apiUrl: '${url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}', oncall_request_id: x}, tokenEnv: GH_TOKEN, timeout: 300ms}`);
const argocd = (url: string) => configWith(`{provider: argocd, apiUrl: '${url}', app: checkout-prod, tokenEnv: GH_TOKEN, timeout: 300ms}`);
const webhook = (url: string) => configWith(`{provider: webhook, url: '${url}${HOOK}', inputs: {target: '{{service}}@{{version}}'}, timeout: 300ms}`);

const logEntries = () => readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));

function terminal(opts: {tty: boolean; typed?: string}): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: opts.tty});
  if (opts.typed !== undefined) stdin.end(opts.typed);
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

async function cli(argv: string[], term = terminal({tty: false})): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(argv, env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: term});
  return {code, out, err};
}

const ROLLBACK = ['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config'];

describe('oncall rollback: outcome unknown', () => {
  const cases: Array<[string, FakeReply, string]> = [
    ['a timeout', {hang: true, status: 204}, 'no answer within 300 ms'],
    ['a 502', {status: 502, body: errorBody('github', 502, 'Server Error')}, 'server error (HTTP 502)'],
    // A 303 answers a request the server processed: whoever sent it (a gateway in front) acted.
    ['a 303 See Other', {status: 303, text: '', headers: {location: '/runs'}}, 'HTTP 303 redirect to'],
  ];
  it.each(cases)('GitHub Actions: %s on the dispatch is "may have started" (exit 1, logged unknown), and a second --yes refuses without a request', async (_name, reply, said) => {
    const fake = await fakeOf('github');
    fake.route('POST', DISPATCH, reply);
    const config = github(fake.url);
    const first = await cli([...ROLLBACK, config]);
    expect(first.code).toBe(1);
    expect(first.err).toContain('rollback outcome unknown: the request may have reached github-actions, so the rollback may have started (');
    expect(first.err).toContain(said);
    expect(first.err).toContain(`  check the workflow's runs at ${fake.url}/acme/shop/actions/workflows/rollback.yml before trying again`);
    expect(first.err).not.toContain('rollback failed');
    expect(fake.requests).toHaveLength(1);
    const entries = await logEntries();
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'unknown'],
    ]);
    expect(entries[1]?.error).toContain(said);
    expect(entries[1]?.details).toEqual({check: `the workflow's runs at ${fake.url}/acme/shop/actions/workflows/rollback.yml`});

    const second = await cli([...ROLLBACK, config]);
    expect(second.code).toBe(1);
    expect(second.out).toContain(`⚠ a rollback of checkout in production may have started: its outcome is unknown, the request at 10:00Z failed after it may have reached the provider (request ${KEY})\n`);
    expect(second.err).toContain(`rollback: not starting a second rollback of checkout with --yes while the rollback requested at 10:00Z (request ${KEY}) may have started; check it, then confirm without --yes to start another (nothing was called)\n`);
    expect(fake.requests).toHaveLength(1);
    expect(await logEntries()).toHaveLength(2);
  });

  // A GitHub dispatch answered 502 (outcome unknown), then a typed confirmation whose run finishes successfully.
  async function unknownThenConfirmed() {
    const fake = await fakeOf('github');
    fake.route('POST', DISPATCH, {status: 502, body: errorBody('github', 502, 'Server Error')});
    const config = github(fake.url);
    expect((await cli([...ROLLBACK, config])).code).toBe(1);
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
    fake.route('GET', RUN, {body: githubRun({id: 570, status: 'completed', conclusion: 'success'})});
    const typed = await cli(ROLLBACK.filter((a) => a !== '--yes').concat(config), terminal({tty: true, typed: 'checkout\n'}));
    return {fake, config, typed};
  }

  it('GitHub Actions: after checking, a typed confirmation starts another (warned first); a refused connection is a plain failure', async () => {
    const {fake, config, typed} = await unknownThenConfirmed();
    expect(typed.out).toContain('may have started: its outcome is unknown');
    expect(typed.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);

    const url = fake.url;
    fakes = [];
    await fake.close();
    tmp.write('state/oncall/actions.jsonl', '');
    const refused = await cli([...ROLLBACK, github(url)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('rollback failed: unavailable: github-actions acme/shop rollback.yml: POST ');
    expect(refused.err).toContain('connection refused');
    expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'failure']);
  });

  it('GitHub Actions: a 301 or 307 on the dispatch says "send it there" and GitHub did not act: a plain failure naming the redirect', async () => {
    for (const status of [301, 307]) {
      const fake = await fakeOf('github');
      fake.route('POST', DISPATCH, {status, text: '', headers: {location: 'https://api.github.example/repositories/1/actions'}});
      const run = await cli([...ROLLBACK, github(fake.url)]);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`rollback failed: bad-response: github-actions acme/shop rollback.yml: POST `);
      expect(run.err).toContain(`HTTP ${status} redirect to https://api.github.example/repositories/1/actions; check the URL`);
      expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'failure']);
      tmp.write('state/oncall/actions.jsonl', '');
    }
  });

  it('GitHub Actions: once a later rollback of checkout ran and finished successfully, --yes goes ahead again (the unknown one is superseded)', async () => {
    const {fake, config, typed} = await unknownThenConfirmed();
    expect(typed.code).toBe(0);
    expect((await logEntries()).map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'unknown'],
      ['rollback', 'attempt'],
      ['rollback', 'success'],
      ['rollback-watch', 'success'],
    ]);

    const again = await cli([...ROLLBACK, config]);
    expect(again.err).not.toContain('not starting a second rollback');
    expect(again.out).not.toContain('may have started: its outcome is unknown');
    expect(again.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(3);
  });

  // A run dispatched half an hour ago whose following ended with no outcome logged (the process
  // died), then a typed confirmation of another rollback of checkout whose run 570 finished
  // successfully; run 560, when asked about, answers `run560`.
  async function runWithoutOutcomeThenConfirmed(run560: FakeReply) {
    const fake = await fakeOf('github');
    const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.2', idempotencyKey: 'oncall:prod:checkout:earlier'};
    const earlier = {at: new Date(NOW - 30 * 60_000).toISOString(), action: 'rollback', context: 'prod', target, source: 'github-actions'};
    tmp.write('state/oncall/actions.jsonl', [{...earlier, phase: 'attempt'}, {...earlier, phase: 'success', details: {runId: '560', status: 'queued', url: null}}].map((e) => JSON.stringify(e)).join('\n') + '\n');
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
    fake.route('GET', RUN, (req) => (req.path.endsWith('/560') ? run560 : {body: githubRun({id: 570, status: 'completed', conclusion: 'success'})}));
    const config = github(fake.url);
    const typed = await cli(ROLLBACK.filter((a) => a !== '--yes').concat(config), terminal({tty: true, typed: 'checkout\n'}));
    expect(typed.out).toContain('(run 560) has no outcome logged yet: it may still be running');
    expect(typed.code).toBe(0);
    expect((await logEntries()).map((e) => [e.action, e.phase, e.details?.['runId']])).toEqual([
      ['rollback', 'attempt', undefined],
      ['rollback', 'success', '560'],
      ['rollback', 'attempt', undefined],
      ['rollback', 'success', '570'],
      ['rollback-watch', 'success', '570'],
    ]);
    return {fake, config};
  }

  it('GitHub Actions: a run with no outcome logged, superseded by a later success, no longer stops --yes once GitHub says it ended', async () => {
    const {fake, config} = await runWithoutOutcomeThenConfirmed({body: githubRun({id: 560, status: 'completed', conclusion: 'cancelled'})});
    const again = await cli([...ROLLBACK, config]);
    expect(again.out).not.toContain('run 560');
    expect(again.err).not.toContain('not starting a second rollback');
    expect(again.code).toBe(0);
    expect(fake.calls('GET', RUN).filter((r) => r.path.endsWith('/560'))).toHaveLength(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
  });

  it('GitHub Actions: a superseded run with no outcome that GitHub says is still queued, or that cannot be read, still stops --yes (it may roll back after the later success)', async () => {
    const {fake, config} = await runWithoutOutcomeThenConfirmed({body: githubRun({id: 560, status: 'queued'})});
    const queued = await cli([...ROLLBACK, config]);
    expect(queued.code).toBe(1);
    expect(queued.err).toContain('not starting a second rollback of checkout with --yes while run 560 may still be running');
    fake.route('GET', RUN, (req) => (req.path.endsWith('/560') ? {status: 502, body: errorBody('github', 502, 'Server Error')} : {body: githubRun({id: 570, status: 'completed', conclusion: 'success'})}));
    const unreadable = await cli([...ROLLBACK, config]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toContain('while run 560 may still be running');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  // A rollback dispatched half an hour ago by another process whose run was not listed in time
  // (logged under the stand-in id `pending:KEY`) and whose following ended with no outcome, then a
  // typed confirmation of another rollback of checkout whose run 570 finished successfully. The
  // runs list answers `runs`.
  const EARLIER = 'oncall:prod:checkout:production:unknown->v2.13.2:earlier';
  async function pendingRunThenConfirmed(runs: FakeReply) {
    const fake = await fakeOf('github');
    const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.2', idempotencyKey: EARLIER};
    const earlier = {at: new Date(NOW - 30 * 60_000).toISOString(), action: 'rollback', context: 'prod', target, source: 'github-actions'};
    const runsPage = `${fake.url}/acme/shop/actions/workflows/rollback.yml`;
    tmp.write('state/oncall/actions.jsonl', [{...earlier, phase: 'attempt'}, {...earlier, phase: 'success', details: {runId: `pending:${EARLIER}`, status: 'queued', url: runsPage}}].map((e) => JSON.stringify(e)).join('\n') + '\n');
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
    fake.route('GET', RUN, {body: githubRun({id: 570, status: 'completed', conclusion: 'success', displayTitle: `Rollback ${KEY}`})});
    fake.route('GET', RUNS, runs);
    const config = githubCorrelated(fake.url);
    const typed = await cli(ROLLBACK.filter((a) => a !== '--yes').concat(config), terminal({tty: true, typed: 'checkout\n'}));
    expect(typed.out).toContain(`(request ${EARLIER} ${runsPage}) has no outcome logged yet, and its run has not been found yet: it may still be queued or running`);
    expect(typed.code).toBe(0);
    return {fake, config};
  }
  const earlierRun = (fields: Partial<Parameters<typeof githubRun>[0]>) => githubRun({id: 560, status: 'queued', displayTitle: `Rollback ${EARLIER}`, createdAt: '2026-05-04T09:30:02Z', ...fields});

  it('GitHub Actions: a run logged as not found yet by another process, superseded by a later success, no longer stops --yes once GitHub lists it as ended', async () => {
    const {fake, config} = await pendingRunThenConfirmed({body: githubRunList([earlierRun({status: 'completed', conclusion: 'success'})])});
    const again = await cli([...ROLLBACK, config]);
    expect(again.out).not.toContain(EARLIER);
    expect(again.err).not.toContain('not starting a second rollback');
    expect(again.code).toBe(0);
    expect(fake.calls('GET', RUNS).map((r) => r.url)).toEqual([
      '/repos/acme/shop/actions/workflows/rollback.yml/runs?event=workflow_dispatch&branch=main&created=%3E%3D2026-05-04T09%3A19%3A00Z&per_page=50',
    ]);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
  });

  it('GitHub Actions: a run logged as not found yet that GitHub still does not list, lists as queued, or cannot list, still stops --yes', async () => {
    const {fake, config} = await pendingRunThenConfirmed({body: githubRunList([])});
    const refusal = `rollback: not starting a second rollback of checkout with --yes while the run of request ${EARLIER} (not found yet) may still be running`;
    const missing = await cli([...ROLLBACK, config]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('and its run has not been found yet');
    expect(missing.err).toContain(refusal);
    fake.route('GET', RUNS, {body: githubRunList([earlierRun({status: 'queued'})])});
    const queued = await cli([...ROLLBACK, config]);
    expect(queued.code).toBe(1);
    expect(queued.err).toContain(refusal);
    fake.route('GET', RUNS, {status: 502, body: errorBody('github', 502, 'Server Error')});
    const unreadable = await cli([...ROLLBACK, config]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toContain(refusal);
    expect(fake.calls('GET', RUNS)).toHaveLength(3);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('every rollback of the target that may still be going is warned of, newest first, not only the newest; --yes names the newest', async () => {
    const fake = await fakeOf('github');
    const config = github(fake.url);
    const request = (minutesAgo: number, key: string) => {
      const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.2', idempotencyKey: `oncall:prod:checkout:${key}`};
      const e = {at: new Date(NOW - minutesAgo * 60_000).toISOString(), action: 'rollback', context: 'prod', target, source: 'github-actions'};
      return [{...e, phase: 'attempt'}, {...e, phase: 'unknown', error: 'timeout: no answer within 300 ms'}];
    };
    tmp.write('state/oncall/actions.jsonl', [...request(40, 'older'), ...request(10, 'newer')].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const refused = await cli([...ROLLBACK, config]);
    const warnings = refused.out.split('\n').filter((l) => l.startsWith('⚠ '));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('oncall:prod:checkout:newer');
    expect(warnings[1]).toContain('oncall:prod:checkout:older');
    expect(refused.err).toContain('oncall:prod:checkout:newer');
    expect(refused.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });

  it('an action log that cannot be read is said, and --yes refuses as for an open rollback (an earlier one would not be seen); nothing is called', async () => {
    const fake = await fakeOf('github');
    const config = github(fake.url);
    // A directory where the log file should be: reading it fails (EISDIR), as a log without read permission would.
    mkdirSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), {recursive: true});
    const refused = await cli([...ROLLBACK, config]);
    expect(refused.out).toContain('⚠ the action log cannot be read (');
    expect(refused.out).toContain('a rollback of checkout started earlier, here or from a dashboard, would not be seen');
    expect(refused.err).toContain('rollback: not starting a rollback of checkout with --yes while the action log cannot be read');
    expect(refused.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });

  it('Argo CD: a 502 on the rollback request is "may have started"; the application read before it is not', async () => {
    const fake = await fakeOf('argocd');
    const history = [
      {id: 6, revision: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deployedAt: '2026-05-02T09:00:00Z'},
      {id: 7, revision: '3333333ccccccccccccccccccccccccccccccccc', deployedAt: '2026-05-04T09:48:00Z'},
    ];
    fake.route('GET', ARGO_APP, {body: argoApp({name: 'checkout-prod', history})});
    fake.route('POST', ARGO_ROLLBACK, {status: 502, body: errorBody('argocd', 502, 'upstream connect error')});
    const config = argocd(fake.url);
    const args = ['rollback', 'checkout', '--to', '2222222', '--environment', 'production', '--yes', '--config', config];
    const first = await cli(args);
    expect(first.code).toBe(1);
    expect(first.err).toContain('rollback outcome unknown: the request may have reached argocd');
    expect(first.err).toContain(`  check the application's sync status and history at ${fake.url}/applications/checkout-prod before trying again`);
    expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'unknown']);
    const before = fake.requests.length;
    const second = await cli(args);
    expect(second.code).toBe(1);
    expect(second.err).toContain('not starting a second rollback of checkout with --yes');
    expect(fake.requests).toHaveLength(before);
  });
});

describe('oncall rollback: a GitHub dispatch whose run cannot be identified', () => {
  it('answered without a run id, to a workflow without oncall_request_id: said at once (exit 1), never followed; logged so a second --yes refuses', async () => {
    const fake = await fakeOf('github');
    fake.route('POST', DISPATCH, {status: 204});
    const config = github(fake.url);
    const runsPage = `${fake.url}/acme/shop/actions/workflows/rollback.yml`;
    // Each wait of the follow loop between two reads of the run is counted: there must be none.
    const waits: number[] = [];
    const first = await cli([...ROLLBACK, config], {...terminal({tty: false}), sleep: async (ms) => void waits.push(ms)});
    expect(first.code).toBe(1);
    expect(first.out).toContain("no oncall_request_id input: if GitHub answers without the run's id (older GitHub Enterprise), its run will not be followable from here; to make it so, add oncall_request_id to the workflow's inputs and run-name and to the rollback's inputs\n");
    expect(first.out).toContain(`called github-actions: dispatched; its run cannot be identified from here (the workflow takes no oncall_request_id input): check the workflow's runs at ${runsPage}\n`);
    expect(first.err).toContain('rollback outcome unknown: oncall rollback --yes refuses to start another rollback of checkout over it; check it, then confirm without --yes\n');
    expect(first.out).not.toMatch(/following the run|queued|done|running/);
    expect(waits).toEqual([]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /repos/acme/shop/actions/workflows/rollback.yml/dispatches']);
    const entries = await logEntries();
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'success'],
    ]);
    expect(entries[1]?.details).toEqual({status: 'unknown', url: runsPage, unfollowable: true, unidentified: 'the workflow takes no oncall_request_id input'});

    const second = await cli([...ROLLBACK, config]);
    expect(second.code).toBe(1);
    expect(second.out).toContain(`⚠ a rollback of checkout in production may still be going: it was dispatched at 10:00Z, and its run cannot be identified from here (request ${KEY})\n`);
    expect(second.err).toContain('not starting a second rollback of checkout with --yes');
    expect(fake.requests).toHaveLength(1);
  });

  it('with oncall_request_id configured, the preview says nothing of it and a run not listed yet is still followed', async () => {
    const fake = await fakeOf('github');
    fake.route('POST', DISPATCH, {status: 204});
    fake.route('GET', RUNS, {body: githubRunList([githubRun({id: 940, status: 'completed', conclusion: 'success', displayTitle: `Rollback ${KEY}`, createdAt: '2026-05-04T10:00:02Z'})])});
    fake.route('GET', RUN, {body: githubRun({id: 940, status: 'completed', conclusion: 'success', displayTitle: `Rollback ${KEY}`})});
    const done = await cli([...ROLLBACK, githubCorrelated(fake.url)]);
    expect(done.code).toBe(0);
    expect(done.out).not.toContain('not be followable');
    expect(done.out).toContain('called github-actions: run 940 done');
  });
});

describe('oncall rollback: a webhook', () => {
  it('a 2xx is "accepted by the webhook; its outcome cannot be followed" (said before too), never done; a second --yes refuses', async () => {
    const fake = await fakeOf('webhook');
    fake.route('POST', HOOK, {status: 202, text: 'accepted'});
    const config = webhook(fake.url);
    const first = await cli([...ROLLBACK, config]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('              a webhook answers only that it accepted the request: the rollback cannot be followed from here\n');
    expect(first.out).toContain('called webhook: accepted by the webhook; its outcome cannot be followed from here (status unknown)\n');
    expect(first.out).not.toMatch(/done|following the run|running/);
    const entries = await logEntries();
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'success'],
    ]);
    expect(entries[1]?.details).toEqual({status: 'unknown', url: null, unfollowable: true});

    const second = await cli([...ROLLBACK, config]);
    expect(second.code).toBe(1);
    expect(second.out).toContain(`⚠ a rollback of checkout in production may still be going: its webhook accepted it at 10:00Z, and its outcome cannot be followed from here (request ${KEY})\n`);
    expect(second.err).toContain('may still be running; check it, then confirm without --yes');
    expect(fake.requests).toHaveLength(1);
  });

  it('a 502 from the hook is "may have started": the hook may have acted', async () => {
    const fake = await fakeOf('webhook');
    fake.route('POST', HOOK, {status: 502, text: 'bad gateway', offContract: true});
    const config = webhook(fake.url);
    const first = await cli([...ROLLBACK, config]);
    expect(first.code).toBe(1);
    expect(first.err).toContain('rollback outcome unknown: the request may have reached webhook');
    expect(first.err).toContain(`  check the system behind webhook rollback ${fake.url}: the hook may have acted on it before trying again`);
    expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'unknown']);
    expect((await cli([...ROLLBACK, config])).code).toBe(1);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([303, 302])('a %i redirect from the hook is "may have started" (it may have acted on the POST, then redirected), logged unknown; a second --yes refuses', async (status) => {
    const fake = await fakeOf('webhook');
    fake.route('POST', HOOK, {status, text: '', headers: {location: '/runs/42'}});
    const config = webhook(fake.url);
    const first = await cli([...ROLLBACK, config]);
    expect(first.code).toBe(1);
    expect(first.err).toContain('rollback outcome unknown: the request may have reached webhook');
    expect(first.err).toContain(`HTTP ${status} redirect to ${fake.url}`);
    expect(first.err).not.toContain('rollback failed');
    expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'unknown']);
    const second = await cli([...ROLLBACK, config]);
    expect(second.code).toBe(1);
    expect(second.err).toContain('rollback: not starting a second rollback of checkout with --yes');
    expect(fake.requests).toHaveLength(1);
  });

  it('a 200 HTML page (a sign-in proxy in front) is not "accepted by the webhook": outcome unknown, exit 1, logged unknown', async () => {
    const fake = await fakeOf('webhook');
    fake.route('POST', HOOK, {status: 200, text: '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>', contentType: 'text/html; charset=utf-8'});
    const config = webhook(fake.url);
    const first = await cli([...ROLLBACK, config]);
    expect(first.code).toBe(1);
    expect(first.out).not.toContain('accepted by the webhook');
    // One statement of what is unknown, not "may have reached" wrapped around "may not have received".
    expect(first.err).toContain(`rollback outcome unknown: webhook rollback ${fake.url}: the answer was an HTML page (HTTP 200; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown\n`);
    expect(first.err).not.toMatch(/may have reached/);
    expect(first.err).toContain(`  check the system behind webhook rollback ${fake.url}, whether the rollback started, and what rollback.url answers in a browser before trying again`);
    expect((await logEntries()).map((e) => e.phase)).toEqual(['attempt', 'unknown']);
    expect((await cli([...ROLLBACK, config])).code).toBe(1);
    expect(fake.requests).toHaveLength(1);
  });

  it('a hook whose path is its secret never shows it: a 500 echoing it, a 404, a timeout, a refused connection', async () => {
    const secretPath = '/services/T0000000/Xq7hookSecretPath0123456789';
    const fake = await fakeOf('webhook');
    const hookAt = (url: string) => configWith(`{provider: webhook, url: '${url}${secretPath}?sig=Zz9querySecretValue0123', inputs: {target: '{{service}}@{{version}}'}, timeout: 300ms}`);
    const closed = await startFakeCi({flavor: 'webhook'});
    const closedUrl = closed.url;
    await closed.close();
    const replies: FakeReply[] = [{status: 500, text: `no handler for ${secretPath}?sig=Zz9querySecretValue0123`, offContract: true}, {status: 404, text: `unknown hook ${secretPath.slice(1)}`, offContract: true}, {hang: true}];
    const said: string[] = [];
    for (const reply of replies) {
      fake.route('POST', secretPath, reply);
      const run = await cli(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config', hookAt(fake.url)]);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`webhook rollback ${fake.url}`);
      said.push(run.out, run.err, await readFile(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), 'utf8'));
      // Each answer is its own attempt: the next one is not held back as "may still be going".
      await rm(join(tmp.dir, 'state'), {recursive: true, force: true});
    }
    const refused = await cli(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config', hookAt(closedUrl)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`webhook rollback ${closedUrl}`);
    said.push(refused.out, refused.err, await readFile(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), 'utf8'));
    expect(fake.requests).toHaveLength(3);
    for (const text of said) expect(text).not.toMatch(/Xq7hookSecretPath|T0000000|Zz9querySecretValue/);
  });
});
