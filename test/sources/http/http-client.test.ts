import {afterEach, describe, expect, it} from 'vitest';
import {MockAgent} from 'undici';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createHttpClient, encodeParams, type HttpClient} from '../../../src/sources/http/http-client.ts';
import {HttpFailure, isHtmlAnswer} from '../../../src/sources/http/http-errors.ts';
import {createRequestGate} from '../../../src/sources/http/request-gate.ts';
import {closedPort, startLocalServer, testTls, type LocalServer} from './local-server.ts';

const ORIGIN = 'http://prom.test:9090';
const TOKEN = 's3cr3t-token-value';

/** Runs `fn` and returns what it threw, failing the test if it did not throw a SourceFailure. */
async function failureOf(fn: () => Promise<unknown>): Promise<HttpFailure> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceFailure);
    return error as HttpFailure;
  }
  throw new Error('expected a failure');
}

function mocked(): {agent: MockAgent; client: HttpClient} {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const client = createHttpClient({baseUrl: ORIGIN, bearerToken: TOKEN, timeoutMs: 2000, dispatcher: agent});
  return {agent, client};
}

describe('createHttpClient: responses', () => {
  it('decodes a JSON body and sends the bearer token and extra headers', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let seen: Record<string, string> = {};
    agent
      .get(ORIGIN)
      .intercept({path: '/prometheus/api/v1/query?query=up', method: 'GET'})
      .reply(200, (opts) => {
        seen = opts.headers as Record<string, string>;
        return {status: 'success'};
      }, {headers: {'content-type': 'application/json'}});
    const client = createHttpClient({baseUrl: ORIGIN, pathPrefix: '/prometheus/', headers: {'X-Scope-OrgID': 'team-a'}, bearerToken: TOKEN, timeoutMs: 2000, dispatcher: agent});
    expect(await client.getJson('/api/v1/query', {query: 'up'})).toEqual({status: 'success'});
    expect(seen.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen['X-Scope-OrgID']).toBe('team-a');
  });

  it('maps a 500 with an HTML body to unavailable with a short tag-free excerpt', async () => {
    const {agent, client} = mocked();
    const html = `<html><head><title>Oops</title></head><body><h1>Internal error</h1><p>${'x'.repeat(500)}</p></body></html>`;
    agent.get(ORIGIN).intercept({path: '/api/v1/alerts'}).reply(500, html, {headers: {'content-type': 'text/html'}});
    const failure = await failureOf(() => client.getJson('/api/v1/alerts'));
    expect(failure.kind).toBe('unavailable');
    expect(failure.status).toBe(500);
    expect(failure.detail?.startsWith('Oops Internal error xxx')).toBe(true);
    expect(failure.detail?.length).toBe(200);
    expect(failure.message).toContain('GET http://prom.test:9090/api/v1/alerts: HTTP 500 Internal Server Error: Oops');
    expect(failure.message).not.toContain('<');
  });

  it('maps a 503 plain-text body to unavailable', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/api/v1/query', method: 'POST'}).reply(503, 'Service Unavailable', {headers: {'content-type': 'text/plain'}});
    const failure = await failureOf(() => client.postForm('/api/v1/query', {query: 'up'}));
    expect(failure.kind).toBe('unavailable');
    expect(failure.message).toBe('POST http://prom.test:9090/api/v1/query: HTTP 503 Service Unavailable: Service Unavailable');
  });

  it('reads the Prometheus JSON error envelope, and its timeout errorType', async () => {
    const {agent, client} = mocked();
    const pool = agent.get(ORIGIN);
    const json = {headers: {'content-type': 'application/json'}};
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(400, {status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end'}, json);
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(503, {status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation'}, json);
    const bad = await failureOf(() => client.postForm('/api/v1/query', {query: 'sum('}));
    expect(bad.kind).toBe('bad-response');
    expect(bad.detail).toBe('parse error: unexpected end');
    const slow = await failureOf(() => client.postForm('/api/v1/query', {query: 'up'}));
    expect(slow.kind).toBe('timeout');
    expect(slow.detail).toBe('query timed out in expression evaluation');
  });

  it('maps 401 and 403 to auth without ever quoting the token', async () => {
    const {agent, client} = mocked();
    const pool = agent.get(ORIGIN);
    pool.intercept({path: '/a'}).reply(401, `invalid token ${TOKEN}`, {headers: {'content-type': 'text/plain'}});
    pool.intercept({path: '/b'}).reply(403, {error: `Authorization: Bearer ${TOKEN} denied`}, {headers: {'content-type': 'application/json'}});
    for (const path of ['/a', '/b']) {
      const failure = await failureOf(() => client.getJson(path));
      expect(failure.kind).toBe('auth');
      expect(failure.message).toContain('not authorized');
      expect(failure.message).toContain('[redacted]');
      expect(failure.message).not.toContain(TOKEN);
    }
  });

  it('rejects a 200 that is not JSON, or JSON that does not parse, as bad-response', async () => {
    const {agent, client} = mocked();
    const pool = agent.get(ORIGIN);
    pool.intercept({path: '/html'}).reply(200, '<html>login</html>', {headers: {'content-type': 'text/html; charset=utf-8'}});
    pool.intercept({path: '/broken'}).reply(200, '{"status":', {headers: {'content-type': 'application/json'}});
    const html = await failureOf(() => client.getJson('/html'));
    expect(html.kind).toBe('bad-response');
    expect(html.message).toBe('GET http://prom.test:9090/html: expected JSON, got text/html');
    const broken = await failureOf(() => client.getJson('/broken'));
    expect(broken.kind).toBe('bad-response');
    expect(broken.message).toBe('GET http://prom.test:9090/broken: invalid JSON ({"status":)');
  });

  it('escapes control characters a hostile error body carries', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/x'}).reply(502, 'bad\x1b]52;c;aGk=\x07gateway', {headers: {'content-type': 'text/plain'}});
    const failure = await failureOf(() => client.getJson('/x'));
    expect(failure.detail).toBe('bad␛]52;c;aGk=\\x07gateway');
  });

  it("reads a nested JSON error before escaping and redacting it: PagerDuty's `{error: {message}}`", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const key = 'pd/key-0123456789';
    const client = createHttpClient({baseUrl: ORIGIN, headers: {authorization: `Token token=${key}`}, timeoutMs: 2000, dispatcher: agent});
    // JSON writes ESC as \u001b and may write `/` as `\/`: neither is what is drawn or what the key is.
    const body = `{"error":{"message":"bad \\u001b]52;c;aGk=\\u0007 key ${key.replace('/', '\\/')}","errors":["Access Denied"]}}`;
    agent.get(ORIGIN).intercept({path: '/x'}).reply(401, body, {headers: {'content-type': 'application/json'}});
    const failure = await failureOf(() => client.getJson('/x'));
    expect(failure.detail).toBe('bad ␛]52;c;aGk=\\x07 key [redacted]: Access Denied');
    expect(failure.detailFromJson).toBe(true);
    expect(failure.message).not.toContain(key);
  });

  it('does not follow a redirect: a login proxy is named as such, without the query string', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/api/v1/alerts'}).reply(302, '', {headers: {location: 'https://sso.example/login?state=abc'}});
    const failure = await failureOf(() => client.getJson('/api/v1/alerts'));
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe('GET http://prom.test:9090/api/v1/alerts: HTTP 302 redirect to https://sso.example/login; check the URL, or an authenticating proxy in front');
  });

  it('redacts credential-like headers from messages but keeps the tenant readable', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const client = createHttpClient({baseUrl: ORIGIN, headers: {'X-Scope-OrgID': 'team-a', 'X-Api-Key': 'k3y-value-123'}, timeoutMs: 2000, dispatcher: agent});
    agent.get(ORIGIN).intercept({path: '/x'}).reply(400, 'tenant team-a: key k3y-value-123 rejected', {headers: {'content-type': 'text/plain'}});
    const failure = await failureOf(() => client.getJson('/x'));
    expect(failure.detail).toBe('tenant team-a: key [redacted] rejected');
  });

  it('redacts the credential of a scheme-and-key header (Token token=…) when the backend echoes it alone', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const key = 'u+pd-key-0123456789abcdef';
    const client = createHttpClient({baseUrl: ORIGIN, headers: {authorization: `Token token=${key}`}, timeoutMs: 2000, dispatcher: agent});
    agent.get(ORIGIN).intercept({path: '/x'}).reply(401, `invalid token ${key}; Token and token stay`, {headers: {'content-type': 'text/plain'}});
    const failure = await failureOf(() => client.getJson('/x'));
    expect(failure.message).not.toContain(key);
    expect(failure.detail).toBe('invalid token [redacted]; Token and token stay');
  });

  it('names a redirect target without its user:pass@ or fragment, where a login proxy puts tokens', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/y'}).reply(302, '', {headers: {location: 'https://sso:pw-zzz@sso.example/cb#access_token=tok-zzz'}});
    const failure = await failureOf(() => client.getJson('/y'));
    expect(failure.message).toBe('GET http://prom.test:9090/y: HTTP 302 redirect to https://***@sso.example/cb; check the URL, or an authenticating proxy in front');
  });

  it('refuses a base URL that is not http(s), without echoing it', () => {
    expect(() => createHttpClient({baseUrl: 'ftp://user:pw@host', timeoutMs: 1})).toThrow(/^baseUrl must be an http:\/\/ or https:\/\/ URL$/);
    expect(() => createHttpClient({baseUrl: 'not a url', timeoutMs: 1})).toThrow('baseUrl must be');
  });

  it('returns null for an empty 200 body (DELETE)', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/api/v2/silence/abc', method: 'DELETE'}).reply(200, '');
    expect(await client.delete('/api/v2/silence/abc')).toBeNull();
  });

  it('encodes repeated parameters and skips undefined ones', () => {
    expect(encodeParams({query: 'sum(rate(x[5m]))', 'match[]': ['a', 'b'], partial_response: true, time: undefined})).toBe(
      'query=sum%28rate%28x%5B5m%5D%29%29&match%5B%5D=a&match%5B%5D=b&partial_response=true',
    );
  });
});

