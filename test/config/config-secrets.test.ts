import {describe, expect, it} from 'vitest';
import {describeSecretRef, findLiteralSecrets, lookupSecret, resolveSecret} from '../../src/config/config-secrets.ts';
import {randomRun} from '../helpers/fake-tokens.ts';

const HOW = '(the name of an env var, or the path of a file, holding the secret)';
const SECRET = 'literal secrets are not allowed in config';

describe('findLiteralSecrets', () => {
  it('flags a value shared by an alias at each place it is used', () => {
    const shared = {token: 'a'};
    expect(findLiteralSecrets({contexts: [{p: shared}, {p: shared}]}).map((f) => f.path)).toEqual([
      ['contexts', 0, 'p', 'token'],
      ['contexts', 1, 'p', 'token'],
    ]);
  });

  it('flags every secret-named key, case-insensitively, anywhere in the document', () => {
    const doc = {
      contexts: [
        {
          prometheus: {Token: 'a', basicAuth: {username: 'u', PASSWORD: 'b'}},
          unknownThing: {nested: {apiKey: 'c', bearertoken: 'd'}},
          rollback: {provider: 'webhook', secret: 'e'},
        },
      ],
    };
    expect(findLiteralSecrets(doc)).toEqual([
      {path: ['contexts', 0, 'prometheus', 'Token'], target: 'key', message: `${SECRET}; use tokenEnv/tokenFile ${HOW}`},
      {path: ['contexts', 0, 'prometheus', 'basicAuth', 'PASSWORD'], target: 'key', message: `${SECRET}; use basicAuth.passwordEnv/passwordFile ${HOW}`},
      {path: ['contexts', 0, 'unknownThing', 'nested', 'apiKey'], target: 'key', message: `${SECRET}; use tokenEnv/tokenFile ${HOW}`},
      {path: ['contexts', 0, 'unknownThing', 'nested', 'bearertoken'], target: 'key', message: `${SECRET}; use bearerTokenEnv/bearerTokenFile ${HOW}`},
      {path: ['contexts', 0, 'rollback', 'secret'], target: 'key', message: `${SECRET}; use secretEnv/secretFile ${HOW}`},
    ]);
  });

  it('leaves empty values and the …Env/…File keys alone', () => {
    expect(findLiteralSecrets({token: null, password: '', tokenEnv: 'T', tokenFile: 'f', secretEnv: 'S'})).toEqual([]);
  });

  it('flags Authorization headers with the alternative that fits the owner, Proxy-Authorization with headersEnv', () => {
    const doc = {
      prometheus: {headers: {'Proxy-Authorization': 'x', 'X-Scope-OrgID': 'a'}},
      deploys: {provider: 'json', headers: {AUTHORIZATION: 'x'}},
      rollback: {provider: 'webhook', headers: {authorization: 'x'}},
    };
    expect(findLiteralSecrets(doc).map((f) => f.message)).toEqual([
      `${SECRET}; the "Proxy-Authorization" header carries a credential: move it to headersEnv ({"Proxy-Authorization": ENV_VAR}) or headersFile ({"Proxy-Authorization": path}) ${HOW}`,
      `${SECRET}; instead of the AUTHORIZATION header use tokenEnv/tokenFile ${HOW}`,
      `${SECRET}; instead of the authorization header use secretEnv/secretFile ${HOW}`,
    ]);
  });

  it('flags credentials inside a URL without repeating them', () => {
    const found = findLiteralSecrets({alertmanagers: [{url: 'https://user:hunter2@am.example.com'}, {url: 'https://am.example.com'}], x: 'https://tok@host/'});
    expect(found.map((f) => f.path)).toEqual([['alertmanagers', 0, 'url'], ['x']]);
    expect(found[0]?.message).toBe(
      `${SECRET}; move the credentials out of the URL into basicAuth (username + passwordEnv/passwordFile) or a token env var`,
    );
    expect(found.some((f) => f.message.includes('hunter2'))).toBe(false);
  });

  it('flags credentials the URL parser reads without `//`, with one `/`, or after spaces', () => {
    // The HTTP client reads each of these as https://alice:…@am.example:9093 and sends basic auth.
    const pw = randomRun(16, 9);
    const urls = [`https:alice:${pw}@am.example:9093`, `https:/alice:${pw}@am.example:9093`, ` https://alice:${pw}@am.example:9093`, `HTTPS://tok@am.example\n`];
    expect(findLiteralSecrets({urls}).map((f) => f.path)).toEqual(urls.map((_, i) => ['urls', i]));
    // Text that only looks like it: no authority outside the web schemes.
    expect(findLiteralSecrets({a: 'team:alice@corp', b: 'mailto:alice@example.com', c: 'user:pass'})).toEqual([]);
  });
});

