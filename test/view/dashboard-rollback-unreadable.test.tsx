/**
 * The deploy pane following a dashboard rollback while the CI stops answering: GitHub took the
 * dispatch and said the run is running, then every read of the run fails (503). The run line must
 * not keep saying "↻ running" as if that were current; it says since when the run could not be
 * read, and why, at 80 columns too, and goes back to the run's state once a read answers.
 */
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import {composeContext} from '../../src/cli/compose.ts';
import {loadConfig} from '../../src/config/config-load.ts';
import {createActionLog, readActionLogChecked} from '../../src/platform/action-log.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {errorBody, startFakeCi, type FakeCi, type FakeReply} from '../helpers/fake-ci.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {githubDeploysYaml, githubRollbackYaml} from '../helpers/github-context.ts';
import {T0} from '../queries/fakes.ts';
import {FAKED, renderDashboard, type Harness} from './dashboard-harness.tsx';

const TOKEN = fakeToken('ghp_', 36, 92);
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;
let harness: Harness | null = null;
let closeServices: (() => Promise<void>) | null = null;

beforeEach(async () => {
  vi.useFakeTimers({now: T0, toFake: [...FAKED]});
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  fake.route('GET', '/repos/{owner}/{repo}/deployments', {
    body: [
      githubDeployment({id: 1187, sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', ref: 'v2.14.0', environment: 'production', createdAt: iso(T0 - 12 * 60_000), login: 'dev'}),
      githubDeployment({id: 1181, sha: '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d', ref: 'v2.13.2', environment: 'production', createdAt: iso(T0 - 2 * 86_400_000), login: 'bot'}),
    ],
  });
  fake.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {body: [githubStatus({id: 1, state: 'success', createdAt: iso(T0 - 11 * 60_000)})]});
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

/** Moves the fake clock `ms` in poll-sized steps, letting each read land. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 2000) {
    await vi.advanceTimersByTimeAsync(Math.min(2000, left));
    await harness!.settle();
  }
}

/** The dashboard at `columns`, a rollback dispatched from it and its run seen running once; reads of the run answer `reply` after that. */
async function runningThen(columns: number, reply: () => FakeReply): Promise<void> {
  const file = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n${githubDeploysYaml(fake.url)}${githubRollbackYaml(fake.url, '1s')}`);
  const loaded = await loadConfig(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const ctx = composeContext(loaded.config.contexts[0]!, {GH_TOKEN: TOKEN});
  closeServices = ctx.close;
  const logPath = join(tmp.dir, 'state', 'actions.jsonl');
  fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
  let reads = 0;
  fake.route('GET', RUN, () => (++reads === 1 ? {body: githubRun({id: 555, status: 'in_progress', createdAt: iso(T0), updatedAt: iso(T0)})} : reply()));
  harness = await renderDashboard(ctx.services, {columns, record: createActionLog(logPath).record, readActions: () => readActionLogChecked(logPath)});
  await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys');
  await harness.press('3');
  await harness.press('R');
  await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'preview');
  await harness.press('checkout');
  await harness.press('\r');
  await advance(2000);
  await until((f) => f.includes('ROLLBACK ↻ running'), 'running line');
}

const unavailable = (): FakeReply => ({status: 503, body: errorBody('github', 503, 'Service Unavailable')});
/** The rollback notice as the focused deploy pane draws it (up to three rows), its spaces squashed out: rows are cut by cells, not at words. */
const rollbackNotice = (frame: string): {rows: string[]; text: string} => {
  const inPane = frame.split('\n').map((row) => row.split('║')[1] ?? '');
  const first = inPane.findIndex((l) => l.includes('ROLLBACK'));
  const rows = first < 0 ? [] : inPane.slice(first, first + 3);
  return {rows, text: squash(rows.join(''))};
};
const squash = (text: string) => text.replace(/\s+/g, '');

it('a run whose reads keep failing is said unreadable since the first failure, with why and its last state, never "↻ running" as if current', async () => {
  await runningThen(300, unavailable);
  const firstFailure = Date.now() + 2000;
  // Twenty seconds of failed reads (a poll every 2 s, and query-core's retries between).
  await advance(20_000);
  const notice = rollbackNotice(await until((f) => f.includes('unreadable since'), 'the unreadable run line'));
  expect(notice.rows[0]).toContain(`ROLLBACK ? unreadable since ${iso(firstFailure).slice(11, 16)}Z ×`);
  expect(notice.text).not.toContain(squash('↻ running:'));
  expect(notice.text).toContain(squash('checkout v2.14.0 → v2.13.2 (was ↻ running)  https://github.com/acme/shop/actions/runs/555  (unavailable:'));
  expect(notice.text).toMatch(/503/);
}, 30_000);

it('at 80 columns the line leads with the failure and keeps within the pane; it goes back to the run once a read answers', async () => {
  let down = true;
  await runningThen(80, () => (down ? unavailable() : {body: githubRun({id: 555, status: 'completed', conclusion: 'success', createdAt: iso(T0), updatedAt: iso(Date.now())})}));
  await advance(20_000);
  const frame = await until((f) => f.includes('unreadable since'), 'the unreadable run line');
  const notice = rollbackNotice(frame);
  expect(notice.rows[0]).toMatch(/ROLLBACK \? unreadable since \d\d:\d\dZ/);
  // The run, its last state and its link are drawn whole before the provider's words.
  expect(notice.text).toContain(squash('checkout v2.14.0 → v2.13.2 (was ↻ running)  https://github.com/acme/shop/actions/runs/555  (unavailable'));
  for (const l of frame.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
  down = false;
  await advance(4000);
  await until((f) => f.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2') && !f.includes('unreadable since'), 'the run read again');
});

it('a finished run stays "✔ done" when a refresh (r) comes during a CI outage: it is not read again, and never said unreadable', async () => {
  let down = false;
  await runningThen(120, () => (down ? unavailable() : {body: githubRun({id: 555, status: 'completed', conclusion: 'success', createdAt: iso(T0), updatedAt: iso(Date.now())})}));
  await advance(4000);
  await until((f) => f.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2'), 'the run done');
  const readsBefore = fake.calls('GET', RUN).length;
  // GitHub has an outage; the engineer presses r to refresh every pane.
  down = true;
  await harness!.press('r');
  await advance(10_000);
  expect(fake.calls('GET', RUN).length).toBe(readsBefore);
  expect(harness!.lastFrame()).not.toContain('unreadable since');
  expect(harness!.lastFrame()).toContain('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2');
  await advance(60_000);
  expect(harness!.lastFrame()).not.toContain('unreadable since');
}, 30_000);
