/**
 * Argo CD writes a history entry only after a sync succeeded. When the newest sync left the
 * application Degraded, that revision is what runs (and probably what broke it): the rollback
 * goes from it to the entry before, not from the entry before to an older one.
 */
import {expect, it} from 'vitest';
import {argoApp} from '../helpers/fake-ci-bodies.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {useRollbackCli} from '../helpers/rollback-cli.ts';

const TOKEN = fakeToken('ghp_', 36, 55);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const ROLLBACK = '/api/v1/applications/{name}/rollback';
const V7 = '7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const V8 = '8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const V9 = '9999999ccccccccccccccccccccccccccccccccc';

const rig = useRollbackCli({
  flavor: 'argocd',
  token: TOKEN,
  tokenEnv: 'GH_TOKEN',
  now: NOW,
  routes: (argo) => {
    const history = [
      {id: 7, revision: V7, deployedAt: '2026-05-01T09:00:00Z'},
      {id: 8, revision: V8, deployedAt: '2026-05-03T09:00:00Z'},
      {id: 9, revision: V9, deployedAt: '2026-05-04T09:48:00Z'},
    ];
    // The v9 sync succeeded; the pods it rolled out crash-loop: Degraded.
    const app = argoApp({name: 'checkout-prod', history, health: 'Degraded', sync: 'Synced', operationState: {phase: 'Succeeded', startedAt: '2026-05-04T09:47:30Z'}});
    argo.route('GET', '/api/v1/applications/{name}', {body: app});
    argo.route('POST', ROLLBACK, {body: app});
  },
  deploys: (url) => `{provider: argocd, apiUrl: '${url}', app: checkout-prod, services: {checkout-prod: checkout}, tokenEnv: GH_TOKEN}`,
  rollback: (url) => `{provider: argocd, apiUrl: '${url}', app: checkout-prod, tokenEnv: GH_TOKEN}`,
});
const cli = (...argv: string[]) => rig.run(...argv);

it('oncall rollback checkout on a Degraded app rolls back from the live revision (v9) to v8, not from v8 to v7', async () => {
  const {code, out, err} = await cli('rollback', 'checkout', '--dry-run');
  expect(code, err).toBe(0);
  expect(out).toContain('  from        9999999');
  expect(out).toContain('  to          8888888');
  expect(rig.fake.calls('POST', ROLLBACK).map((r) => (r.json as {id: number}).id)).toEqual([8]);
});

it('oncall deploys --json lists the Degraded sync as running (success), its health beside it', async () => {
  const {out} = await cli('deploys', '--json');
  const deploys = JSON.parse(out) as Array<{version: string; status: string; health?: string}>;
  expect(deploys.map((d) => [d.version, d.status, d.health])).toEqual([
    ['9999999', 'success', 'degraded'],
    ['8888888', 'success', undefined],
    ['7777777', 'success', undefined],
  ]);
});
