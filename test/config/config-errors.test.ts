import {describe, expect, it} from 'vitest';
import {closestKey, describeValue, formatConfigErrors, formatPath, quote, sortConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {fakeJwt, fakeToken} from '../helpers/fake-tokens.ts';

describe('formatPath', () => {
  it('writes indexes in brackets, plain keys with dots and odd keys quoted', () => {
    expect(formatPath(['contexts', 0, 'prometheus', 'url'])).toBe('contexts[0].prometheus.url');
    expect(formatPath(['current-context'])).toBe('current-context');
    expect(formatPath(['keys', 'a.b', 'x y'])).toBe('keys["a.b"]["x y"]');
    // A token pasted as a key is never written; a long header name of words is.
    expect(formatPath(['headers', fakeToken('glpat-', 20)])).toBe('headers[<a key that looks like a token>]');
    expect(formatPath(['headers', 'Access-Control-Allow-Credentials', 'x'])).toBe('headers.Access-Control-Allow-Credentials.x');
    expect(formatPath([])).toBe('');
  });
});

describe('formatConfigErrors', () => {
  it('writes one line per error, leaving out what is unknown', () => {
    const text = formatConfigErrors([
      {file: 'config.yaml', line: 12, column: 7, path: 'contexts[0].prometheus.url', message: 'must be an http or https URL (got "ftp://x")'},
      {file: 'config.yaml', line: 2, column: 3, path: '', message: 'YAML syntax error: bad'},
      {file: 'missing.yaml', line: null, column: null, path: '', message: 'config file not found'},
    ]);
    expect(text).toBe(
      [
        'config.yaml:12:7: contexts[0].prometheus.url: must be an http or https URL (got "ftp://x")',
        'config.yaml:2:3: YAML syntax error: bad',
        'missing.yaml: config file not found',
      ].join('\n'),
    );
  });
});

describe('formatConfigErrors on hostile text', () => {
  // Found by fuzzing the SLO files: `version: ["\u202a"]` printed a raw bidi embedding, because
  // JSON quoting escapes C0 controls only.
  it('escapes the bidi, C1, DEL and escape characters a quoted value or a file name carries', () => {
    const text = formatConfigErrors([
      {file: 'slos/evil\u202e.yaml', line: 2, column: 3, path: 'keys["\x9b2J"]', message: `unsupported Sloth spec version ${quote(['\u202a\x7f\x1b]52;c;eA==\x07'])}`},
    ]);
    expect(text).toBe('slos/evil\\u202e.yaml:2:3: keys["\\x9b2J"]: unsupported Sloth spec version ["\\u202a\\x7f\\u001b]52;c;eA==\\u0007"]');
  });
});

describe('sortConfigErrors', () => {
  it('orders by line then column, errors without a position last', () => {
    const e = (line: number | null, column: number | null) => ({file: 'f', line, column, path: '', message: `${line}:${column}`});
    expect(sortConfigErrors([e(null, null), e(3, 9), e(3, 2), e(1, 5)]).map((x) => x.message)).toEqual(['1:5', '3:2', '3:9', 'null:null']);
  });
});

describe('closestKey', () => {
  const known = ['url', 'headers', 'readOnly', 'alertmanagers'];
  it('suggests within an edit distance of two, ignoring case', () => {
    expect(closestKey('urll', known)).toBe('url');
    expect(closestKey('readonly', known)).toBe('readOnly');
    expect(closestKey('alertmanager', known)).toBe('alertmanagers');
    expect(closestKey('hedaers', known)).toBe('headers');
  });
  it('suggests nothing further away', () => {
    expect(closestKey('colour', known)).toBeNull();
    expect(closestKey('x', [])).toBeNull();
  });
});

describe('quote and describeValue', () => {
  it('escape control characters and shorten long values', () => {
    expect(quote('a\u001b[31mb')).toBe('"a\\u001b[31mb"');
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(76)}…`);
  });
  it('never show a value shaped like a token (one pasted a line off, under a key that is no secret\'s)', () => {
    for (const token of [fakeToken('ghp_', 36), fakeToken('glpat-', 20), fakeJwt(), ` ${fakeToken('xoxb-', 40)}\n`]) {
      expect(quote(token)).toBe('<a value that looks like a token>');
      expect(describeValue(token)).toBe('string <a value that looks like a token>');
    }
    // Names and words are shown: they say what is wrong.
    expect(quote('sk-prod-metrics-reader-token')).toBe('"sk-prod-metrics-reader-token"');
    expect(quote('PrometheusBearerTokenEu1West')).toBe('"PrometheusBearerTokenEu1West"');
  });
  it('keep a token out of the errors of url, timeout and current-context', () => {
    const token = fakeToken('ghp_', 36);
    const cases: Array<[string, string]> = [
      ['prometheus.url', `current-context: t\ncontexts:\n  - name: t\n    prometheus: {url: "${token}", bearerTokenEnv: PROM_TOKEN}\n`],
      ['prometheus.timeout', `current-context: t\ncontexts:\n  - name: t\n    prometheus: {url: "https://prom.example", timeout: "${token}"}\n`],
      ['current-context', `current-context: "${token}"\ncontexts:\n  - name: t\n    prometheus: {url: "https://prom.example"}\n`],
    ];
    for (const [key, text] of cases) {
      const r = parseConfig(text, 'config.yaml');
      const shown = r.ok ? '' : formatConfigErrors(r.errors);
      expect(shown, key).toContain(key);
      expect(shown, key).toContain('<a value that looks like a token>');
      expect(shown, key).not.toContain(token);
    }
  });
  it('name the kind of a value', () => {
    expect([null, [1], {a: 1}, 'yes', 5, true].map(describeValue)).toEqual([
      'an empty value',
      'a list',
      'a mapping',
      'string "yes"',
      'number 5',
      'boolean true',
    ]);
  });
});

describe('non-finite numbers', () => {
  it('an infinite or overflowing number is named as such, not as "number null"', () => {
    // YAML reads 1e400 as Infinity, which JSON writes as null: "expected a number, got number null".
    const head = 'current-context: a\ncontexts:\n  - name: a\n    prometheus: {url: http://127.0.0.1:9090}\n';
    const r = parseConfig(`${head}maxConcurrentRequests: 1e400\n`, 'config.yaml');
    expect(r.ok ? '' : formatConfigErrors(r.errors)).toBe('config.yaml:5:24: maxConcurrentRequests: expected a number, got Infinity, not a finite number');
    expect(describeValue(Number.NaN)).toBe('NaN, not a finite number');
    expect(quote(-Infinity)).toBe('-Infinity');
  });
});

describe('a key named like an Object.prototype member', () => {
  it('gets the message of any other key', () => {
    const head = 'current-context: a\ncontexts:\n  - name: a\n';
    const r = parseConfig(`${head}    prometheus: {url: http://127.0.0.1:9090, headers: {constructor: x}}\n`, 'config.yaml');
    expect(r.ok ? '' : formatConfigErrors(r.errors)).not.toContain('native code');
  });
});
