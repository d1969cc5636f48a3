/**
 * A header whose name merely holds key, pass, session or auth is no credential: the config loads
 * with it written literally, as before the credential-header refusal.
 */
import {describe, expect, it} from 'vitest';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {isCredentialHeader, isSecretHeader} from '../../src/domain/secret-headers.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';
function errorsOf(yaml: string): string {
  const r = parseConfig(`${HEAD}${yaml}`, 'config.yaml');
  return r.ok ? '(accepted)' : formatConfigErrors(r.errors);
}

describe('benign headers whose names merely contain key/pass/session/auth', () => {
  for (const name of ['X-Cache-Key', 'X-Bypass-Cache', 'Idempotency-Key', 'X-Session-Affinity', 'X-WEBAUTH-USER', 'X-Auth-Request-User']) {
    it(`keeps ${name}: 1 loading as a literal header`, () => {
      expect(errorsOf(`    prometheus: {url: "http://127.0.0.1:9090", headers: {${name}: "1"}}\n`)).toBe('(accepted)');
    });
  }

  it('refuses the names that carry a credential, and the client still scrubs the broad set', () => {
    for (const name of ['PRIVATE-TOKEN', 'JOB-TOKEN', 'X-Api-Key', 'Api-Key', 'X-Auth-Token', 'X-Vault-Token', 'Cookie', 'X-Client-Secret', 'X-Password', 'x_api_key']) {
      expect(isCredentialHeader(name), name).toBe(true);
      expect(isSecretHeader(name), name).toBe(true);
    }
    for (const name of ['X-Cache-Key', 'Idempotency-Key', 'X-Session-Affinity']) expect(isSecretHeader(name), name).toBe(true);
  });
});

describe('Proxy-Authorization by reference', () => {
  it('is taken from headersEnv, not told to use bearerTokenEnv, which sets Authorization instead', () => {
    const text = errorsOf(`    prometheus: {url: "http://p:9090", headersEnv: {Proxy-Authorization: PROXY_AUTH}}\n`);
    expect(text).not.toMatch(/Proxy-Authorization header with bearerTokenEnv/);
    expect(text).toBe('(accepted)');
  });

  it('still refuses Authorization there', () => {
    expect(errorsOf(`    prometheus: {url: "http://p:9090", headersEnv: {Authorization: AUTH}}\n`)).toContain('set the Authorization header with bearerTokenEnv');
  });
});
