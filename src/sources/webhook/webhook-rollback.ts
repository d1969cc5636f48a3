/**
 * Rollback by calling a webhook: a JSON POST describing the rollback, with an `Idempotency-Key`
 * header and, when a secret is configured, `X-Oncall-Signature: sha256=<hex HMAC-SHA256 of the
 * body>` so the receiver can tell the call came from us. The webhook is fire-and-forget: a 2xx
 * says only that the hook accepted the request, not what it did, and there is no run to follow;
 * the run is `unknown` and `unfollowable`. A timeout, a 5xx, a reset or a redirect may come after
 * the hook acted: that outcome is unknown too, never a plain failure. So is a 2xx whose body is
 * an HTML page (a sign-in proxy's), which is not the hook's acceptance.
 */
import {createHmac} from 'node:crypto';
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {renderTemplateMap, templateValues} from '../../domain/rollback-template.ts';
import {RollbackOutcomeUnknown, SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {appNow, createCiClient, dispatchFailure, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {inputLines} from '../ci/ci-preview.ts';
import {createRunBook, runOf} from '../ci/ci-runs.ts';
import {HttpFailure, isHtmlAnswer} from '../http/http-errors.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `rollback:` config of the webhook provider (the fields this adapter reads). */
export interface WebhookRollbackConfig {
  provider: 'webhook';
  url: string;
  headers: Readonly<Record<string, string>>;
  /** Names among `headers` given by reference, credentials whatever their names: never shown. */
  secretHeaders?: readonly string[];
  /** Sent under `inputs`; values are rollback templates. */
  inputs: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** Said before a webhook rollback is confirmed: its answer will not tell how the rollback went. */
export const WEBHOOK_UNFOLLOWABLE = 'a webhook answers only that it accepted the request: the rollback cannot be followed from here';

/** The JSON body of a webhook rollback. */
export interface WebhookBody {
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  idempotencyKey: string;
  inputs: Record<string, string>;
}

/** A rollbacker and run watcher with its connections to close. */
export type WebhookRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(how?: CloseOptions): Promise<void>};

/** The signature header value of `body` under `secret`: `sha256=<hex HMAC-SHA256>`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Creates the webhook rollbacker. Each call gets its own short-lived client because the
 * idempotency key and the signature are per-request headers.
 */
export function createWebhookRollbacker(config: WebhookRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): WebhookRollbacker {
  // A run's time is read against the app's clock, which follows the backends'.
  const now = appNow(deps);
  const target = new URL(config.url);
  // An incoming webhook's path is often its secret (`/services/T000/B000/XXXX`): every message,
  // and so the action log and the dashboard, name the origin and the config entry only.
  const label = `webhook rollback ${target.origin}`;
  const book = createRunBook<RollbackRun>();

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    const rendered = renderTemplateMap(config.inputs, templateValues(plan));
    if (!rendered.ok) throw new SourceFailure('bad-response', `${label}: rollback template: ${rendered.error}`);
    const body: WebhookBody = {
      service: plan.service,
      environment: plan.environment,
      fromVersion: plan.fromVersion,
      toVersion: plan.toVersion,
      idempotencyKey: plan.idempotencyKey,
      inputs: rendered.value,
    };
    // The client sends JSON.stringify(body): sign exactly that text.
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {...config.headers, 'idempotency-key': plan.idempotencyKey};
    if (secrets.signingSecret) headers['x-oncall-signature'] = webhookSignature(text, secrets.signingSecret);
    const client = createCiClient({url: target.origin, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {headers, secretHeaders: config.secretHeaders ?? [], deps, auth: 'none', secretPaths: true});
    try {
      await client.postJson(`${target.pathname}${target.search}`, body);
    } catch (error) {
      // A sign-in proxy or a captive portal in front answers with its own page, and the hook
      // may never have seen the request; nor can we be sure it did not pass it on.
      if (isHtmlAnswer(error)) {
        throw new RollbackOutcomeUnknown(
          'bad-response',
          `${label}: the answer was an HTML page (HTTP ${error.status}; a sign-in page of a proxy in front?), not the hook's, so whether the hook got the request is unknown`,
          `the system behind ${label}, whether the rollback started, and what rollback.url answers in a browser`,
          true,
        );
      }
      // A 2xx with another body (empty, JSON, a plain "ok", even one sent as text/html as web
      // frameworks do by default) is the hook's acceptance. Any 3xx may follow a POST the hook
      // acted on (post/redirect/get): not a refusal.
      if (!(error instanceof HttpFailure && error.status !== null && error.status >= 200 && error.status < 300)) {
        throw dispatchFailure(error, label, `the system behind ${label}: the hook may have acted on it`, undefined, true);
      }
    } finally {
      await client.close();
    }
    const run: RollbackRun = {...runOf(`webhook:${plan.idempotencyKey}`, plan, 'unknown', null, now()), unfollowable: true};
    book.remember(run.id, run);
    return run;
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),
    // Header values may be credentials: only their names are shown.
    preview: (plan) => [
      `POST ${target.origin}/… (rollback.url's path is not shown: it may be the hook's secret; JSON: service, environment, fromVersion, toVersion, idempotencyKey, inputs)`,
      ...inputLines('input', config.inputs, plan),
      `headers Idempotency-Key${secrets.signingSecret ? ', X-Oncall-Signature (HMAC-SHA256)' : ''}${Object.keys(config.headers).map((h) => `, ${h}`).join('')}`,
      WEBHOOK_UNFOLLOWABLE,
    ],
    async getRun(id) {
      const run = book.recall(id);
      // A webhook has no run to ask about: only the calls this process made are known.
      if (!run) throw new SourceFailure('bad-response', `${label}: no rollback ${id} was sent from this session`);
      return run;
    },
    close: async () => {},
  };
}