describe('createHttpClient: real sockets', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('maps connection refused to unavailable', async () => {
    const port = await closedPort();
    const client = createHttpClient({baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000});
    const failure = await failureOf(() => client.getJson('/api/v1/query'));
    expect(failure.kind).toBe('unavailable');
    expect(failure.message).toBe(`GET http://127.0.0.1:${port}/api/v1/query: connection refused`);
    await client.close();
  });

  it('maps a server that never answers to timeout', async () => {
    server = await startLocalServer(() => {
      /* never answer */
    });
    const client = createHttpClient({baseUrl: server.url, timeoutMs: 150});
    const started = Date.now();
    const failure = await failureOf(() => client.getJson('/slow'));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(`GET ${server.url}/slow: no answer within 150 ms`);
    expect(Date.now() - started).toBeLessThan(2000);
    await client.close();
  });

  it('sends basic auth from the URL, strips it from messages, and posts JSON', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(500, {'content-type': 'text/plain'}).end('boom');
    });
    const url = server.url.replace('http://', 'http://admin:pa55word@');
    const client = createHttpClient({baseUrl: url, timeoutMs: 2000});
    const failure = await failureOf(() => client.postJson('/api/v2/silences', {a: 1}));
    expect(failure.message).toBe(`POST ${server.url}/api/v2/silences: HTTP 500 Internal Server Error: boom`);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('admin:pa55word').toString('base64')}`);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.body).toBe('{"a":1}');
    await client.close();
  });

  it('verifies TLS by default, and trusts a server with caPem or insecureSkipVerify', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'}).end('{"ok":true}');
    }, {tls: true});
    const strict = createHttpClient({baseUrl: server.url, timeoutMs: 2000});
    const failure = await failureOf(() => strict.getJson('/'));
    expect(failure.kind).toBe('unavailable');
    expect(failure.message).toContain('TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    // The remedy names the config key the user writes (caFile), not the client's option.
    expect(failure.message).toMatch(/set caFile .* in the config, or insecureSkipVerify: true/);
    expect(failure.message).not.toContain('caPem');
    const withCa = createHttpClient({baseUrl: server.url, caPem: testTls.cert, timeoutMs: 2000});
    expect(await withCa.getJson('/')).toEqual({ok: true});
    const skip = createHttpClient({baseUrl: server.url, insecureSkipVerify: true, timeoutMs: 2000});
    expect(await skip.getJson('/')).toEqual({ok: true});
    await Promise.all([strict.close(), withCa.close(), skip.close()]);
  });

  it('says an https:// URL on a plain-HTTP port does not speak TLS, and never advises switching verification off', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'}).end('{"ok":true}');
    });
    const url = server.url.replace('http:', 'https:');
    for (const insecureSkipVerify of [false, true]) {
      const client = createHttpClient({baseUrl: url, insecureSkipVerify, timeoutMs: 2000});
      const failure = await failureOf(() => client.postJson('/api/v2/silences', {a: 1}));
      expect(failure.kind).toBe('unavailable');
      expect(failure.message).toMatch(new RegExp(`^POST ${url}/api/v2/silences: the server did not answer in TLS \\(ERR_SSL_[A-Z_]+\\): is it http://, or the wrong port\\?$`));
      expect(failure.message).not.toMatch(/certificate|caFile|insecureSkipVerify/);
      // The TLS handshake failed before any request: nothing was sent.
      expect(failure.notSent).toBe(true);
      await client.close();
    }
  });

  it('keeps the content type of a 2xx answer that is not JSON, so a sign-in page can be told apart', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, '<html><title>Sign in</title></html>', {headers: {'content-type': 'text/html; charset=utf-8'}});
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, 'ok', {headers: {'content-type': 'text/plain'}});
    const html = await failureOf(() => client.postJson('/hook', {}));
    expect([html.status, html.message, isHtmlAnswer(html)]).toEqual([200, `POST ${ORIGIN}/hook: expected JSON, got text/html`, true]);
    expect(isHtmlAnswer(await failureOf(() => client.postJson('/hook', {})))).toBe(false);
    await client.close();
  });

  it('tells a page by its body, not its content type: a web framework\'s "ok" sent as text/html is not one', async () => {
    const {agent, client} = mocked();
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, 'ok', {headers: {'content-type': 'text/html; charset=utf-8'}});
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, '\n<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>', {headers: {'content-type': 'text/plain'}});
    const ok = await failureOf(() => client.postJson('/hook', {}));
    expect([ok.status, ok.message, isHtmlAnswer(ok)]).toEqual([200, `POST ${ORIGIN}/hook: expected JSON, got text/html`, false]);
    expect(isHtmlAnswer(await failureOf(() => client.postJson('/hook', {})))).toBe(true);
    await client.close();
  });
  it('tells a page labelled application/json by its body; other unparsable JSON is not a page', async () => {
    const {agent, client} = mocked();
    const page = '<!doctype html><html><head><title>Sign in</title></head></html>';
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, page, {headers: {'content-type': 'application/json'}});
    agent.get(ORIGIN).intercept({path: '/hook', method: 'POST'}).reply(200, '{"ok": tru', {headers: {'content-type': 'application/json'}});
    const html = await failureOf(() => client.postJson('/hook', {}));
    expect([html.status, html.message, isHtmlAnswer(html)]).toEqual([200, `POST ${ORIGIN}/hook: invalid JSON (Sign in)`, true]);
    const cut = await failureOf(() => client.postJson('/hook', {}));
    expect([cut.status, cut.message, isHtmlAnswer(cut)]).toEqual([200, `POST ${ORIGIN}/hook: invalid JSON ({"ok": tru)`, false]);
    await client.close();
  });
});

