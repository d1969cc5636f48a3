import {describe, expect, it} from 'vitest';
import {checkServerIdentity, type PeerCertificate} from 'node:tls';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {excerpt, HTML_SNIFF_MAX, HttpFailure, isHtmlAnswer, isHtmlDocument, jsonErrorText, kindForStatus, mayHaveReachedServer, NotJsonAnswer, redact, retryAtOf, retryText, serverOffsetOf, transportFailure} from '../../../src/sources/http/http-errors.ts';

const WHERE = 'GET https://prom.example/api/v1/query';

describe('kindForStatus', () => {
  it('maps statuses into the failure union', () => {
    expect([401, 403].map((s) => kindForStatus(s, null))).toEqual(['auth', 'auth']);
    expect([500, 502, 503, 429].map((s) => kindForStatus(s, null))).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect([504, 408].map((s) => kindForStatus(s, null))).toEqual(['timeout', 'timeout']);
    expect(kindForStatus(503, 'timeout')).toBe('timeout');
    expect([400, 404, 422].map((s) => kindForStatus(s, null))).toEqual(['bad-response', 'bad-response', 'bad-response']);
  });
});

describe('retryAtOf', () => {
  const NOW = Date.UTC(2026, 4, 4, 10);
  const headers = (h: Record<string, string>) => (name: string) => h[name] ?? '';

  it('reads Retry-After as seconds or a date, else a spent quota\'s reset (GitHub, GitLab)', () => {
    expect(retryAtOf(429, headers({'retry-after': '30'}), NOW)).toBe(NOW + 30_000);
    expect(retryAtOf(503, headers({'retry-after': 'Mon, 04 May 2026 10:05:00 GMT'}), NOW)).toBe(Date.UTC(2026, 4, 4, 10, 5));
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1777889700'}), NOW)).toBe(1777889700_000);
    expect(retryAtOf(429, headers({'ratelimit-remaining': '0', 'ratelimit-reset': '1777889700'}), NOW)).toBe(1777889700_000);
  });

  it('reads a reset below 10^9 as seconds from now (PagerDuty, the IETF RateLimit fields)', () => {
    expect(retryAtOf(429, headers({'ratelimit-remaining': '0', 'ratelimit-reset': '12'}), NOW)).toBe(NOW + 12_000);
  });

  it('reads a server\'s reset or date by this machine\'s clock when the answer\'s Date shows the two apart', () => {
    // The server's clock is 10 minutes ahead of this machine's (NOW): its instants come 10 minutes earlier here.
    const ahead = new Date(NOW + 600_000).toUTCString();
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((NOW + 660_000) / 1000), date: ahead}), NOW)).toBe(NOW + 60_000);
    expect(retryAtOf(429, headers({'ratelimit-remaining': '0', 'ratelimit-reset': String((NOW + 660_000) / 1000), date: ahead}), NOW)).toBe(NOW + 60_000);
    expect(retryAtOf(503, headers({'retry-after': new Date(NOW + 630_000).toUTCString(), date: ahead}), NOW)).toBe(NOW + 30_000);
    // Behind by 5 minutes: later here.
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((NOW - 240_000) / 1000), date: new Date(NOW - 300_000).toUTCString()}), NOW)).toBe(NOW + 60_000);
    // Waits given from now, and a Date within its own second's slack, are taken as they are.
    expect(retryAtOf(429, headers({'retry-after': '30', date: ahead}), NOW)).toBe(NOW + 30_000);
    expect(retryAtOf(429, headers({'ratelimit-remaining': '0', 'ratelimit-reset': '12', date: ahead}), NOW)).toBe(NOW + 12_000);
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1777889700', date: new Date(NOW + 1500).toUTCString()}), NOW)).toBe(1777889700_000);
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1777889700', date: 'yesterday'}), NOW)).toBe(1777889700_000);
  });

  it('says a reset read from a skewed answer as a wait and as the server\'s instant, both true whatever this machine\'s clock', () => {
    // This machine's clock (NOW) is 10 minutes ahead of the server's; GitHub's reset is 60 s after the server's Date.
    const date = new Date(NOW - 600_000).toUTCString();
    const reset = (NOW - 540_000) / 1000;
    const offset = serverOffsetOf(date, NOW);
    expect(offset).toBe(-600_000);
    const at = retryAtOf(403, headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), date}), NOW)!;
    expect(retryText(at, NOW, offset)).toBe(`try again in 1m (at ${new Date(reset * 1000).toISOString().replace('.000Z', 'Z')} by the server's clock)`);
    // Later on the same clock the wait has shrunk; it never goes below nothing.
    expect(retryText(at, NOW + 45_500, offset)).toMatch(/^try again in 15s /);
    expect(retryText(at, NOW + 90_000, offset)).toMatch(/^try again in 0s /);
    // No Date (or an unreadable one): the wait alone; a Date within 2 s: the clocks agree.
    expect(serverOffsetOf('', NOW)).toBeNull();
    expect(serverOffsetOf('yesterday', NOW)).toBeNull();
    expect(serverOffsetOf(new Date(NOW + 1500).toUTCString(), NOW)).toBe(0);
    expect(retryText(NOW + 30_000, NOW, null)).toBe('try again in 30s');
  });

  it('ignores quota headers that were not the problem', () => {
    expect(retryAtOf(403, headers({'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1777889700'}), NOW)).toBeNull();
    expect(retryAtOf(404, headers({'retry-after': '30'}), NOW)).toBeNull();
    expect(retryAtOf(429, headers({'retry-after': 'later'}), NOW)).toBeNull();
  });
});

