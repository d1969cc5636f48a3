/**
 * A credential header other than Authorization (`PRIVATE-TOKEN`, `X-Api-Key`, `X-Auth-Token`)
 * is refused written literally, as the HTTP client treats it as secret; `headersEnv` and
 * `headersFile` give it by reference.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it, onTestFinished} from 'vitest';
import {endpointOptions} from '../../src/cli/compose.ts';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';

function errorsOf(yaml: string): string {
  const r = parseConfig(`${HEAD}${yaml}`, 'config.yaml');
  return r.ok ? '(accepted)' : formatConfigErrors(r.errors);
}

describe('a token written into a credential header other than Authorization', () => {
  for (const name of ['PRIVATE-TOKEN', 'X-Api-Key', 'X-Auth-Token']) {
    it(`refuses a value under headers.${name}, without repeating it, and names headersEnv`, () => {
      const token = fakeToken('glpat-', 20);
      const text = errorsOf(`    prometheus: {url: "http://127.0.0.1:9090", headers: {${name}: ${token}}}\n`);
      expect(text).toContain(`contexts[0].prometheus.headers.${name}: literal secrets are not allowed in config; the "${name}" header carries a credential: move it to headersEnv`);
      expect(text).not.toContain(token);
    });
  }

  it('refuses one under a json deploys or webhook rollback entry too, and keeps plain headers', () => {
    const text = errorsOf(
      '    deploys: {provider: json, url: "https://ci.example/d.json", headers: {X-Api-Key: k1}}\n' +
        '    rollback: {provider: webhook, url: "https://hooks.example/h", headers: {X-Session: s1, X-Team: sre}}\n',
    );
    expect(text).toContain('contexts[0].deploys.headers.X-Api-Key: literal secrets');
    expect(text).toContain('contexts[0].rollback.headers.X-Session: literal secrets');
    expect(text).not.toContain('X-Team');
    expect(errorsOf('    prometheus: {url: "http://127.0.0.1:9090", headers: {X-Scope-OrgID: team-a}}\n')).toBe('(accepted)');
  });

  it('refuses a header given twice, or Authorization by reference', () => {
    const text = errorsOf('    prometheus: {url: "http://127.0.0.1:9090", headers: {x-api-key: ""}, headersEnv: {X-Api-Key: K, Authorization: A}}\n');
    expect(text).toContain('contexts[0].prometheus.headersEnv.X-Api-Key: header "X-Api-Key" is already set in headers');
    expect(text).toContain('contexts[0].prometheus.headersEnv.Authorization: set the Authorization header with bearerTokenEnv/bearerTokenFile or basicAuth, not headersEnv');
  });

  it('sends a header read from an env var or a file, and notes one that cannot be had', () => {
    const {dir, cleanup} = tempDir();
    onTestFinished(cleanup);
    writeFileSync(join(dir, 'gitlab-token'), 'from-the-file\n');
    const r = parseConfig(
      `${HEAD}    prometheus: {url: "http://127.0.0.1:9090", headersEnv: {X-Api-Key: PROM_KEY, X-Other: UNSET_KEY}, headersFile: {PRIVATE-TOKEN: gitlab-token}}\n`,
      join(dir, 'config.yaml'),
    );
    if (!r.ok) throw new Error(formatConfigErrors(r.errors));
    const notes: string[] = [];
    const options = endpointOptions(r.config.contexts[0]!.prometheus!, {PROM_KEY: ' from-env '}, notes, 'prometheus');
    expect(options.headers).toEqual({'X-Api-Key': 'from-env', 'PRIVATE-TOKEN': 'from-the-file'});
    expect(notes).toEqual(['prometheus: "X-Other" header not found (env var UNSET_KEY)']);
  });
});
