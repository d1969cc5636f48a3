/**
 * The proxy a bastion's environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`): reads go
 * through it as `curl`'s would, loopback and `NO_PROXY` hosts go direct, and a backend's TLS is
 * still verified inside the tunnel. The proxy is a real forward proxy on loopback that resolves
 * the `.oncall-test` names itself (the client never does: only the proxy knows them).
 */
import {readFileSync} from 'node:fs';
import {createServer as createHttpServer, type Server} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';
import {proxyFor, proxySettings, unusableProxyFor} from '../../../src/sources/http/proxy-settings.ts';
import {createAgent} from '../../../src/sources/http/undici-core.ts';
import {randomRun} from '../../helpers/fake-tokens.ts';
import {startForwardProxy, type ForwardProxy} from '../../helpers/forward-proxy.ts';

const TLS_DIR = join(import.meta.dirname, 'tls');
const port = (server: Server) => (server.address() as AddressInfo).port;
const listen = (server: Server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

let backend: Server;
let secure: Server;
let proxy: ForwardProxy;
let tunnels: string[] = [];

beforeAll(async () => {
  backend = createHttpServer((req, res) => {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({path: req.url}));
  });
  secure = createHttpsServer({cert: readFileSync(join(TLS_DIR, 'localhost-cert.pem')), key: readFileSync(join(TLS_DIR, 'localhost-key.pem'))}, (req, res) => {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end('{"secure":true}');
  });
  proxy = await startForwardProxy();
  tunnels = proxy.carried;
  await Promise.all([listen(backend), listen(secure)]);
});

afterAll(async () => {
  await Promise.all([close(backend), close(secure), proxy.close()]);
});

// The environment the clients read: each test sets its own, and the process's comes back after.
const saved = {...process.env};
afterEach(() => {
  for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  tunnels.length = 0;
});

function useProxy(env: Record<string, string>): void {
  for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];
  Object.assign(process.env, env);
}

