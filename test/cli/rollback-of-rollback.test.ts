/**
 * End to end: a GitHub Actions deploy workflow whose rollbacks are dispatched to the same
 * workflow (with oncall_request_id, as the config requires). A colleague already rolled checkout
 * back from a1b2c3d (bad) to 9f8e7d6. `oncall rollback checkout` now goes further back, never to
 * a1b2c3d, the commit just rolled back from.
 */
import {expect, it} from 'vitest';
import {githubRun, githubRunList} from '../helpers/fake-ci-bodies.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {useRollbackCli} from '../helpers/rollback-cli.ts';

const TOKEN = fakeToken('ghp_', 36, 66);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const BAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const GOOD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const OLDER = '1234567890abcdef1234567890abcdef12345678';

const cli = useRollbackCli({
  flavor: 'github',
  token: TOKEN,
  tokenEnv: 'GH_TOKEN',
  now: NOW,
  routes: (fake) => {
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
  },
  deploys: (url) => `{provider: github, apiUrl: '${url}', repo: acme/shop, workflow: deploy.yml, environment: production, services: {shop: checkout}, tokenEnv: GH_TOKEN}`,
  rollback: (url) => `{provider: github-actions, apiUrl: '${url}', repo: acme/shop, workflow: deploy.yml, inputs: {sha: '{{sha}}', oncall_request_id: ''}, tokenEnv: GH_TOKEN}`,
});

it('oncall rollback checkout --dry-run after a colleague\'s rollback targets the commit before both', async () => {
  const {code, out, err} = await cli.run('rollback', 'checkout', '--dry-run');
  expect(code, err).toBe(0);
  expect(out).toContain('  from        9f8e7d6  (deploy 90');
  expect(out).toContain('  to          1234567  (deploy 78');
  expect(out).toContain(`input sha = "${OLDER}"`);
  expect(out).not.toContain(BAD);
});
