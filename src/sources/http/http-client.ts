/**
 * The one HTTP client every adapter uses (undici). It owns TLS, timeouts, auth and header
 * injection, the JSON content-type check, and the mapping of failures into `SourceFailure`, so
 * no adapter ever handles a socket error or a status code by itself.
 */
import {createHash} from 'node:crypto';
import type {Dispatcher} from 'undici';
import {proxyFor, proxySettings, unusableProxyFor} from './proxy-settings.ts';
import {createAgent, request} from './undici-core.ts';
import type {ClockSkewLog} from './clock-skew-log.ts';
import {takePrefetched} from './prefetch.ts';
import {sanitize, urlForMessage} from '../../domain/sanitize.ts';
import {isSecretHeader} from '../../domain/secret-headers.ts';
import {abandoned, excerpt, HttpFailure, isHtmlDocument, jsonErrorText, kindForStatus, NotJsonAnswer, redact, retryAtOf, serverOffsetOf, transportFailure, type AnswerClock} from './http-errors.ts';
import type {ReadRounds} from './read-round.ts';
import type {RequestGate} from './request-gate.ts';

/**
 * A credential, or how to read its value now: a token file that an agent rotates (a Kubernetes
 * projected token, a Vault agent's) is read again when it changes, and the client asks before
 * every request. The function must be cheap and never throw.
 */
export type Secret = string | (() => string);

function secretNow(secret: Secret | undefined): string | undefined {
  return typeof secret === 'function' ? secret() : secret;
}

/** How to reach one backend. Secrets here never appear in argv, messages or logs. */
export interface HttpClientOptions {
  /** e.g. `https://prometheus.example:9090`; user:password in the URL is used as basic auth. */
  baseUrl: string;
  /** Put before every path, e.g. `/prometheus` for Mimir. */
  pathPrefix?: string;
  /** Extra headers on every request, e.g. `X-Scope-OrgID`. */
  headers?: Record<string, string>;
  /**
   * Names among `headers` whose values are credentials whatever the name (any case): those the
   * config gives by reference (`headersEnv`, `headersFile`). Scrubbed from every message, as the
   * values of headers whose names say they are secret always are.
   */
  secretHeaders?: readonly string[];
  bearerToken?: Secret;
  basicAuth?: {username: string; password: Secret};
  /** Extra CA certificates (PEM) trusted on top of the system roots. */
  caPem?: string;
  /** Turns TLS verification off. Off by default; meant for test servers only. */
  insecureSkipVerify?: boolean;
  /** Whole-request deadline, connect to last body byte. */
  timeoutMs: number;
  /** A dispatcher to use instead of the client's own Agent, e.g. undici's MockAgent in tests. */
  dispatcher?: Dispatcher;
  /**
   * Bounds the reads in flight across clients (every context's), per backend (this client's
   * URL root with its path prefix), and per tenant of a backend several share (its headers and
   * credentials). Polling reads only: a silence or its expiry (`postJson`,
   * `delete`), an incident's update (`putJson`) and a read for one of them never wait behind polls. The timeout starts with the slot; a streamed body gives its slot
   * back once the answer's headers are in.
   */
  gate?: RequestGate;
  /** This client's reads wait in the gate while others' do (the SLO sparklines, behind the current values). */
  background?: boolean;
  /**
   * The rounds of this backend's reads (`read-round.ts`), shared by a source's clients: a read
   * that finds the backend down (timed out, refused, reset) gives up the reads of its round still
   * queued in the gate, which fail unsent; reads in flight go on.
   */
  rounds?: ReadRounds;
  /** Where the `Date` of every answer is noted, so the runtime's clock can follow its backends' (clock-skew-log.ts). */
  clock?: ClockSkewLog;
  /**
   * The paths asked for are secrets (an incoming webhook's `/services/T000/B000/XXXX`, a
   * `/hook/<token>`): messages name the origin only, and the path and query values are scrubbed
   * from whatever the backend echoes. API backends keep their paths in messages: they are routes.
   */
  secretPaths?: boolean;
}

/** Query or form parameters; an array value repeats the key (`match[]`, `filter`). */
export type Params = Record<string, string | number | boolean | readonly string[] | undefined>;

