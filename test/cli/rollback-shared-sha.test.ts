/**
 * GitLab: the commit deployed from main (version = its short sha), then the same commit deployed
 * again by its release tag's pipeline. Rolling back v1.5.0 does not "roll back" to that same
 * commit under its other name: nothing would change, and the command would say "done".
 */
import {expect, it} from 'vitest';
import {gitlabDeployment} from '../helpers/fake-ci-bodies.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {useRollbackCli} from '../helpers/rollback-cli.ts';

const TOKEN = fakeToken('glpat-', 20, 12);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const X = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const W = '1234567890abcdef1234567890abcdef12345678';

const cli = useRollbackCli({
  flavor: 'gitlab',
  token: TOKEN,
  tokenEnv: 'GL_TOKEN',
  now: NOW,
  routes: (fake) => {
    fake.route('GET', '/api/v4/projects/{id}/deployments', {
      body: [
        gitlabDeployment({id: 503, ref: 'v1.5.0', sha: X, tag: true, status: 'success', createdAt: '2026-05-04T09:40:00Z', username: 'release-bot', environment: 'production'}),
        gitlabDeployment({id: 502, ref: 'main', sha: X, status: 'success', createdAt: '2026-05-04T09:10:00Z', username: 'dev', environment: 'production'}),
        gitlabDeployment({id: 401, ref: 'v1.4.0', sha: W, tag: true, status: 'success', createdAt: '2026-05-01T09:00:00Z', username: 'release-bot', environment: 'production'}),
      ],
    });
  },
  deploys: (url) => `{provider: gitlab, apiUrl: '${url}/api/v4', project: acme/shop, environment: production, tokenEnv: GL_TOKEN}`,
  rollback: (url) => `{provider: gitlab, apiUrl: '${url}/api/v4', project: acme/shop, inputs: {DEPLOY_SHA: '{{sha}}', DEPLOY_VERSION: '{{version}}'}, tokenEnv: GL_TOKEN}`,
});

it('oncall rollback shop --dry-run skips the commit already running under another name', async () => {
  const {code, out, err} = await cli.run('rollback', 'shop', '--dry-run');
  expect(code, err).toBe(0);
  expect(out).toContain('  from        v1.5.0');
  expect(out).toContain('  to          v1.4.0');
  expect(out).toContain(`variable DEPLOY_SHA = "${W}"`);
  expect(out).not.toContain(`variable DEPLOY_SHA = "${X}"`);
});
