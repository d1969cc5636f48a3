import {chmodSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {composeContext, createSharedBackends, endpointOptions} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {ContextConfig} from '../../src/config/config-types.ts';
import {githubRunList} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi} from '../helpers/fake-ci.ts';
import {tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;

beforeEach(() => {
  tmp = tempDir();
});

afterEach(() => {
  tmp.cleanup();
});

/** Parses a config through the real loader and returns its first context. */
function context(yaml: string): ContextConfig {
  const result = parseConfig(yaml, join(tmp.dir, 'config.yaml'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config.contexts[0]!;
}

const PROM_AND_TWO_AMS = `current-context: prod
contexts:
  - name: prod
    prometheus:
      url: http://127.0.0.1:9090
      bearerTokenEnv: PROM_TOKEN
      timeout: 3s
    alertmanagers:
      - name: am-1
        url: http://127.0.0.1:9093
      - url: http://127.0.0.1:9094
        cluster: eu
    slos:
      - name: api-availability
        service: api
        objective: 99.9
        window: 30d
        errorQuery: 'sum(rate(e[{{.window}}]))'
        totalQuery: 'sum(rate(t[{{.window}}]))'
`;

describe('composeContext', () => {
  it('turns Prometheus and two Alertmanagers into the right handles', async () => {
    const composed = composeContext(context(PROM_AND_TWO_AMS), {PROM_TOKEN: 'x'});
    const s = composed.services;
    expect([s.context, s.readOnly, s.deploySource, s.rollbacker]).toEqual(['prod', false, null, null]);
    expect(s.slos.map((d) => [d.name, d.service, d.objective, d.window])).toEqual([['api-availability', 'api', 99.9, '30d']]);
    expect([s.sloReader?.name, s.sloReader?.kind]).toEqual(['prometheus', 'prometheus']);
    expect(typeof s.sloReader?.capabilities.readRatios).toBe('function');
    expect(typeof s.sloReader?.capabilities.readHistory).toBe('function');
    // Prometheus is also an alert source (pending alerts), then each Alertmanager by name (host when unnamed).
    expect(s.alertSources.map((a) => [a.name, a.kind])).toEqual([
      ['prometheus', 'prometheus'],
      ['am-1', 'alertmanager'],
      ['127.0.0.1:9094', 'alertmanager'],
    ]);
    const am = s.alertSources[1]!.capabilities;
    expect([am.listAlerts, am.listSilences, am.createSilence, am.expireSilence].map((f) => typeof f)).toEqual(['function', 'function', 'function', 'function']);
    expect(s.alertSources[1]!.capabilities).not.toBe(s.alertSources[2]!.capabilities);
    // Beside Alertmanagers, Prometheus lists only its pending alerts (a filtered view of the same source).
    expect(s.alertSources[0]!.capabilities).not.toBe(s.sloReader!.capabilities);
    expect(Object.keys(s.alertSources[0]!.capabilities)).toEqual(['listAlerts']);
    expect(composed.notes).toEqual([]);
    await composed.close();
  });

  it('notes a missing bearer token by the variable name only', async () => {
    const composed = composeContext(context(PROM_AND_TWO_AMS), {});
    expect(composed.notes).toEqual(['prometheus: bearer token not found (env var PROM_TOKEN)']);
    await composed.close();
  });

  it('notes a missing secret by its config key when the env name is not of the conventional shape (it may be the secret)', async () => {
    const yaml = `current-context: eu
contexts:
  - name: eu
    prometheus: {url: http://127.0.0.1:9, bearerTokenEnv: hunter2prod}
    deploys: {provider: github, apiUrl: 'http://127.0.0.1:9', repo: acme/shop, tokenEnv: s3cr3t_pw}
`;
    const composed = composeContext(context(yaml), {});
    expect(composed.notes).toEqual(['prometheus: bearer token not found (the env var named in bearerTokenEnv)', 'deploys: token not found (the env var named in tokenEnv)']);
    await composed.close();
  });

  it('notes a missing token in every context sharing the entry, not only the first the pool made it for', async () => {
    const yaml = `current-context: eu
contexts:
  - name: eu
    prometheus: {url: http://127.0.0.1:9, bearerTokenEnv: PROM_TOKEN}
    alertSources: [{kind: pagerduty, name: pd, tokenEnv: PD_TOKEN, from: alice@example.com, serviceIds: [PSVC]}]
    deploys: {provider: github, apiUrl: 'http://127.0.0.1:9', repo: acme/shop, tokenEnv: GH_TOKEN}
`;
    const shared = createSharedBackends();
    const [eu, us] = [context(yaml), {...context(yaml), name: 'us'}].map((c) => composeContext(c, {}, undefined, shared));
    for (const composed of [eu!, us!]) {
      expect(composed.notes).toEqual(['prometheus: bearer token not found (env var PROM_TOKEN)', 'pd: token not found (env var PD_TOKEN)', 'deploys: token not found (env var GH_TOKEN)']);
    }
    // One adapter per entry all the same.
    expect(us!.services.deploySource!.capabilities).toBe(eu!.services.deploySource!.capabilities);
    expect(us!.services.alertSources[1]!.capabilities).toBe(eu!.services.alertSources[1]!.capabilities);
    await shared.close();
  });

  it('never puts a token value into a note, whatever else is wrong', async () => {
    const token = 'tok-never-print-me-42';
    const yaml = PROM_AND_TWO_AMS.replace(
      '      - name: am-1\n        url: http://127.0.0.1:9093\n',
      '      - name: am-1\n        url: http://127.0.0.1:9093\n        basicAuth: {username: oncall, passwordEnv: AM_PASSWORD}\n        caFile: missing-ca.pem\n',
    ).replace('    slos:', '    deploys: {provider: github, repo: acme/shop, tokenEnv: GITHUB_TOKEN}\n    rollback: {provider: github-actions, repo: acme/shop, workflow: rollback.yml, tokenEnv: DEPLOY_TOKEN}\n    slos:');
    const composed = composeContext(context(yaml), {PROM_TOKEN: token, GITHUB_TOKEN: token});
    expect(composed.notes).toEqual([
      'am-1: basic-auth password not found (env var AM_PASSWORD)',
      `am-1: cannot read caFile ${join(tmp.dir, 'missing-ca.pem')}`,
      'rollback: token not found (env var DEPLOY_TOKEN)',
    ]);
    expect(composed.services.deploySource?.kind).toBe('deploys');
    expect(composed.services.rollbacker?.name).toBe('github-actions');
    expect(composed.notes.join('\n')).not.toContain(token);
    await composed.close();
  });

  it('marks a read-only context and composes a context without Prometheus', async () => {
    const composed = composeContext(
      context(`current-context: staging
contexts:
  - name: staging
    readOnly: true
    alertmanagers:
      - name: am
        url: http://127.0.0.1:9093
`),
      {},
    );
    expect(composed.services.readOnly).toBe(true);
    expect(composed.services.sloReader).toBeNull();
    expect(composed.services.slos).toEqual([]);
    expect(composed.services.alertSources.map((a) => a.name)).toEqual(['am']);
    await composed.close();
  });
});

describe('composeContext with a separate rollback workflow', () => {
  const yaml = (apiUrl: string, inputs: string) => `current-context: prod
contexts:
  - name: prod
    deploys:
      provider: github
      apiUrl: ${apiUrl}
      repo: acme/shop
      workflow: deploy.yml
    rollback:
      provider: github-actions
      apiUrl: ${apiUrl}
      repo: acme/shop
      workflow: rollback.yml
      inputs: ${inputs}
`;

  it('hands the rollback workflow to the deploy history, which reads its runs too', async () => {
    const fake = await startFakeCi({flavor: 'github'});
    fake.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {body: githubRunList([])});
    const composed = composeContext(context(yaml(fake.url, '{version: "{{version}}", oncall_request_id: ""}')), {});
    await composed.services.deploySource?.capabilities.listDeploys();
    await composed.close();
    await fake.close();
    expect(fake.problems).toEqual([]);
    expect(composed.notes).toEqual([]);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/repos/acme/shop/actions/workflows/deploy.yml/runs', '/repos/acme/shop/actions/workflows/rollback.yml/runs']);
  });

  it('notes an Argo CD project history whose rollback names one application', async () => {
    const composed = composeContext(
      context(`current-context: prod
contexts:
  - name: prod
    deploys: {provider: argocd, apiUrl: 'https://argocd.example', project: shop, services: {checkout-prod: checkout}}
    rollback: {provider: argocd, apiUrl: 'https://argocd.example', app: checkout-prod}
`),
      {},
    );
    await composed.close();
    expect(composed.notes).toEqual(['rollback: rolls back application checkout-prod (service checkout) only: a rollback of another service of project shop is refused; roll those back in Git or with argocd app rollback']);
  });

  it('notes that its rollbacks stay out of the history without the request id', async () => {
    const composed = composeContext(context(yaml('https://api.github.com', '{version: "{{version}}"}')), {});
    await composed.close();
    expect(composed.notes).toEqual([
      "deploys: rollbacks through rollback.yml will not show in the deploy history: add oncall_request_id to rollback.inputs and show it in that workflow's run-name",
    ]);
  });
});

describe('endpointOptions', () => {
  const endpoint = () => context(PROM_AND_TWO_AMS).prometheus!;

  it('resolves the token from the environment and the configured timeout', () => {
    const notes: string[] = [];
    const opts = endpointOptions(endpoint(), {PROM_TOKEN: '  abc123  '}, notes, 'prometheus');
    expect(opts).toMatchObject({baseUrl: 'http://127.0.0.1:9090', bearerToken: 'abc123', timeoutMs: 3000, insecureSkipVerify: false, headers: {}});
    expect(opts.basicAuth).toBeUndefined();
    expect(opts.caPem).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('reads the token and the CA from files named in the config', () => {
    tmp.write('token', 'file-token\n');
    tmp.write('ca.pem', '-----BEGIN CERTIFICATE-----\n');
    const yaml = PROM_AND_TWO_AMS.replace('      bearerTokenEnv: PROM_TOKEN\n', '      bearerTokenFile: token\n      caFile: ca.pem\n');
    const notes: string[] = [];
    const opts = endpointOptions(context(yaml).prometheus!, {}, notes, 'prometheus');
    // A getter: the file is read again when it changes (secret-files.ts).
    expect(typeof opts.bearerToken === 'function' ? opts.bearerToken() : opts.bearerToken).toBe('file-token');
    expect(opts.caPem).toBe('-----BEGIN CERTIFICATE-----\n');
    expect(notes).toEqual([]);
  });

  it('uses the schema default of 10 s when no timeout is written', () => {
    const yaml = PROM_AND_TWO_AMS.replace('      timeout: 3s\n', '');
    expect(endpointOptions(context(yaml).prometheus!, {PROM_TOKEN: 'x'}, [], 'p').timeoutMs).toBe(10_000);
  });

  it('notes a missing token file by its path', () => {
    const yaml = PROM_AND_TWO_AMS.replace('      bearerTokenEnv: PROM_TOKEN\n', '      bearerTokenFile: nowhere/token\n');
    const notes: string[] = [];
    const opts = endpointOptions(context(yaml).prometheus!, {}, notes, 'prometheus');
    // Nothing is sent until the file appears; it is looked at again before each request.
    expect(typeof opts.bearerToken === 'function' ? opts.bearerToken() : opts.bearerToken).toBe('');
    expect(notes).toEqual([`prometheus: bearer token not found (file ${join(tmp.dir, 'nowhere', 'token')})`]);
  });

  it('says why a token file that is there cannot be read, never "not found" nor what it holds', () => {
    mkdirSync(join(tmp.dir, 'token'));
    tmp.write('unreadable', 'hunter2-secret\n');
    chmodSync(join(tmp.dir, 'unreadable'), 0o000);
    tmp.write('blank', '  \n');
    const notesFor = (file: string) => {
      const notes: string[] = [];
      const opts = endpointOptions(context(PROM_AND_TWO_AMS.replace('      bearerTokenEnv: PROM_TOKEN\n', `      bearerTokenFile: ${file}\n`)).prometheus!, {}, notes, 'prometheus');
      expect(typeof opts.bearerToken === 'function' ? opts.bearerToken() : opts.bearerToken).toBe('');
      return notes;
    };
    expect(notesFor('token')).toEqual([`prometheus: bearer token is a directory (file ${join(tmp.dir, 'token')})`]);
    expect(notesFor('blank')).toEqual([`prometheus: bearer token empty (file ${join(tmp.dir, 'blank')})`]);
    // Root reads any file: the permission case is only seen as another user.
    if (process.getuid?.() !== 0) expect(notesFor('unreadable')).toEqual([`prometheus: bearer token not readable (EACCES) (file ${join(tmp.dir, 'unreadable')})`]);
  });

  it('says why a provider token file cannot be read', () => {
    mkdirSync(join(tmp.dir, 'gh-token'));
    const yaml = `current-context: p\ncontexts:\n  - name: p\n    deploys: {provider: github, apiUrl: 'http://127.0.0.1:9', repo: acme/shop, tokenFile: gh-token}\n`;
    const composed = composeContext(context(yaml), {});
    expect(composed.notes).toEqual([`deploys: token is a directory (file ${join(tmp.dir, 'gh-token')})`]);
    return composed.close();
  });
});

describe('composeContext: Prometheus alerts beside an Alertmanager', () => {
  it('takes only pending alerts from Prometheus when an Alertmanager is configured', async () => {
    const {createServer} = await import('node:http');
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({status: 'success', data: {alerts: [
        {labels: {alertname: 'Firing'}, annotations: {}, state: 'firing', activeAt: '2026-11-22T00:00:00Z', value: '1e+00'},
        {labels: {alertname: 'Pending'}, annotations: {}, state: 'pending', activeAt: '2026-11-22T00:00:00Z', value: '1e+00'},
      ]}}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as {port: number}).port;
    try {
      const yaml = `current-context: c\ncontexts:\n  - name: c\n    prometheus: {url: http://127.0.0.1:${port}}\n    alertmanagers: [{name: am, url: http://127.0.0.1:9}]\n`;
      const composed = composeContext(context(yaml), {});
      const prom = composed.services.alertSources.find((s) => s.name === 'prometheus')!;
      expect((await prom.capabilities.listAlerts()).value.map((a) => a.name)).toEqual(['Pending']);
      await composed.close();
      const alone = composeContext(context(yaml.replace(/ {4}alertmanagers:.*\n/, '')), {});
      expect((await alone.services.alertSources[0]!.capabilities.listAlerts()).value.map((a) => a.name).sort()).toEqual(['Firing', 'Pending']);
      await alone.close();
    } finally {
      server.close();
    }
  });

  it('adds the configured external labels and applies the configured alert relabeling to Prometheus alerts, so they carry the fingerprint Alertmanager gives them', async () => {
    const {createServer} = await import('node:http');
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({status: 'success', data: {alerts: [
        {labels: {alertname: 'CheckoutErrorBudgetBurn', severity: 'critical', replica: 'b'}, annotations: {}, state: 'pending', activeAt: '2026-11-22T00:00:00Z', value: '1e+00'},
      ]}}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as {port: number}).port;
    try {
      const yaml = `current-context: c\ncontexts:\n  - name: c\n    prometheus: {url: http://127.0.0.1:${port}, externalLabels: {service: checkout}, alertRelabelConfigs: [{action: labeldrop, regex: replica}]}\n    alertmanagers: [{name: am, url: http://127.0.0.1:9}]\n`;
      const composed = composeContext(context(yaml), {});
      const prom = composed.services.alertSources.find((s) => s.name === 'prometheus')!;
      // Alertmanager's fingerprint for these three labels (alertmanager/fixtures/alerts-0.25.json).
      expect((await prom.capabilities.listAlerts()).value.map((a) => [a.fingerprint, a.labels.service])).toEqual([['54e84b52d8041f63', 'checkout']]);
      await composed.close();
    } finally {
      server.close();
    }
  });
});
