/**
 * `oncall rollback --yes` following a GitHub Actions run while the API's rate limit is spent:
 * GitHub answers the run reads 403 with `x-ratelimit-remaining: 0` and when the quota resets.
 * Asking every 2 s into the same refusal gave up after five of them ("lost track of the run",
 * exit 3) on a run that was fine. A dated refusal is waited out and not counted as a failed read;
 * one that would outlast the 10 minutes of following stops at once, saying so.
 */
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {githubDispatchDetails, githubRun} from '../helpers/fake-ci-bodies.ts';
import {errorBody, startFakeCi, type FakeCi, type FakeReply} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 77);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;
beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(777)});
});
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

/** The run reads: `limited` refusals with a reset `resetMs` from the real now (the HTTP client's clock), then the run done. */
function runReads(limited: number, resetMs: number): void {
  let reads = 0;
  fake.route('GET', RUN, (): FakeReply => {
    reads++;
    if (reads <= limited) {
      return {status: 403, body: errorBody('github', 403, 'API rate limit exceeded for user ID 1.'), headers: {'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(Math.ceil((Date.now() + resetMs) / 1000))}};
    }
    return {body: githubRun({id: 777, status: 'completed', conclusion: 'success'})};
  });
}

async function rollback(): Promise<{code: number; out: string; err: string; slept: number[]}> {
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 2s}\n`);
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  const slept: number[] = [];
  const term: RollbackTerminal = {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async (ms) => void slept.push(ms)};
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: term});
  return {code, out, err, slept};
}

it('waits out a rate limit GitHub dated, not counting its refusals, and follows the run to its end', async () => {
  runReads(6, 60_000);
  const {code, out, err, slept} = await rollback();
  expect(err).not.toMatch(/lost track of the run|could not read the run/);
  expect(err).toMatch(/  waiting 1m\d*s? for the rate limit \(not a failed read\): .*rate limited \(HTTP 403\).*try again in 1m/);
  expect({code, done: /rollback of checkout to v2\.13\.2 done/.test(out)}).toEqual({code: 0, done: true});
  // Each refusal waited about the minute GitHub named, not 2 s.
  const waited = slept.reduce((a, b) => a + b, 0);
  expect(waited).toBeGreaterThanOrEqual(6 * 58_000);
});

it('a reset beyond the 10 minutes of following stops at once, saying so (exit 3, the run keeps going)', async () => {
  runReads(1, 45 * 60_000);
  const {code, err, slept} = await rollback();
  expect(err).toMatch(/rollback: lost track of the run: rate limited past the 10m of following \(.*try again in 45m.*\); run 777 keeps going/);
  expect(code).toBe(3);
  expect(slept.reduce((a, b) => a + b, 0)).toBeLessThan(10_000);
});
