/**
 * undici's `Agent` and `request()`, loaded without the rest of undici's index. Why: the index
 * requires every part of undici when it loads (fetch, WebSocket, EventSource, the cache stores,
 * the mock agents, every interceptor), 730 KB of the bundle of which the HTTP client uses only
 * these two; the rest cost every one-shot command its load before its first request (`oncall
 * alerts --json` waits for that in full: BENCHMARKS.md). Same code, same behaviour: `request`
 * does what the index's wrapper does for a string URL (origin and path from it), then undici's
 * own request API on the dispatcher. undici has no `exports` map, so these paths are public
 * files of the package; its types are the index's. Under proxy variables (proxy-settings.ts)
 * the Agent is a router to undici's `ProxyAgent` or to an Agent through a SOCKS5 tunnel.
 */
import type {Socket} from 'node:net';
import type {Agent as AgentClass, buildConnector, Dispatcher, Pool as PoolClass, ProxyAgent as ProxyAgentClass} from 'undici';
import {PROXY_TIMEOUT, proxyFailure, proxyRefused} from './proxy-failure.ts';
import {bareHost, routeOf, proxySettings, urlPort, type ProxySettings} from './proxy-settings.ts';
import {socks5Handshake} from './socks5.ts';
// @ts-expect-error -- undici ships types for its index only; the value is the index's `Agent`.
import AgentImpl from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error -- as above: the index's `Pool`, an Agent's connections to one origin.
import PoolImpl from 'undici/lib/dispatcher/pool.js';
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
const Pool = PoolImpl as typeof PoolClass;

// A huge answer is a misconfiguration (wrong URL, a dump); refuse it before it eats the heap.
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * How a client's connections check TLS: the system roots (plus `caPem`), verified unless
 * `insecureSkipVerify`; and `timeoutMs`, the client's timeout, which a proxy's tunnel is opened
 * within too.
 */
export interface AgentTls {
  caPem?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
  timeoutMs?: number | undefined;
}

// How long a proxy may take to open a tunnel, at most: undici's default for opening a
// connection. No longer than the client's timeout: a request's own timeout cannot act before
// it has a connection, so a proxy that never answers held it for undici's 300 s.
const PROXY_CONNECT_MS = 10_000;

/**
 * The connector of an Agent whose connections go through the SOCKS5 proxy `proxy`: to the proxy,
 * the handshake for the backend's host (a name stays a name: the proxy resolves it, as curl's
 * `socks5h://` does), each within `waitMs`, then the backend's TLS inside the tunnel, checked as
 * `tlsOptions` say.
 */