/** JSON over HTTP, failures already mapped. Paths are relative to baseUrl + pathPrefix. */
export interface HttpClient {
  /**
   * GET and decode the JSON body. A read `forAction` (the silences an ack is about to replace)
   * skips the gate: like the write it leads to, it never waits behind polls.
   */
  getJson(path: string, query?: Params, read?: {forAction?: boolean}): Promise<unknown>;
  /**
   * GET a JSON body to be read as it arrives (status and content type checked first, failures
   * mapped as for {@link getJson}): a large body is decoded chunk by chunk, never held whole.
   */
  getJsonStream(path: string, query?: Params): Promise<JsonStream>;
  /**
   * POST an `application/x-www-form-urlencoded` body and decode the JSON answer (a read, gated
   * like GETs). With a `signal` that aborts, the read leaves the gate's queue unsent, or its
   * request is cut (the server stops working on it), and it fails as `abandoned`.
   */
  postForm(path: string, form: Params, signal?: AbortSignal): Promise<unknown>;
  /** POST a JSON body and decode the JSON answer. */
  postJson(path: string, body: unknown): Promise<unknown>;
  /** PUT a JSON body and decode the JSON answer (PagerDuty's incident updates). */
  putJson(path: string, body: unknown): Promise<unknown>;
  /** DELETE; resolves with the decoded body, or `null` when the body is empty. */
  delete(path: string): Promise<unknown>;
  /** Closes the client's own connections (not an injected dispatcher); see {@link CloseOptions}. */
  close(how?: CloseOptions): Promise<void>;
}

/** How a client's connections are closed. */
export interface CloseOptions {
  /**
   * Destroys the connections at once, failing the requests still in flight, rather than waiting
   * for their answers (up to their timeout): for a process that must go now, a request whose
   * outcome was already logged as unknown must not hold it or answer after.
   */
  abort?: boolean;
}

/** A JSON response body read as it arrives; see {@link HttpClient.getJsonStream}. */
export interface JsonStream {
  /** Hands every chunk of the body to `each`, in order; rejects with what `each` threw or a mapped transport failure. */
  read(each: (chunk: Buffer) => void): Promise<void>;
  /** The failure {@link HttpClient.getJson} gives a body that does not parse, quoting `head` (the body's start). */
  invalid(head: string): HttpFailure;
}

/** Encodes parameters the way Prometheus and Alertmanager read them (repeated keys for arrays). */
export function encodeParams(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  return search.toString();
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** What a client puts before every path: `base`'s origin and path, then `pathPrefix`, without a trailing slash. */
export function clientRoot(base: URL, pathPrefix: string | undefined): string {
  return `${base.origin}${joinPath(base.pathname, pathPrefix ?? '').replace(/\/+$/, '')}`;
}

/** The URL a client of `root` asks for `path` (without its query). */
export function requestUrl(root: string, path: string): string {
  return `${root}${joinPath('', path)}`;
}

/**
 * The words of a credential header that can be the secret: a scheme (`Token`, `Basic`) or a key
 * name (`token=`) is short and common; a credential is not (8 characters at least).
 */
function credentialParts(value: string): string[] {
  return value.split(/[\s=,;]+/).filter((part) => part.length >= 8 && part !== value);
}

/** Shortest path segment or query value of a secret path read as a credential: words are shorter. */
const PATH_SECRET_MIN = 16;

/**
 * What of a secret-bearing URL a backend's echo must not show: its path and query whole (raw and
 * decoded) and every long segment or value, which is where a hook's token sits.
 */
function pathSecrets(url: string): string[] {
  const parsed = URL.parse(url);
  if (!parsed) return [];
  const whole = `${parsed.pathname}${parsed.search}`;
  const parts = whole.split(/[/?&=]+/).flatMap((part) => {
    let decoded = part;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      // Not percent-encoded text: the raw part is what an echo would show.
    }
    return [part, decoded];
  });
  // With and without its leading `/`: an echo of the route often drops it.
  return [whole, parsed.pathname, whole.slice(1), parsed.pathname.slice(1), ...parts.filter((part) => part.length >= PATH_SECRET_MIN)].filter((s) => s.length > 1);
}

