/**
 * Rollback through the real Dashboard on a context composed from a config file that points at the
 * fake GitHub: what reaches the server for each key sequence, what the footer says, and what the
 * action log holds. Every request and fake answer is checked against GitHub's contract by fake-ci.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {composeContext} from '../../src/cli/compose.ts';
import {logClaimer} from '../../src/cli/rollback-claim.ts';
import {loadConfig} from '../../src/config/config-load.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {actionLogLine, createActionLog, readActionLog, readActionLogChecked} from '../../src/platform/action-log.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {errorBody, sequence, startFakeCi, type FakeCi, type FakeReply} from '../helpers/fake-ci.ts';
import {T0} from '../queries/fakes.ts';
import {FAKED, renderDashboard, type Harness} from './dashboard-harness.tsx';
import {LOG_READ_WAIT_MS} from '../../src/queries/logged-open-rollbacks.ts';
import {githubDeploysYaml, githubRollbackYaml} from '../helpers/github-context.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 38);
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
// v2.13.2's own commit: a rollback to the running commit under another tag would change nothing.
const SHA_PREV = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// Wide enough for the whole footer message: the test is about its words, not its truncation.
const COLUMNS = 400;

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;
let harness: Harness | null = null;
let closeServices: (() => Promise<void>) | null = null;

/** The checkout history: v2.14.0 12 minutes before T0, v2.13.2 two days before. */
function routeDeployments(): void {
  fake.route('GET', '/repos/{owner}/{repo}/deployments', {
    body: [
      githubDeployment({id: 1187, sha: SHA, ref: 'v2.14.0', environment: 'production', createdAt: iso(T0 - 12 * 60_000), login: 'storefront-dev'}),
      githubDeployment({id: 1181, sha: SHA_PREV, ref: 'v2.13.2', environment: 'production', createdAt: iso(T0 - 2 * 86_400_000), login: 'release-bot'}),
    ],
  });
}

beforeEach(async () => {
  vi.useFakeTimers({now: T0, toFake: [...FAKED]});
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  routeDeployments();
  fake.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
    body: [githubStatus({id: 1, state: 'success', createdAt: iso(T0 - 11 * 60_000), logUrl: 'https://ci.example/logs/1'})],
  });
});