describe('jsonErrorText', () => {
  it('reads a bare string, an envelope and a message field', () => {
    expect(jsonErrorText('silence not found')).toEqual({text: 'silence not found', type: null});
    expect(jsonErrorText({status: 'error', errorType: 'bad_data', error: 'parse error'})).toEqual({text: 'parse error', type: 'bad_data'});
    expect(jsonErrorText({message: 'tenant missing'})).toEqual({text: 'tenant missing', type: null});
    expect(jsonErrorText({code: 5})).toBeNull();
  });

  it("reads PagerDuty's nested error and GitLab's field errors, decoded, so they are excerpted after", () => {
    expect(jsonErrorText({error: {message: 'Invalid Input Provided', errors: ['Offset must be positive']}})).toEqual({text: 'Invalid Input Provided: Offset must be positive', type: null});
    expect(jsonErrorText({message: {base: ['Reference not found'], variables: ['bad', 7]}})).toEqual({text: 'base: Reference not found; variables: bad, 7', type: null});
    // Decoded here, the control is raw: excerpt() is what escapes it.
    const text = jsonErrorText(JSON.parse('{"message":{"ref":["a\\u001b]52;c;aGk=\\u0007"]}}'))!.text;
    expect(text).toBe('ref: a\x1b]52;c;aGk=\x07');
    expect(excerpt(text, [])).toBe('ref: a␛]52;c;aGk=\\x07');
    expect(jsonErrorText({error: {code: 2010}, message: {}})).toBeNull();
  });

  it('keeps the status and code of a `{error: {code, message, status}}` body (Google APIs, gateways)', () => {
    // Said `code: 403; message: …; status: PERMISSION_DENIED` before the nested read, then only the message.
    const said = jsonErrorText({error: {code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED'}});
    expect(said).toEqual({text: 'The caller does not have permission (PERMISSION_DENIED, 403)', type: null});
    expect(jsonErrorText({error: {message: 'quota', status: 'RESOURCE_EXHAUSTED'}})?.text).toBe('quota (RESOURCE_EXHAUSTED)');
    // PagerDuty's own code comes without a status: its words are as before.
    expect(jsonErrorText({error: {message: 'Access Denied', code: 2010}})?.text).toBe('Access Denied');
  });

  it("never calls a backend object's own toString (a key of the body, not a function)", () => {
    const body = JSON.parse('{"message":{"ref":[{"toString":1}],"sha":{"toString":1},"tag":["ok"]}}') as unknown;
    expect(jsonErrorText(body)).toEqual({text: 'tag: ok', type: null});
  });
});

describe('excerpt and redact', () => {
  it('redacts every secret of four or more characters', () => {
    expect(redact('token abcd and abc', ['abcd', 'abc'])).toBe('token [redacted] and abc');
  });

  it('strips tags, scripts and styles, collapses whitespace and cuts at 200 characters', () => {
    expect(excerpt('<style>p{}</style><p>Bad\n\n gateway</p><script>x()</script>', [])).toBe('Bad gateway');
    const long = excerpt('y'.repeat(300), []);
    expect(long).toBe(`${'y'.repeat(199)}…`);
  });
});

describe('transportFailure', () => {
  const map = (error: unknown) => transportFailure(error, WHERE, 1500, ['hunter22']);

  it('maps socket, DNS, timeout and TLS errors', () => {
    expect(map(Object.assign(new Error('getaddrinfo ENOTFOUND prom.example'), {code: 'ENOTFOUND'}))).toMatchObject({kind: 'unavailable', message: `${WHERE}: host not found (DNS)`});
    expect(map(Object.assign(new Error('other side closed'), {code: 'UND_ERR_SOCKET'}))).toMatchObject({kind: 'unavailable', message: `${WHERE}: connection failed (UND_ERR_SOCKET)`});
    expect(map(Object.assign(new Error('Body Timeout Error'), {code: 'UND_ERR_BODY_TIMEOUT'}))).toMatchObject({kind: 'timeout', message: `${WHERE}: no answer within 1500 ms`});
    expect(map(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toMatchObject({kind: 'timeout'});
    expect(map(Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}))).toMatchObject({
      kind: 'unavailable',
      message: `${WHERE}: TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); set caFile (a PEM file of the CA that signed it) in the config, or insecureSkipVerify: true for a test server`,
    });
  });

  it('says a certificate out of its dates is expired or not yet valid, never a CA to trust', () => {
    expect(map(Object.assign(new Error('certificate has expired'), {code: 'CERT_HAS_EXPIRED'}))).toMatchObject({
      kind: 'unavailable',
      notSent: true,
      message: `${WHERE}: TLS certificate expired (CERT_HAS_EXPIRED): the server's certificate must be renewed; check the bastion's clock if it should be valid`,
    });
    // As the HTTP client wraps it too.
    const wrapped = Object.assign(new TypeError('fetch failed'), {cause: Object.assign(new Error('certificate is not yet valid'), {code: 'CERT_NOT_YET_VALID'})});
    expect(map(wrapped)).toMatchObject({
      kind: 'unavailable',
      notSent: true,
      message: `${WHERE}: TLS certificate not yet valid (CERT_NOT_YET_VALID): check the bastion's clock; if it is right, the server's certificate must be reissued`,
    });
  });

  it('suggests caFile only for an issuer it does not know; another rejected certificate is said with its code', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      expect(map(Object.assign(new Error('cert'), {code})).message).toMatch(/TLS certificate not trusted .*set caFile/);
    }
    // Node's names for the verdicts on a chain, those that do not say CERT among them.
    const rejected = [
      'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'INVALID_CA',
      'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'UNABLE_TO_GET_CRL', 'CRL_HAS_EXPIRED',
    ];
    for (const code of rejected) {
      expect(map(Object.assign(new Error('cert'), {code}))).toMatchObject({kind: 'unavailable', notSent: true, message: `${WHERE}: TLS certificate rejected (${code})`});
    }
  });

  it('says a port that does not speak TLS is one, and a refused handshake is not a certificate to trust', () => {
    for (const code of ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_UNKNOWN_PROTOCOL']) {
      expect(map(Object.assign(new Error('ssl3_get_record'), {code}))).toMatchObject({kind: 'unavailable', notSent: true, message: `${WHERE}: the server did not answer in TLS (${code}): is it http://, or the wrong port?`});
    }
    for (const code of ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE']) {
      expect(map(Object.assign(new Error('alert'), {code}))).toMatchObject({kind: 'unavailable', notSent: true, message: `${WHERE}: TLS handshake failed (${code})`});
    }
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
      expect(map(Object.assign(new Error('cert'), {code})).message).toMatch(/TLS certificate not trusted .*set caFile/);
    }
  });

  it('says a certificate issued for another host is for another name, naming it (sanitized), and never suggests caFile', () => {
    // The errors as the TLS library makes them, bare and as the HTTP client wraps them.
    const altnames = checkServerIdentity('prom.example', {subject: {CN: 'localhost'}, subjectaltname: 'DNS:prom.internal, IP Address:10.0.0.1'} as PeerCertificate)!;
    const wrapped = Object.assign(new TypeError('fetch failed'), {cause: altnames});
    for (const error of [altnames, wrapped]) {
      expect(map(error)).toMatchObject({
        kind: 'unavailable',
        notSent: true,
        message: `${WHERE}: TLS certificate is for another name (prom.internal, 10.0.0.1) than the URL's host (ERR_TLS_CERT_ALTNAME_INVALID): check the host in the URL`,
      });
    }
    const cn = checkServerIdentity('prom.example', {subject: {CN: 'other\x1b[2J.example'}} as PeerCertificate)!;
    expect(map(cn).message).toBe(`${WHERE}: TLS certificate is for another name (other␛[2J.example) than the URL's host (ERR_TLS_CERT_ALTNAME_INVALID): check the host in the URL`);
    expect(map(Object.assign(new Error('hostname mismatch'), {code: 'HOSTNAME_MISMATCH'})).message).toBe(`${WHERE}: TLS certificate is for another name than the URL's host (HOSTNAME_MISMATCH): check the host in the URL`);
    for (const error of [altnames, cn]) expect(map(error).message).not.toMatch(/caFile|insecureSkipVerify/);
  });

  it('keeps an unknown error short, sanitized and free of secrets', () => {
    const failure = map(new Error('boom hunter22\x1b[2J'));
    expect(failure).toBeInstanceOf(SourceFailure);
    expect(failure.message).toBe(`${WHERE}: boom [redacted]␛[2J`);
  });
});