/** Creates a client for one backend. TLS verification is on unless `insecureSkipVerify` is set. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = URL.parse(options.baseUrl);
  // Never echo the URL: it may carry user:password.
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) throw new Error('baseUrl must be an http:// or https:// URL');
  const basic = options.basicAuth ?? (base.username ? {username: decodeURIComponent(base.username), password: decodeURIComponent(base.password)} : undefined);
  base.username = '';
  base.password = '';
  const root = clientRoot(base, options.pathPrefix);
  // Tenant ids and the like stay readable in messages; anything that looks like a credential
  // goes, and so does whatever the config gave by reference, which it did because it is one.
  const byReference = new Set((options.secretHeaders ?? []).map((name) => name.toLowerCase()));
  const secretHeaders = Object.entries(options.headers ?? {})
    .filter(([name]) => isSecretHeader(name) || byReference.has(name.toLowerCase()))
    .map(([, value]) => value);
  let headers: Record<string, string> = {};
  let clientSecrets: string[] = [];
  let credentials: {token: string | undefined; password: string | undefined} | null = null;
  // The headers and the secrets to scrub, for the credentials as they are now: made again only
  // when a rotated token file gave another value. Earlier values stay scrubbed: an answer may
  // still echo the token it refused.
  const withCredentials = () => {
    const now = {token: secretNow(options.bearerToken), password: secretNow(basic?.password)};
    if (credentials !== null && now.token === credentials.token && now.password === credentials.password) return;
    credentials = now;
    headers = {accept: 'application/json', ...options.headers};
    if (now.token) headers.authorization = `Bearer ${now.token}`;
    // A password file not there yet (or empty) sends no credentials rather than a wrong password
    // on every poll, which a backend may count toward locking the account.
    else if (basic && !(typeof basic.password === 'function' && !now.password)) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${now.password ?? ''}`).toString('base64')}`;
    // A header such as PagerDuty's `Token token=…` is scrubbed whole and by its credential too: a
    // backend that says "invalid token …" echoes the credential alone, not the header.
    const headerSecrets = [headers.authorization, ...secretHeaders].flatMap((value) => (value === undefined ? [] : [value, ...credentialParts(value)]));
    const fresh = [now.token, now.password, ...headerSecrets].filter((s): s is string => typeof s === 'string' && s.length > 0);
    clientSecrets = [...new Set([...clientSecrets, ...fresh])];
  };
  withCredentials();
  const ownAgent = options.dispatcher ? null : createAgent(options);
  const dispatcher: Dispatcher = options.dispatcher ?? ownAgent!;

  // Through a proxy (HTTPS_PROXY…), every message says which: "connection refused" alone would
  // blame the backend for a proxy that is down.
  const settings = ownAgent === null ? null : proxySettings(process.env);
  const proxy = proxyFor(root, settings);
  const via = proxy === null ? '' : ` via proxy ${sanitize(proxy)}`;
  // A proxy variable no proxy can be made of (`socks4://…`, `http://proxy corp`, a password
  // `50%off`): what it would carry is not sent, as curl sends nothing, and the error names the
  // variable, not its value.
  const unusable = unusableProxyFor(root, settings);
  // The query string can be a long PromQL expression: name the endpoint only.
  const whereOf = (method: string, path: string) =>
    options.secretPaths === true ? `${method} ${sanitizeUrl(base.origin, clientSecrets)}${via}` : `${method} ${sanitizeUrl(`${root}${joinPath('', path)}`, clientSecrets)}${via}`;

  async function call(method: Dispatcher.HttpMethod, path: string, query: Params | undefined, body?: {type: string; text: string}, stream = false, cancel?: AbortSignal) {
    withCredentials();
    const qs = query ? encodeParams(query) : '';
    const url = `${requestUrl(root, path)}${qs ? `?${qs}` : ''}`;
    const where = whereOf(method, path);
    if (unusable !== null) {
      throw new HttpFailure('unavailable', `${where}: ${unusable} is not a proxy URL (http://, https:// or socks5://host:port, a % in its user or password written %25), so nothing was sent; fix it, or name this host in NO_PROXY`, null, null, null, true);
    }
    // A hook that answers "no route /services/T000/B000/XXXX" would print its own secret.
    const secrets = options.secretPaths === true ? [...clientSecrets, ...pathSecrets(url)] : clientSecrets;
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      // A GET the command sent before its config was checked (prefetch.ts), if it is this very
      // request: same URL, headers and timeout, on an Agent like this client's own.
      const early = method === 'GET' && ownAgent !== null && !options.caPem && options.insecureSkipVerify !== true ? takePrefetched(url, headers, options.timeoutMs) : null;
      response = await (early ?? request(url, {
        dispatcher,
        method,
        headers: body ? {...headers, 'content-type': body.type} : headers,
        body: body?.text,
        signal: cancel ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), cancel]) : AbortSignal.timeout(options.timeoutMs),
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      }));
      // Noted when the headers arrive: the server wrote its Date then, however long the body takes.
      options.clock?.note(headerValue(response.headers.date), Date.now(), response.headers.age === undefined ? undefined : headerValue(response.headers.age));
      if (stream && response.statusCode >= 200 && response.statusCode < 300 && JSON_TYPE.test(headerValue(response.headers['content-type']))) {
        return streamOf(response, where, options.timeoutMs, secrets);
      }
      text = await response.body.text();
    } catch (error) {
      if (cancel?.aborted) throw abandoned(where);
      throw transportFailure(error, where, options.timeoutMs, secrets);
    }
    if (response.statusCode >= 300 && response.statusCode < 400) {
      // Not followed: a redirect here is usually a login proxy or http→https, both config issues.
      const to = headerValue(response.headers.location);
      // A hook's redirect may lead to another secret path: its origin is what helps anyway.
      const location = sanitizeUrl(options.secretPaths === true ? (URL.parse(to, url)?.origin ?? '').replace(/^null$/, '') : urlForMessage(to), secrets);
      throw new HttpFailure('bad-response', `${where}: HTTP ${response.statusCode} redirect to ${location || '?'}; check the URL, or an authenticating proxy in front`, response.statusCode, null);
    }
    // One reading of the clock for the reset and for the server's offset, so a wait said from
    // them is the server's own, whatever this machine's clock says.
    const answeredAt = Date.now();
    const retryAt = retryAtOf(response.statusCode, (name) => headerValue(response.headers[name]), answeredAt);
    const retryClock = retryAt === null ? null : {answeredAt, serverOffsetMs: serverOffsetOf(headerValue(response.headers.date), answeredAt)};
    return interpret(response.statusCode, headerValue(response.headers['content-type']), text, where, secrets, retryAt, retryClock);
  }

  // Every read of this backend counts against its share of the gate (its URL root names it),
  // and against its tenant's within it: the headers it sends (tenant id, credentials) tell two
  // tenants of one Mimir apart, so one that hangs leaves the other slots. A digest, so the gate
  // holds no secret.
  const shared: RequestGate = options.gate ?? ((run) => run());
  const tenant = createHash('sha256').update(JSON.stringify(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).digest('hex');
  shared.know?.({root, tenant});
  const gate = <T>(run: () => Promise<T>, signal?: AbortSignal, where?: () => string) => {
    const round = options.rounds?.join();
    // The round's signal only takes a queued read out of the gate: it never reaches the request,
    // so a read already sent keeps its own timeout and may still answer.
    const queue = round === undefined ? signal : signal === undefined ? round.signal : AbortSignal.any([signal, round.signal]);
    // Noted before the gate frees the slot, so the round's queued reads leave before one starts.
    let sent = false;
    const noted = round === undefined ? run : () => {
      sent = true;
      return run().catch((error: unknown) => {
        round.failed(error);
        throw error;
      });
    };
    const gated = shared(noted, {root, tenant}, options.background === true, queue);
    if (queue === undefined) return gated;
    const out = gated.catch((error: unknown) => {
      // Given up by the round while it waited for a slot: never sent, for the round's cause.
      if (round !== undefined && !sent && round.signal.aborted && signal?.aborted !== true) throw round.notSent(where?.() ?? root);
      // Aborted while it waited for a slot: never sent.
      throw signal?.aborted === true && !(error instanceof HttpFailure) ? abandoned(where?.() ?? root) : error;
    });
    return round === undefined ? out : out.finally(() => round.leave());
  };

  return {
    getJson: (path, query, read) => (read?.forAction === true ? call('GET', path, query) : gate(() => call('GET', path, query), undefined, () => whereOf('GET', path))),
    // Anything but a 2xx JSON answer is read whole and fails as getJson's would; a 2xx answer
    // that is not JSON is read whole too, and interpret() throws its "expected JSON".
    getJsonStream: async (path, query) => {
      const result = await gate(() => call('GET', path, query, undefined, true), undefined, () => whereOf('GET', path));
      if (isJsonStream(result)) return result;
      return {read: async (each) => each(Buffer.from(JSON.stringify(result))), invalid: () => new HttpFailure('bad-response', 'invalid JSON', null, null)};
    },
    // Prometheus' queries go as forms: reads, gated like GETs.
    postForm: (path, form, signal) => gate(() => call('POST', path, undefined, {type: 'application/x-www-form-urlencoded', text: encodeParams(form)}, false, signal), signal, () => whereOf('POST', path)),
    postJson: (path, body) => call('POST', path, undefined, {type: 'application/json', text: JSON.stringify(body)}),
    putJson: (path, body) => call('PUT', path, undefined, {type: 'application/json', text: JSON.stringify(body)}),
    delete: (path) => call('DELETE', path, undefined),
    close: async (how) => {
      await (how?.abort === true ? ownAgent?.destroy() : ownAgent?.close());
    },
  };
}

const STREAMS = new WeakSet<object>();
/** A streamed body is handed over in pieces of at most this many bytes… */
export const READ_SLICE = 64 * 1024;
/** …and the event loop turns whenever this much time went on them (well within a 16 ms frame). */
export const YIELD_AFTER_MS = 4;

