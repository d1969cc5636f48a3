/**
 * Maps transport errors and HTTP statuses into the small {@link SourceFailure} union. Every
 * message is fit to show in a pane: sanitized, short, and scrubbed of the configured secrets
 * (a misbehaving proxy may echo the Authorization header back in its error page).
 */
import {CLOCK_SKEW_MIN_MS} from '../../domain/clock-skew.ts';
import {formatDuration} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure, type SourceErrorKind} from '../capabilities.ts';
import {PROXY_REFUSED, PROXY_TIMEOUT} from './proxy-failure.ts';
import {SOCKS5_FAILED} from './socks5.ts';

/**
 * The clock an answer's `retryAt` was read by: `answeredAt` on this machine's clock (the clock of
 * `retryAt`), and what the server's clock read minus it (`serverOffsetOf`); null when the answer
 * had no readable `Date`.
 */
export interface AnswerClock {
  answeredAt: number;
  serverOffsetMs: number | null;
}

/** Longest body excerpt quoted in a message: enough to recognise an error page, no more. */
export const EXCERPT_MAX = 200;

/** A {@link SourceFailure} that also records the HTTP status, for adapters to refine. */
export class HttpFailure extends SourceFailure {
  /**
   * @param kind the class of failure
   * @param message what went wrong, already sanitized
   * @param status the HTTP status, or `null` when no response arrived
   * @param detail the backend's own error text (sanitized), when it sent one
   * @param retryAt when a rate-limited or overloaded backend said to try again (epoch ms), if it did
   * @param notSent true when the request certainly never reached the server (refused, DNS, no
   *   route, TLS, connect timeout): a write it carried cannot have been acted on
   * @param retryClock the clock `retryAt` was read by: when the answer came and how far the
   *   server's clock was from it, so the wait can be said without this machine's clock
   * @param down when no answer came because the backend looks down or hung (it timed out,
   *   refused or reset the connection), how to say so (`timed out`): the reads of the same
   *   refresh still waiting for a slot are given up rather than sent to it (`read-round.ts`)
   * @param detailFromJson true when `detail` is the text of a JSON error body (the backend's own
   *   words, `{"message": …}` or a JSON string), not an excerpt of a page such as a proxy's
   */
  constructor(
    kind: SourceErrorKind,
    message: string,
    readonly status: number | null,
    readonly detail: string | null,
    readonly retryAt: number | null = null,
    readonly notSent = false,
    readonly retryClock: AnswerClock | null = null,
    readonly down: string | null = null,
    readonly detailFromJson = false,
  ) {
    super(kind, message);
    this.name = 'SourceFailure';
  }

  /**
   * A copy of this failure with `changes` made and every other field kept, a subclass's and its
   * class too: an adapter that says a failure in its own words keeps what others read of it
   * (whether it was sent, how the backend is down, when to try again). Rebuilding one field by
   * field dropped each field added since.
   */
  changed({message, ...changes}: {kind?: SourceErrorKind; message?: string; detail?: string | null}): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, changes);
    // An Error's message and stack are its own properties but not enumerable (the stack read
    // through an accessor of the original): copied by value, not enumerable either.
    for (const [key, value] of [['message', message ?? this.message], ['stack', this.stack]] as const) {
      Object.defineProperty(copy, key, {value, writable: true, configurable: true, enumerable: false});
    }
    return copy;
  }
}

