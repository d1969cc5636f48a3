/**
 * undici's `Agent` and `request()`, loaded without the rest of undici's index. Why: the index
 * requires every part of undici when it loads (fetch, WebSocket, EventSource, the cache stores,
 * the mock agents, every interceptor), 730 KB of the bundle of which the HTTP client uses only
 * these two; the rest cost every one-shot command its load before its first request (`oncall
 * alerts --json` waits for that in full: BENCHMARKS.md). Same code, same behaviour: `request`
 * does what the index's wrapper does for a string URL (origin and path from it), then undici's
 * own request API on the dispatcher. undici has no `exports` map, so these paths are public
 * files of the package; its types are the index's.
 */
import type {Socket} from 'node:net';
import type {Agent as AgentClass, buildConnector, Dispatcher, ProxyAgent as ProxyAgentClass} from 'undici';
import {socks5Handshake} from './socks5.ts';
// @ts-expect-error -- undici ships types for its index only; the value is the index's `Agent`.
import AgentImpl from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error -- as above: the index's `ProxyAgent` (it shares the Agent's parts).
import ProxyAgentImpl from 'undici/lib/dispatcher/proxy-agent.js';
// @ts-expect-error -- as above: the base of undici's dispatchers (the Agent's too).
import DispatcherBaseImpl from 'undici/lib/dispatcher/dispatcher-base.js';
// @ts-expect-error -- as above: the symbols a dispatcher's own methods are named by.
import undiciSymbols from 'undici/lib/core/symbols.js';
// @ts-expect-error -- as above: the index's `buildConnector`, how an Agent opens a socket.
import buildConnectorImpl from 'undici/lib/core/connect.js';
// @ts-expect-error -- as above: the base class the index gives its API methods.
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
// @ts-expect-error -- as above: the index's `connect`, which a proxy's tunnel is opened with.
import connectImpl from 'undici/lib/api/api-connect.js';
// @ts-expect-error -- as above: the index's `request` is this function bound to a dispatcher.
import requestImpl from 'undici/lib/api/api-request.js';

/** undici's `Agent`. */
export const Agent = AgentImpl as typeof AgentClass;

