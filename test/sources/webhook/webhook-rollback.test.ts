import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createWebhookRollbacker, webhookSignature, type WebhookRollbackConfig} from '../../../src/sources/webhook/webhook-rollback.ts';
import {closeFakeAfterEach, signatureValid, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';
import {failureOf} from '../../helpers/failure.ts';
import {RollbackOutcomeUnknown} from '../../../src/sources/capabilities.ts';

const SECRET = 'webhook-hmac-secret-0123';
const HOOK = '/hooks/rollback';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'v2.13.2',
  description: 'webhook: roll back checkout',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000',
};
let fake: FakeCi;

function rollbacker(over: Partial<WebhookRollbackConfig> = {}, secret: string | null = SECRET) {
  const config: WebhookRollbackConfig = {provider: 'webhook', url: `${fake.url}${HOOK}`, headers: {'X-Team': 'shop'}, inputs: {target: '{{service}}@{{version}}'}, timeout: '2s', ...over};
  return createWebhookRollbacker(config, {signingSecret: secret}, {now: () => 1000});
}

closeFakeAfterEach(() => fake);

describe('createWebhookRollbacker', () => {
  it('posts the plan once, signed; the fake verifies the HMAC; a 2xx is accepted with nothing to follow (status unknown)', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {status: 202, text: 'accepted'});
    const hook = rollbacker();
    const run = await hook.rollback(plan);
    await hook.rollback(plan);
    expect(run).toEqual({id: `webhook:${plan.idempotencyKey}`, plan, status: 'unknown', url: null, updatedAt: 1000, unfollowable: true});
    expect(await hook.getRun(run.id)).toEqual(run);
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req?.json).toEqual({service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2', idempotencyKey: plan.idempotencyKey, inputs: {target: 'checkout@v2.13.2'}});
    expect(req?.headers['idempotency-key']).toBe(plan.idempotencyKey);
    expect(req?.headers['x-team']).toBe('shop');
    expect(req && signatureValid(req, SECRET)).toBe(true);
    expect(req?.headers['x-oncall-signature']).toBe(webhookSignature(req?.body ?? '', SECRET));
  });

  it('is refused by the receiver when signed with the wrong secret', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {status: 200, body: {ok: true}});
    const hook = rollbacker({}, 'not-the-secret');
    const failure = await failureOf(hook.rollback(plan));
    expect([failure.kind, failure.message]).toEqual(['auth', `webhook rollback ${fake.url}: not authorized (HTTP 401): signature mismatch`]);
    expect(failure.message).not.toContain('not-the-secret');
  });

  it('sends no signature without a secret, and shows the receiver\'s 422 message', async () => {
    fake = await startFakeCi({flavor: 'webhook'});
    fake.route('POST', HOOK, {status: 422, body: {error: 'unknown service checkout'}});
    const hook = rollbacker({}, null);
    const failure = await failureOf(hook.rollback(plan));
    expect([failure.kind, failure.message]).toEqual(['bad-response', `webhook rollback ${fake.url}: rejected (HTTP 422): unknown service checkout`]);
    expect(fake.requests[0]?.headers['x-oncall-signature']).toBeUndefined();
    await expect(hook.getRun('webhook:other')).rejects.toThrow('no rollback webhook:other was sent from this session');
  });

  it('times out on a receiver that never answers', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {hang: true});
    const failure = await failureOf(rollbacker({timeout: '300ms'}).rollback(plan));
    expect(failure.kind).toBe('timeout');
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(failure.message).toBe(`webhook rollback ${fake.url}: POST ${fake.url}: no answer within 300 ms`);
    expect((failure as RollbackOutcomeUnknown).check).toBe(`the system behind webhook rollback ${fake.url}: the hook may have acted on it`);
  });

  it('a 5xx may mean the hook acted: unknown outcome; a 4xx refused it', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {status: 502, text: 'bad gateway', offContract: true});
    expect(await failureOf(rollbacker().rollback(plan))).toBeInstanceOf(RollbackOutcomeUnknown);
    fake.route('POST', HOOK, {status: 400, body: {error: 'no such service'}});
    expect(await failureOf(rollbacker().rollback(plan))).not.toBeInstanceOf(RollbackOutcomeUnknown);
  });

  it('a redirect may follow a POST the hook acted on (post/redirect/get): unknown outcome, never a refusal', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    for (const status of [303, 302, 307]) {
      fake.route('POST', HOOK, {status, text: '', headers: {location: '/runs/42'}});
      const failure = await failureOf(rollbacker().rollback({...plan, idempotencyKey: `${plan.idempotencyKey}:${status}`}));
      expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
      expect(failure.message).toBe(`webhook rollback ${fake.url}: POST ${fake.url}: HTTP ${status} redirect to ${fake.url}; check the URL, or an authenticating proxy in front`);
      expect((failure as RollbackOutcomeUnknown).check).toBe(`the system behind webhook rollback ${fake.url}: the hook may have acted on it`);
    }
  });

  it('a 2xx HTML page (a sign-in proxy in front) is not the hook\'s acceptance: unknown outcome; other 2xx bodies are', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {status: 200, text: '<!doctype html><html><title>Sign in</title></html>', contentType: 'text/html; charset=utf-8'});
    const failure = await failureOf(rollbacker().rollback(plan));
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(failure.message).toBe(`webhook rollback ${fake.url}: the answer was an HTML page (HTTP 200; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown`);
    expect((failure as RollbackOutcomeUnknown).check).toBe(`the system behind webhook rollback ${fake.url}, whether the rollback started, and what rollback.url answers in a browser`);
    const replies = [{status: 204}, {status: 200, body: {ok: true}}, {status: 200, text: 'ok'}];
    for (const [i, reply] of replies.entries()) {
      fake.route('POST', HOOK, reply);
      expect((await rollbacker().rollback({...plan, idempotencyKey: `${plan.idempotencyKey}:${i}`})).unfollowable).toBe(true);
    }
  });

  it('a sign-in page mislabelled application/json is not the hook\'s acceptance either: unknown outcome', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    fake.route('POST', HOOK, {status: 200, text: '<html><head><title>Sign in</title></head><form></form></html>', contentType: 'application/json'});
    const failure = await failureOf(rollbacker().rollback(plan));
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(failure.message).toBe(`webhook rollback ${fake.url}: the answer was an HTML page (HTTP 200; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown`);
  });

  it('a short answer sent as text/html (a web framework\'s default for "ok") is the hook\'s acceptance; a sign-in page so sent is not', async () => {
    fake = await startFakeCi({flavor: 'webhook', hmacSecret: SECRET});
    for (const [i, text] of ['ok', 'accepted\n', '{"ok":true}'].entries()) {
      fake.route('POST', HOOK, {status: 200, text, contentType: 'text/html; charset=utf-8'});
      const run = await rollbacker().rollback({...plan, idempotencyKey: `${plan.idempotencyKey}:ok${i}`});
      expect(run).toMatchObject({status: 'unknown', unfollowable: true});
    }
    const signIn = [
      '\n<!DOCTYPE html>',
      '<html lang="en">',
      '<head><meta charset="utf-8"><title>Sign in - Example SSO</title><link rel="stylesheet" href="/static/sso.css"></head>',
      '<body><form method="post" action="/oauth2/start?rd=%2Fhooks%2Frollback">',
      '<button type="submit">Sign in with SSO</button></form></body></html>',
    ].join('\n');
    fake.route('POST', HOOK, {status: 200, text: signIn, contentType: 'text/html; charset=utf-8'});
    const failure = await failureOf(rollbacker().rollback({...plan, idempotencyKey: `${plan.idempotencyKey}:sso`}));
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect(failure.message).toBe(`webhook rollback ${fake.url}: the answer was an HTML page (HTTP 200; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown`);
  });
});