function isJsonStream(value: unknown): value is JsonStream {
  return typeof value === 'object' && value !== null && STREAMS.has(value);
}

function streamOf(response: Dispatcher.ResponseData, where: string, timeoutMs: number, secrets: readonly string[]): JsonStream {
  const out: JsonStream = {
    async read(each) {
      try {
        // Buffered chunks would otherwise be handed over in one run of microtasks: a body that
        // arrived whole would hold the event loop (and a key press) for its whole decode.
        let since = performance.now();
        for await (const chunk of response.body) {
          for (let i = 0; i < (chunk as Buffer).length; i += READ_SLICE) {
            each((chunk as Buffer).subarray(i, i + READ_SLICE));
            if (performance.now() - since < YIELD_AFTER_MS) continue;
            await new Promise((resolve) => setImmediate(resolve));
            since = performance.now();
          }
        }
      } catch (error) {
        // A consumer's own failure (a bad body) stops the read: the rest is not wanted.
        response.body.destroy();
        throw error instanceof HttpFailure || !(error instanceof Error) || !isTransport(error) ? error : transportFailure(error, where, timeoutMs, secrets);
      }
    },
    invalid: (head) => new HttpFailure('bad-response', `${where}: invalid JSON (${excerpt(head, secrets)})`, response.statusCode, null),
  };
  STREAMS.add(out);
  return out;
}

