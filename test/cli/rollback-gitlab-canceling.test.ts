/**
 * `oncall rollback` following a GitLab pipeline that is `canceling` (GitLab's state while its jobs
 * are still being stopped, their after_script running). It is not the end: following goes on
 * until GitLab says `canceled`, and the finished `rollback-watch` is logged only then, so the
 * next `oncall rollback --yes` sees the pipeline as open while its jobs still run.
 */
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {gitlabPipeline} from '../helpers/fake-ci-bodies.ts';
import {sequence, startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glpat-', 20, 5);
const NOW = Date.parse('2026-05-04T10:00:00Z');

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;
beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'gitlab', token: TOKEN});
});
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

it('follows a canceling pipeline until it is canceled, not stopping at canceling', async () => {
  fake.route('POST', '/api/v4/projects/{id}/pipeline', {status: 201, body: gitlabPipeline(9001, 'created')});
  fake.route('GET', '/api/v4/projects/{id}/pipelines/{pid}', sequence([{body: gitlabPipeline(9001, 'running')}, {body: gitlabPipeline(9001, 'canceling')}, {body: gitlabPipeline(9001, 'canceling')}, {body: gitlabPipeline(9001, 'canceled')}]));
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: gitlab, apiUrl: '${fake.url}/api/v4', project: acme/shop, ref: main, inputs: {VERSION: '{{version}}'}, tokenEnv: GL_TOKEN, timeout: 2s}\n`);
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  const term: RollbackTerminal = {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GL_TOKEN: TOKEN};
  const code = await main(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config', config], env, {out: () => {}, err: (t) => (err += t)}, {now: () => NOW, terminal: term});
  const reads = fake.requests.filter((r) => r.method === 'GET').length;
  const watches = (await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'))).filter((e) => e.action === 'rollback-watch');
  // All four reads are made, and the one watch logged is `canceled`'s end.
  expect({code, reads, watches: watches.map((w) => w.details?.['status'])}).toEqual({code: 1, reads: 4, watches: ['cancelled']});
  expect(err).toMatch(/rollback run 9001 cancelled/);
});