describe('isHtmlDocument', () => {
  it('tells a page by its body: a doctype, an html root, a form, a title, a head, a body, a meta or a script, after whitespace and a BOM', () => {
    const pages = [
      '<!DOCTYPE html><html><head><title>Sign in</title></head></html>',
      '\uFEFF\n  <html lang="en"><body>x</body></html>',
      '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head></html>',
      '<div><form method="post" action="/login"><input name="user"></form></div>',
      '<TITLE>Portal</TITLE>',
      // A portal's redirect without a document around it: by meta refresh, by script, a bare body.
      '<meta http-equiv="refresh" content="0; url=https://sso.example/login">',
      '<script>window.location = "https://sso.example/login?next=%2Fhook";</script>',
      '<body onload="document.forms[0].submit()">Sign in to continue</body>',
      '<noscript>Enable JavaScript to sign in</noscript>',
    ];
    expect(pages.map(isHtmlDocument)).toEqual(pages.map(() => true));
  });

  it('a short answer is not a page, whatever markup-like text it holds', () => {
    const answers = ['ok', 'OK\n', 'accepted', '{"ok":true}', '', '<p>ok</p>', '<header>ok</header>', 'queued <3 html'];
    expect(answers.map(isHtmlDocument)).toEqual(answers.map(() => false));
  });

  it('looks only at the head of a body', () => {
    expect(isHtmlDocument(`${'x'.repeat(HTML_SNIFF_MAX)}<title>late</title>`)).toBe(false);
    expect(isHtmlDocument(`${'x'.repeat(HTML_SNIFF_MAX - 20)}<title>early</title>`)).toBe(true);
  });
});

