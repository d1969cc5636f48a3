/**
 * A bearerTokenFile is read again when it changes, and one missing at start (a Vault agent or
 * projected volume not ready yet) is sent once it appears.
 */
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {endpointOptions} from '../../src/cli/compose.ts';
import {createHttpClient} from '../../src/sources/http/http-client.ts';

async function withServer(fn: (port: number, seen: string[]) => Promise<void>) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(String(req.headers.authorization ?? '(none)'));
    res.writeHead(200, {'content-type': 'application/json'});
    res.end('{"status":"success","data":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn((server.address() as AddressInfo).port, seen);
  } finally {
    server.close();
  }
}

describe('bearerTokenFile re-read', () => {
  it('(control, passes) an atomically replaced token file is sent from the next request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-tok-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, 'first-token-aaaa\n');
      await withServer(async (port, seen) => {
        const notes: string[] = [];
        const opts = endpointOptions({url: `http://127.0.0.1:${port}`, bearerTokenFile: file, headers: {}, timeout: '10s', insecureSkipVerify: false} as never, {}, notes, 'prometheus');
        const client = createHttpClient({...opts, timeoutMs: 5000});
        await client.getJson('/api/v1/alerts');
        writeFileSync(join(dir, 'token.new'), 'second-token-bbbb\n');
        renameSync(join(dir, 'token.new'), file);
        await client.getJson('/api/v1/alerts');
        await client.close();
        expect(seen).toEqual(['Bearer first-token-aaaa', 'Bearer second-token-bbbb']);
      });
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('a token file that appears after start (Vault agent / projected volume not ready yet) is sent once it exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-tok-'));
    try {
      const file = join(dir, 'token');
      await withServer(async (port, seen) => {
        const notes: string[] = [];
        const opts = endpointOptions({url: `http://127.0.0.1:${port}`, bearerTokenFile: file, headers: {}, timeout: '10s', insecureSkipVerify: false} as never, {}, notes, 'prometheus');
        expect(notes.join('\n')).toContain('not found');
        const client = createHttpClient({...opts, timeoutMs: 5000});
        writeFileSync(file, 'late-token-cccc\n');
        await client.getJson('/api/v1/alerts');
        await client.close();
        expect(seen).toEqual(['Bearer late-token-cccc']);
      });
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
