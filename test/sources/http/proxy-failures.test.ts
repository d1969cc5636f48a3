/**
 * An HTTP(S) proxy that fails a request before the backend sees it: one that accepts and never
 * answers a CONNECT, one that refuses it (407, 403), one that refuses a plain-http request
 * (407). Each fails within the client's timeout, is said as the proxy's doing, and a write it
 * carried is "not sent": the proxy passed nothing on. Before, a silent proxy held an ack for
 * undici's 300 s, and a refusal read as "may have landed". The client's limits (64 MiB answers,
 * 8 connections) hold for plain-http backends through the proxy too.
 */
import {createServer as createHttpServer, type Server} from 'node:http';
import {createServer as createNetServer, type AddressInfo, type Socket} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';
import {mayHaveReachedServer} from '../../../src/sources/http/http-errors.ts';
import {startForwardProxy} from '../../helpers/forward-proxy.ts';

const VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
const port = (server: {address(): unknown}) => (server.address() as AddressInfo).port;
const listen = (server: Server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

// Requests the backend holds while `holding`, until released: how many it has at once.
let backend: Server;
const received: string[] = [];
let holding = false;
const held: Array<() => void> = [];
const release = () => {
  holding = false;
  for (const answer of held.splice(0)) answer();
};

beforeAll(async () => {
  backend = createHttpServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    const answer = () => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.end('{"ok":true}');
    };
    if (holding) held.push(answer);
    else answer();
  });
  await listen(backend);
});
afterAll(async () => {
  backend.closeAllConnections();
  await close(backend);
});
afterEach(() => {
  release();
  received.length = 0;
  for (const name of VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function useProxy(env: Record<string, string>): void {
  for (const name of VARS) delete process.env[name];
  Object.assign(process.env, env);
}

/** How a promise settles: its error, or "answered". */
const outcome = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: unknown) => error);

describe('an HTTP proxy that fails the request', () => {
  it('fails an https write within the client timeout when the proxy never answers its CONNECT, as not sent', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    useProxy({HTTPS_PROXY: `http://127.0.0.1:${port(silent)}`});
    const client = createHttpClient({baseUrl: 'https://am.oncall-test:9093', timeoutMs: 1000, insecureSkipVerify: true});
    try {
      const started = Date.now();
      const error = await outcome(client.postJson('/api/v2/silences', {}));
      expect(Date.now() - started).toBeLessThan(4000);
      expect(String(error)).toContain(`POST https://am.oncall-test:9093/api/v2/silences via proxy 127.0.0.1:${port(silent)}: the proxy did not answer within 1000 ms`);
      expect(mayHaveReachedServer(error)).toBe(false);
    } finally {
      await client.close({abort: true});
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 15_000);

  it.each([407, 403])('says a CONNECT the proxy answers %i is refused, and a write it carried not sent', async (status) => {
    const refuser = createHttpServer((_req, res) => res.writeHead(status).end());
    refuser.on('connect', (_req, socket: Socket) => socket.end(`HTTP/1.1 ${status} No\r\ncontent-length: 0\r\n\r\n`));
    await listen(refuser);
    useProxy({HTTPS_PROXY: `http://127.0.0.1:${port(refuser)}`});
    const client = createHttpClient({baseUrl: 'https://am.oncall-test:9093', timeoutMs: 3000, insecureSkipVerify: true});
    try {
      const error = await outcome(client.postJson('/api/v2/silences', {}));
      expect(String(error)).toContain(`via proxy 127.0.0.1:${port(refuser)}: the proxy refused (${status}): `);
      expect(mayHaveReachedServer(error)).toBe(false);
    } finally {
      await client.close();
      refuser.closeAllConnections();
      await close(refuser);
    }
  });

  it('says a proxy refused the login the variable carries, never its password', async () => {
    const refuser = createHttpServer();
    refuser.on('connect', (_req, socket: Socket) => socket.end('HTTP/1.1 407 No\r\ncontent-length: 0\r\n\r\n'));
    await listen(refuser);
    useProxy({HTTPS_PROXY: `http://ops:s3cret-pw@127.0.0.1:${port(refuser)}`});
    const client = createHttpClient({baseUrl: 'https://am.oncall-test:9093', timeoutMs: 3000, insecureSkipVerify: true});
    try {
      const error = await outcome(client.getJson('/api/v2/alerts'));
      expect(String(error)).toContain('the proxy refused (407): it did not take the user and password in the proxy variable');
      expect(String(error)).not.toContain('s3cret');
    } finally {
      await client.close();
      refuser.closeAllConnections();
      await close(refuser);
    }
  });

  it('says a plain-http write the proxy answers 407 is refused, and not sent', async () => {
    const refuser = createHttpServer((_req, res) => res.writeHead(407, {'proxy-authenticate': 'Basic realm="corp"'}).end());
    await listen(refuser);
    useProxy({HTTP_PROXY: `http://127.0.0.1:${port(refuser)}`});
    const client = createHttpClient({baseUrl: `http://am.oncall-test:${port(backend)}`, timeoutMs: 3000});
    try {
      const error = await outcome(client.postJson('/api/v2/silences', {}));
      expect(String(error)).toContain(`via proxy 127.0.0.1:${port(refuser)}: the proxy refused (407): `);
      expect(received).toEqual([]);
      expect(mayHaveReachedServer(error)).toBe(false);
    } finally {
      await client.close();
      refuser.closeAllConnections();
      await close(refuser);
    }
  });
});

describe('the limits of a plain-http backend through an HTTP proxy', () => {
  it('refuses an answer over 64 MiB, as direct', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const huge = createHttpServer((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.write('[');
      let sent = 0;
      const more = () => {
        while (sent < 65) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end(']');
      };
      more();
    });
    await listen(huge);
    const proxy = await startForwardProxy();
    useProxy({HTTP_PROXY: proxy.url});
    const client = createHttpClient({baseUrl: `http://huge.oncall-test:${port(huge)}`, timeoutMs: 20_000});
    try {
      const error = await outcome(client.getJson('/api/v1/alerts'));
      expect(proxy.carried).toEqual([`huge.oncall-test:${port(huge)}`]);
      expect(String(error)).toContain('response too large');
    } finally {
      await client.close();
      huge.closeAllConnections();
      await proxy.close();
      await close(huge);
    }
  }, 60_000);

  it('opens at most 8 connections, as direct', async () => {
    const proxy = await startForwardProxy();
    useProxy({HTTP_PROXY: proxy.url});
    holding = true;
    const client = createHttpClient({baseUrl: `http://backend.oncall-test:${port(backend)}`, timeoutMs: 10_000});
    try {
      const reads = Array.from({length: 12}, (_, i) => client.getJson(`/held/${i}`));
      await vi.waitFor(() => expect(held.length).toBeGreaterThanOrEqual(8));
      // Time for more to arrive, were they sent.
      await new Promise((done) => setTimeout(done, 300));
      expect(held.length).toBe(8);
      release();
      await Promise.all(reads);
    } finally {
      release();
      await client.close();
      await proxy.close();
    }
  });
});
