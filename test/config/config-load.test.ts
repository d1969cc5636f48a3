import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {formatConfigErrors, type ConfigError} from '../../src/config/config-errors.ts';
import {loadConfig, parseConfig} from '../../src/config/config-load.ts';
import type {ConfigResult} from '../../src/config/config-types.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

/** Parses as `config.yaml` and returns the errors (failing the test if it parsed). */
function errorsOf(text: string): ConfigError[] {
  const result = parseConfig(text, 'config.yaml');
  if (result.ok) throw new Error('expected the config to be rejected');
  expect(formatConfigErrors(result.errors)).not.toContain('    at ');
  return result.errors;
}

/** One expected error in `config.yaml`. */
function err(line: number | null, column: number | null, path: string, message: string): ConfigError {
  return {file: 'config.yaml', line, column, path, message};
}

const SECRET = 'literal secrets are not allowed in config';
const HOW = '(the name of an env var, or the path of a file, holding the secret)';

// Line numbers in the cases below count from this shape: a context's keys start on line 4.
const HEAD = 'current-context: prod\ncontexts:\n  - name: prod\n';
const PROM = '    prometheus:\n      url: http://127.0.0.1:9090\n';

describe('parseConfig rejects malformed configs with a specific message', () => {
  it('reports a YAML syntax error with its line and column', () => {
    expect(errorsOf(`${HEAD}    prometheus: {url: http://x\n    readOnly: true\n`)).toEqual([
      err(5, 5, '', 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }'),
    ]);
  });

  it('names an unknown key and suggests the closest known key', () => {
    expect(errorsOf(`${HEAD}${PROM}      urll: http://x\n`)).toEqual([
      err(6, 7, 'contexts[0].prometheus.urll', 'unknown key "urll" (did you mean "url"?)'),
    ]);
  });

  it('suggests nothing when no known key is close', () => {
    expect(errorsOf(`${HEAD}${PROM}    colour: red\n`)).toEqual([err(6, 5, 'contexts[0].colour', 'unknown key "colour"')]);
  });

  it('rejects a literal token and points at the key', () => {
    expect(errorsOf(`${HEAD}${PROM}      token: abc123\n`)).toEqual([
      err(6, 7, 'contexts[0].prometheus.token', `${SECRET}; use tokenEnv/tokenFile ${HOW}`),
    ]);
  });

  it('rejects a literal Authorization header, whatever its case', () => {
    expect(errorsOf(`${HEAD}${PROM}      headers:\n        authorization: Bearer abc123\n`)).toEqual([
      err(
        7,
        9,
        'contexts[0].prometheus.headers.authorization',
        `${SECRET}; instead of the authorization header use bearerTokenEnv/bearerTokenFile or basicAuth ${HOW}`,
      ),
    ]);
  });

  it('never echoes a secret in any message', () => {
    const errors = errorsOf(`${HEAD}${PROM}      password: hunter2\n      headers: {Authorization: hunter3}\n`);
    expect(errors.map((e) => e.message.includes('hunter'))).toEqual([false, false]);
  });

  it('never prints a token pasted as a key: under headers, or as an unknown key', () => {
    const token = fakeToken('ghp_', 36, 3);
    const errors = errorsOf(`${HEAD}${PROM}      headers:\n        ${token}: 7\n      ${token}: x\n`);
    expect(errors.map((e) => e.path)).toEqual(['contexts[0].prometheus.headers[<a key that looks like a token>]', 'contexts[0].prometheus[<a key that looks like a token>]']);
    expect(errors[1]?.message).toBe('unknown key <a key that looks like a token>');
    expect(formatConfigErrors(errors)).not.toContain(token.slice(4, 14));
  });

  it('rejects a URL that is not http or https', () => {
    expect(errorsOf(`${HEAD}    prometheus:\n      url: ftp://x\n`)).toEqual([
      err(5, 12, 'contexts[0].prometheus.url', 'must be an http or https URL (got "ftp://x")'),
    ]);
  });

  it('rejects an unparsable URL', () => {
    expect(errorsOf(`${HEAD}    prometheus:\n      url: not a url\n`)).toEqual([
      err(5, 12, 'contexts[0].prometheus.url', 'must be an http or https URL (got "not a url")'),
    ]);
  });

  it('rejects duplicate context names, pointing at the second', () => {
    expect(errorsOf(`${HEAD}${PROM}  - name: prod\n${PROM}`)).toEqual([
      err(6, 11, 'contexts[1].name', 'duplicate context name "prod" (already used by contexts[0])'),
    ]);
  });

  it('requires current-context and lists the contexts to choose from', () => {
    expect(errorsOf(`contexts:\n  - name: prod\n${PROM}  - name: dev\n${PROM}`)).toEqual([
      err(1, 1, 'current-context', 'missing required key "current-context"; set it to one of the contexts: prod, dev'),
    ]);
  });

  it('rejects a current-context that names no context, with a suggestion', () => {
    expect(errorsOf(`current-context: prd\ncontexts:\n  - name: prod\n${PROM}  - name: dev\n${PROM}`)).toEqual([
      err(1, 18, 'current-context', 'current-context "prd" names no context (did you mean "prod"?); known contexts: prod, dev'),
    ]);
  });

  const slo = (fields: string): string => `${HEAD}${PROM}    slos:\n      - {name: a, service: s, ${fields}}\n`;
  const QUERIES = `errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'`;

  it('rejects an objective of 100 or more', () => {
    expect(errorsOf(slo(`objective: 100.5, window: 30d, ${QUERIES}`))).toEqual([
      err(7, 42, 'contexts[0].slos[0].objective', 'objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 100.5)'),
    ]);
  });

  it('rejects an objective written as a fraction (0.999) where percent (99.9) is meant', () => {
    // 0.999 is taken as 0.999 %: the budget is 99 % of requests, so even 100 % errors burn at
    // 1.01x and the SLO never pages. OpenSLO writes targets as fractions, so this is a likely slip.
    expect(errorsOf(slo(`objective: 0.999, window: 30d, ${QUERIES}`))).toEqual([
      err(7, 42, 'contexts[0].slos[0].objective', 'objective is a percentage: 0.999 means 0.999 %, an error budget of 99.001 % of requests; did you mean 99.9 (percent)?'),
    ]);
    expect(parseConfig(slo(`objective: 1, window: 30d, ${QUERIES}`), 'config.yaml').ok).toBe(true);
  });

  it('rejects an SLO window shorter than the burn windows (30m typed for 30d)', () => {
    // A 30m period scales the 1h&5m page factor to 14.4 * 30m/30d = 0.01: any error pages, and
    // every long window (1h … 3d) reaches outside the period.
    expect(errorsOf(slo(`objective: 99.9, window: 30m, ${QUERIES}`))).toEqual([
      err(7, 56, 'contexts[0].slos[0].window', 'an SLO window is the period its budget covers, at least 3d, the longest burn window (3d&6h) it is judged over (got "30m"; did you mean 30d?)'),
    ]);
    expect(errorsOf(slo(`objective: 99.9, window: 2d23h, ${QUERIES}`))[0]?.message).toMatch(/at least 3d.*\(got "2d23h"\)$/);
    expect(parseConfig(slo(`objective: 99.9, window: 3d, ${QUERIES}`), 'config.yaml').ok).toBe(true);
  });

  it('tells a bare number written for a duration the unit it needs, not to quote it', () => {
    // 'quote it: "300"' led to the next error: must be a Prometheus duration (got "300").
    expect(errorsOf(`${HEAD}${PROM}ack: {duration: 300}\n`).map((e) => e.message)).toEqual([
      'a duration needs a unit: write 300s for 300 seconds (that is 5m), or use m, h, d (got number 300)',
    ]);
    expect(errorsOf(`${HEAD}${PROM}refresh: {alerts: 1.5}\n`).map((e) => e.message)).toEqual([
      'a duration needs a unit: write 1500ms for 1.5 seconds, or use m, h, d (got number 1.5)',
    ]);
    expect(parseConfig(`${HEAD}${PROM}ack: {duration: 300s}\n`, 'config.yaml').ok).toBe(true);
  });

  it('rejects a window that is not a Prometheus duration', () => {
    expect(errorsOf(slo(`objective: 99.9, window: 30x, ${QUERIES}`))).toEqual([
      err(7, 56, 'contexts[0].slos[0].window', 'must be a Prometheus duration greater than zero, such as 30s, 5m, 1h30m or 30d (got "30x")'),
    ]);
  });

  it('requires {{.window}} in a query', () => {
    expect(errorsOf(slo(`objective: 99.9, window: 30d, errorQuery: 'e[5m]', totalQuery: 't[{{.window}}]'`))).toEqual([
      err(
        7,
        73,
        'contexts[0].slos[0].errorQuery',
        'query must contain {{.window}} in its range selector, e.g. rate(x[{{.window}}]), so each burn-rate window can be measured',
      ),
    ]);
  });

  it('rejects externalLabels that are neither auto nor a mapping of non-empty strings', () => {
    const hint = 'must be auto or a mapping of label name to value, e.g. {cluster: eu-1}';
    expect(errorsOf(`${HEAD}${PROM}      externalLabels: automatic\n`)).toEqual([
      err(6, 23, 'contexts[0].prometheus.externalLabels', `${hint} (got string "automatic")`),
    ]);
    expect(errorsOf(`${HEAD}${PROM}      externalLabels: [cluster=eu-1]\n`)).toEqual([err(6, 23, 'contexts[0].prometheus.externalLabels', `${hint} (got a list)`)]);
    expect(errorsOf(`${HEAD}${PROM}      externalLabels:\n        replica: 1\n        cluster: ""\n`)).toEqual([
      err(7, 18, 'contexts[0].prometheus.externalLabels.replica', 'expected a string, got number 1 (quote it: "1")'),
      err(8, 18, 'contexts[0].prometheus.externalLabels.cluster', 'must not be empty (Prometheus drops a label whose value is empty)'),
    ]);
  });

  it('rejects alertRelabelConfigs rules the dashboard could not apply, at the key at fault', () => {
    const rules = '      alertRelabelConfigs:\n        - {action: labeldrop, regex: replica}\n        - {action: rename, regex: x}\n        - {action: drop, regex: "(?=a)"}\n        - {action: hashmod, source_labels: [a]}\n';
    expect(errorsOf(`${HEAD}${PROM}${rules}`)).toEqual([
      err(8, 20, 'contexts[0].prometheus.alertRelabelConfigs[1].action', expect.stringMatching(/^unknown action "rename" \(known: replace, keep, drop, /)),
      err(9, 33, 'contexts[0].prometheus.alertRelabelConfigs[2].regex', '(?=a… is not RE2 or not supported (lookaround, inline flags inside the regex)'),
      err(10, 11, 'contexts[0].prometheus.alertRelabelConfigs[3].modulus', 'hashmod needs a modulus above 0'),
      err(10, 11, 'contexts[0].prometheus.alertRelabelConfigs[3].target_label', 'hashmod needs a target_label'),
    ]);
    expect(errorsOf(`${HEAD}${PROM}      alertRelabelConfigs: {action: drop}\n`)).toEqual([err(6, 28, 'contexts[0].prometheus.alertRelabelConfigs', 'expected a list, got a mapping')]);
  });

  it('checks the workflow-run options of GitHub deploys', () => {
    const deploys = (extra: string) => `${HEAD}${PROM}    deploys:\n      provider: github\n      repo: acme/shop\n${extra}`;
    expect(errorsOf(deploys('      workflow: .github/workflows/deploy.yml\n      event: Push\n'))).toEqual([
      err(9, 17, 'contexts[0].deploys.workflow', 'must be the file name without its folder, e.g. deploy.yml (got ".github/workflows/deploy.yml")'),
      err(10, 14, 'contexts[0].deploys.event', 'must be a GitHub event name such as push, release or workflow_dispatch'),
    ]);
    expect(errorsOf(deploys('      workflow: deploy\n      titlePattern: "Deploy (?<version>\\\\S+"\n'))).toEqual([
      err(9, 17, 'contexts[0].deploys.workflow', 'must be a workflow file name such as deploy.yml, or its numeric id (got "deploy")'),
      err(10, 21, 'contexts[0].deploys.titlePattern', 'must be a regular expression (/Deploy (?<version>\\S+/: Unterminated group)'),
    ]);
    expect(errorsOf(deploys("      workflow: '4242'\n      titlePattern: '^Deploy (?<env>\\w+)$'\n"))).toEqual([
      err(10, 21, 'contexts[0].deploys.titlePattern', 'named group "env" is not one of (?<environment>…), (?<service>…), (?<version>…)'),
    ]);
    expect(errorsOf(deploys("      workflow: deploy.yaml\n      titlePattern: '^Deploy (\\S+)$'\n"))[0]?.message).toMatch(/^must name at least one group: \(\?<environment>…\)/);
    expect(errorsOf(deploys('      branch: main\n'))).toEqual([
      err(9, 7, 'contexts[0].deploys.branch', "branch filters workflow runs; set workflow too (the deploy workflow's file name, e.g. deploy.yml)"),
    ]);
  });

  it('refuses a rollback to the deploy workflow that its history could not tell from a deploy', () => {
    const text = `${HEAD}${PROM}    deploys: {provider: github, repo: acme/shop, workflow: deploy.yml}\n    rollback:\n      provider: github-actions\n      repo: acme/shop\n      workflow: deploy.yml\n      inputs: {version: '{{version}}'}\n`;
    expect(errorsOf(text)).toEqual([
      err(
        10,
        17,
        'contexts[0].rollback.workflow',
        `"deploy.yml" is also the deploy workflow whose runs are the deploy history; add oncall_request_id to rollback.inputs and show it in the workflow's run-name, so a rollback run is not read as a deploy of the ref's head commit`,
      ),
    ]);
    const fixed = parseConfig(text.replace("{version: '{{version}}'}", "{version: '{{version}}', oncall_request_id: set-by-oncall}"), 'config.yaml');
    expect(fixed.ok).toBe(true);
    const pushOnly = parseConfig(text.replace('workflow: deploy.yml}', 'workflow: deploy.yml, event: push}'), 'config.yaml');
    expect(pushOnly.ok).toBe(true);
  });

  it('refuses rollback.command as a string: it would need a shell', () => {
    const text = `${HEAD}${PROM}    deploys: {provider: json, file: deploys.json}\n    rollback:\n      provider: command\n      command: kubectl rollout undo deploy/x\n`;
    expect(errorsOf(text)).toEqual([
      err(
        9,
        16,
        'contexts[0].rollback.command',
        'command must be a list of arguments, not a string (it runs without a shell), e.g. [kubectl, rollout, undo, deployment/checkout]',
      ),
    ]);
  });

  it('names the expected and the actual type', () => {
    expect(errorsOf(`${HEAD}    readOnly: yes\n${PROM}`)).toEqual([err(4, 15, 'contexts[0].readOnly', 'expected true or false, got string "yes"')]);
  });

  it('reports a missing required key at the object that lacks it', () => {
    expect(errorsOf(`${HEAD}    prometheus:\n      timeout: 5s\n`)).toEqual([err(4, 5, 'contexts[0].prometheus.url', 'missing required key "url"')]);
  });

  it('rejects a context with no sources', () => {
    expect(errorsOf(`${HEAD}    readOnly: true\n`)).toEqual([
      err(3, 5, 'contexts[0]', 'context has no sources; configure prometheus, alertmanagers, alertSources, deploys or rollback'),
    ]);
  });

  it('reports several errors at once, in file order', () => {
    const text = [
      'current-context: prod',
      'theem: dark',
      'contexts:',
      '  - name: prod',
      '    prometheus:',
      '      url: ftp://x',
      '      bearerToken: abc',
      '    slos:',
      "      - {name: a, service: s, objective: 0, window: 7d, errorQuery: 'e[{{.window}}]'}",
      '',
    ].join('\n');
    const errors = errorsOf(text);
    expect(errors).toEqual([
      err(2, 1, 'theem', 'unknown key "theem" (did you mean "theme"?)'),
      err(6, 12, 'contexts[0].prometheus.url', 'must be an http or https URL (got "ftp://x")'),
      err(7, 7, 'contexts[0].prometheus.bearerToken', `${SECRET}; use bearerTokenEnv/bearerTokenFile ${HOW}`),
      err(9, 9, 'contexts[0].slos[0].totalQuery', 'missing required key "totalQuery" (a ratio SLO needs errorQuery and totalQuery)'),
      err(9, 42, 'contexts[0].slos[0].objective', 'objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 0)'),
    ]);
    expect(formatConfigErrors(errors).split('\n')).toEqual([
      'config.yaml:2:1: theem: unknown key "theem" (did you mean "theme"?)',
      'config.yaml:6:12: contexts[0].prometheus.url: must be an http or https URL (got "ftp://x")',
      `config.yaml:7:7: contexts[0].prometheus.bearerToken: ${SECRET}; use bearerTokenEnv/bearerTokenFile ${HOW}`,
      'config.yaml:9:9: contexts[0].slos[0].totalQuery: missing required key "totalQuery" (a ratio SLO needs errorQuery and totalQuery)',
      'config.yaml:9:42: contexts[0].slos[0].objective: objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 0)',
    ]);
  });

  it('rejects an empty file and a document that is not a mapping', () => {
    expect(errorsOf('')).toEqual([err(null, null, '', 'config file is empty; see examples/config.yaml for a starting point')]);
    expect(errorsOf('- a\n- b\n')).toEqual([err(1, 1, '', 'config must be a mapping of keys, got a list')]);
  });
});

describe('parseConfig accepts a valid config', () => {
  const text = `${HEAD}${PROM}    slos:\n      - {name: a, service: s, objective: 99.9, window: 30d, errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'}\n`;

  it('applies every default', () => {
    const result = parseConfig(text, 'config.yaml');
    expect(result).toEqual({
      ok: true,
      config: {
        'current-context': 'prod',
        keys: {},
        ack: {duration: '15m', commentPrefix: 'ACK!'},
        refresh: {slos: '15s', history: '60s', alerts: '15s', deploys: '60s', panels: '15s'},
        notify: 'off',
        contexts: [
          {
            name: 'prod',
            readOnly: false,
            prometheus: {url: 'http://127.0.0.1:9090', headers: {}, insecureSkipVerify: false, timeout: '10s'},
            alertmanagers: [],
            slos: [{name: 'a', service: 's', objective: 99.9, window: '30d', errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'}],
            sloFiles: [],
            panels: [],
          },
        ],
      },
    } satisfies ConfigResult);
  });

  it('takes glyphs: ascii or unicode, and names the choices for anything else', () => {
    const result = parseConfig(`glyphs: ascii\n${text}`, 'config.yaml');
    expect(result.ok && result.config.glyphs).toBe('ascii');
    expect(errorsOf(`glyphs: utf8\n${text}`)).toEqual([err(1, 9, 'glyphs', 'must be ascii or unicode')]);
  });

  it('keeps alertRelabelConfigs as written in Prometheus', () => {
    const result = parseConfig(`${HEAD}${PROM}      alertRelabelConfigs:\n        - action: labeldrop\n          regex: replica\n`, 'config.yaml');
    expect(result.ok ? result.config.contexts[0]?.prometheus?.alertRelabelConfigs : result.errors).toEqual([{action: 'labeldrop', regex: 'replica'}]);
  });

  it('keeps externalLabels as a mapping or auto', () => {
    const labels = (value: string) => {
      const result = parseConfig(`${HEAD}${PROM}      externalLabels: ${value}\n`, 'config.yaml');
      return result.ok ? result.config.contexts[0]?.prometheus?.externalLabels : result.errors;
    };
    expect(labels('{cluster: eu-1, replica: "1"}')).toEqual({cluster: 'eu-1', replica: '1'});
    expect(labels('auto')).toBe('auto');
  });

  it('names an unnamed Alertmanager after its host', () => {
    const result = parseConfig(`${HEAD}    alertmanagers:\n      - url: http://am.example.com:9093/\n`, 'config.yaml');
    expect(result.ok && result.config.contexts[0]?.alertmanagers[0]?.name).toBe('am.example.com:9093');
  });
});

describe('parseConfig and YAML features', () => {
  it('ignores top-level x- keys and applies merge keys, so endpoints can share settings', () => {
    const text = `current-context: a\nx-prom: &prom {url: http://p, headers: {X-Scope-OrgID: t}}\ncontexts:\n  - name: a\n    prometheus: {<<: *prom, timeout: 5s}\n`;
    const result = parseConfig(text, 'config.yaml');
    expect(result.ok && result.config.contexts[0]?.prometheus).toEqual({
      url: 'http://p',
      headers: {'X-Scope-OrgID': 't'},
      insecureSkipVerify: false,
      timeout: '5s',
    });
  });

  it('still refuses a secret kept under an x- key', () => {
    expect(errorsOf(`x-auth: {token: abc}\n${HEAD}${PROM}`)).toEqual([err(1, 10, 'x-auth.token', `${SECRET}; use tokenEnv/tokenFile ${HOW}`)]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['current-context: a', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(errorsOf(lines.join('\n'))).toEqual([err(null, null, '', 'YAML error: Excessive alias count indicates a resource exhaustion attack')]);
  });

  // An alias inside the node its anchor names has no finite value: the library builds a
  // circular object without complaint, and any walk over it overflows the stack.
  it('refuses an alias inside the node its anchor names, at the alias', () => {
    expect(errorsOf('current-context: a\nx-a: &a [*a]\n')).toEqual([err(2, 10, 'x-a[0]', 'YAML error: alias *a refers to the node that holds it (a cycle)')]);
    const self = `${HEAD}${PROM}    self: *c\n`.replace('  - name: prod', '  - &c\n    name: prod');
    expect(errorsOf(self)).toEqual([err(7, 11, 'contexts[0].self', 'YAML error: alias *c refers to the node that holds it (a cycle)')]);
    expect(errorsOf('current-context: a\nx-a: &a\n  <<: *a\n  k: 1\n')).toEqual([err(3, 7, 'x-a["<<"]', 'YAML error: alias *a refers to the node that holds it (a cycle)')]);
  });

  it('reports tab indentation where it happens', () => {
    expect(errorsOf('current-context: a\ncontexts:\n\t- name: a\n')).toEqual([err(3, 1, '', 'YAML syntax error: Tabs are not allowed as indentation')]);
  });
});

describe('examples/config.yaml', () => {
  it('validates, with every relative path resolved against its folder', async () => {
    const file = fileURLToPath(new URL('../../examples/config.yaml', import.meta.url));
    const result = await loadConfig(file);
    if (!result.ok) throw new Error(formatConfigErrors(result.errors));
    const dir = join(file, '..');
    const [prod, staging] = result.config.contexts;
    expect(result.config['current-context']).toBe('prod-eu');
    // Commented out: the file must validate when copied alone to where oncall looks.
    expect(prod?.sloFiles).toEqual([]);
    expect(prod?.slos.map((s) => s.name)).toEqual(['checkout-availability', 'checkout-latency']);
    expect(staging?.prometheus?.basicAuth?.passwordFile).toBe(join(dir, 'secrets/mimir-password'));
    expect(staging?.readOnly).toBe(true);
  });
});

describe('loadConfig', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oncall-config-'));
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('reports a missing file as one error naming it', async () => {
    const file = join(dir, 'missing.yaml');
    expect(await loadConfig(file)).toEqual({
      ok: false,
      errors: [{file, line: null, column: null, path: '', message: 'config file not found; create it (see examples/config.yaml) or pass --config'}],
    });
  });

  it('reports a directory given as the config', async () => {
    const result = await loadConfig(dir);
    expect(result.ok ? null : formatConfigErrors(result.errors)).toBe(`${dir}: config path is a directory, not a file`);
  });

  it('resolves relative file paths against the config file, and keeps absolute ones', async () => {
    const file = join(dir, 'config.yaml');
    const text = `${HEAD}    prometheus:\n      url: https://prom.example.com\n      caFile: certs/ca.pem\n      bearerTokenFile: /run/secrets/prom\n    deploys: {provider: json, file: ./deploys.json, tokenFile: token}\n`;
    await writeFile(file, text);
    const result = await loadConfig(file);
    if (!result.ok) throw new Error(formatConfigErrors(result.errors));
    const ctx = result.config.contexts[0];
    expect(ctx?.prometheus?.caFile).toBe(join(dir, 'certs/ca.pem'));
    expect(ctx?.prometheus?.bearerTokenFile).toBe('/run/secrets/prom');
    expect(ctx?.deploys).toMatchObject({provider: 'json', file: join(dir, 'deploys.json'), tokenFile: join(dir, 'token')});
  });
});