// A huge answer is a misconfiguration (wrong URL, a dump); refuse it before it eats the heap.
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** How a client's connections check TLS: the system roots (plus `caPem`), verified unless `insecureSkipVerify`. */
export interface AgentTls {
  caPem?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

/** The proxies a process's environment names, as `curl` and Go's clients read them. */
export interface ProxySettings {
  /** `scheme://[user:pass@]host:port`: the parts of the variable's URL a proxy is reached by. */
  httpProxy?: string;
  httpsProxy?: string;
  /**
   * The variable (`HTTPS_PROXY`, `http_proxy` …) of each scheme whose value is no proxy URL this
   * client can use; never the value, which may hold the proxy's password.
   */
  unusable?: {http?: string; https?: string};
  /** `NO_PROXY`, plus the loopback names: a tunnel to localhost never goes through a proxy. */
  noProxy: string;
}

// Always direct: a Prometheus port-forwarded to this machine is not behind the site's proxy
// (Go's clients, which Prometheus' own tools are, skip the proxy for loopback too).
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

// The proxy schemes this client speaks, as written to it. curl's `socks5h` (names resolved by
// the proxy, what `ssh -D` users write) is what its `socks5` does (socks5.ts); curl's `socks` is
// SOCKS4, which it does not speak.
const PROXY_SCHEMES: Readonly<Record<string, string>> = {'http:': 'http:', 'https:': 'https:', 'socks5:': 'socks5:', 'socks5h:': 'socks5:'};

/** Whether `part` of a URL's userinfo percent-decodes (`50%off` does not; `50%25off` does). */
function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/**
 * A proxy variable's value as curl reads it: `http://` when it names no scheme
 * (`proxy.corp:3128`), port 1080 when it names none (443 for `https://`), and only its scheme,
 * credentials, host and port (curl ignores a path or a query; undici refused them, and every
 * command died of it). Null when no proxy can be made of it, a user or password that does not
 * percent-decode included.
 */
function proxyUrl(value: string): string | null {
  const text = value.trim();
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = URL.parse(written);
  const scheme = url === null ? undefined : PROXY_SCHEMES[url.protocol];
  if (url === null || scheme === undefined || url.hostname === '') return null;
  // The credentials are percent-decoded on their way to the proxy (undici decodes them while the
  // Agent is built, and threw "URI malformed" for a bare `%`, which ended every command): one
  // that does not decode is no credential this client can send.
  if (!decodes(url.username) || !decodes(url.password)) return null;
  const auth = url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  // Without a port, curl's (1080, 443 for an https proxy), not the scheme's 80: the URL parser
  // drops a port that is the scheme's own, so whether one was written is read off the text.
  const authority = /^[^:]*:\/\/([^/?#\\]*)/.exec(written)?.[1] ?? '';
  const portWritten = /:\d+$/.test(authority.slice(authority.lastIndexOf('@') + 1));
  const port = portWritten ? url.port || (url.protocol === 'https:' ? '443' : '80') : scheme === 'https:' ? '443' : '1080';
  return `${scheme}//${auth}${url.hostname}:${port}`;
}

/**
 * The proxy settings of `env` (`https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`, `no_proxy`/
 * `NO_PROXY`, lower case first), or null when it names no proxy. A bastion often reaches GitHub,
 * PagerDuty or a hosted Grafana only through one; without this every such read timed out while
 * `curl` on the same machine worked. A value no proxy can be made of is kept by its variable's
 * name ({@link ProxySettings.unusable}): what it would carry then fails, as with curl, rather
 * than going direct past a proxy the site may require.
 */
export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings | null {
  const pick = (lower: string, upper: string): [string, string] | null => (env[lower] ? [lower, env[lower]] : env[upper] ? [upper, env[upper]] : null);
  const http = pick('http_proxy', 'HTTP_PROXY');
  const https = pick('https_proxy', 'HTTPS_PROXY');
  if (http === null && https === null) return null;
  const httpProxy = http === null ? null : proxyUrl(http[1]);
  const httpsProxy = https === null ? null : proxyUrl(https[1]);
  const unusable = {...(http !== null && httpProxy === null ? {http: http[0]} : {}), ...(https !== null && httpsProxy === null ? {https: https[0]} : {})};
  const noProxy = [pick('no_proxy', 'NO_PROXY')?.[1] ?? '', ...LOOPBACK].filter(Boolean).join(',');
  return {...(httpProxy ? {httpProxy} : {}), ...(httpsProxy ? {httpsProxy} : {}), ...(Object.keys(unusable).length > 0 ? {unusable} : {}), noProxy};
}

/** Whether a request to `target` skips the proxy: undici's `EnvHttpProxyAgent`'s rule (see {@link proxyFor}). */
function goesDirect(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[(.+)\]$/, '$1').toLowerCase().replace(/(.)\.$/, '$1');
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(raw);
    const plain = bracketed ? null : /^([^:]+):(\d+)$/.exec(raw);
    const name = (bracketed?.[1] ?? plain?.[1] ?? raw).toLowerCase();
    const onlyPort = Number(bracketed?.[2] ?? plain?.[2] ?? 0);
    if (onlyPort !== 0 && onlyPort !== port) continue;
    if (name === '*') return true;
    const wildcard = name.startsWith('*.');
    const bare = name.replace(/^\*?\./, '');
    if ((!wildcard && host === bare) || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/**
 * Which setting carries a request to `url`: a proxy URL, the name of an unusable variable, or
 * null for direct: the route {@link createAgent}'s requests take. An https request takes
 * `HTTPS_PROXY`, else `HTTP_PROXY` (undici's rule); a variable that is set wins even when
 * unusable, as curl's would.
 */
function routeOf(url: string, settings: ProxySettings | null): {proxy: string} | {unusable: string} | null {
  if (settings === null) return null;
  const target = URL.parse(url);
  if (target === null || goesDirect(target, settings.noProxy)) return null;
  const order = target.protocol === 'https:' ? (['https', 'http'] as const) : (['http'] as const);
  for (const scheme of order) {
    const proxy = scheme === 'https' ? settings.httpsProxy : settings.httpProxy;
    if (proxy !== undefined) return {proxy};
    const unusable = settings.unusable?.[scheme];
    if (unusable !== undefined) return {unusable};
  }
  return null;
}

/**
 * The proxy a request to `url` goes through under `settings`, as `host:port` (never its
 * credentials), or null when it goes direct: the route the request takes (an exact `NO_PROXY`
 * name, or one its subdomain, `*.name` for subdomains only, `*` for all, `:port` to one port).
 * For messages: "connection refused" alone would blame the backend for a proxy that is down.
 */
export function proxyFor(url: string, settings: ProxySettings | null): string | null {
  const route = routeOf(url, settings);
  if (route === null || !('proxy' in route)) return null;
  const proxy = URL.parse(route.proxy);
  // Its port even when it is the scheme's own, which the URL parser leaves out of `host`.
  return proxy === null ? 'the proxy' : `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`;
}

/**
 * The variable (`HTTPS_PROXY` …) whose unusable value a request to `url` would go through, or
 * null: such a request is not sent (curl fails it too), and its error names the variable.
 */
export function unusableProxyFor(url: string, settings: ProxySettings | null): string | null {
  const route = routeOf(url, settings);
  return route !== null && 'unusable' in route ? route.unusable : null;
}

// How long a SOCKS5 proxy may take to open a tunnel: undici's default for opening a connection.
const SOCKS5_CONNECT_MS = 10_000;

/**
 * The connector of an Agent whose connections go through the SOCKS5 proxy `proxy`: to the proxy,
 * the handshake for the backend's host (a name stays a name: the proxy resolves it, as curl's
 * `socks5h://` does), then the backend's TLS inside the tunnel, checked as `tlsOptions` say.
 */
function socks5Connector(proxy: URL, tlsOptions: buildConnector.BuildOptions): buildConnector.connector {
  const build = buildConnectorImpl as typeof buildConnector;
  const toProxy = build({timeout: SOCKS5_CONNECT_MS});
  const toBackend = build(tlsOptions);
  const hostname = proxy.hostname.replace(/^\[(.+)\]$/, '$1');
  const port = String(Number(proxy.port) || 1080);
  // Checked by proxyUrl: both decode.
  const login = proxy.username === '' ? null : {username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password)};
  return (target, callback) => {
    toProxy({hostname, host: proxy.host, protocol: 'http:', port}, (error, socket) => {
      if (error !== null) return callback(error, null);
      const timer = setTimeout(() => socket.destroy(Object.assign(new Error('the SOCKS5 proxy did not open the tunnel in time'), {code: 'UND_ERR_CONNECT_TIMEOUT'})), SOCKS5_CONNECT_MS);
      const backendPort = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
      socks5Handshake(socket as Socket, target.hostname, backendPort, login).then(
        () => {
          clearTimeout(timer);
          if (target.protocol === 'https:') toBackend({...target, httpSocket: socket as Socket}, callback);
          else callback(null, socket);
        },
        (failure: unknown) => {
          clearTimeout(timer);
          socket.destroy();
          callback(failure instanceof Error ? failure : new Error(String(failure)), null);
        },
      );
    });
  };
}

const {kDispatch, kClose, kDestroy} = undiciSymbols as Record<'kDispatch' | 'kClose' | 'kDestroy', symbol>;

/**
 * The dispatcher of a client under proxy variables: each request to the Agent its route names
 * ({@link routeOf}, the rule messages name the proxy by, so the two cannot disagree): direct,
 * an HTTP(S) proxy's undici `ProxyAgent`, or a SOCKS5 proxy's Agent (see {@link socks5Connector}).
 * A route through an unusable variable is refused here too, though the client never sends one.
 */
class ProxyRoutes extends (DispatcherBaseImpl as new () => Dispatcher) {
  readonly #settings: ProxySettings;
  readonly #direct: Dispatcher;
  readonly #proxies: ReadonlyMap<string, Dispatcher>;

  constructor(settings: ProxySettings, direct: Dispatcher, proxies: ReadonlyMap<string, Dispatcher>) {
    super();
    this.#settings = settings;
    this.#direct = direct;
    this.#proxies = proxies;
  }

  [kDispatch](options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const route = routeOf(String(options.origin), this.#settings);
    const agent = route === null ? this.#direct : 'proxy' in route ? this.#proxies.get(route.proxy) : undefined;
    // Thrown here, the base class hands it to the handler as the request's error.
    if (agent === undefined) throw new Error(`${route !== null && 'unusable' in route ? route.unusable : 'the proxy variable'} is not a proxy URL`);
    return agent.dispatch(options, handler);
  }

  [kClose](): Promise<unknown> {
    return Promise.all([this.#direct, ...this.#proxies.values()].map((agent) => agent.close()));
  }

  [kDestroy](error: Error | null): Promise<unknown> {
    return Promise.all([this.#direct, ...this.#proxies.values()].map((agent) => agent.destroy(error)));
  }
}

/**
 * The Agent of one backend's client: its TLS, 8 connections, answers of at most 64 MiB; through
 * the proxy the environment names, if any (the backend's TLS then runs inside the tunnel, and
 * the limits hold there too).
 */
export function createAgent(tls: AgentTls, env: Readonly<Record<string, string | undefined>> = process.env): Dispatcher {
  const connect = {
    rejectUnauthorized: tls.insecureSkipVerify !== true,
    // node:tls only for a custom CA: loading it costs every start a few ms, and undici
    // loads it itself when a backend is https.
    ...(tls.caPem ? {ca: [...process.getBuiltinModule('node:tls').rootCertificates, tls.caPem]} : {}),
  };
  const common = {connections: 8, maxResponseSize: MAX_RESPONSE_BYTES};
  const direct = new Agent({...common, connect});
  const proxy = proxySettings(env);
  if (proxy === null) return direct;
  const proxies = new Map<string, Dispatcher>();
  for (const uri of new Set([proxy.httpProxy, proxy.httpsProxy])) {
    if (uri === undefined) continue;
    const url = new URL(uri);
    if (url.protocol === 'socks5:') {
      proxies.set(uri, new Agent({...common, connect: socks5Connector(url, connect)}));
    } else {
      // The index gives every dispatcher its API methods on load; a proxy opens its tunnel with
      // `connect`, the one of them this module does not call itself.
      (DispatcherImpl as {prototype: Record<string, unknown>}).prototype['connect'] ??= connectImpl;
      proxies.set(uri, new (ProxyAgentImpl as typeof ProxyAgentClass)({...common, connect, uri, requestTls: connect}));
    }
  }
  return new ProxyRoutes(proxy, direct, proxies);
}

/** The options of {@link request}: undici's, with the dispatcher required. */
export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {dispatcher: Dispatcher; method: Dispatcher.HttpMethod};

/** undici's `request(url, options)` for an absolute URL, on `options.dispatcher`. */
export function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const {dispatcher, ...rest} = options;
  const parsed = new URL(url);
  return (requestImpl as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>).call(dispatcher, {
    ...rest,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
  });
}