describe('createHttpClient: getJsonStream', () => {
  it('hands a large body over in pieces and lets other work run between them', async () => {
    const {agent, client} = mocked();
    const body = JSON.stringify(Array.from({length: 5000}, (_, i) => ({n: i, pad: 'x'.repeat(60)})));
    agent.get(ORIGIN).intercept({path: '/big'}).reply(200, body, {headers: {'content-type': 'application/json'}});
    const stream = await client.getJsonStream('/big');
    const order: string[] = [];
    const pieces: Buffer[] = [];
    setImmediate(() => order.push('other work'));
    await stream.read((chunk) => {
      // A slow consumer: the reader must turn the event loop before the next piece.
      if (pieces.length === 0) for (const until = performance.now() + 10; performance.now() < until; );
      pieces.push(Buffer.from(chunk));
      order.push('piece');
    });
    expect(Buffer.concat(pieces).toString()).toBe(body);
    expect(order.indexOf('other work')).toBeGreaterThan(0);
    expect(order.indexOf('other work')).toBeLessThan(order.length - 1);
    expect(pieces.every((p) => p.length <= 64 * 1024)).toBe(true);
  });

  it('fails a non-2xx or non-JSON answer exactly as getJson does', async () => {
    const {agent, client} = mocked();
    const pool = agent.get(ORIGIN);
    pool.intercept({path: '/a'}).reply(503, 'down', {headers: {'content-type': 'text/plain'}}).times(2);
    pool.intercept({path: '/b'}).reply(200, '<html>login</html>', {headers: {'content-type': 'text/html'}}).times(2);
    for (const path of ['/a', '/b']) {
      const streamed = await failureOf(() => client.getJsonStream(path));
      const whole = await failureOf(() => client.getJson(path));
      expect([streamed.kind, streamed.message]).toEqual([whole.kind, whole.message]);
    }
  });
});

