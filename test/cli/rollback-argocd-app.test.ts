/**
 * Argo CD: a context whose deploy history is a project (one application per service) and whose
 * rollback names one application. Argo CD's rollback names no service, so `oncall rollback cart`
 * must never roll back checkout's application: it is refused before anything is asked.
 */
import {expect, it} from 'vitest';
import {argoApp} from '../helpers/fake-ci-bodies.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {useRollbackCli} from '../helpers/rollback-cli.ts';

const TOKEN = fakeToken('ghp_', 36, 77);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const ROLLBACK = '/api/v1/applications/{name}/rollback';
// One GitOps repo: both applications were synced at commit A two days ago.
const A = 'aaaaaaa1111111111111111111111111111111aa';
const B = 'bbbbbbb2222222222222222222222222222222bb';
const C = 'ccccccc3333333333333333333333333333333cc';

const cli = useRollbackCli({
  flavor: 'argocd',
  token: TOKEN,
  tokenEnv: 'GH_TOKEN',
  now: NOW,
  routes: (argo) => {
    const cart = argoApp({name: 'cart-prod', project: 'shop', history: [{id: 3, revision: A, deployedAt: '2026-05-02T09:00:00Z'}, {id: 4, revision: B, deployedAt: '2026-05-04T09:50:00Z'}]});
    const checkout = argoApp({name: 'checkout-prod', project: 'shop', history: [{id: 8, revision: A, deployedAt: '2026-05-02T09:00:00Z'}, {id: 9, revision: C, deployedAt: '2026-05-04T09:00:00Z'}]});
    argo.route('GET', '/api/v1/applications', {body: {metadata: {}, items: [cart, checkout]}});
    argo.route('GET', '/api/v1/applications/{name}', (req) => ({body: req.path.endsWith('/cart-prod') ? cart : checkout}));
    argo.route('POST', ROLLBACK, (req) => ({body: req.path.includes('/cart-prod/') ? cart : checkout}));
  },
  deploys: (url) => `{provider: argocd, apiUrl: '${url}', project: shop, services: {cart-prod: cart, checkout-prod: checkout}, tokenEnv: GH_TOKEN}`,
  rollback: (url) => `{provider: argocd, apiUrl: '${url}', app: checkout-prod, tokenEnv: GH_TOKEN}`,
});
const rollback = (...args: string[]) => cli.run('rollback', ...args);

it('oncall rollback cart --yes refuses (exit 2) and never sends a rollback of checkout-prod', async () => {
  for (const more of [['--yes'], ['--dry-run'], ['--to', A.slice(0, 7), '--yes']]) {
    const {code, err} = await rollback('cart', ...more);
    expect(code, err).toBe(2);
    expect(err).toContain('rollback: the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart: roll cart back in Git or through its own application');
    expect(err).toContain('; nothing was called\n');
  }
  // Not even a read of checkout-prod: the refusal needs none.
  expect(cli.fake.calls('POST', ROLLBACK)).toEqual([]);
  expect(cli.fake.calls('GET', '/api/v1/applications/{name}')).toEqual([]);
});

it('oncall rollback checkout still rolls back its own application', async () => {
  const {code, out, err} = await rollback('checkout', '--dry-run');
  expect(code, err).toBe(0);
  expect(out).toContain('  sends       rollback of application checkout-prod to history entry 8');
  expect(cli.fake.calls('POST', ROLLBACK).map((r) => [r.path, (r.json as {id: number}).id])).toEqual([['/api/v1/applications/checkout-prod/rollback', 8]]);
});