const files: Record<string, string> = {'/s/token': '  abc123\n', '/s/empty': '\n'};
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: open '${path}'`), {code: 'ENOENT'});
  return text;
};

describe('resolveSecret', () => {
  it('reads an env var, trimmed', () => {
    expect(resolveSecret({env: 'TOKEN'}, {TOKEN: ' t0k \n'}, readFile)).toBe('t0k');
  });

  it('returns null for an unset or blank env var, or no reference', () => {
    expect(resolveSecret({env: 'TOKEN'}, {}, readFile)).toBeNull();
    expect(resolveSecret({env: 'TOKEN'}, {TOKEN: '  '}, readFile)).toBeNull();
    expect(resolveSecret({}, {TOKEN: 'x'}, readFile)).toBeNull();
  });

  it('reads a file, trimmed; an empty file is null', () => {
    expect(resolveSecret({file: '/s/token'}, {}, readFile)).toBe('abc123');
    expect(resolveSecret({file: '/s/empty'}, {}, readFile)).toBeNull();
  });

  it('returns null for a file it cannot read, rather than throwing', () => {
    expect(resolveSecret({file: '/s/missing'}, {}, readFile)).toBeNull();
  });

  it('prefers the env var when both are given', () => {
    expect(resolveSecret({env: 'TOKEN', file: '/s/token'}, {TOKEN: 'from-env'}, readFile)).toBe('from-env');
  });
});

describe('lookupSecret', () => {
  const failing = (code: string) => () => {
    throw Object.assign(new Error(`${code}: cannot open, first line: hunter2`), {code});
  };

  it('says why a file could not be read, never what the error or the file held', () => {
    expect(lookupSecret({file: '/s/token'}, {}, failing('EACCES'))).toEqual({problem: 'not readable (EACCES)'});
    expect(lookupSecret({file: '/s/token'}, {}, failing('EISDIR'))).toEqual({problem: 'is a directory'});
    expect(lookupSecret({file: '/s/missing'}, {}, readFile)).toEqual({problem: 'not found'});
    expect(lookupSecret({file: '/s/empty'}, {}, readFile)).toEqual({problem: 'empty'});
    expect(lookupSecret({file: '/s/token'}, {}, readFile)).toEqual({value: 'abc123'});
  });

  it('tells an unset env var from a blank one', () => {
    expect(lookupSecret({env: 'TOKEN'}, {}, readFile)).toEqual({problem: 'not found'});
    expect(lookupSecret({env: 'TOKEN'}, {TOKEN: ' \n'}, readFile)).toEqual({problem: 'empty'});
  });
});

describe('describeSecretRef', () => {
  it('says where a secret comes from without reading it', () => {
    expect(describeSecretRef({env: 'PROM_TOKEN'})).toBe('env var PROM_TOKEN');
    expect(describeSecretRef({file: '/s/token'})).toBe('file /s/token');
    expect(describeSecretRef({})).toBe('no secret configured');
  });

  it('does not repeat an env name of another shape than upper-case letters, digits and _ (it may be the secret)', () => {
    expect(describeSecretRef({env: 'hunter2prod'}, 'bearerTokenEnv')).toBe('the env var named in bearerTokenEnv');
    expect(describeSecretRef({env: 'prom_token'})).toBe('the env var named in the config');
  });
});

describe('keys named like Object.prototype members', () => {
  it('are not taken for secret keys (a plain-object lookup found Object itself)', () => {
    // It said "… literal secrets are not allowed in config; use function Object() { [native code] } …".
    const doc = JSON.parse('{"contexts": [{"prometheus": {"headers": {"constructor": "x", "__proto__": "y", "toString": "z"}}}]}') as unknown;
    expect(findLiteralSecrets(doc)).toEqual([]);
  });
});