/**
 * Replaces every secret that occurs in `text` (tokens, passwords, header values) with a marker,
 * as written, as a JSON string may write it (`\/`, `\u002b`, `\"`) or URL-encoded (`%2B`, `%2f`:
 * a proxy or gateway that echoes the request's URL or form body): a body the client could not
 * read as JSON (a shape it does not know, a cut excerpt) is quoted as it came.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
    // The escaped pass decodes the whole text: only when JSON could have spelled this secret
    // otherwise (a character it escapes short, or any as \uXXXX).
    if (out.includes('\\') && (out.includes('\\u') || JSON_SHORT_ESCAPED.test(secret))) out = redactSpelled(out, secret, jsonUnitAt);
    // Any character may be percent-encoded, in either case of hex: decoded whenever `%` occurs.
    if (out.includes('%')) out = redactSpelled(out, secret, percentUnitAt);
  }
  return out;
}

// A character JSON may write as a short escape (`\"`, `\\`, `\/`, `\n`…).
const JSON_SHORT_ESCAPED = /["\\/\b\f\n\r\t]/;

// JSON's short escapes, by the letter after the backslash; any unit may also be `\uXXXX`.
const SHORT_ESCAPES: Readonly<Record<string, string>> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};

// One unit of `text` at `i` as JSON escapes spell it: the character and where the next begins.
function jsonUnitAt(text: string, i: number): [string, number] {
  if (text[i] !== '\\' || i + 1 >= text.length) return [text[i]!, i + 1];
  const letter = text[i + 1]!;
  const hex = letter === 'u' ? text.slice(i + 2, i + 6) : '';
  if (SHORT_ESCAPES[letter] !== undefined) return [SHORT_ESCAPES[letter], i + 2];
  if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), i + 6];
  return ['\\', i + 1];
}

// One unit of `text` at `i` as URL encoding spells it (`%2B`, `%2b`): tokens are ASCII, so a byte
// above 0x7f is left as written (a UTF-8 sequence never spells an ASCII secret).
function percentUnitAt(text: string, i: number): [string, number] {
  const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
  if (/^[0-7][0-9a-fA-F]$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), i + 3];
  return [text[i]!, i + 1];
}

// `secret` spelled with escapes anywhere in `text`, replaced: the text is decoded once by
// `unitAt` with each decoded unit's span in the original kept, the secret found in the decoded
// text, and those spans replaced. Linear in the text, whatever the secret's length (one pattern
// group per character of a 6 KB cookie overflowed the regular expression compiler, and its error
// spelled the secret).
function redactSpelled(text: string, secret: string, unitAt: (text: string, i: number) => [string, number]): string {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const [unit, next] = unitAt(text, i);
    units.push(unit);
    starts.push(i);
    ends.push(next);
    i = next;
  }
  const decoded = units.join('');
  let out = '';
  let copied = 0;
  for (let at = decoded.indexOf(secret); at !== -1; at = decoded.indexOf(secret, at + secret.length)) {
    out += `${text.slice(copied, starts[at])}[redacted]`;
    copied = ends[at + secret.length - 1]!;
  }
  return out + text.slice(copied);
}

/** Turns a response body into a one-line excerpt: tags stripped, controls escaped, ≤ 200 chars. */
export function excerpt(body: string, secrets: readonly string[]): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const safe = sanitize(redact(text, secrets));
  return safe.length > EXCERPT_MAX ? `${safe.slice(0, EXCERPT_MAX - 1)}…` : safe;
}

/**
 * The error text a JSON error body carries, decoded: Alertmanager sends a bare string, Prometheus
 * an envelope (`{error, errorType}`), GitHub and Argo CD `{message}`, PagerDuty
 * `{error: {message, errors: […]}}` (said `message: error; error`), Google APIs
 * `{error: {code, message, status}}` (said `message (status, code)`) and GitLab, for a refused
 * field, `{message: {field: […]}}` (said `field: why, why; other: why`). Read here, before the
 * text is cut, redacted and sanitized ({@link excerpt}): JSON writes a control as `\u001b`, plain
 * ASCII that sanitizing keeps, so a body decoded after it would bring the raw control back, and a
 * secret echoed in escaped form would slip past redaction.
 */
export function jsonErrorText(body: unknown): {text: string; type: string | null} | null {
  if (typeof body === 'string') return {text: body, type: null};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const {error, errorType, message} = body as Record<string, unknown>;
  const type = typeof errorType === 'string' ? errorType : null;
  // An empty `error` or `message` says nothing: the next field, or the body as it came, does.
  if (typeof error === 'string' && error !== '') return {text: error, type};
  if (typeof message === 'string' && message !== '') return {text: message, type};
  const nested = nestedErrorText(error) ?? fieldErrorsText(message);
  return nested === null ? null : {text: nested, type};
}

