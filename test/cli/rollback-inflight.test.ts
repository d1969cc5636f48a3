/**
 * `oncall rollback --yes` while another process's rollback of the same target is still being
 * sent: its attempt is in the action log with no answer after it (the other process is waiting,
 * or died mid-call). That request may have started a rollback, so `--yes` sends nothing. And a
 * torn last line (a write cut short) does not swallow the next entry, whichever process writes
 * it. The fake checks every request and answer against GitHub's API description.
 */
import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {actionLogLine, createActionLog} from '../../src/platform/action-log.ts';
import {githubDispatchDetails, githubRun} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 22);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
// Another process's request, sent 5 s before this one.
const THEIRS = `oncall:prod:checkout:production:unknown->v2.13.2:${NOW - 5000}`;
const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.2', idempotencyKey: THEIRS};

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;

beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(777)});
  fake.route('GET', RUN, {body: githubRun({id: 777, status: 'completed', conclusion: 'success'})});
  mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

const logPath = () => join(tmp.dir, 'state', 'oncall', 'actions.jsonl');
const config = () => tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 300ms}\n`);
const ROLLBACK = ['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config'];

function terminal(): RollbackTerminal {
  return {stdin: Object.assign(new PassThrough(), {isTTY: false}), onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

async function cli(argv: string[], now = NOW): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(argv, env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => now, terminal: terminal()});
  return {code, out, err};
}

const attempt: ActionLogEntry = {at: new Date(NOW - 5000).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', source: 'github-actions', target, details: {description: 'x'}};

describe('oncall rollback --yes over a rollback being sent', () => {
  it('refuses while another process\'s attempt (logged 5 s ago, or left by one killed mid-call) has no answer, and sends nothing', async () => {
    writeFileSync(logPath(), `${actionLogLine(attempt)}\n`);
    const {code, out, err} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(out).toContain(`⚠ a rollback of checkout in production was being sent at 09:59Z (request ${THEIRS}); its answer is not logged: it may have started\n`);
    expect(err).toContain(`rollback: not starting a second rollback of checkout with --yes while the rollback being sent at 09:59Z (request ${THEIRS}) may have started; check it, then confirm without --yes to start another (nothing was called)\n`);
  });

  it('goes ahead once that request\'s answer is logged (here a failure that started nothing)', async () => {
    writeFileSync(logPath(), `${actionLogLine(attempt)}\n${actionLogLine({...attempt, phase: 'failure', error: 'refused'})}\n`);
    const {code} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('two processes at once: B, started while A\'s dispatch is still unanswered, sends nothing', async () => {
    let posts = 0;
    fake.route('POST', DISPATCH, () => (++posts === 1 ? {hang: true, status: 204} : {status: 200, body: githubDispatchDetails(778)}));
    const cfg = config();
    const a = cli([...ROLLBACK, cfg]);
    // A has logged its attempt and its dispatch is on the wire.
    for (let i = 0; i < 200 && fake.calls('POST', DISPATCH).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    const b = await cli([...ROLLBACK, cfg], NOW + 1000);
    const ra = await a;
    expect(b.code).toBe(1);
    expect(b.err).toContain('rollback: not starting a second rollback of checkout with --yes while the rollback being sent at 10:00Z');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    // A's own attempt did not stand in the way of its own answer: it says what it knows.
    expect(ra.err).toContain('rollback outcome unknown: the request may have reached github-actions');
  });
});

describe('oncall rollback --yes after a torn line in the action log', () => {
  it('sees the run logged after a write cut short, refuses over it, and says a line could not be read', async () => {
    // A write cut short (a crash, a full disk): no newline at its end.
    appendFileSync(logPath(), actionLogLine({...attempt, action: 'ack', target: {}}).slice(0, 30));
    const started: ActionLogEntry = {...attempt, at: new Date(NOW - 2000).toISOString(), phase: 'success', details: {runId: '777', status: 'queued', url: null}};
    const log = createActionLog(logPath());
    await log.record(attempt);
    await log.record(started);
    const {code, out, err} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(out).toContain("⚠ 1 line of the action log could not be read (a write cut short): what it held, perhaps a rollback started elsewhere, is not taken into account. It may have been a rollback of checkout in production: check the action log and the provider's runs, and confirm only if none is going.\n");
    expect(err).toContain('while run 777 may still be running');
  });

  it('refuses when the torn line is all there is (it may be a rollback\'s attempt sent unlogged), as over an unreadable log, and says why', async () => {
    // The attempt of a rollback cut short mid-write (a crash after its request went out).
    writeFileSync(logPath(), actionLogLine(attempt).slice(0, 60));
    const {code, out, err} = await cli([...ROLLBACK, config()]);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(code).toBe(1);
    // What to check is said with it, as in the dashboard's preview.
    expect(out).toContain("⚠ 1 line of the action log could not be read (a write cut short): what it held, perhaps a rollback started elsewhere, is not taken into account. It may have been a rollback of checkout in production: check the action log and the provider's runs, and confirm only if none is going.\n");
    expect(err).toBe('rollback: not starting a rollback of checkout with --yes while the action log has a line that cannot be read (an earlier rollback may have been sent unlogged); check the log, then confirm without --yes (nothing was called)\n');
  });

  it('goes ahead over a torn line older than the window of open rollbacks (a keeper\'s line cut by a full disk 90 days ago), and counts it', async () => {
    const old: ActionLogEntry = {at: new Date(NOW - 90 * 86_400_000).toISOString(), action: 'ack-extend', phase: 'success', context: 'staging', source: 'am', target: {silenceId: 's1'}};
    // Cut inside its action: only its time is legible, and that alone rules it out.
    writeFileSync(logPath(), `${actionLogLine(old).slice(0, 45)}\n${actionLogLine(attempt)}\n${actionLogLine({...attempt, phase: 'failure', error: 'refused'})}\n`);
    const {code, out} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    expect(out).toContain('⚠ 1 line of the action log could not be read (a write cut short): it is older than 2 h or legibly not a rollback of checkout in production\n');
  });

  it('goes ahead over a recent torn line legibly a rollback of another service', async () => {
    const cart: ActionLogEntry = {...attempt, target: {...target, service: 'cart'}};
    const line = actionLogLine(cart);
    writeFileSync(logPath(), line.slice(0, line.indexOf('"service":"cart"') + 16));
    const {code, out} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    expect(out).toContain('⚠ 1 line of the action log could not be read (a write cut short): it is older than 2 h or legibly not a rollback of checkout in production\n');
  });

  it('refuses over a recent torn line that may be this target\'s rollback, among others that cannot be, and counts both', async () => {
    const old: ActionLogEntry = {...attempt, at: new Date(NOW - 3 * 3_600_000).toISOString()};
    // The recent one is cut before its service: it may be checkout's.
    writeFileSync(logPath(), `${actionLogLine(old).slice(0, -3)}\n${actionLogLine(attempt).slice(0, actionLogLine(attempt).indexOf('"target"'))}\n`);
    const {code, out, err} = await cli([...ROLLBACK, config()]);
    expect(code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(out).toContain("⚠ 2 lines of the action log could not be read (a write cut short): what 1 of them held, perhaps a rollback started elsewhere, is not taken into account; the other is older than 2 h or legibly not a rollback of checkout in production. It may have been a rollback of checkout in production: check the action log and the provider's runs, and confirm only if none is going.\n");
    expect(err).toContain('rollback: not starting a rollback of checkout with --yes while the action log has a line that cannot be read');
  });
});
