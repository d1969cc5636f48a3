/**
 * Argo CD: a context whose deploy history is a project (one application per service) and whose
 * rollback names one application. Argo CD's rollback names no service, so `oncall rollback cart`
 * must never roll back checkout's application: it is refused before anything is asked.
 */
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {argoApp} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';
import {tempDir} from './cli-fixtures.ts';

const TOKEN = fakeToken('ghp_', 36, 77);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const ROLLBACK = '/api/v1/applications/{name}/rollback';
// One GitOps repo: both applications were synced at commit A two days ago.
const A = 'aaaaaaa1111111111111111111111111111111aa';
const B = 'bbbbbbb2222222222222222222222222222222bb';
const C = 'ccccccc3333333333333333333333333333333cc';

let tmp: ReturnType<typeof tempDir>;
let argo: FakeCi;

function terminal(): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

beforeEach(async () => {
  tmp = tempDir();
  argo = await startFakeCi({flavor: 'argocd', token: TOKEN});
  const cart = argoApp({name: 'cart-prod', project: 'shop', history: [{id: 3, revision: A, deployedAt: '2026-05-02T09:00:00Z'}, {id: 4, revision: B, deployedAt: '2026-05-04T09:50:00Z'}]});
  const checkout = argoApp({name: 'checkout-prod', project: 'shop', history: [{id: 8, revision: A, deployedAt: '2026-05-02T09:00:00Z'}, {id: 9, revision: C, deployedAt: '2026-05-04T09:00:00Z'}]});
  argo.route('GET', '/api/v1/applications', {body: {metadata: {}, items: [cart, checkout]}});
  argo.route('GET', '/api/v1/applications/{name}', (req) => ({body: req.path.endsWith('/cart-prod') ? cart : checkout}));
  argo.route('POST', ROLLBACK, (req) => ({body: req.path.includes('/cart-prod/') ? cart : checkout}));
});

afterEach(async () => {
  expect(argo.problems).toEqual([]);
  await argo.close();
  tmp.cleanup();
});

async function rollback(...args: string[]): Promise<{code: number; out: string; err: string}> {
  const config = tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
    deploys: {provider: argocd, apiUrl: '${argo.url}', project: shop, services: {cart-prod: cart, checkout-prod: checkout}, tokenEnv: GH_TOKEN}
    rollback: {provider: argocd, apiUrl: '${argo.url}', app: checkout-prod, tokenEnv: GH_TOKEN}
`,
  );
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN};
  const code = await main(['rollback', ...args, '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: terminal()});
  return {code, out, err};
}

it('oncall rollback cart --yes refuses (exit 2) and never sends a rollback of checkout-prod', async () => {
  for (const more of [['--yes'], ['--dry-run'], ['--to', A.slice(0, 7), '--yes']]) {
    const {code, err} = await rollback('cart', ...more);
    expect(code, err).toBe(2);
    expect(err).toContain('rollback: the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart: roll cart back in Git or through its own application');
    expect(err).toContain('; nothing was called\n');
  }
  // Not even a read of checkout-prod: the refusal needs none.
  expect(argo.calls('POST', ROLLBACK)).toEqual([]);
  expect(argo.calls('GET', '/api/v1/applications/{name}')).toEqual([]);
});

it('oncall rollback checkout still rolls back its own application', async () => {
  const {code, out, err} = await rollback('checkout', '--dry-run');
  expect(code, err).toBe(0);
  expect(out).toContain('  sends       rollback of application checkout-prod to history entry 8');
  expect(argo.calls('POST', ROLLBACK).map((r) => [r.path, (r.json as {id: number}).id])).toEqual([['/api/v1/applications/checkout-prod/rollback', 8]]);
});
