import {afterEach, describe, expect, it} from 'vitest';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';
import {dropPrefetched, prefetchedCount, prefetchGet, prefetchSent, takePrefetched} from '../../../src/sources/http/prefetch.ts';
import {startLocalServer, type LocalServer} from './local-server.ts';

let server: LocalServer | null = null;
afterEach(async () => {
  await dropPrefetched();
  await server?.close();
  server = null;
});

async function jsonServer(delayMs = 0): Promise<LocalServer> {
  server = await startLocalServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.end('[]');
    }, delayMs);
  });
  return server;
}

const ACCEPT = {accept: 'application/json'};

describe('prefetchGet / takePrefetched', () => {
  it('gives the answer only for the identical request (URL, headers in any order or case, timeout), once', async () => {
    const s = await jsonServer();
    prefetchGet(`${s.url}/a`, {accept: 'application/json', 'X-Scope-OrgID': 't1'}, 5000);
    expect(takePrefetched(`${s.url}/b`, {accept: 'application/json', 'X-Scope-OrgID': 't1'}, 5000)).toBeNull();
    expect(takePrefetched(`${s.url}/a`, {accept: 'application/json', 'X-Scope-OrgID': 't2'}, 5000)).toBeNull();
    expect(takePrefetched(`${s.url}/a`, {accept: 'application/json'}, 5000)).toBeNull();
    expect(takePrefetched(`${s.url}/a`, {accept: 'application/json', 'X-Scope-OrgID': 't1'}, 6000)).toBeNull();
    const taken = takePrefetched(`${s.url}/a`, {'x-scope-orgid': 't1', accept: 'application/json'}, 5000);
    expect(taken).not.toBeNull();
    expect(await (await taken!).body.json()).toEqual([]);
    expect(takePrefetched(`${s.url}/a`, {accept: 'application/json', 'X-Scope-OrgID': 't1'}, 5000)).toBeNull();
    expect(s.requests.map((r) => [r.method, r.url, r.headers['x-scope-orgid']])).toEqual([['GET', '/a', 't1']]);
  });

  it('sends a request once however often it is prefetched, and resolves prefetchSent once it is written', async () => {
    const s = await jsonServer();
    prefetchGet(`${s.url}/a`, ACCEPT, 5000);
    prefetchGet(`${s.url}/a`, ACCEPT, 5000);
    await prefetchSent(5000);
    expect(prefetchedCount()).toBe(1);
    await takePrefetched(`${s.url}/a`, ACCEPT, 5000)!.then((r) => r.body.text());
    expect(s.requests).toHaveLength(1);
  });

  it('is what the HTTP client uses for the same GET: the server sees one request', async () => {
    const s = await jsonServer(50);
    prefetchGet(`${s.url}/api/v2/alerts`, ACCEPT, 5000);
    const client = createHttpClient({baseUrl: s.url, timeoutMs: 5000});
    expect(await client.getJson('/api/v2/alerts')).toEqual([]);
    expect(prefetchedCount()).toBe(0);
    expect(s.requests).toHaveLength(1);
    await client.close();
  });

  it('is not used by a client that would send something else (a token, a CA, no TLS check)', async () => {
    const s = await jsonServer();
    for (const extra of [{bearerToken: 'secret'}, {insecureSkipVerify: true}, {caPem: 'not used'}, {headers: {'X-Scope-OrgID': 't1'}}]) {
      prefetchGet(`${s.url}/x`, ACCEPT, 5000);
      const client = createHttpClient({baseUrl: s.url, timeoutMs: 5000, ...extra});
      await client.getJson('/x');
      expect(prefetchedCount()).toBe(1);
      await client.close();
    }
  });

  it('drops what was not taken: a hanging answer is aborted and nothing keeps the process waiting', async () => {
    server = await startLocalServer(() => {
      // Never answers.
    });
    prefetchGet(`${server.url}/hang`, ACCEPT, 60_000);
    await prefetchSent(5000);
    const before = performance.now();
    await dropPrefetched();
    expect(performance.now() - before).toBeLessThan(5000);
    expect(prefetchedCount()).toBe(0);
    expect(takePrefetched(`${server.url}/hang`, ACCEPT, 60_000)).toBeNull();
  });
});