afterEach(async () => {
  harness?.unmount();
  harness = null;
  cleanup();
  vi.useRealTimers();
  await closeServices?.();
  closeServices = null;
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

/** The services of a context loaded from a real config file, as `oncall` composes them. */
async function composed(opts: {readOnly?: boolean; rollback?: string} = {}): Promise<ContextServices> {
  const file = tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
    readOnly: ${opts.readOnly === true}
${githubDeploysYaml(fake.url)}${opts.rollback === undefined ? githubRollbackYaml(fake.url, '1s') : `    rollback:\n${opts.rollback}\n`}`,
  );
  const loaded = await loadConfig(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const ctx = composeContext(loaded.config.contexts[0]!, {GH_TOKEN: TOKEN});
  expect(ctx.notes).toEqual([]);
  closeServices = ctx.close;
  return ctx.services;
}

/** Waits on real time too: the fake server answers over real sockets, and the timeout is a real one. */
async function until(ok: (frame: string) => boolean, what: string, realMs = 5000): Promise<string> {
  const end = performance.now() + realMs;
  while (performance.now() < end) {
    await harness!.settle();
    const frame = harness!.lastFrame();
    if (ok(frame)) return frame;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`${what}: never drawn; last frame:\n${harness!.lastFrame()}`);
}

/** Moves the fake clock a second at a time (polls, and the batching of what is drawn) until `ok` holds. */
async function pollUntil(ok: (frame: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(1000);
    const frame = await until(() => true, what);
    if (ok(frame)) return frame;
  }
  return until(ok, what);
}

const logPath = () => join(tmp.dir, 'state', 'oncall', 'actions.jsonl');

/** The action log once it holds `count` entries (writes land after the frame that caused them). */
// The deploys drawn from a good read, then the history failing (503) until the header says so; the deploy pane focused.
async function historyFailsAfterGoodRead(): Promise<void> {
  await until((f) => f.includes('v2.14.0') && f.includes('v2.13.2'), 'deploys from the fake GitHub');
  fake.route('GET', '/repos/{owner}/{repo}/deployments', {status: 503, body: errorBody('github', 503, 'Service Unavailable')});
  await pollUntil((f) => /github ✖ unavailable/.test(f), 'the failed history in the header');
  await harness!.press('3');
}

async function logged(count: number): Promise<ActionLogEntry[]> {
  for (let i = 0; i < 200; i++) {
    const entries = await readActionLog(logPath());
    if (entries.length >= count) return entries;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return readActionLog(logPath());
}
const KEY = `oncall:prod:checkout:production:v2.14.0->v2.13.2:${T0}`;
const INPUTS = {ref: 'main', inputs: {service: 'checkout', version: 'v2.13.2', environment: 'production'}, return_run_details: true};

/**
 * Renders the dashboard on the composed context and opens the rollback of the newest deploy;
 * with `claim`, Enter reads the log again before sending, as `oncall` composes it.
 */
async function openRollback(services: ContextServices, opts: {claim?: boolean} = {}): Promise<void> {
  const claim = opts.claim === true ? {claimRollback: logClaimer(logPath(), () => Date.now())} : {};
  harness = await renderDashboard(services, {columns: COLUMNS, record: createActionLog(logPath()).record, readActions: () => readActionLogChecked(logPath()), ...claim});
  await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
  await harness.press('3');
  await harness.press('R');
  // Once the log is read: Enter typed before that sends nothing.
  await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'rollback preview');
}

describe('Dashboard rollback against the fake GitHub', () => {
  it('R, typing the service and Enter dispatch once with the rendered inputs; the run is followed to done', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
    fake.route('GET', RUN, sequence([
      {body: githubRun({id: 555, status: 'queued'})},
      {body: githubRun({id: 555, status: 'in_progress'})},
      {body: githubRun({id: 555, status: 'completed', conclusion: 'success'})},
    ]));
    await openRollback(await composed());
    const preview = harness!.lastFrame();
    expect(preview).toContain('sends         workflow_dispatch of rollback.yml in acme/shop on ref main');
    expect(preview).toContain(`POST ${fake.url}/repos/acme/shop/actions/workflows/rollback.yml/dispatches`);
    expect(preview).toContain('input version = "v2.13.2"');
    expect(preview).toContain(`request id    ${KEY}`);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('rollback of checkout to v2.13.2 started (queued) https://github.com/acme/shop/actions/runs/555'), 'started flash');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
    await until((f) => f.includes('ROLLBACK … queued: checkout v2.14.0 → v2.13.2'), 'queued run line');
    await vi.advanceTimersByTimeAsync(2000);
    await until((f) => f.includes('ROLLBACK ↻ running: checkout v2.14.0 → v2.13.2'), 'running run line');
    await vi.advanceTimersByTimeAsync(2000);
    await until((f) => f.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2'), 'done run line');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    // The dispatch, then how the run ended, as `oncall rollback` logs it.
    const entries = await logged(3);
    expect(entries.map((e) => [e.action, e.phase, e.source])).toEqual([
      ['rollback', 'attempt', 'github-actions'],
      ['rollback', 'success', 'github-actions'],
      ['rollback-watch', 'success', 'github-actions'],
    ]);
    expect(entries[0]?.target).toEqual({service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: KEY});
    expect(entries[2]).toMatchObject({target: entries[0]?.target, details: {runId: '555', status: 'success', url: 'https://github.com/acme/shop/actions/runs/555'}});
  });

  it('logs a run that fails as a rollback-watch failure, and a run still going when the dashboard closes', async () => {
    fake.route('POST', DISPATCH, sequence([{status: 200, body: githubDispatchDetails(560)}]));
    fake.route('GET', RUN, {body: githubRun({id: 560, status: 'completed', conclusion: 'failure'})});
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('ROLLBACK ✖ failed: checkout v2.14.0 → v2.13.2'), 'failed run line');
    const failed = (await logged(3))[2];
    expect(failed).toMatchObject({action: 'rollback-watch', phase: 'failure', error: 'run failure', details: {runId: '560', status: 'failure'}});

    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    fake.route('GET', RUN, {body: githubRun({id: 561, status: 'in_progress'})});
    harness!.unmount();
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('ROLLBACK ↻ running'), 'running run line');
    harness!.unmount();
    harness = null;
    const left = (await logged(6))[5];
    expect(left).toMatchObject({action: 'rollback-watch', phase: 'failure', error: 'dashboard closed while the run was in_progress; the run keeps going', details: {runId: '561'}});
  });

  it('Enter pressed twice (one burst, then once more) still dispatches once', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(556)});
    fake.route('GET', RUN, {body: githubRun({id: 556, status: 'in_progress'})});
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r\r');
    await harness!.press('\r');
    await until((f) => f.includes('started (queued)') || f.includes('Deploy details'), 'after the Enters');
    await until((f) => f.includes('Deploy details'), 'the second Enter opens the details, it confirms nothing');
    await until(() => fake.calls('POST', DISPATCH).length > 0, 'the dispatch');
    await harness!.settle();
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
  });

  it('key repeat of R types into the confirmation and cannot fire; a second R after the dispatch asks again', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(557)});
    fake.route('GET', RUN, {body: githubRun({id: 557, status: 'in_progress'})});
    await openRollback(await composed());
    await harness!.press('R');
    await harness!.press('R');
    await harness!.press('checkout');
    let frame = await until((f) => f.includes('type "checkout" to confirm rollback: RRcheckout'), 'repeats typed as text');
    await harness!.press('\r');
    // Refused: the confirmation stays open with what was typed, and nothing went out.
    await vi.advanceTimersByTimeAsync(100);
    frame = await until((f) => f.includes('ROLL BACK checkout?'), 'confirmation still open');
    expect(frame.split('\n').at(-1)).toContain('type "checkout" to confirm rollback: RRcheckout');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    for (let i = 0; i < 10; i++) await harness!.press('\x7f');
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('started (queued)'), 'started flash');
    await harness!.press('R');
    await harness!.press('R');
    // Worded as `oncall rollback` words it; the log's entry of the same run makes no second line.
    frame = await until((f) => /⚠ A rollback of checkout in production started at \d\d:\d\dZ \(run 557 [^)]*\) has no outcome logged yet: it may still be running\. Confirm only to start another one\./.test(f), 'asked again');
    expect(frame.match(/⚠ /g)).toHaveLength(1);
    await harness!.press('\x1b');
    // A lone ESC is told from the start of an escape sequence by a short wait.
    await vi.advanceTimersByTimeAsync(100);
    await until((f) => f.includes('Cancelled') && !f.includes('ROLL BACK checkout?'), 'cancelled');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
  });

  it('R refuses while the deploy history fails after a good read, saying why; it previews again once the history answers', async () => {
    harness = await renderDashboard(await composed(), {columns: COLUMNS});
    await historyFailsAfterGoodRead();
    await harness.press('R');
    const frame = await until((f) => f.includes('rollback: deploy history is stale'), 'the refusal');
    // The rows it would plan from are still drawn (stale), but nothing is planned from them.
    expect(frame.split('\n').at(-1)).toMatch(/rollback: deploy history is stale \(\d+s old; its last read failed: unavailable\) — use oncall rollback checkout --to VERSION/);
    expect(frame).not.toContain('ROLL BACK checkout?');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    routeDeployments();
    await pollUntil((f) => /github ✔/.test(f), 'the history answering again');
    await harness.press('R');
    await until((f) => f.includes('ROLL BACK checkout?'), 'the preview, as before');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a read-only context sends nothing and says why', async () => {
    harness = await renderDashboard(await composed({readOnly: true}), {columns: COLUMNS});
    await until((f) => f.includes('v2.14.0'), 'deploys');
    await harness.press('3');
    await harness.press('R');
    const frame = await until((f) => f.includes('rollback: read-only context'), 'read-only reason');
    expect(frame).toContain('[READ-ONLY]');
    expect(frame).not.toContain('ROLL BACK checkout?');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  const failures: Array<[string, FakeReply, string]> = [
    ['401', {status: 401, body: errorBody('github', 401, 'Bad credentials')}, 'auth: github-actions acme/shop rollback.yml: not authorized (HTTP 401): Bad credentials'],
    ['422', {status: 422, body: errorBody('github', 422, 'Unexpected inputs provided: ["environment"]')}, 'bad-response: github-actions acme/shop rollback.yml: rejected (HTTP 422): Unexpected inputs provided: ["environment"]'],
  ];
  it.each(failures)('%s from GitHub is shown in the footer with its message, and the attempt and failure are logged', async (_name, reply, message) => {
    fake.route('POST', DISPATCH, reply);
    const expected = message.replace('{url}', fake.url);
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r');
    const frame = await until((f) => f.includes('rollback of checkout failed:'), 'failure flash');
    expect(frame.split('\n').at(-1)).toContain(`rollback of checkout failed: ${expected}`);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    const entries = await readActionLog(logPath());
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'failure'],
    ]);
    expect(entries[1]?.error).toContain(expected);
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  const unknowns: Array<[string, FakeReply, string]> = [
    ['a timeout', {hang: true, status: 204}, 'timeout: github-actions acme/shop rollback.yml: POST {url}/repos/acme/shop/actions/workflows/rollback.yml/dispatches: no answer within 1000 ms'],
    ['a 502', {status: 502, body: errorBody('github', 502, 'Server Error')}, 'unavailable: github-actions acme/shop rollback.yml: server error (HTTP 502): Server Error'],
  ];
  it.each(unknowns)('%s from GitHub is "outcome unknown, may have started" (footer, deploy pane, log), and the next R warns before asking', async (_name, reply, message) => {
    fake.route('POST', DISPATCH, reply);
    const expected = message.replace('{url}', fake.url);
    const check = `the workflow's runs at ${fake.url}/acme/shop/actions/workflows/rollback.yml`;
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r');
    let frame = await until((f) => f.includes('rollback of checkout: outcome unknown'), 'unknown flash');
    expect(frame.split('\n').at(-1)).toContain(`rollback of checkout: outcome unknown, it may have started (${expected}); check ${check} before trying again`);
    // The deploy pane's line (wrapped in the pane) says the same.
    expect(frame).toContain('ROLLBACK ? outcome unknown, may have started (0s ago): checkout → v2.13.2: ');
    expect(frame).not.toContain('failed');
    const entries = await logged(2);
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'unknown'],
    ]);
    await harness!.press('R');
    frame = await until((f) => f.includes('ROLL BACK checkout?'), 'asked again');
    expect(frame).toContain('⚠ A rollback of checkout in production may have started: its outcome is unknown');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('a webhook: said beforehand that it cannot be followed; its 2xx is "accepted", never done or running; the next R warns', async () => {
    const hook = await startFakeCi({flavor: 'webhook'});
    try {
      hook.route('POST', '/hooks/rollback', {status: 202, text: 'accepted'});
      await openRollback(await composed({rollback: `      provider: webhook\n      url: ${hook.url}/hooks/rollback\n      inputs: {target: '{{service}}@{{version}}'}`}));
      expect(harness!.lastFrame()).toContain('a webhook answers only that it accepted the request: the rollback cannot be followed from here');
      await harness!.press('checkout');
      await harness!.press('\r');
      let frame = await until((f) => f.includes('accepted by the webhook; its outcome cannot be followed from here:'), 'accepted line');
      expect(frame.split('\n').at(-1)).toContain('rollback of checkout to v2.13.2: accepted by the webhook; its outcome cannot be followed from here');
      expect(frame).toContain('ROLLBACK ? accepted by the webhook; its outcome cannot be followed from here: checkout v2.14.0 → v2.13.2');
      expect(frame).not.toMatch(/✔ done|↻ running|… queued/);
      await vi.advanceTimersByTimeAsync(10_000);
      await harness!.settle();
      expect(hook.requests).toHaveLength(1);
      await harness!.press('R');
      frame = await until((f) => f.includes('ROLL BACK checkout?'), 'asked again');
      expect(frame).toContain('⚠ A rollback of checkout in production may still be going: its webhook accepted it at');
      expect(hook.requests).toHaveLength(1);
      expect((await logged(2)).map((e) => [e.action, e.phase, e.details?.['unfollowable']])).toEqual([
        ['rollback', 'attempt', undefined],
        ['rollback', 'success', true],
      ]);
      expect(hook.problems).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('a dispatch answered without a run id, to a workflow without oncall_request_id: said at once as not identifiable, never queued; the next R warns', async () => {
    fake.route('POST', DISPATCH, {status: 204});
    await openRollback(await composed());
    expect(harness!.lastFrame()).toContain("no oncall_request_id input: if GitHub answers without the run's id (older GitHub Enterprise), its run will not be followable from here; to make it so, add oncall_request_id to the workflow's inputs and run-name and to the rollback's inputs");
    await harness!.press('checkout');
    await harness!.press('\r');
    const runsPage = `${fake.url}/acme/shop/actions/workflows/rollback.yml`;
    let frame = await until((f) => f.includes('ROLLBACK ? dispatched'), 'not identifiable line');
    expect(frame).toContain(`ROLLBACK ? dispatched, run not identifiable (the workflow takes no oncall_request_id input); check the workflow's runs: checkout v2.14.0 → v2.13.2`);
    expect(frame).toContain(runsPage);
    expect(frame.split('\n').at(-1)).toContain(`rollback of checkout to v2.13.2: dispatched; its run cannot be identified from here (the workflow takes no oncall_request_id input): check the workflow's runs at ${runsPage}`);
    expect(frame).not.toMatch(/✔ done|↻ running|… queued/);
    // Nothing polls a run that cannot be found: the dispatch is the only request of the rollback.
    await vi.advanceTimersByTimeAsync(10_000);
    frame = await until(() => true, 'after polls would have run');
    expect(frame).not.toContain('… queued');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
    expect(fake.requests.filter((r) => !r.path.startsWith('/repos/acme/shop/deployments')).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /repos/acme/shop/actions/workflows/rollback.yml/dispatches']);
    await harness!.press('R');
    frame = await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'asked again');
    expect(frame).toContain('⚠ A rollback of checkout in production may still be going: it was dispatched at');
    expect(frame).toContain('and its run cannot be identified from here');
    expect((await logged(2)).map((e) => [e.action, e.phase, e.details])).toEqual([
      ['rollback', 'attempt', {description: expect.any(String)}],
      ['rollback', 'success', {status: 'unknown', url: runsPage, unfollowable: true, unidentified: 'the workflow takes no oncall_request_id input'}],
    ]);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('a webhook answered by an HTML page: the footer says once that whether the hook got it is unknown, never failed', async () => {
    const hook = await startFakeCi({flavor: 'webhook'});
    try {
      hook.route('POST', '/hooks/rollback', {status: 200, text: '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>', contentType: 'text/html; charset=utf-8'});
      await openRollback(await composed({rollback: `      provider: webhook\n      url: ${hook.url}/hooks/rollback\n      inputs: {target: '{{service}}@{{version}}'}`}));
      await harness!.press('checkout');
      await harness!.press('\r');
      const frame = await until((f) => f.includes('rollback of checkout: outcome unknown'), 'unknown flash');
      const said = `webhook rollback ${hook.url}: the answer was an HTML page (HTTP 200; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown`;
      const check = `the system behind webhook rollback ${hook.url}, whether the rollback started, and what rollback.url answers in a browser`;
      expect(frame.split('\n').at(-1)).toContain(`rollback of checkout: outcome unknown: ${said}; check ${check} before trying again`);
      expect(frame).not.toContain('it may have started');
      expect(frame).not.toContain('failed');
      expect(hook.requests).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('a webhook whose path is its secret: the preview, the failure and the action log name its origin only', async () => {
    const secret = 'B0000000/Xq7hookSecretPath0123456789';
    const hook = await startFakeCi({flavor: 'webhook'});
    try {
      hook.route('POST', `/services/${secret}`, {status: 500, text: `no handler for /services/${secret}`, offContract: true});
      await openRollback(await composed({rollback: `      provider: webhook\n      url: ${hook.url}/services/${secret}\n      inputs: {target: '{{service}}@{{version}}'}`}));
      const preview = harness!.lastFrame();
      expect(preview).toContain(`POST ${hook.url}/…`);
      await harness!.press('checkout');
      await harness!.press('\r');
      const frame = await until((f) => f.includes('rollback of checkout: outcome unknown'), 'unknown flash');
      expect(frame.split('\n').at(-1)).toContain(`webhook rollback ${hook.url}`);
      const entries = await logged(2);
      expect(entries.map((e) => e.phase)).toEqual(['attempt', 'unknown']);
      for (const text of [preview, frame, await readFile(logPath(), 'utf8')]) expect(text).not.toMatch(/Xq7hookSecretPath|B0000000/);
    } finally {
      await hook.close();
    }
  });
});

describe('R reads the action log for rollbacks started elsewhere', () => {
  const OTHER_KEY = 'oncall:prod:checkout:production:v2.14.0->v2.13.2:other-window';
  const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)}Z`;

  /** What `oncall rollback` in another window leaves when its request timed out: an attempt and an unknown outcome. */
  async function anotherProcessTimedOut(at: number): Promise<void> {
    const other = createActionLog(logPath());
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: OTHER_KEY};
    await other.record({at: new Date(at).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', target, source: 'github-actions'});
    await other.record({at: new Date(at + 1000).toISOString(), action: 'rollback', phase: 'unknown', context: 'prod', target, source: 'github-actions', error: 'timed out'});
    await other.drain();
  }

  it('an unknown-outcome rollback of the service in the log (another process) is warned of, in the words of oncall rollback; nothing is sent', async () => {
    await anotherProcessTimedOut(T0 - 5 * 60_000);
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ '), 'the warning from the log');
    expect(frame).toContain(
      `⚠ A rollback of checkout in production may have started: its outcome is unknown, the request at ${hhmm(T0 - 5 * 60_000 + 1000)} failed after it may have reached the provider (request ${OTHER_KEY}). Confirm only to start another one.`,
    );
    expect(frame).not.toContain('checking the action log');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a rollback another process is still sending (its attempt logged, no answer yet) is warned of as one that may have started', async () => {
    const other = createActionLog(logPath());
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: OTHER_KEY};
    await other.record({at: new Date(T0 - 5000).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', target, source: 'github-actions'});
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ '), 'the warning from the log');
    expect(frame).toContain(`⚠ A rollback of checkout in production was being sent at ${hhmm(T0 - 5000)} (request ${OTHER_KEY}); its answer is not logged: it may have started. Confirm only to start another one.`);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a torn line in the log (a rollback attempt cut short mid-write) is said on the preview; a typed confirmation still sends once', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(562)});
    fake.route('GET', RUN, {body: githubRun({id: 562, status: 'in_progress'})});
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: OTHER_KEY};
    mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
    writeFileSync(logPath(), actionLogLine({at: new Date(T0 - 5000).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', target, source: 'github-actions'}).slice(0, 60));
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ '), 'the torn line said');
    expect(frame).toContain('⚠ 1 line of the action log could not be read (a write cut short): what it held, perhaps a rollback started elsewhere, is not taken into account. It may have been a rollback of checkout');
    // No rollback is known to be going: the line asks for a check, not to "start another one".
    expect(frame).not.toContain('start another one');
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('started (queued)') || f.includes('started (in_progress)'), 'started flash');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
  });

  it('a torn line older than the window of open rollbacks is counted on the preview, and said to be no rollback of this target', async () => {
    const old = {at: new Date(T0 - 90 * 86_400_000).toISOString(), action: 'ack-extend', phase: 'success', context: 'staging', source: 'am', target: {silenceId: 's1'}} as const;
    mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
    writeFileSync(logPath(), `${actionLogLine(old).slice(0, 45)}\n`);
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ '), 'the torn line said');
    expect(frame).toContain('⚠ 1 line of the action log could not be read (a write cut short): it is older than 2 h or legibly not a rollback of checkout in');
    expect(frame).not.toContain('perhaps a rollback started elsewhere');
  });

  it('a rollback whose attempt cannot be logged (a full disk) is not sent, and the footer says why', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(562)});
    const full = createActionLog(logPath(), {
      mkdir: async () => undefined,
      appendFile: async () => {
        throw Object.assign(new Error('no space left on device'), {code: 'ENOSPC'});
      },
    });
    harness = await renderDashboard(await composed(), {columns: COLUMNS, record: full.record, readActions: () => readActionLogChecked(logPath())});
    await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
    await harness.press('3');
    await harness.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'rollback preview');
    await harness.press('checkout');
    await harness.press('\r');
    const frame = await until((f) => f.includes('not sent'), 'the refusal');
    expect(frame.split('\n').at(-1)).toContain(`rollback of checkout not sent: action log ${logPath()} not writable (ENOSPC), so a later oncall rollback --yes would not see it`);
    // The refusal names the log's problem already: the note is not said again after it.
    expect(frame.split('\n').at(-1)).not.toContain('acks and rollbacks from here are not recorded');
    expect(frame.split('\n')[0]).toContain('[LOG NOT WRITABLE]');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });

  it('an unreadable log does not hold R up: the preview says the check was not made, and confirming still sends once', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    fake.route('GET', RUN, {body: githubRun({id: 561, status: 'in_progress'})});
    const denied = Object.assign(new Error('permission denied'), {code: 'EACCES'});
    harness = await renderDashboard(await composed(), {columns: COLUMNS, record: createActionLog(logPath()).record, readActions: () => Promise.reject(denied)});
    await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
    await harness.press('3');
    await harness.press('R');
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && f.includes('could not be read'), 'the preview with the failed read');
    expect(frame).toContain('the action log could not be read (EACCES): a rollback started elsewhere (oncall rollback, another dashboard) is not checked');
    expect(frame).not.toContain('⚠ ');
    await harness.press('checkout');
    await harness.press('\r');
    await until((f) => f.includes('started (queued)') || f.includes('started (in_progress)'), 'started flash');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
  });

  it('this session\'s unknown-outcome rollback is no longer warned of once a later one of the service ran and finished successfully', async () => {
    fake.route('POST', DISPATCH, {status: 502, body: errorBody('github', 502, 'Server Error')});
    await openRollback(await composed());
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('rollback of checkout: outcome unknown'), 'unknown flash');
    // A minute later (after checking the runs): a new request id, which the provider may be sent.
    await vi.advanceTimersByTimeAsync(60_000);
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
    fake.route('GET', RUN, {body: githubRun({id: 570, status: 'completed', conclusion: 'success'})});
    await harness!.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('may have started: its outcome is unknown') && !f.includes('checking the action log'), 'warned before the second');
    await harness!.press('checkout');
    await harness!.press('\r');
    await pollUntil((f) => f.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2'), 'done run line');
    expect((await logged(5)).map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'unknown'],
      ['rollback', 'attempt'],
      ['rollback', 'success'],
      ['rollback-watch', 'success'],
    ]);
    await harness!.press('R');
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'the log read');
    expect(frame).not.toContain('⚠ ');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
  });

  it('this session\'s unknown-outcome rollback is no longer warned of once a later one of the service finished successfully, though the log cannot be read (which is said)', async () => {
    const denied = Object.assign(new Error('permission denied'), {code: 'EACCES'});
    fake.route('POST', DISPATCH, {status: 502, body: errorBody('github', 502, 'Server Error')});
    harness = await renderDashboard(await composed(), {columns: COLUMNS, record: createActionLog(logPath()).record, readActions: () => Promise.reject(denied)});
    await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
    await harness.press('3');
    await harness.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('could not be read'), 'the preview with the failed read');
    await harness.press('checkout');
    await harness.press('\r');
    await until((f) => f.includes('rollback of checkout: outcome unknown'), 'unknown flash');
    await vi.advanceTimersByTimeAsync(60_000);
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
    fake.route('GET', RUN, {body: githubRun({id: 570, status: 'completed', conclusion: 'success'})});
    await harness.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('may have started: its outcome is unknown'), 'warned before the second, from the session');
    await harness.press('checkout');
    await harness.press('\r');
    await pollUntil((f) => f.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2'), 'done run line');
    await harness.press('R');
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && f.includes('could not be read'), 'the preview with the failed read');
    expect(frame).toContain('the action log could not be read (EACCES): a rollback started elsewhere (oncall rollback, another dashboard) is not checked');
    expect(frame).not.toContain('⚠ ');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
  });

  /** What other processes leave: run 540 dispatched with no outcome logged (its follower died), then a later rollback whose run 550 finished successfully. */
  async function runWithoutOutcomeThenSuccess(): Promise<void> {
    const other = createActionLog(logPath());
    const entry = (key: string, at: number) => ({at: new Date(at).toISOString(), action: 'rollback', context: 'prod', source: 'github-actions', target: {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: key}});
    await other.record({...entry('k-540', T0 - 30 * 60_000), phase: 'attempt'});
    await other.record({...entry('k-540', T0 - 30 * 60_000), phase: 'success', details: {runId: '540', status: 'queued', url: null}});
    await other.record({...entry('k-550', T0 - 20 * 60_000), phase: 'attempt'});
    await other.record({...entry('k-550', T0 - 20 * 60_000), phase: 'success', details: {runId: '550', status: 'queued', url: null}});
    await other.record({...entry('k-550', T0 - 10 * 60_000), action: 'rollback-watch', phase: 'success', details: {runId: '550', status: 'success', url: null}});
    await other.drain();
  }

  it('a run in the log with no outcome, superseded by a later success, is not warned of once GitHub says it ended', async () => {
    await runWithoutOutcomeThenSuccess();
    fake.route('GET', RUN, {body: githubRun({id: 540, status: 'completed', conclusion: 'cancelled'})});
    await openRollback(await composed());
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log') && !f.includes('asking the provider'), 'the log read and GitHub\'s answer');
    expect(frame).not.toContain('⚠ ');
    expect(fake.calls('GET', RUN).map((r) => r.path)).toEqual(['/repos/acme/shop/actions/runs/540']);
  });

  it('a superseded run with no outcome that GitHub says is still queued is warned of: it may roll back after the later success', async () => {
    await runWithoutOutcomeThenSuccess();
    fake.route('GET', RUN, {body: githubRun({id: 540, status: 'queued'})});
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ '), 'the warning from the log');
    expect(frame).toContain('(run 540) has no outcome logged yet: it may still be running');
  });

  // The scenario of a slow provider: the log holds run 540 (superseded, so GitHub is asked about
  // it) and, newer, another window's rollback whose outcome is unknown.
  const RUN_540 = '(run 540) has no outcome logged yet: it may still be running';
  const UNKNOWN = `its outcome is unknown, the request at ${hhmm(T0 - 5 * 60_000 + 1000)} failed after it may have reached the provider (request ${OTHER_KEY})`;
  const ASKING = 'asking the provider whether run 540 ended; warned of until it answers';
  /** The rollback block with a 4 s timeout: GitHub's silence outlasts what the test waits for. */
  const slowRollbackBlock = () => githubRollbackYaml(fake.url, '4s').replace(/^ {4}rollback:\n/, '');

  it('what the log holds is warned of at once while GitHub is still asked about a superseded run', async () => {
    await runWithoutOutcomeThenSuccess();
    await anotherProcessTimedOut(T0 - 5 * 60_000);
    fake.route('GET', RUN, {hang: true});
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    await openRollback(await composed({rollback: slowRollbackBlock()}));
    const frame = await until((f) => f.includes('⚠ '), 'the warnings from the log');
    expect(frame).toContain(UNKNOWN);
    expect(frame).toContain(RUN_540);
    expect(frame).toContain(ASKING);
    expect(fake.calls('GET', RUN).map((r) => r.path)).toEqual(['/repos/acme/shop/actions/runs/540']);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });

  it('a superseded run GitHub says ended stops being warned of when it answers; what else the log holds stays', async () => {
    await runWithoutOutcomeThenSuccess();
    await anotherProcessTimedOut(T0 - 5 * 60_000);
    fake.route('GET', RUN, {body: githubRun({id: 540, status: 'completed', conclusion: 'cancelled'})});
    await openRollback(await composed());
    const frame = await until((f) => f.includes('⚠ ') && !f.includes('checking the action log') && !f.includes(ASKING), 'the narrowed warnings');
    expect(frame).toContain(UNKNOWN);
    expect(frame).not.toContain(RUN_540);
  });

  it('a superseded run GitHub does not answer about in time stays warned of, and nothing says it is still asked', async () => {
    await runWithoutOutcomeThenSuccess();
    fake.route('GET', RUN, {hang: true});
    await openRollback(await composed());
    // The rollback client's 1 s timeout is real time.
    const frame = await until((f) => f.includes('⚠ ') && !f.includes(ASKING), 'the timed-out read', 5000);
    expect(frame).toContain(RUN_540);
  });

  /** The dashboard with a log read that answers only when the test says, the deploy pane focused. */
  async function renderWithHeldLog(): Promise<{answer: () => void}> {
    let answer = () => {};
    const held = new Promise<void>((resolve) => void (answer = resolve));
    const readActions = () => held.then(() => readActionLogChecked(logPath()));
    harness = await renderDashboard(await composed(), {columns: COLUMNS, record: createActionLog(logPath()).record, readActions});
    await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
    await harness.press('3');
    return {answer};
  }

  it('Enter typed ahead of the log read sends nothing and says why; R again shows what the log holds', async () => {
    await anotherProcessTimedOut(T0 - 5 * 60_000);
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    const log = await renderWithHeldLog();
    await harness!.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('none shown yet; a confirmation before it is not sent'), 'the unread log said');
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('rollback of checkout not sent: the action log was still being read for rollbacks started elsewhere'), 'the hold said');
    log.answer();
    await harness!.press('R');
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && f.includes('⚠ '), 'the warning from the log');
    expect(frame).toContain(UNKNOWN);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(await readActionLog(logPath())).toHaveLength(2);
  });

  it(`a log read with no answer in ${LOG_READ_WAIT_MS / 1000}s is said as failed, and confirming then sends once`, async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    fake.route('GET', RUN, {body: githubRun({id: 561, status: 'in_progress'})});
    await renderWithHeldLog();
    await harness!.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('none shown yet'), 'the unread log said');
    await vi.advanceTimersByTimeAsync(LOG_READ_WAIT_MS);
    const frame = await until((f) => f.includes('could not be read'), 'the read said as failed');
    expect(frame).toContain(`the action log could not be read (no answer in ${LOG_READ_WAIT_MS / 1000}s): a rollback started elsewhere (oncall rollback, another dashboard) is not checked`);
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('started (queued)') || f.includes('started (in_progress)'), 'started flash');
    expect(fake.calls('POST', DISPATCH).map((r) => r.json)).toEqual([INPUTS]);
  });

  it('a run in the log that another process saw finish is not warned of', async () => {
    const other = createActionLog(logPath());
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: OTHER_KEY};
    await other.record({at: new Date(T0 - 20 * 60_000).toISOString(), action: 'rollback', phase: 'success', context: 'prod', target, details: {runId: '540', status: 'queued', url: null}});
    await other.record({at: new Date(T0 - 10 * 60_000).toISOString(), action: 'rollback-watch', phase: 'success', context: 'prod', target, details: {runId: '540', status: 'success', url: null}});
    await other.drain();
    await openRollback(await composed());
    const frame = await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'the log read');
    expect(frame).not.toContain('⚠ ');
  });
});

describe('c on a deploy whose history is stale', () => {
  it('says the history is stale and copies nothing; once the history answers it copies the command', async () => {
    const copied: string[] = [];
    harness = await renderDashboard(await composed(), {columns: COLUMNS, terminal: {writeRaw: (s: string) => void copied.push(s)}});
    await historyFailsAfterGoodRead();
    await harness.press('c');
    const frame = await until((f) => f.includes('no rollback command copied'), 'the refusal');
    expect(frame.split('\n').at(-1)).toMatch(/c: no rollback command copied: deploy history is stale \(\d+s old; its last read failed: unavailable\) — use oncall rollback checkout --to VERSION/);
    expect(copied.filter((s) => s.includes('\x1b]52;'))).toEqual([]);
    routeDeployments();
    await pollUntil((f) => /github ✔/.test(f), 'the history answering again');
    await harness.press('c');
    await until((f) => /copied: .*gh workflow run rollback.yml/.test(f), 'the command copied');
    expect(copied.filter((s) => s.includes('\x1b]52;'))).toHaveLength(1);
  });
});

// Enter writes its attempt and reads the log again (`cli/rollback-claim.ts`): the preview's read,
// made when `R` opened it, is stale by then.
describe("the dashboard's Enter reads the action log again before sending", () => {
  it('refuses, naming it, a rollback of the same target started elsewhere since R read the log; sends over one R showed', {timeout: 60_000}, async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
    fake.route('GET', RUN, {body: githubRun({id: 555, status: 'in_progress'})});
    await openRollback(await composed(), {claim: true});
    // While the user types, another window starts a rollback of checkout in production.
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: `${KEY}-elsewhere`};
    const base = {action: 'rollback', context: 'prod', source: 'github-actions', target};
    mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
    writeFileSync(logPath(), `${actionLogLine({...base, at: new Date(T0).toISOString(), phase: 'attempt'})}\n${actionLogLine({...base, at: new Date(T0).toISOString(), phase: 'success', details: {runId: '690', status: 'in_progress', url: null}})}\n`);
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('rollback of checkout not sent: run 690, a rollback of checkout in production started elsewhere'), 'the refusal');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    // Its attempt was written, then closed as failed naming the other: nothing left open by it.
    expect((await readActionLog(logPath())).filter((e) => e.target['idempotencyKey'] === KEY).map((e) => [e.phase, e.error ?? ''])).toEqual([
      ['attempt', ''],
      ['failure', expect.stringMatching(/^not sent: run 690, .* came first in the action log$/)],
    ]);
    // Pressed again, R shows run 690: confirmed over it knowingly, the rollback is sent.
    await harness!.press('R');
    await until((f) => f.includes('ROLL BACK checkout?') && f.includes('run 690') && !f.includes('checking the action log'), 'the preview naming run 690');
    await harness!.press('checkout');
    await harness!.press('\r');
    await until((f) => f.includes('rollback of checkout to v2.13.2 started'), 'started flash');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });
});