describe('proxySettings', () => {
  it('reads the variables curl reads, lower case first, and always leaves loopback direct', () => {
    expect(proxySettings({})).toBeNull();
    expect(proxySettings({NO_PROXY: 'internal'})).toBeNull();
    expect(proxySettings({HTTPS_PROXY: 'http://proxy:3128'})).toEqual({httpsProxy: 'http://proxy:3128', noProxy: 'localhost,127.0.0.0/8,::1'});
    expect(proxySettings({https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', http_proxy: 'http://c:3', no_proxy: '.corp,prom.internal'})).toEqual({
      httpProxy: 'http://c:3',
      httpsProxy: 'http://a:1',
      noProxy: '.corp,prom.internal,localhost,127.0.0.0/8,::1',
    });
  });
  it('reads ALL_PROXY for a scheme whose own variable is not set, as curl does', () => {
    expect(proxySettings({ALL_PROXY: 'socks5h://127.0.0.1:1080'})).toEqual({httpProxy: 'socks5://127.0.0.1:1080', httpsProxy: 'socks5://127.0.0.1:1080', noProxy: 'localhost,127.0.0.0/8,::1'});
    expect(proxySettings({all_proxy: 'http://a:1', ALL_PROXY: 'http://z:9', HTTP_PROXY: 'http://b:2'})).toEqual({httpProxy: 'http://b:2', httpsProxy: 'http://a:1', noProxy: 'localhost,127.0.0.0/8,::1'});
    expect(proxySettings({ALL_PROXY: 'socks4://p:1', https_proxy: 'http://c:3'})).toEqual({httpsProxy: 'http://c:3', unusable: {http: 'ALL_PROXY'}, noProxy: 'localhost,127.0.0.0/8,::1'});
  });
});

describe('proxySettings on values curl takes', () => {
  it('reads a proxy without a scheme as http://, as curl does', () => {
    expect(proxySettings({HTTPS_PROXY: 'proxy.corp:3128'})).toEqual({httpsProxy: 'http://proxy.corp:3128', noProxy: 'localhost,127.0.0.0/8,::1'});
    expect(proxySettings({http_proxy: ' user:pw@proxy.corp:3128\n'})?.httpProxy).toBe('http://user:pw@proxy.corp:3128');
  });
  it('uses the scheme, credentials, host and port of a proxy URL only, as curl does', () => {
    const token = randomRun(20, 17);
    expect(proxySettings({HTTPS_PROXY: `https://u:p@proxy.corp:3128/some/path?token=${token}#x`})?.httpsProxy).toBe('https://u:p@proxy.corp:3128');
  });
  it('takes SOCKS5 (socks5h://, as ssh -D is named, sends names to the proxy as socks5:// does here)', () => {
    expect(proxySettings({HTTPS_PROXY: 'socks5h://127.0.0.1:1080'})?.httpsProxy).toBe('socks5://127.0.0.1:1080');
    expect(proxySettings({HTTPS_PROXY: 'socks5://127.0.0.1:1080'})?.httpsProxy).toBe('socks5://127.0.0.1:1080');
  });
  it('gives a proxy without a port curl\'s: 1080, or 443 for an https:// proxy; a written port is kept', () => {
    const of = (value: string) => proxySettings({HTTPS_PROXY: value})?.httpsProxy;
    expect(of('proxy.corp')).toBe('http://proxy.corp:1080');
    expect(of('http://u:p@proxy.corp/')).toBe('http://u:p@proxy.corp:1080');
    expect(of('https://proxy.corp')).toBe('https://proxy.corp:443');
    expect(of('socks5h://127.0.0.1')).toBe('socks5://127.0.0.1:1080');
    expect(of('http://[::1]')).toBe('http://[::1]:1080');
    expect(of('http://proxy.corp:80')).toBe('http://proxy.corp:80');
    expect(of('https://proxy.corp:443')).toBe('https://proxy.corp:443');
    expect(of('http://proxy.corp:3128')).toBe('http://proxy.corp:3128');
    // Messages name the port the proxy is reached on.
    expect(proxyFor('https://api.github.com', proxySettings({HTTPS_PROXY: 'proxy.corp'}))).toBe('proxy.corp:1080');
    expect(proxyFor('https://api.github.com', proxySettings({HTTPS_PROXY: 'http://proxy.corp:80'}))).toBe('proxy.corp:80');
  });
  it('keeps a value no proxy can be made of as unusable, by the name of its variable', () => {
    for (const value of ['socks4://proxy.corp:1080', 'http://proxy corp:3128', 'http://[::1', 'ftp://user:pw@proxy.corp']) {
      const settings = proxySettings({https_proxy: value, HTTP_PROXY: 'http://web-proxy.corp:8080'});
      expect(settings, value).toEqual({httpProxy: 'http://web-proxy.corp:8080', unusable: {https: 'https_proxy'}, noProxy: 'localhost,127.0.0.0/8,::1'});
      // A request it would carry goes nowhere (curl fails it too); loopback and NO_PROXY stay direct.
      expect(unusableProxyFor('https://api.github.com', settings!)).toBe('https_proxy');
      expect(proxyFor('https://api.github.com', settings!)).toBeNull();
      expect(unusableProxyFor('https://127.0.0.1:9090', settings!)).toBeNull();
      expect(unusableProxyFor('http://prom.example', settings!)).toBeNull();
    }
  });
});

describe('a proxy password with a bare %', () => {
  // undici decodes the credentials with decodeURIComponent while the Agent is built: `50%off`
  // threw "URI malformed" there, and every command died of it, even a loopback-only one.
  it('is unusable, by the name of its variable: loopback and NO_PROXY still go direct', () => {
    const settings = proxySettings({HTTPS_PROXY: 'http://ops:50%off@proxy.corp:3128', NO_PROXY: 'prom.internal'});
    expect(settings).toEqual({unusable: {https: 'HTTPS_PROXY'}, noProxy: 'prom.internal,localhost,127.0.0.0/8,::1'});
    expect(unusableProxyFor('https://api.github.com', settings)).toBe('HTTPS_PROXY');
    expect(unusableProxyFor('https://prom.internal', settings)).toBeNull();
    expect(() => createAgent({}, {HTTPS_PROXY: 'http://ops:50%off@proxy.corp:3128'})).not.toThrow();
    // Written as curl wants it, %25, it is a password like any other.
    expect(proxySettings({HTTPS_PROXY: 'http://ops:50%25off@proxy.corp:3128'})?.httpsProxy).toBe('http://ops:50%25off@proxy.corp:3128');
  });

  it('fails what it would carry naming the variable, never the password; loopback answers', async () => {
    const pw = `${randomRun(12, 23)}%zz`;
    useProxy({HTTPS_PROXY: `http://ops:${pw}@proxy.corp:3128`, HTTP_PROXY: `http://ops:${pw}@proxy.corp:3128`});
    const remote = createHttpClient({baseUrl: 'https://api.github.example', timeoutMs: 5_000});
    const local = createHttpClient({baseUrl: `http://127.0.0.1:${port(backend)}`, timeoutMs: 5_000});
    try {
      const failure = await remote.getJson('/repos').then(() => null, (error: unknown) => error as Error);
      expect(failure?.message).toMatch(/^GET https:\/\/api\.github\.example\/repos: HTTPS_PROXY is not a proxy URL .*%25/);
      expect(failure?.message).not.toContain(pw.slice(0, 12));
      expect(await local.getJson('/pct')).toEqual({path: '/pct'});
    } finally {
      await Promise.all([remote.close(), local.close()]);
    }
  });
});

describe('proxyFor', () => {
  const settings = proxySettings({HTTPS_PROXY: 'http://user:secret@proxy.corp:3128', HTTP_PROXY: 'http://web-proxy.corp:8080', NO_PROXY: 'internal, .svc.local,*.mon.corp,grafana.corp:3000'})!;
  it('names the proxy a URL goes through, without its credentials', () => {
    expect(proxyFor('https://api.github.com', settings)).toBe('proxy.corp:3128');
    expect(proxyFor('http://prom.example:9090', settings)).toBe('web-proxy.corp:8080');
    expect(proxyFor('https://grafana.corp', settings)).toBe('proxy.corp:3128');
  });
  it('is null for what goes direct: NO_PROXY names, their subdomains, loopback, a name on its port', () => {
    for (const url of ['http://internal:9090', 'http://prom.internal:9090', 'http://am.svc.local', 'http://prom.mon.corp', 'http://grafana.corp:3000', 'http://localhost:9090', 'http://127.0.0.1:9093', 'http://[::1]:9093']) {
      expect(proxyFor(url, settings), url).toBeNull();
    }
    // `*.name` is for subdomains only.
    expect(proxyFor('http://mon.corp', settings)).toBe('web-proxy.corp:8080');
    expect(proxyFor('http://x.example', proxySettings({HTTP_PROXY: 'http://p:1', NO_PROXY: '*'}))).toBeNull();
    expect(proxyFor('http://x.example', null)).toBeNull();
  });
  it('is null for an address in a NO_PROXY CIDR block, IPv4 or IPv6, and for all of 127.0.0.0/8', () => {
    const blocks = proxySettings({HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/8, fd00::/8,[2001:db8::]/32,192.168.1.0/33'});
    for (const url of ['http://10.1.2.3:9090', 'https://10.255.0.1', 'http://[fd12::1]:9093', 'http://[2001:db8::7]', 'http://127.0.0.2:9090', 'http://127.1.2.3']) {
      expect(proxyFor(url, blocks), url).toBeNull();
    }
    // Outside the blocks; a name is not resolved to be matched, as curl does not; a block with a
    // prefix too long for its address is no block.
    for (const url of ['http://11.0.0.1', 'http://[fe80::1]', 'http://10.example', 'http://192.168.1.5', 'http://128.0.0.1']) {
      expect(proxyFor(url, blocks), url).toBe('p:1');
    }
  });
});

describe('a client under a proxy', () => {
  it('says the proxy when it cannot be reached, not only "connection refused"', async () => {
    const dead = createHttpServer();
    await listen(dead);
    const deadPort = port(dead);
    await close(dead);
    useProxy({HTTPS_PROXY: `http://127.0.0.1:${deadPort}`});
    const client = createHttpClient({baseUrl: 'https://api.github.example', timeoutMs: 5_000});
    try {
      await expect(client.getJson('/repos')).rejects.toThrow(`GET https://api.github.example/repos via proxy 127.0.0.1:${deadPort}: connection refused`);
    } finally {
      await client.close();
    }
  });

  it('reads through the proxy the environment names', async () => {
    useProxy({HTTP_PROXY: proxy.url});
    const client = createHttpClient({baseUrl: `http://backend.oncall-test:${port(backend)}`, timeoutMs: 5_000});
    try {
      expect(await client.getJson('/api/v2/alerts')).toEqual({path: '/api/v2/alerts'});
      expect(tunnels).toEqual([`backend.oncall-test:${port(backend)}`]);
    } finally {
      await client.close();
    }
  });

  it('goes direct to loopback and to what NO_PROXY names', async () => {
    useProxy({HTTP_PROXY: proxy.url, NO_PROXY: 'backend.oncall-test'});
    const local = createHttpClient({baseUrl: `http://127.0.0.1:${port(backend)}`, timeoutMs: 5_000});
    const named = createHttpClient({baseUrl: `http://backend.oncall-test:${port(backend)}`, timeoutMs: 5_000});
    try {
      expect(await local.getJson('/x')).toEqual({path: '/x'});
      // Direct, the name does not resolve: proof it did not go through the proxy, which knows it.
      await expect(named.getJson('/x')).rejects.toThrow(/unavailable|not found|ENOTFOUND|EAI_AGAIN/i);
      expect(tunnels).toEqual([]);
    } finally {
      await Promise.all([local.close(), named.close()]);
    }
  });

  it('goes direct to any loopback address, not only 127.0.0.1', async () => {
    const local = createHttpServer((req, res) => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.end(JSON.stringify({path: req.url}));
    });
    await new Promise<void>((done) => local.listen(0, '127.0.0.2', done));
    useProxy({HTTP_PROXY: proxy.url});
    const client = createHttpClient({baseUrl: `http://127.0.0.2:${port(local)}`, timeoutMs: 5_000});
    try {
      expect(await client.getJson('/x')).toEqual({path: '/x'});
      expect(tunnels).toEqual([]);
    } finally {
      await client.close();
      await close(local);
    }
  });

  it('verifies the backend\'s certificate inside the tunnel, as without a proxy', async () => {
    useProxy({HTTPS_PROXY: proxy.url});
    const url = `https://secure.oncall-test:${port(secure)}`;
    const verified = createHttpClient({baseUrl: url, timeoutMs: 5_000});
    const skipped = createHttpClient({baseUrl: url, timeoutMs: 5_000, insecureSkipVerify: true});
    try {
      await expect(verified.getJson('/')).rejects.toThrow(/TLS certificate not trusted/);
      expect(await skipped.getJson('/')).toEqual({secure: true});
      expect(tunnels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tunnels)).toEqual(new Set([`secure.oncall-test:${port(secure)}`]));
    } finally {
      await Promise.all([verified.close(), skipped.close()]);
    }
  });

  it('reads through a proxy named without a scheme, and with a path and query', async () => {
    useProxy({HTTP_PROXY: `${proxy.url.replace(/^http:\/\//, '')}/ignored?x=1`});
    const client = createHttpClient({baseUrl: `http://backend.oncall-test:${port(backend)}`, timeoutMs: 5_000});
    try {
      expect(await client.getJson('/api/v2/alerts')).toEqual({path: '/api/v2/alerts'});
      expect(tunnels).toEqual([`backend.oncall-test:${port(backend)}`]);
    } finally {
      await client.close();
    }
  });

  it('fails what an unusable proxy would carry, naming its variable and not its credentials; loopback still answers', async () => {
    const pw = randomRun(16, 19);
    useProxy({HTTPS_PROXY: `socks4://alice:${pw}@proxy.corp:1080`});
    const remote = createHttpClient({baseUrl: 'https://api.github.example', timeoutMs: 5_000});
    const local = createHttpClient({baseUrl: `http://127.0.0.1:${port(backend)}`, timeoutMs: 5_000});
    try {
      const failure = await remote.getJson('/repos').then(() => null, (error: unknown) => error as Error);
      expect(failure?.message).toMatch(/^GET https:\/\/api\.github\.example\/repos: HTTPS_PROXY is not a proxy URL/);
      expect(failure?.message).not.toContain(pw);
      expect(failure?.message).not.toContain('alice');
      expect(await local.getJson('/z')).toEqual({path: '/z'});
      expect(tunnels).toEqual([]);
    } finally {
      await Promise.all([remote.close(), local.close()]);
    }
  });

  it('uses no proxy when none is named', async () => {
    useProxy({});
    const client = createHttpClient({baseUrl: `http://127.0.0.1:${port(backend)}`, timeoutMs: 5_000});
    try {
      expect(await client.getJson('/y')).toEqual({path: '/y'});
      expect(tunnels).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
