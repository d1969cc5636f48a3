import {describe, expect, it} from 'vitest';
import {ackCommands, rollbackCommands} from '../../src/actions/command-lines.ts';
import {composeContext} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {SelectionInfo} from '../../src/actions/keymap.ts';
import {rollbackSchema} from '../../src/config/config-schema-deploys.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {createRollbacker, type RollbackProviderConfig} from '../../src/sources/deploy-providers.ts';
import {fakeToken, randomRun} from '../helpers/fake-tokens.ts';

const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'workflow_dispatch rollback.yml', idempotencyKey: 'k'};
const services = {rollbacker: {name: 'github-actions', capabilities: {commandLine: () => ({argv: ['gh', 'workflow', 'run', 'rollback.yml']})}}} as unknown as ContextServices;

describe('rollbackCommands', () => {
  it('copies nothing from a stale history, saying why', () => {
    const target: SelectionInfo = {kind: 'deploy', id: '1', label: 'checkout', rollbackPlan: plan, historyRefusal: 'deploy history is stale (2m0s old; no answer since) — use oncall rollback checkout --to VERSION'};
    expect(rollbackCommands(target, [], services)).toEqual({error: 'no rollback command copied: deploy history is stale (2m0s old; no answer since) — use oncall rollback checkout --to VERSION'});
  });

  it('copies nothing for a rollback R refuses, saying why', () => {
    const target: SelectionInfo = {kind: 'deploy', id: '1', label: 'cart', rollbackPlan: {...plan, service: 'cart'}, rollbackRefusal: 'the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart'};
    expect(rollbackCommands(target, [], services)).toEqual({error: 'no rollback command copied: the argocd rollback rolls back application checkout-prod, which deploys checkout, not cart'});
  });

  it('writes the command from a fresh history', () => {
    const target: SelectionInfo = {kind: 'deploy', id: '1', label: 'checkout', rollbackPlan: plan};
    expect(rollbackCommands(target, [], services)).toMatchObject({commands: ['gh workflow run rollback.yml']});
  });

  it("copies and shows a webhook's curl line without the URL's path, saying where the URL comes from", () => {
    const secret = fakeToken('', 32, 5);
    const rollbacker = createRollbacker(rollbackSchema.parse({provider: 'webhook', url: `https://hooks.example.com/deploy-hook/${secret}`}) as RollbackProviderConfig, {});
    const webhook = {rollbacker: {name: 'webhook rollback https://hooks.example.com', capabilities: rollbacker}} as unknown as ContextServices;
    const copied = rollbackCommands({kind: 'deploy', id: '1', label: 'checkout', rollbackPlan: plan}, [], webhook);
    void rollbacker.close();
    if ('error' in copied) throw new Error(copied.error);
    expect(copied.commands).toHaveLength(1);
    expect(copied.commands[0]).toMatch(/^curl --fail -X POST "\$ONCALL_WEBHOOK_URL" /);
    expect(copied.notes).toEqual(["set ONCALL_WEBHOOK_URL to this context's rollback.url (https://hooks.example.com/…)"]);
    for (const text of [...copied.commands, ...copied.notes, copied.title]) {
      expect(text).not.toContain('deploy-hook');
      expect(text).not.toContain(secret.slice(0, 8));
    }
  });
});

describe('ackCommands', () => {
  // The amtool line is shown and copied to the clipboard: a token in a configured URL's query or
  // fragment (never sent; the config refuses it, so it is put in after parsing) must not ride along.
  it('writes --alertmanager.url without the query string or fragment of the configured URL', async () => {
    const token = randomRun(24, 11);
    const r = parseConfig(
      `current-context: t
contexts:
  - name: t
    alertmanagers: [{name: am, url: "https://am.example:9093/"}]
    alertSources: [{kind: grafana, url: "https://grafana.example/", pathPrefix: /grafana, tokenEnv: GRAFANA_TOKEN}]
`,
      'config.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const ctx = r.config.contexts[0]!;
    const withQueries = {
      ...ctx,
      alertmanagers: ctx.alertmanagers.map((am) => ({...am, url: `https://am.example:9093/?access_token=${token}#${token}`})),
      alertSources: (ctx.alertSources ?? []).map((source) => ({...source, url: `https://grafana.example/?auth=${token}`})),
    };
    const composed = composeContext(withQueries, {});
    const now = Date.now();
    const draft = {startsAt: now, endsAt: now + 900_000, createdBy: 'me', comment: 'ACK!', matchers: [{name: 'alertname', value: 'X', isRegex: false, isEqual: true}]};
    const plan = {drafts: [{draft, covers: []}], overreach: []};
    const copied = ackCommands(plan as never, composed.services);
    await composed.close?.();
    if ('error' in copied) throw new Error(copied.error);
    const lines = copied.commands.join('\n');
    expect(lines).toContain('--alertmanager.url=https://am.example:9093 ');
    expect(lines).toContain('--alertmanager.url=https://grafana.example/grafana/api/alertmanager/grafana ');
    expect(lines).not.toContain(token);
  });
});
