import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const HEAD = 'current-context: prod\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:9090}\n';

/** Parses `HEAD` plus `tail` and returns `path: message` for each error. */
function problems(tail: string, head = HEAD): string[] {
  const result = parseConfig(head + tail, 'config.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('configSchema messages', () => {
  it('names the providers when one is unknown or missing', () => {
    expect(problems('    deploys: {provider: jenkins}\n    rollback: {repo: acme/shop}\n')).toEqual([
      'contexts[0].deploys.provider: must be one of github, argocd, gitlab, json (got "jenkins")',
      'contexts[0].rollback.provider: missing required key "provider" (one of github-actions, argocd, gitlab, webhook, command)',
    ]);
  });

  it('rejects a key that belongs to another provider and suggests a near miss', () => {
    expect(problems('    deploys: {provider: github, rpo: acme/shop, app: shop}\n')).toEqual([
      'contexts[0].deploys.repo: missing required key "repo"',
      'contexts[0].deploys.rpo: unknown key "rpo" (did you mean "repo"?)',
      'contexts[0].deploys.app: unknown key "app"',
    ]);
  });

  it('checks repository, workflow and argv shapes of a rollback', () => {
    expect(problems('    deploys: {provider: github, repo: shop}\n    rollback: {provider: command, command: []}\n')).toEqual([
      'contexts[0].deploys.repo: must be a repository as owner/name, e.g. acme/shop',
      'contexts[0].rollback.command: command must be a non-empty list of arguments, e.g. [kubectl, rollout, undo, deployment/checkout]',
    ]);
  });

  it('suggests quoting a number where a string is expected, and does not echo env var names', () => {
    const tail = '    alertmanagers:\n      - url: http://am:9093\n        headers: {X-Scope-OrgID: 42}\n        bearerTokenEnv: "ghp_x y"\n      - url: http://am2:9093\n        basicAuth: {username: u, passwordEnv: "AM PASSWORD"}\n';
    // Under headers the value is not repeated, not even a number: a header may carry a credential.
    expect(problems(tail)).toEqual([
      'contexts[0].alertmanagers[0].headers.X-Scope-OrgID: expected a string, got a number (quote it)',
      // Too short after its prefix to be taken for a token, and still no name.
      'contexts[0].alertmanagers[0].bearerTokenEnv: must be the name of an environment variable (letters, digits and _), not its value',
      'contexts[0].alertmanagers[1].basicAuth.passwordEnv: must be the name of an environment variable (letters, digits and _), not its value',
    ]);
  });

  it('leaves key bindings of any type to the keymap, which skips a bad one instead of failing the file', () => {
    const head = 'current-context: prod\nkeys: {quit: q, refresh: [r, F5], help: 7, ack: [], back: true}\ncontexts:\n  - name: prod\n    prometheus: {url: http://x}\n';
    expect(problems('', head)).toEqual([]);
  });

  it('checks durations in ack, refresh and endpoint timeouts', () => {
    const head = 'current-context: prod\nack: {duration: 1 hour}\nrefresh: {alerts: 0s}\ncontexts:\n  - name: prod\n    prometheus: {url: http://x, timeout: 10}\n';
    const hint = 'must be a Prometheus duration greater than zero, such as 30s, 5m, 1h30m or 30d';
    expect(problems('', head)).toEqual([
      `ack.duration: ${hint} (got "1 hour")`,
      `refresh.alerts: ${hint} (got "0s")`,
      'contexts[0].prometheus.timeout: a duration needs a unit: write 10s for 10 seconds, or use m, h, d (got number 10)',
    ]);
  });

  it('checks pathPrefix, runbook templates and the list of contexts', () => {
    expect(problems('    runbookTemplate: javascript:alert(1)\n', HEAD.replace('}', ', pathPrefix: prometheus}'))).toEqual([
      'contexts[0].prometheus.pathPrefix: must start with /, e.g. /prometheus',
      'contexts[0].runbookTemplate: must be an http or https URL or a file path (got "javascript:alert(1)")',
    ]);
    expect(problems('', 'current-context: prod\ncontexts: []\n')).toEqual(['contexts: at least one context is required']);
    expect(problems('', 'current-context: prod\ncontexts: {prod: {}}\n')).toEqual(['contexts: expected a list, got a mapping']);
  });

  it('refuses a query string or fragment in an API url (never sent), without quoting it', () => {
    const token = fakeToken('glsa_', 32);
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', `"https://prom.example.com/?access_token=${token}"`))).toEqual([
      'contexts[0].prometheus.url: must have no query string or fragment, they are never sent (got "https://prom.example.com/?…"); use headers, pathPrefix or bearerTokenEnv/bearerTokenFile for what they carry',
    ]);
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', '"https://prom.example.com/api#x"'))).toEqual([
      'contexts[0].prometheus.url: must have no query string or fragment, they are never sent (got "https://prom.example.com/api#…"); use headers, pathPrefix or bearerTokenEnv/bearerTokenFile for what they carry',
    ]);
  });

  it('masks credentials in a URL it cannot parse', () => {
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', '"https://u:pw@host:99999"'))).toEqual([
      'contexts[0].prometheus.url: must be an http or https URL (got "https://***@host:99999")',
    ]);
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', '"ht!tp://u:pw@host"'))).toEqual([
      'contexts[0].prometheus.url: must be an http or https URL (got "ht!tp://***@host")',
    ]);
  });

  it('leaves out the query string and fragment of a URL it cannot parse, and user:pass@ without a scheme', () => {
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', '"htps://host/api?access_token=tok-zzz#id_token=tok-yyy"'))).toEqual([
      'contexts[0].prometheus.url: must be an http or https URL (got "htps://host/api")',
    ]);
    expect(problems('', HEAD.replace('http://127.0.0.1:9090', '"admin:pw-zzz@prom:9090/api"'))).toEqual([
      'contexts[0].prometheus.url: must be an http or https URL (got "***@prom:9090/api")',
    ]);
  });

  it('rejects a duplicate YAML key, naming it by its path', () => {
    // The library's words were "YAML syntax error: Map keys must be unique", a position only.
    expect(problems('    readOnly: true\n    readOnly: false\n')).toEqual([
      'contexts[0].readOnly: duplicate key "readOnly": this mapping already has it above; keep one (YAML would not say which wins)',
    ]);
    const nested = 'current-context: a\ncontexts:\n  - name: a\n    prometheus:\n      url: http://127.0.0.1:9090\n      timeout: 5s\n      url: http://127.0.0.1:9091\n';
    const result = parseConfig(nested, 'config.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.column, e.path])).toEqual([[7, 7, 'contexts[0].prometheus.url']]);
  });

  it('explains a stray document separator for the user, not as a library call', () => {
    // It said "Source contains multiple documents; please use YAML.parseAllDocuments()".
    const result = parseConfig(`${HEAD}---\n`, 'config.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [5, '', 'a second YAML document starts here (---): a config is one document; remove this line, and merge what follows it into the first'],
    ]);
  });

  it('keeps defaults of each provider', () => {
    const tail =
      '    deploys: {provider: gitlab, project: acme/shop}\n    rollback: {provider: github-actions, repo: acme/shop, workflow: rollback.yml}\n';
    const result = parseConfig(HEAD + tail, 'config.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const ctx = result.config.contexts[0];
    expect(ctx?.deploys).toEqual({
      provider: 'gitlab',
      apiUrl: 'https://gitlab.com/api/v4',
      project: 'acme/shop',
      insecureSkipVerify: false,
      timeout: '10s',
      services: {},
    });
    expect(ctx?.rollback).toEqual({
      provider: 'github-actions',
      apiUrl: 'https://api.github.com',
      repo: 'acme/shop',
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: {},
      insecureSkipVerify: false,
      timeout: '10s',
    });
  });
});

