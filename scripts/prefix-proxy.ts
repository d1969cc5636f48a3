/**
 * A reverse proxy on loopback that serves many contexts from a few real servers: `/<prefix>/…`
 * is forwarded to that prefix's upstream with the prefix taken off, and every request is
 * recorded with its prefix, so a test or benchmark counts what each context asked. A route may
 * also hang (accept, never answer: a backend that is up but stuck).
 *
 * For benchmarks the proxy can also record and replay: in `record` mode it keeps each answer
 * (by context, endpoint and parameters, the instant of a query left out) with the time the
 * server took; in `replay` mode it gives a recorded answer back after that same time, without
 * asking the server. N contexts recorded one at a time then answer as N servers on N machines
 * would, each as fast as it was alone, however few cores this machine has.
 */
import {Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse} from 'node:http';

/** Where one prefix goes. */
export interface PrefixRoute {
  /** e.g. `http://127.0.0.1:9090`; ignored when `hang`. */
  upstream?: string;
  /** Never answer: the connection stays open until the client gives up. */
  hang?: boolean;
}

/** One request the proxy received. */
export interface PrefixedRequest {
  prefix: string;
  method: string;
  /** Path after the prefix, without the query string. */
  path: string;
  /** When it arrived, `performance.now()` of the proxy's process. */
  at: number;
  /** Arrival to the answer's last byte, ms; absent while unanswered. */
  ms?: number;
  /** The instant a Prometheus query asked about (`time`, or a range's `end`), as sent. */
  instant?: string;
}

/** `forward` asks the upstreams; `record` also keeps their answers; `replay` answers from those. */
export type ProxyMode = 'forward' | 'record' | 'replay';

/** A running proxy: `${url}/${prefix}` is a context's backend URL. */
export interface PrefixProxy {
  url: string;
  requests: PrefixedRequest[];
  mode: ProxyMode;
  /** Requests that `replay` had no recording for (forwarded to the upstream instead). */
  misses: number;
  /** Requests of one prefix, optionally only those whose path matches. */
  countOf(prefix: string, path?: string | RegExp): number;
  close(): Promise<void>;
}

/** Starts a proxy for `routes` (prefix → route) on a free loopback port. */
export async function startPrefixProxy(routes: Readonly<Record<string, PrefixRoute>>): Promise<PrefixProxy> {
  const requests: PrefixedRequest[] = [];
  const hung = new Set<ServerResponse>();
  // Kept-alive connections to the upstreams: twenty contexts polling must not open a socket per read.
  const agent = new Agent({keepAlive: true, maxSockets: 64});

  const recordings = new Map<string, Recording>();

  const forward = (route: PrefixRoute, req: IncomingMessage, body: Buffer, res: ServerResponse, rest: string, keep: ((r: Recording) => void) | null) => {
    const target = new URL(route.upstream ?? '');
    const url = new URL(rest, target);
    const started = performance.now();
    const upstream = request(
      {agent, hostname: target.hostname, port: target.port, method: req.method, path: `${url.pathname}${url.search}`, headers: {...req.headers, host: target.host}},
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const chunks: Buffer[] = [];
        if (keep) answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => keep?.({status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks), ms: performance.now() - started}));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const at = performance.now();
    const match = /^\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(req.url ?? '/');
    const prefix = match?.[1] ?? '';
    const route = routes[prefix];
    const rest = `${match?.[2] ?? '/'}${match?.[3] ?? ''}`;
    const recorded: PrefixedRequest = {prefix, method: req.method ?? 'GET', path: match?.[2] ?? '/', at};
    requests.push(recorded);
    res.on('finish', () => (recorded.ms = performance.now() - at));
    if (!route) {
      res.writeHead(404, {'content-type': 'text/plain'}).end(`no route for /${prefix}`);
      return;
    }
    if (route.hang) {
      req.resume();
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = paramsOf(req, match?.[3] ?? '', body);
      const instant = params.get('time') ?? params.get('end');
      if (instant !== null) recorded.instant = instant;
      const key = recordingKey(prefix, req.method ?? 'GET', match?.[2] ?? '/', params);
      const kept = proxy.mode === 'replay' ? recordings.get(key) : undefined;
      if (kept) {
        // Its Date is that of the answer now, as a server's would be: the recorded one is minutes
        // old, and the dashboard reads its backends' clock from it (domain/clock-skew.ts).
        const {date: _recorded, ...headers} = kept.headers;
        setTimeout(() => res.writeHead(kept.status, headers).end(kept.body), kept.ms);
        return;
      }
      if (proxy.mode === 'replay') proxy.misses++;
      forward(route, req, body, res, rest, proxy.mode === 'record' ? (r) => recordings.set(key, r) : null);
    });
  });
  // Many contexts' polls arrive together; the default backlog is plenty, keep-alive as long as the clients want.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy: PrefixProxy = {
    url: `http://127.0.0.1:${port}`,
    requests,
    mode: 'forward',
    misses: 0,
    countOf: (prefix, path) =>
      requests.filter((r) => r.prefix === prefix && (path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path)))).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

/** An answer kept in `record` mode, and how long the server took to give it. */
interface Recording {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  ms: number;
}

// The instant of a query changes from one refresh to the next; the question does not.
const INSTANT_PARAMS = new Set(['time', 'start', 'end']);

/** The query string's parameters and a form body's, merged as the server reads them. */
function paramsOf(req: IncomingMessage, search: string, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(search);
  if (/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  return params;
}

/** What makes two requests the same question: context, method, path, parameters but the instant. */
function recordingKey(prefix: string, method: string, path: string, params: URLSearchParams): string {
  const kept = [...params].filter(([k]) => !INSTANT_PARAMS.has(k)).sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return JSON.stringify([prefix, method, path, kept]);
}
