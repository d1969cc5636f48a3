/**
 * Two `oncall rollback --yes` of the same target started at the same moment (two shells, a
 * script run twice, a dashboard R and a CLI): each reads the action log and finds nothing open.
 * Each writes its attempt, then reads the log again: the one whose attempt comes second in the
 * log finds the other's before its own and sends nothing. Likewise a typed confirmation over a
 * check made before the user typed, and a Ctrl-C heard before the request went out.
 */
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {actionLogLine, readActionLog} from '../../src/platform/action-log.ts';
import {appendFileSync} from 'node:fs';
import {githubDispatchDetails, githubRun} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 22);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;

beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  let n = 0;
  fake.route('POST', DISPATCH, () => ({status: 200, body: githubDispatchDetails(700 + ++n)}));
  fake.route('GET', RUN, {body: githubRun({id: 701, status: 'completed', conclusion: 'success'})});
  mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
});

afterEach(async () => {
  await fake.close();
  tmp.cleanup();
});

const config = () => tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 2s}\n`);
const ROLLBACK = ['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config'];

function terminal(onInterrupt: RollbackTerminal['onInterrupt'] = () => () => {}): RollbackTerminal {
  return {stdin: Object.assign(new PassThrough(), {isTTY: false}), onInterrupt, onEnd: () => () => {}, sleep: async () => {}};
}

async function cli(argv: string[], now = NOW, term = terminal()): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(argv, env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => now, terminal: term});
  return {code, out, err};
}

describe('two oncall rollback --yes of the same target at the same moment', () => {
  it('dispatches exactly one rollback (the other, second in the log, refuses and closes its attempt)', async () => {
    const cfg = config();
    // The same clock in both: same request id, same times; only their order in the log tells them apart.
    const [a, b] = await Promise.all([cli([...ROLLBACK, cfg]), cli([...ROLLBACK, cfg])]);

    const entries = (await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'))).filter((e) => e.action === 'rollback');
    const refused = [a, b].find((r) => r.code === 1)!;
    expect({dispatches: fake.calls('POST', DISPATCH).length, attempts: entries.filter((e) => e.phase === 'attempt').length, closed: entries.filter((e) => e.phase === 'failure').length, codes: [a.code, b.code].sort()}).toEqual({dispatches: 1, attempts: 2, closed: 1, codes: [0, 1]});
    expect(refused.err).toMatch(/not sending a rollback of checkout: .*came first in the action log.*\(nothing was called\)/);
    expect(refused.out).not.toMatch(/calling/);
  });
});

describe('oncall rollback with a typed confirmation, while a rollback starts elsewhere', () => {
  it('does not send on a log check made before the user typed (another rollback started meanwhile)', async () => {
    const cfg = config();
    const stdin = Object.assign(new PassThrough(), {isTTY: true});
    const tty: RollbackTerminal = {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
    let out = '';
    let err = '';
    const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
    const running = main(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--config', cfg], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW + 30_000, terminal: tty});
    for (let i = 0; i < 300 && !err.includes('Type "checkout"'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(err).toContain('Type "checkout"');
    // While the user reads the plan and types, a colleague's dashboard (or another shell) starts
    // a rollback of the same target: its attempt and its run are in the log.
    const key = `oncall:prod:checkout:production:unknown->v2.13.2:${NOW + 10_000}`;
    const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.2', idempotencyKey: key};
    const base = {action: 'rollback', context: 'prod', source: 'github-actions', target};
    appendFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), `${actionLogLine({...base, at: new Date(NOW + 10_000).toISOString(), phase: 'attempt'})}\n${actionLogLine({...base, at: new Date(NOW + 11_000).toISOString(), phase: 'success', details: {runId: '690', status: 'in_progress', url: null}})}\n`);
    stdin.write('checkout\n');
    await running;
    // Sent a second rollback without a word about run 690.
    expect({dispatches: fake.calls('POST', DISPATCH).length, warned: /run 690/.test(out + err)}).toEqual({dispatches: 0, warned: true});
  });
});

describe('oncall rollback with a typed confirmation, while a rollback of the same target starts AND finishes elsewhere', () => {
  it('does not send on the stale check: the rollback started since it, now finished, is named, nothing called', async () => {
    const cfg = config();
    const stdin = Object.assign(new PassThrough(), {isTTY: true});
    const tty: RollbackTerminal = {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
    let out = '';
    let err = '';
    const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
    const running = main(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--config', cfg], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW + 90_000, terminal: tty});
    for (let i = 0; i < 300 && !err.includes('Type "checkout"'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(err).toContain('Type "checkout"');
    // While the user reads the plan and types, a colleague's rollback of the same target is sent,
    // runs (a fast workflow) and finishes: attempt, run 690, its successful end, all logged.
    const key = `oncall:prod:checkout:production:unknown->v2.13.1:${NOW + 10_000}`;
    const target = {service: 'checkout', environment: 'production', from: 'unknown', to: 'v2.13.1', idempotencyKey: key};
    const base = {action: 'rollback', context: 'prod', source: 'github-actions', target};
    appendFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), [
      actionLogLine({...base, at: new Date(NOW + 10_000).toISOString(), phase: 'attempt'}),
      actionLogLine({...base, at: new Date(NOW + 11_000).toISOString(), phase: 'success', details: {runId: '690', status: 'queued', url: null}}),
      actionLogLine({...base, action: 'rollback-watch', at: new Date(NOW + 60_000).toISOString(), phase: 'success', details: {runId: '690', status: 'success', url: null}}),
    ].join('\n') + '\n');
    stdin.write('checkout\n');
    expect(await running).toBe(1);
    expect({dispatches: fake.calls('POST', DISPATCH).length, warned: /run 690/.test(out + err)}).toEqual({dispatches: 0, warned: true});
  });
});

describe('Ctrl-C after the confirmation, before the request went out', () => {
  it('sends nothing, closes the attempt and says nothing was called', async () => {
    const cfg = config();
    // Ctrl-C heard as soon as it is listened for: after the confirmation, before anything is sent.
    const r = await cli([...ROLLBACK, cfg], NOW, terminal((f) => (f(), () => {})));
    const entries = (await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'))).filter((e) => e.action === 'rollback');
    expect({code: r.code, dispatches: fake.calls('POST', DISPATCH).length, phases: entries.map((e) => e.phase)}).toEqual({code: 1, dispatches: 0, phases: ['attempt', 'failure']});
    expect(r.err).toMatch(/stopped before its request went out \(nothing was called\)/);
    expect(r.out).not.toMatch(/calling/);
  });
});