// PagerDuty's `error: {message, errors: ["…"]}`: the message, then each reason it lists. Google
// APIs (and gateways that copy them) send `error: {code, message, status}`: the status word
// (`PERMISSION_DENIED`) and code follow the message, `message (status, code)`. A code without a
// status (PagerDuty's `2010`) adds nothing the message does not say.
function nestedErrorText(error: unknown): string | null {
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return null;
  const {message, errors, status, code} = error as Record<string, unknown>;
  const parts = [message, ...(Array.isArray(errors) ? errors : [])].filter((p): p is string => typeof p === 'string');
  if (parts.length === 0) return null;
  const said = (value: unknown): value is string | number => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  const extra = said(status) ? [status, code].filter(said) : [];
  return `${parts.join(': ')}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

// GitLab's `message: {field: ["why", …]}`. Values are the backend's: only strings and numbers are
// said, never converted by their own `toString` (an object's may be a key of the body, and throw).
function fieldErrorsText(message: unknown): string | null {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return null;
  const said = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null);
  const fields = Object.entries(message as Record<string, unknown>).flatMap(([key, value]) => {
    const reasons = (Array.isArray(value) ? value.map(said) : [said(value)]).filter((r): r is string => r !== null);
    return reasons.length > 0 ? [`${key}: ${reasons.join(', ')}`] : [];
  });
  return fields.length > 0 ? fields.join('; ') : null;
}

/**
 * When a refused request may be sent again (epoch ms by this machine's clock, `now`), from the
 * answer's headers: `Retry-After` (seconds or an HTTP date, any backend), else a rate-limit reset
 * in epoch seconds once the remaining quota is 0 (GitHub's `x-ratelimit-*`, GitLab's
 * `ratelimit-*`). Only 403, 429 and 503 carry one: elsewhere these headers describe a quota that
 * was not the problem.
 */
export function retryAtOf(status: number, header: (name: string) => string, now: number): number | null {
  if (status !== 403 && status !== 429 && status !== 503) return null;
  const after = header('retry-after').trim();
  if (/^\d+$/.test(after)) return now + Number(after) * 1000;
  const local = serverToLocal(header('date'), now);
  if (after !== '') {
    const at = Date.parse(after);
    if (Number.isFinite(at)) return local(at);
  }
  for (const prefix of ['x-ratelimit', 'ratelimit']) {
    const reset = header(`${prefix}-reset`).trim();
    if (header(`${prefix}-remaining`).trim() === '0' && /^\d+$/.test(reset)) {
      const value = Number(reset);
      // GitHub and GitLab send the reset as epoch seconds; PagerDuty (the IETF RateLimit fields)
      // as seconds from now. No epoch second of this century is below 10^9, no wait is above it.
      return value < 1e9 ? now + value * 1000 : local(value * 1000);
    }
  }
  return null;
}

// An instant by the server's clock (an HTTP date, an epoch reset) as this machine's clock reads
// it, by the answer's own `Date`: on a bastion whose clock is minutes off, a reset compared with
// the machine's clock as it was sent made a client wait minutes too long, or retry at once into
// the same refusal.
function serverToLocal(date: string, now: number): (at: number) => number {
  const offset = serverOffsetOf(date, now) ?? 0;
  return (at) => at - offset;
}

/**
 * How far the server's clock was ahead of this machine's (`now`, when the answer came) by the
 * answer's `Date`: 0 within {@link CLOCK_SKEW_MIN_MS} (`Date` has whole seconds and the answer
 * took its time to arrive; the dashboard's clock reads such a skew as none too), null when the
 * answer had no readable `Date`.
 */
export function serverOffsetOf(date: string, now: number): number | null {
  const server = date === '' ? Number.NaN : Date.parse(date);
  if (!Number.isFinite(server)) return null;
  return Math.abs(server - now) > CLOCK_SKEW_MIN_MS ? server - now : 0;
}

/**
 * When a refused request may be tried again, said so that it is true whatever this machine's
 * clock: the wait from `now` (read by the clock `retryAt` was, so a skew cancels out), and, when
 * the server's `Date` told how its clock stood, the instant by the server's clock. Never the
 * machine's own time of day: on a bastion minutes off it would send the reader back too early
 * or too late. `try again in 42s (at 2026-05-04T11:15:00Z by the server's clock)`.
 */
export function retryText(retryAt: number, now: number, serverOffsetMs: number | null): string {
  const wait = `try again in ${formatDuration(Math.max(0, Math.ceil((retryAt - now) / 1000)) * 1000)}`;
  if (serverOffsetMs === null) return wait;
  const server = new Date(Math.ceil((retryAt + serverOffsetMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `${wait} (at ${server} by the server's clock)`;
}

/** The failure kind an HTTP error status stands for; `errorType` refines Prometheus' 503. */
export function kindForStatus(status: number, errorType: string | null): SourceErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 504 || status === 408 || errorType === 'timeout') return 'timeout';
  if (status >= 500 || status === 429) return 'unavailable';
  return 'bad-response';
}

const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
]);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
// Failures before a connection (and so before the request's first byte) existed: nothing sent
// can have been acted on. A reset, a broken pipe or a timeout past connecting may come after
// the server read the request, so they are not here.
// A proxy's refusal (a login it would not take, a connection it would not open) or its silence
// while the tunnel was being opened too: it passed nothing on.
const BEFORE_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', SOCKS5_FAILED, PROXY_REFUSED, PROXY_TIMEOUT]);
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;
// What the TLS library says when the other end does not speak TLS at all (an `https://` URL on
// a plain HTTP port): its first bytes read as a record of a wrong version or length. No CA and
// no switching verification off can fix that, so it gets its own advice.
const NOT_TLS = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|HTTPS_PROXY_REQUEST|UNKNOWN_PROTOCOL)$/;
// The server's certificate was read and its issuer is not one we trust (self-signed, a private
// CA, a chain that stops short): only these does a CA file (or, on a test server, no
// verification) fix. Other TLS failures (a handshake or protocol version refused) are said as
// such, with their code.
const CERT_TRUST = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
// A certificate outside its validity dates: trusting another CA changes nothing; it must be
// renewed, or this machine's clock is wrong (a bastion minutes or years off reads a valid
// certificate as expired or not yet valid).
const CERT_DATES: ReadonlyMap<string, string> = new Map([
  ['CERT_HAS_EXPIRED', "TLS certificate expired (CERT_HAS_EXPIRED): the server's certificate must be renewed; check the bastion's clock if it should be valid"],
  ['CERT_NOT_YET_VALID', "TLS certificate not yet valid (CERT_NOT_YET_VALID): check the bastion's clock; if it is right, the server's certificate must be reissued"],
]);
// Any other verdict on the certificate (revoked, a bad signature, a chain too long): said with
// its code, without advice a CA file would not make true.
const CERT_REJECTED = /CERT/;
// The verdicts on a certificate chain the TLS library names whose code does not say CERT: a CA
// certificate that may not sign (`INVALID_CA`), a chain longer than its CA allows, a certificate
// not for serving TLS, a revocation list that could not be read or checked. Each is a rejected
// certificate, found during the handshake, before the request was sent.
const CERT_VERDICTS = new Set([
  'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'UNABLE_TO_GET_CRL', 'UNABLE_TO_DECRYPT_CRL_SIGNATURE', 'CRL_SIGNATURE_FAILURE', 'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED', 'ERROR_IN_CRL_LAST_UPDATE_FIELD', 'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
]);

