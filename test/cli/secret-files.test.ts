/**
 * A bearer token or password file is read again when it changes: a rotated Kubernetes projected
 * token or Vault agent file must reach the next request, not wait for a restart.
 */
import {mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {endpointOptions} from '../../src/cli/compose.ts';
import {rereadingSecretFile} from '../../src/cli/secret-files.ts';
import {formatConfigErrors} from '../../src/config/config-errors.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {createHttpClient} from '../../src/sources/http/http-client.ts';

const HEAD = 'current-context: a\ncontexts:\n  - name: a\n';
const dir = mkdtempSync(join(tmpdir(), 'oncall-secret-files-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('bearerTokenFile and passwordFile', () => {
  let server: Server;
  let url = '';
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"success","data":[]}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    url = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  async function twoRequests(yaml: string, file: string, second: string): Promise<string[]> {
    seen.length = 0;
    const r = parseConfig(`${HEAD}    prometheus: {url: "${url}", ${yaml}}\n`, join(dir, 'config.yaml'));
    if (!r.ok) throw new Error(formatConfigErrors(r.errors));
    const client = createHttpClient({...endpointOptions(r.config.contexts[0]!.prometheus!, {}, [], 'prometheus'), timeoutMs: 5000});
    await client.getJson('/api/v1/x');
    writeFileSync(file, second); // the agent rotates the token mid-incident
    await client.getJson('/api/v1/x');
    await client.close();
    return [...seen];
  }

  it('sends the token the file holds now after it was rotated (k8s projected token, Vault agent)', async () => {
    // It kept sending the first token: a dashboard left open through an incident got 401s once
    // it expired (Prometheus itself re-reads bearer_token_file per request).
    const file = join(dir, 'prom-token');
    writeFileSync(file, 'first-token-value\n');
    expect(await twoRequests(`bearerTokenFile: ${file}`, file, 'second-token-value\n')).toEqual(['Bearer first-token-value', 'Bearer second-token-value']);
  });

  it('sends the password the file holds now', async () => {
    const file = join(dir, 'prom-password');
    writeFileSync(file, 'pw-one\n');
    const basic = (pw: string) => `Basic ${Buffer.from(`oncall:${pw}`).toString('base64')}`;
    expect(await twoRequests(`basicAuth: {username: oncall, passwordFile: ${file}}`, file, 'pw-two-rotated\n')).toEqual([basic('pw-one'), basic('pw-two-rotated')]);
  });
});

describe('rereadingSecretFile', () => {
  it('follows a file swapped in by rename, and keeps the last value while the file is missing or empty', () => {
    const file = join(dir, 'swapped');
    writeFileSync(file, 'one');
    const get = rereadingSecretFile(file, 'one');
    expect(get()).toBe('one');
    writeFileSync(join(dir, 'next'), 'two-longer\n');
    renameSync(join(dir, 'next'), file);
    expect(get()).toBe('two-longer');
    rmSync(file);
    expect(get()).toBe('two-longer');
    writeFileSync(file, '  \n');
    expect(get()).toBe('two-longer');
    writeFileSync(file, 'three\n');
    expect(get()).toBe('three');
  });
});
