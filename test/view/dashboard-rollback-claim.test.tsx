/**
 * The dashboard's Enter on a rollback confirmation reads the action log again, locked, right
 * before the attempt is written (`cli/rollback-claim.ts`): the preview's read, made when `R`
 * opened it, is stale by then. Against the fake GitHub, with the claim `oncall` composes.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {composeContext} from '../../src/cli/compose.ts';
import {logClaimer} from '../../src/cli/rollback-claim.ts';
import {loadConfig} from '../../src/config/config-load.ts';
import {actionLogLine, createActionLog, readActionLog, readActionLogChecked} from '../../src/platform/action-log.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {T0} from '../queries/fakes.ts';
import {FAKED, renderDashboard, type Harness} from './dashboard-harness.tsx';
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

const logPath = () => join(tmp.dir, 'state', 'oncall', 'actions.jsonl');

const KEY = `oncall:prod:checkout:production:v2.14.0->v2.13.2:${T0}`;

/** Renders the dashboard with the log's claim, as `oncall` composes it, and opens the rollback of the newest deploy. */
async function openRollback(services: ContextServices): Promise<void> {
  harness = await renderDashboard(services, {columns: COLUMNS, record: createActionLog(logPath()).record, readActions: () => readActionLogChecked(logPath()), claimRollback: logClaimer(logPath(), () => Date.now())});
  await until((f) => f.includes('v2.13.2') && f.includes('v2.14.0'), 'deploys from the fake GitHub');
  await harness.press('3');
  await harness.press('R');
  await until((f) => f.includes('ROLL BACK checkout?') && !f.includes('checking the action log'), 'rollback preview');
}

describe("the dashboard's Enter reads the action log again before sending", () => {
  it('refuses, naming it, a rollback of the same target started elsewhere since R read the log; sends over one R showed', {timeout: 60_000}, async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
    fake.route('GET', RUN, {body: githubRun({id: 555, status: 'in_progress'})});
    await openRollback(await composed());
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
