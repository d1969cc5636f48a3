/**
 * End to end: `oncall rollback` following its run when the process is told to go — the SSH
 * session drops or the tmux pane is killed (SIGHUP, and a terminal that answers every write with
 * EIO), or someone sends SIGTERM. The built CLI in a child process against the fake GitHub, real
 * signals: it must log the run as no longer followed (the run keeps going), say so where it still
 * can, and exit 129 / 143 with no stack trace and no unhandled 'error' event.
 */
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readActionLog} from '../../src/platform/action-log.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {BUNDLE, needBundle} from '../helpers/built-cli.ts';
import {githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {githubDeploysYaml, githubRollbackYaml} from '../helpers/github-context.ts';

const TOKEN = fakeToken('ghp_', 36, 25);
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
// v2.13.2's own commit: a rollback to the running commit under another tag would change nothing.
const SHA_PREV = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;
let term: TmuxTerminal | null = null;

beforeEach(async () => {
  needBundle();
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  fake.route('GET', '/repos/{owner}/{repo}/deployments', {
    body: [
      githubDeployment({id: 1187, sha: SHA, ref: 'v2.14.0', environment: 'production', createdAt: minutesAgo(12), login: 'storefront-dev'}),
      githubDeployment({id: 1181, sha: SHA_PREV, ref: 'v2.13.2', environment: 'production', createdAt: minutesAgo(2 * 1440), login: 'release-bot'}),
    ],
  });
  fake.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
    body: [githubStatus({id: 1, state: 'success', createdAt: minutesAgo(11), logUrl: 'https://ci.example/logs/1'})],
  });
  fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(570)});
  // The run goes on for as long as the test lasts.
  fake.route('GET', RUN, {body: githubRun({id: 570, status: 'in_progress'})});
});

afterEach(async () => {
  await term?.kill();
  term = null;
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

function config(): string {
  return tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n${githubDeploysYaml(fake.url, '2s')}${githubRollbackYaml(fake.url, '2s')}`);
}

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN, USER: 'tester'});
const logEntries = () => readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));

async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: not seen within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The watch entry of run 570: written once, saying it is no longer followed and why. */
async function expectNoLongerFollowed(why: string): Promise<void> {
  const entries = await logEntries();
  expect(entries.map((e) => [e.action, e.phase])).toEqual([
    ['rollback', 'attempt'],
    ['rollback', 'success'],
    ['rollback-watch', 'failure'],
  ]);
  expect(entries[2]).toMatchObject({error: `stopped following (${why}); the run keeps going`, details: {runId: '570', status: 'in_progress'}});
  expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
}

describe('oncall rollback told to go while it follows the run', () => {
  const signals: Array<[NodeJS.Signals, number, string]> = [
    ['SIGTERM', 143, 'SIGTERM: asked to stop'],
    ['SIGHUP', 129, 'SIGHUP: the terminal hung up'],
  ];
  it.each(signals)('%s: logs the run as no longer followed, says so on stdout and stderr, exits %i', {timeout: 30_000}, async (signal, code, why) => {
    const child = spawn(process.execPath, [BUNDLE, 'rollback', 'checkout', '--yes', '--config', config()], {env: {PATH: process.env.PATH, LANG: 'C.UTF-8', ...env()}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // After at least one read of the run: following is under way.
    await eventually(() => stdout, (s) => s.includes('  running\n'), 'the run followed');
    child.kill(signal);
    expect(await closed).toBe(code);
    expect(stdout).toContain(`\n${signal} (${why.split(': ')[1]}): stopping; a rollback already sent keeps going in the CI system\n`);
    expect(stderr).toContain(`rollback: stopped following (${why}); run 570 keeps going in github-actions: https://github.com/acme/shop/actions/runs/570\n`);
    expect(stderr).not.toMatch(/Unhandled|\n\s+at |Error:/);
    await expectNoLongerFollowed(why);
  });

  it('the tmux pane is killed after a typed confirmation: the terminal is gone (EIO), the run is logged as no longer followed, exit 129', {timeout: 60_000}, async () => {
    // The pane's program is a launcher standing in for the login shell: it outlives the pane to
    // tell how the CLI ended, and passes the hangup on to its job as a shell does (the kernel
    // signals only the session leader, which the shell is).
    const result = join(tmp.dir, 'result.json');
    const launcher = tmp.write(
      'launch.mjs',
      `import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';
const [result, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, args, {stdio: 'inherit'});
process.on('SIGHUP', () => child.kill('SIGHUP'));
child.on('exit', (code, signal) => writeFileSync(result, JSON.stringify({code, signal})));
`,
    );
    const cmd = [process.execPath, launcher, result, BUNDLE, 'rollback', 'checkout', '--config', config()].map(shellQuote).join(' ');
    term = await TmuxTerminal.start(cmd, 100, 30, {PATH: process.env.PATH ?? '', ...env()});
    await term.waitFor(/Type "checkout" and Enter to roll back/);
    await term.type('checkout');
    await term.keys('Enter');
    await term.waitFor(/ {2}running/);
    // What an SSH session that drops does to the terminal too: it hangs up, and every later write fails.
    await term.killPane();
    const ended = await eventually(() => (existsSync(result) ? readFileSync(result, 'utf8') : ''), (s) => s !== '', 'the CLI ended');
    // 129 is the CLI's own exit: an unhandled EIO would have ended it with 1 or 2, a default SIGHUP with no code.
    expect(JSON.parse(ended)).toEqual({code: 129, signal: null});
    await expectNoLongerFollowed('SIGHUP: the terminal hung up');
  });
});
