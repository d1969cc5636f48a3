import {describe, expect, it} from 'vitest';
import {rollbackSchema} from '../../src/config/config-schema-deploys.ts';
import {planRollbackTo} from '../../src/domain/rollback-plan.ts';
import {shellLine} from '../../src/domain/shell-command.ts';
import {createRollbacker, type RollbackProviderConfig} from '../../src/sources/deploy-providers.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const plan = planRollbackTo({service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2'}, {context: 'prod', pressedAt: 1777888800000, provider: 'ci'});

/** The command `c` shows for a rollback config (as the config loader produces it). */
function line(raw: Record<string, unknown>, targetId?: string): string {
  const backend = createRollbacker(rollbackSchema.parse(raw) as RollbackProviderConfig, {});
  const built = backend.commandLine!(plan, targetId);
  void backend.close();
  if ('error' in built) return `error: ${built.error}`;
  return [shellLine(built.argv, built.env), ...(built.note ? [`note: ${built.note}`] : [])].join('\n');
}

describe('the rollback command line (c on a deploy)', () => {
  it('gh workflow run with the rendered inputs and the request id; the token comes from the configured variable', () => {
    expect(line({provider: 'github-actions', repo: 'acme/shop', workflow: 'rollback.yml', tokenEnv: 'SHOP_TOKEN', inputs: {service: '{{service}}', version: '{{version}}', oncall_request_id: ''}})).toBe(
      `GH_TOKEN="$SHOP_TOKEN" gh workflow run rollback.yml --repo acme/shop --ref main -f service=checkout -f version=v2.13.2 -f 'oncall_request_id=oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000'`,
    );
    expect(line({provider: 'github-actions', apiUrl: 'https://api.github.example.com', repo: 'acme/shop', workflow: 'rb.yml', ref: 'refs/heads/release', tokenFile: '/run/secrets/gh'})).toBe(
      'gh workflow run rb.yml --repo github.example.com/acme/shop --ref release\nnote: set GH_TOKEN from /run/secrets/gh (or log gh in) first',
    );
  });

  it('glab ci run, argocd app rollback with the history id, curl for a webhook, the command itself', () => {
    expect(line({provider: 'gitlab', project: 'acme/shop', tokenEnv: 'GL', inputs: {VERSION: '{{version}}'}})).toBe('GITLAB_TOKEN="$GL" glab ci run --repo acme/shop --branch main --variables VERSION:v2.13.2');
    expect(line({provider: 'argocd', apiUrl: 'https://argocd.example.com', app: 'shop', tokenEnv: 'ARGO'}, 'shop#41')).toBe('ARGOCD_AUTH_TOKEN="$ARGO" argocd app rollback shop 41 --server argocd.example.com --grpc-web');
    expect(line({provider: 'argocd', apiUrl: 'https://argocd.example.com', app: 'shop'})).toContain('note: the history id of v2.13.2 is in `argocd app history shop`');
    const hook = line({provider: 'webhook', url: 'https://hooks.example.com/rollback', secretEnv: 'HOOK_SECRET', headers: {'X-Team': 'shop'}, inputs: {v: '{{version}}'}});
    expect(hook).toMatch(/^curl --fail -X POST "\$ONCALL_WEBHOOK_URL" -H 'Content-Type: application\/json' -H 'Idempotency-Key: oncall:prod:/);
    expect(hook).toContain(`--data '{"service":"checkout","environment":"production","fromVersion":"v2.14.0","toVersion":"v2.13.2"`);
    expect(hook).toContain(
      "note: set ONCALL_WEBHOOK_URL to this context's rollback.url (https://hooks.example.com/…); add the X-Oncall-Signature header (HMAC-SHA256 of the body with $HOOK_SECRET) and the configured headers (X-Team)",
    );
    expect(line({provider: 'command', command: ['kubectl', 'rollout', 'undo', 'deployment/{{service}}', '--to-revision={{version}}']})).toBe('kubectl rollout undo deployment/checkout --to-revision=v2.13.2');
  });

  it("never holds a webhook URL's path, which is often the hook's secret: curl reads the URL from a variable", () => {
    const secret = fakeToken('', 32, 3);
    const hook = line({provider: 'webhook', url: `https://hooks.example.com/services/T0/B0/${secret}?team=shop`});
    expect(hook).toContain('curl --fail -X POST "$ONCALL_WEBHOOK_URL" -H');
    expect(hook).toContain("note: set ONCALL_WEBHOOK_URL to this context's rollback.url (https://hooks.example.com/…)");
    for (const part of ['services', 'T0/B0', secret.slice(0, 8), secret.slice(-8), 'team=shop']) expect(hook).not.toContain(part);
  });

  it('never holds a token value, and says why when a template cannot render', () => {
    expect(line({provider: 'github-actions', repo: 'a/b', workflow: 'w.yml', tokenEnv: 'T', inputs: {sha: '{{sha}}'}})).toMatch(/^error: input sha: \{\{sha\}\} needs a commit sha/);
  });
});
