import {describe, expect, it} from 'vitest';
import {describeHiddenValue, formatConfigErrors, isSecretPath} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {fakeJwt} from '../helpers/fake-tokens.ts';

const FILE = '/etc/oncall/config.yaml';

/** A one-context config whose Prometheus carries `extra` (YAML flow keys). */
const withProm = (extra: string) => `current-context: a\ncontexts:\n  - name: a\n    prometheus: {url: 'http://prom:9090', ${extra}}\n`;

/** The errors of a config that must be refused: the printed text, and each as [file, line, path, message]. */
function errorsOf(text: string): {text: string; rows: Array<[string, number | null, string, string]>} {
  const result = parseConfig(text, FILE);
  if (result.ok) throw new Error('config was accepted');
  return {text: formatConfigErrors(result.errors), rows: result.errors.map((e) => [e.file, e.line, e.path, e.message])};
}

describe('a credential written in the wrong shape is not quoted back', () => {
  it('headers given as one "Authorization: Bearer …" string: file, path and what is wrong, not the token', () => {
    const jwt = fakeJwt();
    const {text, rows} = errorsOf(withProm(`headers: "Authorization: Bearer ${jwt}"`));
    expect(text).not.toContain(jwt.split('.')[0]);
    expect(rows).toEqual([[FILE, 4, 'contexts[0].prometheus.headers', `expected a mapping, got a string of ${`Authorization: Bearer ${jwt}`.length} characters (not shown: it may be a secret)`]]);
  });

  it('basicAuth written curl-style as "user:password"', () => {
    const {text, rows} = errorsOf(withProm('basicAuth: "admin:hunter2-prod"'));
    expect(text).not.toContain('hunter2');
    expect(rows).toEqual([[FILE, 4, 'contexts[0].prometheus.basicAuth', 'expected a mapping, got a string of 18 characters (not shown: it may be a secret)']]);
  });

  it('a number under headers or a token-named key is named as a number, without its digits', () => {
    const {text, rows} = errorsOf(withProm('headers: {X-Api-Pin: 90210417}, bearerTokenEnv: 55512345'));
    expect(text).not.toMatch(/90210417|55512345/);
    expect(rows).toEqual([
      [FILE, 4, 'contexts[0].prometheus.headers.X-Api-Pin', 'expected a string, got a number (quote it)'],
      [FILE, 4, 'contexts[0].prometheus.bearerTokenEnv', 'expected a string, got a number (quote it)'],
    ]);
  });

  it('a webhook rollback whose secretEnv holds a scalar of the wrong type is not quoted either', () => {
    const {text} = errorsOf(`current-context: a\ncontexts:\n  - name: a\n    rollback: {provider: webhook, url: 'https://hooks.example/r', secretEnv: 4242424242}\n`);
    expect(text).not.toContain('4242424242');
    expect(text).toContain('contexts[0].rollback.secretEnv: expected a string, got a number');
  });

  it('values elsewhere are still quoted, so an ordinary mistake is easy to find', () => {
    expect(errorsOf(withProm('timeout: 5')).text).toContain('contexts[0].prometheus.timeout: a duration needs a unit: write 5s for 5 seconds, or use m, h, d (got number 5)');
  });
});

describe('isSecretPath and describeHiddenValue', () => {
  it('treat everything at or below a credential key as secret, case-insensitively', () => {
    const secret = [['headers'], ['x', 'Headers', 'X-Org'], ['basicAuth', 'username'], ['auth'], ['tokenEnv'], ['bearerTokenFile'], ['PASSWORD'], ['secretEnv'], ['apiKey'], ['api_key']];
    const plain = [['contexts', 0, 'name'], ['prometheus', 'url'], ['keys', 'refresh'], ['deploys', 'inputs', 'version']];
    expect(secret.filter((p) => !isSecretPath(p))).toEqual([]);
    expect(plain.filter((p) => isSecretPath(p))).toEqual([]);
  });

  it('say the kind and length of a value, never the value', () => {
    expect(describeHiddenValue('Bearer abc')).toBe('a string of 10 characters (not shown: it may be a secret)');
    expect(describeHiddenValue(12345)).toBe('a number');
    expect(describeHiddenValue(true)).toBe('true or false');
    expect(describeHiddenValue(['x'])).toBe('a list');
  });
});