function socks5Connector(proxy: URL, tlsOptions: buildConnector.BuildOptions, waitMs: number): buildConnector.connector {
  const build = buildConnectorImpl as typeof buildConnector;
  const toProxy = build({timeout: waitMs});
  const toBackend = build(tlsOptions);
  const hostname = bareHost(proxy.hostname);
  const port = String(Number(proxy.port) || 1080);
  // Checked by proxyUrl: both decode.
  const login = proxy.username === '' ? null : {username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password)};
  return (target, callback) => {
    toProxy({hostname, host: proxy.host, protocol: 'http:', port}, (error, socket) => {
      if (error !== null) return callback(error, null);
      // Its own words and its own wait (the client's timeout's "no answer within" named a time
      // it did not wait); unref'd, so that a quit does not wait for it.
      const timer = setTimeout(() => socket.destroy(proxyFailure(PROXY_TIMEOUT, `the SOCKS5 proxy did not open the tunnel within ${waitMs} ms`)), waitMs).unref();
      const backendPort = urlPort(target);
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

/**
 * The Pool an HTTP proxy's CONNECTs are sent on: its answer awaited `waitMs` at most (undici's
 * default is 300 s), and its failures said as the proxy's (proxy-failure.ts): no answer in time,
 * or a refusal (407, 403), where undici said "Proxy response (407) !== 200", which read as a
 * request that may have reached the backend.
 */
function tunnelPool(origin: string | URL, options: PoolClass.Options, waitMs: number, loginSent: boolean): Dispatcher {
  const pool = new Pool(origin, {...options, headersTimeout: waitMs});
  const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  Object.assign(pool, {
    async connect(params: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> {
      let tunnel: Dispatcher.ConnectData;
      try {
        tunnel = await connect(params);
      } catch (error) {
        const code = (error as {code?: unknown}).code;
        if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') throw proxyFailure(PROXY_TIMEOUT, `the proxy did not answer within ${waitMs} ms`);
        throw error;
      }
      if (tunnel.statusCode !== 200) {
        tunnel.socket.on('error', () => {}).destroy();
        throw proxyRefused(tunnel.statusCode, loginSent);
      }
      return tunnel;
    },
  });
  return pool;
}

// undici's error for a plain-http request its proxy answered 407 (its only word for it).
const FORWARD_REFUSED = /^Proxy Authentication Required \(407\)$/;

/**
 * `handler`, with undici's error for a plain-http request its proxy answered 407 said as the
 * proxy's refusal: "not sent", as a refused CONNECT is (see {@link tunnelPool}).
 */
function refusalSaid(handler: Dispatcher.DispatchHandler, loginSent: boolean): Dispatcher.DispatchHandler {
  return {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    ...(handler.onRequestUpgrade ? {onRequestUpgrade: handler.onRequestUpgrade.bind(handler)} : {}),
    onResponseStart: (controller, status, headers, text) => handler.onResponseStart?.(controller, status, headers, text),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => {
      const refused = (error as {code?: unknown}).code === 'UND_ERR_INVALID_ARG' && FORWARD_REFUSED.test(error.message);
      handler.onResponseError?.(controller, refused ? proxyRefused(407, loginSent) : error);
    },
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
  // A client asks few origins, each the same way every time: its route is worked out once, not
  // on every request (a URL parse and the NO_PROXY entries' matching).
  readonly #routes = new Map<string, ReturnType<typeof routeOf>>();

  constructor(settings: ProxySettings, direct: Dispatcher, proxies: ReadonlyMap<string, Dispatcher>) {
    super();
    this.#settings = settings;
    this.#direct = direct;
    this.#proxies = proxies;
  }

  [kDispatch](options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin);
    let route = this.#routes.get(origin);
    if (route === undefined) this.#routes.set(origin, (route = routeOf(origin, this.#settings)));
    const agent = route === null ? this.#direct : 'proxy' in route ? this.#proxies.get(route.proxy) : undefined;
    // Thrown here, the base class hands it to the handler as the request's error.
    if (agent === undefined) throw new Error(`${route !== null && 'unusable' in route ? route.unusable : 'the proxy variable'} is not a proxy URL`);
    if (route === null || !('proxy' in route) || route.proxy.startsWith('socks5:')) return agent.dispatch(options, handler);
    return agent.dispatch(options, refusalSaid(handler, URL.parse(route.proxy)?.username !== ''));
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
 * the limits hold there too, as through an HTTP proxy to a plain-http backend); a proxy's tunnel
 * opened within the client's timeout (10 s at most).
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
  const waitMs = Math.min(PROXY_CONNECT_MS, tls.timeoutMs ?? PROXY_CONNECT_MS);
  const proxies = new Map<string, Dispatcher>();
  for (const uri of new Set([proxy.httpProxy, proxy.httpsProxy])) {
    if (uri === undefined) continue;
    const url = new URL(uri);
    if (url.protocol === 'socks5:') {
      proxies.set(uri, new Agent({...common, connect: socks5Connector(url, connect, waitMs)}));
    } else {
      // The index gives every dispatcher its API methods on load; a proxy opens its tunnel with
      // `connect`, the one of them this module does not call itself.
      (DispatcherImpl as {prototype: Record<string, unknown>}).prototype['connect'] ??= connectImpl;
      proxies.set(
        uri,
        new (ProxyAgentImpl as typeof ProxyAgentClass)({
          ...common,
          connect,
          uri,
          requestTls: connect,
          connectTimeout: waitMs,
          clientFactory: (origin, options) => tunnelPool(origin, options, waitMs, url.username !== ''),
          // The Pools of plain-http backends (requests forwarded, not tunnelled) too: undici
          // builds them with the connector only, without the client's limits.
          factory: (origin, options) => new Pool(origin, {...options, ...common}),
        }),
      );
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