/** Whether a transport error code is a TLS failure: a handshake refused or a certificate rejected. */
function isTls(code: string): boolean {
  return TLS.test(code) || CERT_VERDICTS.has(code);
}

// A certificate trusted but issued for another name: no CA file fixes that, the URL's host does.
const HOST_MISMATCH = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
// How the TLS library lists the names a certificate is for, at the end of its message:
// `… is not in the cert's altnames: DNS:a, IP Address:10.0.0.1`, `… cert's list: 10.0.0.1`, `… is not cert's CN: a`.
const CERT_NAMES = /cert's (?:altnames|list|CN): (.+)$/;

/** The names the certificate is for, as its error message lists them (sanitized, short), or null. */
function certNames(err: {message?: unknown; cause?: unknown}, secrets: readonly string[]): string | null {
  const messages = [err.message, (err.cause as {message?: unknown} | undefined)?.message];
  for (const message of messages) {
    const listed = typeof message === 'string' ? CERT_NAMES.exec(message)?.[1] : undefined;
    if (listed) return excerpt(listed.replace(/\b(?:DNS|IP Address):/g, ''), secrets);
  }
  return null;
}

/**
 * A read given up on purpose (its signal aborted: another read of the same refresh failed, so its
 * answer would be thrown away). The refresh fails with that other read's error, not this one.
 */
