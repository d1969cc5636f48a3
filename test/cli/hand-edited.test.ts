/**
 * A hand-edited action log (someone trimmed a rollback entry's target while redacting it for a
 * postmortem, or a line written by a tool of their own): the line is valid JSON, so it is read as
 * an entry, and the open-rollback check dereferences its `target` blindly. `oncall rollback`
 * then crashes instead of treating the line as it does a torn one.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {openRollbacks} from '../../src/domain/open-rollbacks.ts';
import {QueryClient} from '@tanstack/query-core';
import {loggedOpenQueryOptions} from '../../src/queries/logged-open-rollbacks.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {githubDispatchDetails, githubRun} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 22);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const EDITED = `{"at":"2026-05-04T09:30:00.000Z","action":"rollback","phase":"attempt","context":"prod","source":"github-actions"}`;

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
  await fake.close();
  tmp.cleanup();
});

const config = () => tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: rollback.yml, inputs: {version: '{{version}}'}, tokenEnv: GH_TOKEN, timeout: 2s}\n`);

function terminal(): RollbackTerminal {
  return {stdin: Object.assign(new PassThrough(), {isTTY: false}), onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

describe('a hand-edited line of the action log (valid JSON, no target)', () => {
  it('openRollbacks does not throw on it', () => {
    const entry = JSON.parse(EDITED) as ActionLogEntry;
    expect(() => openRollbacks([entry], {context: 'prod', service: 'checkout', environment: 'production'}, NOW)).not.toThrow();
  });

  it('oncall rollback --yes does not crash: it refuses, saying a line of the log could not be read', async () => {
    writeFileSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'), `${EDITED}\n`);
    let out = '';
    let err = '';
    const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
    let code: number | string;
    try {
      code = await main(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--yes', '--config', config()], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: terminal()});
    } catch (error) {
      code = `threw: ${(error as Error).message}`;
    }
    expect({code, err}).toMatchObject({code: 1});
    expect(err).not.toMatch(/TypeError|Cannot read properties/);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });
});

describe("the dashboard's R preview over the same hand-edited line", () => {
  it('the log check answers (the line counted as unreadable) instead of passing for a read that never answered', async () => {
    const entry = JSON.parse(EDITED) as ActionLogEntry;
    const client = new QueryClient();
    const options = loggedOpenQueryOptions(client, {context: 'prod', service: 'checkout', environment: 'production', idempotencyKey: 'k'}, {readActions: async () => ({entries: [entry], torn: []}), now: () => NOW});
    const queryFn = options.queryFn as () => Promise<unknown>;
    const outcome = await Promise.race([
      queryFn().then(() => 'answered', (e: Error) => `failed: ${e.message}`),
      new Promise<string>((r) => setTimeout(() => r('no answer after 1 s'), 1000)),
    ]);
    // The file was read at once; the check threw on the line and the preview waits out its 2 s
    // timer, then says "the action log could not be read (no answer in 2s)".
    expect(outcome).toBe('answered');
  });
});