describe('mayHaveReachedServer', () => {
  const transport = (code: string, name = 'Error') => transportFailure(Object.assign(new Error(code), {code, name}), WHERE, 1500, []);
  it('a write failed before any connection certainly never arrived; after one, it may have been acted on', () => {
    const before = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'INVALID_CA', 'PATH_LENGTH_EXCEEDED'];
    expect(before.map((c) => mayHaveReachedServer(transport(c)))).toEqual(before.map(() => false));
    const after = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'SOMETHING_NEW'];
    expect(after.map((c) => mayHaveReachedServer(transport(c)))).toEqual(after.map(() => true));
    expect(mayHaveReachedServer(transport('', 'TimeoutError'))).toBe(true);
  });

  it('a 5xx, an unreadable 2xx or a 303 may have been acted on; a 4xx or a "send it there" 3xx refused it; anything not from HTTP was never sent', () => {
    const answered = (status: number) => new HttpFailure('unavailable', 'x', status, null);
    expect([500, 502, 503, 504, 201, 303].map((s) => mayHaveReachedServer(answered(s)))).toEqual([true, true, true, true, true, true]);
    expect([301, 302, 307, 308, 400, 401, 403, 404, 408, 422, 429].map((s) => mayHaveReachedServer(answered(s)))).toEqual([false, false, false, false, false, false, false, false, false, false, false]);
    // A receiver of unknown make (a webhook) may answer a POST it acted on with any redirect.
    expect([301, 302, 303, 307, 308, 404].map((s) => mayHaveReachedServer(answered(s), true))).toEqual([true, true, true, true, true, false]);
    expect(mayHaveReachedServer(new SourceFailure('bad-response', 'rollback template: bad'))).toBe(false);
  });
});

describe('HttpFailure.changed', () => {
  it('keeps every field it is not told to change, and the class', () => {
    const clock = {answeredAt: 1000, serverOffsetMs: 0};
    const failure = new HttpFailure('timeout', 'GET x: no answer', 503, '{"error":"busy"}', 5000, true, clock, 'timed out', true);
    const said = failure.changed({kind: 'unavailable', message: 'prom: busy', detail: 'busy'});
    expect(said).toBeInstanceOf(HttpFailure);
    expect({...said}).toEqual({...failure, kind: 'unavailable', detail: 'busy'});
    expect([said.message, said.stack, Object.keys(said).includes('message')]).toEqual(['prom: busy', failure.stack, false]);
    expect(failure.changed({}).message).toBe('GET x: no answer');
    // A subclass stays one, with its own fields: a page is still told as one.
    const page = new NotJsonAnswer('POST x: expected JSON, got text/html', 200, 'text/html', true).changed({message: 'hook: page'});
    expect([page instanceof NotJsonAnswer, isHtmlAnswer(page), page.contentType, page.message]).toEqual([true, true, 'text/html', 'hook: page']);
  });
});