// Errors undici raises while a body streams (timeouts, resets, size limit), as opposed to a consumer's.
function isTransport(error: Error): boolean {
  const code = (error as {code?: unknown}).code;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || (typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E')));
}

/** Decodes a response or throws the failure it stands for. */
function interpret(status: number, contentType: string, text: string, where: string, secrets: readonly string[], retryAt: number | null, retryClock: AnswerClock | null): unknown {
  const isJson = JSON_TYPE.test(contentType);
  const hasJson = isJson && text.trim() !== '';
  let parsed = hasJson ? jsonOrUndefined(text) : undefined;
  // JSON.parse never answers undefined: undefined from a body labelled JSON is one that is not.
  const parseError = hasJson && parsed === undefined;
  if (status >= 200 && status < 300) {
    if (text.trim() === '') return null;
    if (!isJson) throw new NotJsonAnswer(`${where}: expected JSON, got ${sanitize(contentType.split(';')[0]?.trim() || 'no content type')}`, status, contentType, isHtmlDocument(text));
    if (parseError) {
      const message = `${where}: invalid JSON (${excerpt(text, secrets)})`;
      // A sign-in proxy may label its page `application/json`: the body decides, as for a page
      // sent as text/html, so a write does not read that page as the backend's acceptance.
      if (isHtmlDocument(text)) throw new NotJsonAnswer(message, status, contentType, true);
      throw new HttpFailure('bad-response', message, status, null);
    }
    return parsed;
  }
  // An error body that is JSON whatever its label (a gateway or framework sending `{"message": …}`
  // as text/plain) is decoded here too, where the secrets are known: decoded later, a token JSON
  // wrote as `\/` or `\u002b` would come out in clear, and `\u001b` as a raw control.
  if (!isJson && /^\s*[{"]/.test(text)) parsed = jsonOrUndefined(text);
  const fromJson = parsed === undefined ? null : jsonErrorText(parsed);
  const detail = fromJson ? excerpt(fromJson.text, secrets) : text.trim() ? excerpt(text, secrets) : null;
  const kind = kindForStatus(status, fromJson?.type ?? null);
  const label = kind === 'auth' ? 'not authorized, check the token or credentials' : statusText(status);
  const message = `${where}: HTTP ${status}${label ? ` ${label}` : ''}${detail ? `: ${detail}` : ''}`;
  throw new HttpFailure(kind, message, status, detail, retryAt, false, retryClock, null, fromJson !== null);
}

// The text decoded as JSON; undefined when it is not JSON.
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Text that only starts like JSON: quoted as it came.
    return undefined;
  }
}

function statusText(status: number): string {
  const texts: Record<number, string> = {400: 'Bad Request', 404: 'Not Found', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout'};
  return texts[status] ?? '';
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function joinPath(a: string, b: string): string {
  const left = a.replace(/\/+$/, '');
  const right = b.replace(/^\/+/, '');
  return right ? `${left}/${right}` : left;
}

function sanitizeUrl(url: string, secrets: readonly string[]): string {
  return excerpt(redact(url, secrets), secrets);
}