describe('createHttpClient: the request gate per tenant', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("a tenant that hangs on one Mimir does not hold back another tenant's reads there", async () => {
    // Mimir's tenants share one URL; only the X-Scope-OrgID header tells them apart.
    server = await startLocalServer((req, res) => {
      if (req.headers['x-scope-orgid'] === 'dead') return;
      res.writeHead(200, {'content-type': 'application/json'}).end('{"status":"success"}');
    });
    // 4 slots: 2 for this backend, 1 for each of its two tenants.
    const gate = createRequestGate(4);
    const url = server.url;
    const dead = createHttpClient({baseUrl: url, pathPrefix: '/prometheus', headers: {'X-Scope-OrgID': 'dead'}, timeoutMs: 1500, gate});
    const live = createHttpClient({baseUrl: url, pathPrefix: '/prometheus', headers: {'X-Scope-OrgID': 'live'}, timeoutMs: 1500, gate});
    let deadSettled = false;
    const stuck = Promise.allSettled([1, 2, 3].map((i) => dead.getJson(`/api/v1/query?q=${i}`))).finally(() => (deadSettled = true));
    const deadSeen = () => server!.requests.filter((r) => r.headers['x-scope-orgid'] === 'dead').length;
    while (deadSeen() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Keyed by the URL alone, the dead tenant's reads held both of the backend's slots until they timed out.
    expect(await live.getJson('/api/v1/query')).toEqual({status: 'success'});
    expect(deadSettled).toBe(false);
    expect(deadSeen()).toBe(1);
    expect((await stuck).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await Promise.all([dead.close(), live.close()]);
  });
});

describe('createHttpClient: a password file not there yet', () => {
  it('sends no credentials while the file gives nothing, and Basic once it does', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const seen: Array<string | undefined> = [];
    agent
      .get(ORIGIN)
      .intercept({path: '/api/v1/alerts', method: 'GET'})
      .reply(200, (opts) => {
        seen.push((opts.headers as Record<string, string>).authorization);
        return {status: 'success'};
      }, {headers: {'content-type': 'application/json'}})
      .times(2);
    let password = '';
    const client = createHttpClient({baseUrl: ORIGIN, basicAuth: {username: 'oncall', password: () => password}, timeoutMs: 2000, dispatcher: agent});
    await client.getJson('/api/v1/alerts');
    password = 'hunter2-file';
    await client.getJson('/api/v1/alerts');
    // Before: `Basic oncall:` (a wrong password on every poll, which may lock the account).
    expect(seen).toEqual([undefined, `Basic ${Buffer.from('oncall:hunter2-file').toString('base64')}`]);
  });
});