export function abandoned(where: string): HttpFailure {
  return new HttpFailure('unavailable', `${where}: abandoned (another read of the same refresh failed)`, null, null);
}

/**
 * Maps an error thrown by the transport (no HTTP response) into a failure.
 * @param where the sanitized place that was called, e.g. `GET https://prom/api/v1/query`
 * @param timeoutMs the configured timeout, quoted in timeout messages
 */
export function transportFailure(error: unknown, where: string, timeoutMs: number, secrets: readonly string[]): HttpFailure {
  if (error instanceof SourceFailure) return error instanceof HttpFailure ? error : new HttpFailure(error.kind, error.message, null, null);
  const err = error as {name?: unknown; code?: unknown; message?: unknown; cause?: {code?: unknown}};
  const code = typeof err.code === 'string' ? err.code : typeof err.cause?.code === 'string' ? err.cause.code : '';
  const name = typeof err.name === 'string' ? err.name : '';
  const notSent = BEFORE_CONNECTION.has(code) || isTls(code);
  const fail = (kind: SourceErrorKind, what: string, down: string | null = null) => new HttpFailure(kind, `${where}: ${what}`, null, null, null, notSent, null, down);
  // Worded by the proxy's part (proxy-failure.ts): its own wait, not the client's timeout.
  if (code === PROXY_TIMEOUT) return fail('timeout', typeof err.message === 'string' ? err.message : 'the proxy did not answer', 'timed out');
  if (name === 'TimeoutError' || TIMEOUTS.has(code)) return fail('timeout', `no answer within ${timeoutMs} ms`, 'timed out');
  if (code === 'ECONNREFUSED') return fail('unavailable', 'connection refused', 'refused the connection');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return fail('unavailable', `connection failed (${code})`, 'reset the connection');
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return fail('bad-response', 'response too large');
  // Worded by the handshake (socks5.ts) for the user, and never with the proxy's credentials.
  if (code === SOCKS5_FAILED || code === PROXY_REFUSED) return fail('unavailable', typeof err.message === 'string' ? err.message : 'the proxy failed');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('unavailable', 'host not found (DNS)');
  if (NOT_TLS.test(code)) return fail('unavailable', `the server did not answer in TLS (${code}): is it http://, or the wrong port?`);
  if (HOST_MISMATCH.has(code)) {
    const names = certNames(err, secrets);
    return fail('unavailable', `TLS certificate is for another name${names ? ` (${names})` : ''} than the URL's host (${code}): check the host in the URL`);
  }
  if (CERT_TRUST.has(code)) {
    return fail('unavailable', `TLS certificate not trusted (${code}); set caFile (a PEM file of the CA that signed it) in the config, or insecureSkipVerify: true for a test server`);
  }
  const dates = CERT_DATES.get(code);
  if (dates !== undefined) return fail('unavailable', dates);
  if ((CERT_REJECTED.test(code) && !code.startsWith('ERR_SSL')) || CERT_VERDICTS.has(code)) return fail('unavailable', `TLS certificate rejected (${code})`);
  if (TLS.test(code)) return fail('unavailable', `TLS handshake failed (${code})`);
  if (UNREACHABLE.has(code)) return fail('unavailable', `connection failed (${code})`);
  const message = typeof err.message === 'string' ? err.message : String(error);
  return fail('unavailable', excerpt(`${code ? `${code} ` : ''}${message}`, secrets));
}