describe('durations that set timers', () => {
  // Node caps a timer at 2^31-1 ms and fires an overflowing one after 1 ms: `timeout: 30d` made
  // every request fail at once ("no answer within 2592000000 ms"), `refresh: 30d` polled every ms.
  it('refuses a request timeout past 10m, a refresh interval past 1d, a command timeout past 1h', () => {
    const head = HEAD.replace('{url: http://127.0.0.1:9090}', '{url: http://127.0.0.1:9090, timeout: 30d}');
    expect(problems('refresh: {alerts: 30d}\n', head)).toEqual([
      'contexts[0].prometheus.timeout: a request timeout must be at most 10m (got "30d")',
      'refresh.alerts: a refresh interval must be at most 1d (got "30d")',
    ]);
    expect(problems('    refresh: {slos: 2d}\n    rollback: {provider: command, command: [x], timeout: 2h}\n')).toEqual([
      'contexts[0].refresh.slos: a refresh interval must be at most 1d (got "2d")',
      'contexts[0].rollback.timeout: a rollback command timeout must be at most 1h (got "2h")',
    ]);
    expect(problems('refresh: {alerts: 1d}\n', HEAD.replace('{url: http://127.0.0.1:9090}', '{url: http://127.0.0.1:9090, timeout: 10m}'))).toEqual([]);
  });
});
