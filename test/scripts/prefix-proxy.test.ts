import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startPrefixProxy, type PrefixProxy} from '../../scripts/prefix-proxy.ts';

/** An upstream that answers every request with what it was asked and how many times it was asked. */
async function echoServer(): Promise<{url: string; asked: () => number; close(): Promise<void>}> {
  let asked = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      asked++;
      res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({url: req.url, body, asked}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {url: `http://127.0.0.1:${port}`, asked: () => asked, close: () => new Promise((resolve) => server.close(() => resolve()))};
}

describe('startPrefixProxy', () => {
  let upstream: Awaited<ReturnType<typeof echoServer>>;
  let proxy: PrefixProxy;
  const post = (path: string, form: string) => fetch(`${proxy.url}${path}`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: form});

  beforeAll(async () => {
    upstream = await echoServer();
    proxy = await startPrefixProxy({a: {upstream: upstream.url}, b: {upstream: upstream.url}, stuck: {hang: true}});
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  it('forwards /<prefix>/… without the prefix, the query and form body unchanged, and counts by prefix and path', async () => {
    const got = (await (await post('/a/api/v1/query?x=1', 'query=up&time=5')).json()) as {url: string; body: string};
    expect(got).toMatchObject({url: '/api/v1/query?x=1', body: 'query=up&time=5'});
    await fetch(`${proxy.url}/b/api/v2/alerts`);
    expect([proxy.countOf('a'), proxy.countOf('a', '/api/v1/query'), proxy.countOf('b', '/api/v2/alerts'), proxy.countOf('b', '/api/v1/query')]).toEqual([1, 1, 1, 0]);
    expect((await fetch(`${proxy.url}/nowhere/x`)).status).toBe(404);
  });

  it('replays what it recorded, per prefix and question, whatever the instant; asks the upstream on a miss', async () => {
    proxy.mode = 'record';
    const recorded = await (await post('/a/api/v1/query', 'query=up&time=1')).text();
    proxy.mode = 'replay';
    const before = upstream.asked();
    // Another instant, the same question: the recorded answer, the upstream not asked.
    expect(await (await post('/a/api/v1/query', 'query=up&time=99')).text()).toBe(recorded);
    expect(upstream.asked()).toBe(before);
    // Another question, or the same one of another context: asked, counted as a miss.
    await post('/a/api/v1/query', 'query=down&time=1');
    await post('/b/api/v1/query', 'query=up&time=1');
    expect(upstream.asked()).toBe(before + 2);
    expect(proxy.misses).toBe(2);
    proxy.mode = 'forward';
  });

  it('a hanging route never answers, and is counted', async () => {
    const settled = await Promise.race([fetch(`${proxy.url}/stuck/api/v1/query`).then(() => 'answered', () => 'closed'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    expect(settled).toBe('waiting');
    expect(proxy.countOf('stuck')).toBe(1);
  });
});
