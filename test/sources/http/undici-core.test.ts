import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {request as indexRequest} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Agent, request} from '../../../src/sources/http/undici-core.ts';
import {startLocalServer, type LocalServer} from './local-server.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('undici-core', () => {
  let server: LocalServer;
  const agent = new Agent({connections: 2});

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, {'content-type': 'application/json', 'x-seen': req.url ?? ''});
      res.end(JSON.stringify({method: req.method, url: req.url}));
    });
  });

  afterAll(async () => {
    await agent.close();
    await server.close();
  });

  it("sends what undici's own request sends and gives back the same answer (path, query, method, headers, body)", async () => {
    for (const [path, method, body] of [['/api/v2/alerts', 'GET', undefined], ['/api/v1/query?query=up%7Bjob%3D%22a%22%7D&time=1', 'GET', undefined], ['/api/v2/silences', 'POST', '{"a":1}'], ['/missing', 'GET', undefined]] as const) {
      const opts = {dispatcher: agent, method, headers: {accept: 'application/json', 'x-tenant': 't1'}, body} as const;
      const mine = await request(`${server.url}${path}`, opts);
      const theirs = await indexRequest(`${server.url}${path}`, opts);
      expect([mine.statusCode, mine.headers['x-seen'], await mine.body.text()]).toEqual([theirs.statusCode, theirs.headers['x-seen'], await theirs.body.text()]);
    }
    const sent = server.requests.map((r) => [r.method, r.url, r.headers['x-tenant'], r.body]);
    expect(sent.filter((_, i) => i % 2 === 0)).toEqual(sent.filter((_, i) => i % 2 === 1));
    expect(sent[2]).toEqual(['GET', '/api/v1/query?query=up%7Bjob%3D%22a%22%7D&time=1', 't1', '']);
  });

  it('honours an abort signal as the index does', async () => {
    const error = await request(`${server.url}/x`, {dispatcher: agent, method: 'GET', signal: AbortSignal.abort()}).then(() => null, (e: unknown) => e as Error);
    expect(error?.name).toBe('AbortError');
  });

  // The point of the module: the HTTP client loads undici without its index (fetch, WebSocket,
  // cache stores, mocks), which every one-shot command otherwise loads before its first request.
  it("loads neither undici's index nor its fetch", () => {
    const script = `
      const {createRequire} = await import('node:module');
      await import(${JSON.stringify(`${ROOT}src/sources/http/http-client.ts`)});
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({agent: cache.some((k) => k.endsWith('undici/lib/dispatcher/agent.js')), index: cache.some((k) => k.endsWith('undici/index.js')), fetch: cache.some((k) => k.includes('undici/lib/web/fetch'))}));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: ROOT, encoding: 'utf8'});
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({agent: true, index: false, fetch: false});
  });
});
