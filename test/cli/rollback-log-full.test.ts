/**
 * `oncall rollback` when the action log cannot be written (a full disk): a rollback whose attempt
 * is not logged would be unseen by the next `oncall rollback --yes`, which would fire another.
 * So `--yes` sends nothing; on a terminal the user is told and may still confirm; and the end
 * line says "logged to" only when every entry landed. The fake checks every request and answer
 * against GitHub's API description.
 */
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';

// Appends from the `from`-th on (1-based) fail as on a full disk; 0: none fail.
const disk = vi.hoisted(() => ({from: 0, appends: 0}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const appendFile = (async (...args: Parameters<typeof real.appendFile>) => {
    disk.appends++;
    if (disk.from > 0 && disk.appends >= disk.from) throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
    return real.appendFile(...args);
  }) as typeof real.appendFile;
  return {...real, appendFile, default: {...real, appendFile}};
});

import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {githubDispatchDetails, githubRun} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 23);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;

beforeEach(async () => {
  tmp = tempDir();
  disk.from = 0;
  disk.appends = 0;
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(901)});
  fake.route('GET', RUN, {body: githubRun({id: 901, status: 'completed', conclusion: 'success'})});
  mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

const logPath = () => join(tmp.dir, 'state', 'oncall', 'actions.jsonl');
const config = () => tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 10s}\n`);
const ROLLBACK = ['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--config'];

/** A terminal; `typed` lines are given one at a time, each once a prompt to type has been shown. */
function terminal(tty: boolean): {term: RollbackTerminal; stdin: PassThrough} {
  const stdin = Object.assign(new PassThrough(), {isTTY: tty});
  return {stdin, term: {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}}};
}

async function cli(argv: string[], opts: {tty?: boolean; typed?: string[]; now?: number} = {}): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const {term, stdin} = terminal(opts.tty ?? false);
  const typed = [...(opts.typed ?? [])];
  const onErr = (t: string) => {
    err += t;
    if (!t.startsWith('Type "')) return;
    // Each answer once its prompt is out: a line typed ahead would be read by the earlier prompt.
    const line = typed.shift();
    if (line === undefined) stdin.end();
    else stdin.write(`${line}\n`);
  };
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(argv, env, {out: (t) => (out += t), err: onErr}, {now: () => opts.now ?? NOW, terminal: term});
  return {code, out, err};
}


describe('oncall rollback with an action log that cannot be written', () => {
  it('--yes sends nothing when its attempt cannot be logged, and never says it was logged', async () => {
    disk.from = 1;
    const first = await cli([...ROLLBACK, config(), '--yes']);
    expect(first.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(first.err).toContain(`rollback: not sending a rollback of checkout: action log ${logPath()} not writable (ENOSPC), so a later oncall rollback --yes would not see it; check the log (free space, permissions), or confirm without --yes to send it unlogged (nothing was called)\n`);
    expect(first.err).not.toContain('logged to');
    // Space back a minute later: nothing was sent, so nothing stands in the way.
    disk.from = 0;
    const second = await cli([...ROLLBACK, config(), '--yes'], {now: NOW + 60_000});
    expect(second.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    expect(second.err).toContain(`(attempt and result logged to ${logPath()})\n`);
  });

  it('on a terminal, says so before a typed confirmation, sends once confirmed, and ends with "NOT logged"', async () => {
    disk.from = 1;
    const sent = await cli(ROLLBACK.concat(config()), {tty: true, typed: ['checkout', 'checkout']});
    expect(sent.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    const warned = sent.err.indexOf(`⚠ action log ${logPath()} not writable (ENOSPC): this rollback would NOT be logged, so a later oncall rollback --yes would not see it and could start another\n`);
    expect(warned).toBeGreaterThan(-1);
    expect(sent.err.indexOf('Type "checkout"', warned)).toBeGreaterThan(warned);
    expect(sent.err).toContain(`(NOT logged (action log ${logPath()} not writable (ENOSPC)): a later \`oncall rollback --yes\` will not see this run)\n`);
    expect(sent.err).not.toContain('logged to');
  });

  it('on a terminal, anything but the service name at that second confirmation sends nothing', async () => {
    disk.from = 1;
    const cancelled = await cli(ROLLBACK.concat(config()), {tty: true, typed: ['checkout', 'no']});
    expect(cancelled.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(cancelled.err).toContain('rollback: not sending a rollback of checkout: ');
    expect(cancelled.err).toContain('; cancelled (nothing was called)\n');
  });

  it('a result that cannot be logged after a logged attempt is said as not fully logged', async () => {
    disk.from = 2;
    const run = await cli([...ROLLBACK, config(), '--yes']);
    expect(run.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    expect(run.err).toContain(`(NOT fully logged (action log ${logPath()} not writable (ENOSPC)): a later \`oncall rollback --yes\` may not see how this run ended)\n`);
    expect(run.err).not.toContain('logged to');
    // The attempt landed: the next --yes sees a rollback whose answer is not logged, and refuses.
    disk.from = 0;
    expect((await readActionLog(logPath())).map((e) => e.phase)).toEqual(['attempt']);
    const again = await cli([...ROLLBACK, config(), '--yes'], {now: NOW + 60_000});
    expect(again.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });
});