/**
 * Whether a failed write may have been acted on by the server: any answer of 5xx (the server or
 * a gateway in front may have passed it on before failing), a 2xx whose body could not be read
 * (accepted, then misread), a 303 See Other (the answer to a request the server processed, whose
 * result is elsewhere), and every transport failure except those before a connection existed. A
 * 4xx answer refused it. Another 3xx says the request belongs elsewhere: an API whose redirects
 * mean "send it there" (GitHub, GitLab, Argo CD, Alertmanager, PagerDuty; or a login proxy or an
 * http→https redirect in front of one) did not act on it, but a receiver of unknown make (a
 * webhook) may answer a POST it acted on with a 302 as well: `anyRedirect` says so. Anything not
 * from the HTTP client (a template that did not render, before sending) was never sent.
 */
export function mayHaveReachedServer(error: unknown, anyRedirect = false): boolean {
  if (!(error instanceof HttpFailure)) return false;
  if (error.status === null) return !error.notSent;
  if (error.status >= 300 && error.status < 400) return anyRedirect || error.status === 303;
  return error.status >= 500 || error.status < 300;
}

/** A 2xx answer that was not JSON, with the content type it had (`text/html; charset=utf-8`). */
export class NotJsonAnswer extends HttpFailure {
  /**
   * @param message what went wrong, already sanitized
   * @param status the 2xx status
   * @param contentType the answer's `Content-Type` as sent, `''` when it had none
   * @param page whether the body was an HTML document ({@link isHtmlDocument}), whatever the
   *   content type said
   */
  constructor(message: string, status: number, readonly contentType: string, readonly page = false) {
    super('bad-response', message, status, null);
  }
}

/** How much of a body is looked at to tell an HTML document: its head, where a page says so. */
export const HTML_SNIFF_MAX = 4096;

// A document opens with its doctype or root element; a page that skips them (a bare sign-in
// form, a portal's redirect by `<meta http-equiv="refresh">` or by script) still has a title, a
// head, a body, a form, a meta or a script. `<header` is not `<head`.
const HTML_START = /^(?:<!doctype\s+html|<html[\s>])/i;
const HTML_PART = /<(?:form|title|head|body|meta|script|noscript|iframe)[\s>/]/i;

/**
 * Whether a body is an HTML document: it starts (after whitespace and a BOM) with
 * `<!doctype html` or `<html`, or holds a `<form>`, `<title>`, `<head>`, `<body>`, `<meta>`,
 * `<script>`, `<noscript>` or `<iframe>`, within its first
 * {@link HTML_SNIFF_MAX} characters. The body decides, not the content type: web frameworks send
 * a hook's short `ok` as `text/html` by default, and that is an answer, not a page.
 */
export function isHtmlDocument(body: string): boolean {
  const head = body.slice(0, HTML_SNIFF_MAX).replace(/^[\s\uFEFF]+/, '');
  return HTML_START.test(head) || HTML_PART.test(head);
}

/**
 * Whether a failure is a 2xx answer whose body is an HTML document: what a sign-in proxy or a
 * captive portal answers in place of the backend, which may never have seen the request. A short
 * body (`ok`, `accepted`) sent as `text/html` is not one.
 */
export function isHtmlAnswer(error: unknown): error is NotJsonAnswer {
  return error instanceof NotJsonAnswer && error.page;
}
