/**
 * End to end: a GitHub Actions deploy workflow whose rollbacks are dispatched to the same
 * workflow (with oncall_request_id, as the config requires). A colleague already rolled checkout
 * back from a1b2c3d (bad) to 9f8e7d6. `oncall rollback checkout` now goes further back, never to
 * a1b2c3d, the commit just rolled back from.
 */
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {githubRun, githubRunList} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {tempDir} from './cli-fixtures.ts';

const TOKEN = fakeToken('ghp_', 36, 66);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const BAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const GOOD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const OLDER = '1234567890abcdef1234567890abcdef12345678';

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;

function terminal(): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  const at = (h: number) => new Date(NOW - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  fake.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    body: githubRunList([
      // The colleague's rollback (same workflow; its head_sha is the tip of main, the bad commit).
      githubRun({id: 90, status: 'completed', conclusion: 'success', event: 'workflow_dispatch', headSha: BAD, createdAt: at(1), name: 'Deploy',
        displayTitle: `Deploy 9f8e7d6 oncall:prod:checkout:production:a1b2c3d->9f8e7d6:${NOW - 3_700_000}`}),
      githubRun({id: 82, status: 'completed', conclusion: 'success', event: 'push', headSha: BAD, createdAt: at(2), name: 'Deploy', displayTitle: 'Deploy a1b2c3d'}),
      githubRun({id: 80, status: 'completed', conclusion: 'success', event: 'push', headSha: GOOD, createdAt: at(3), name: 'Deploy', displayTitle: 'Deploy 9f8e7d6'}),
      githubRun({id: 78, status: 'completed', conclusion: 'success', event: 'push', headSha: OLDER, createdAt: at(4), name: 'Deploy', displayTitle: 'Deploy 1234567'}),
    ]),
  });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

it('oncall rollback checkout --dry-run after a colleague\'s rollback targets the commit before both', async () => {
  const config = tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
    deploys: {provider: github, apiUrl: '${fake.url}', repo: acme/shop, workflow: deploy.yml, environment: production, services: {shop: checkout}, tokenEnv: GH_TOKEN}
    rollback: {provider: github-actions, apiUrl: '${fake.url}', repo: acme/shop, workflow: deploy.yml, inputs: {sha: '{{sha}}', oncall_request_id: ''}, tokenEnv: GH_TOKEN}
`,
  );
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(['rollback', 'checkout', '--dry-run', '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: terminal()});
  expect(code, err).toBe(0);
  expect(out).toContain('  from        9f8e7d6  (deploy 90');
  expect(out).toContain('  to          1234567  (deploy 78');
  expect(out).toContain(`input sha = "${OLDER}"`);
  expect(out).not.toContain(BAD);
});
