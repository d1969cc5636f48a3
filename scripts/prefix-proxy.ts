/**
 * A reverse proxy on loopback that serves many contexts from a few real servers: `/<prefix>/…`
 * is forwarded to that prefix's upstream with the prefix taken off, and every request is
 * recorded with its prefix, so a test or benchmark counts what each context asked. A route may
 * narrow Alertmanager's alert list to its context's alerts (`alertFilter`, Alertmanager's own
 * `filter` matchers, as a tenant-aware front would), or hang (accept, never answer: a backend
 * that is up but stuck).
 */
import {Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse} from 'node:http';

/** Where one prefix goes. */
export interface PrefixRoute {
  /** e.g. `http://127.0.0.1:9090`; ignored when `hang`. */
  upstream?: string;
  /** Matchers added to `GET /api/v2/alerts` (`ctx="prod-eu"`): the context sees its alerts only. */
  alertFilter?: string[];
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
}

/** A running proxy: `${url}/${prefix}` is a context's backend URL. */
export interface PrefixProxy {
  url: string;
  requests: PrefixedRequest[];
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

  const forward = (route: PrefixRoute, req: IncomingMessage, res: ServerResponse, rest: string) => {
    const target = new URL(route.upstream ?? '');
    const url = new URL(rest, target);
    if (route.alertFilter && req.method === 'GET' && url.pathname === '/api/v2/alerts') for (const m of route.alertFilter) url.searchParams.append('filter', m);
    const upstream = request(
      {agent, hostname: target.hostname, port: target.port, method: req.method, path: `${url.pathname}${url.search}`, headers: {...req.headers, host: target.host}},
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };

  const server: Server = createServer((req, res) => {
    const at = performance.now();
    const match = /^\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(req.url ?? '/');
    const prefix = match?.[1] ?? '';
    const route = routes[prefix];
    const rest = `${match?.[2] ?? '/'}${match?.[3] ?? ''}`;
    requests.push({prefix, method: req.method ?? 'GET', path: match?.[2] ?? '/', at});
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
    forward(route, req, res, rest);
  });
  // Many contexts' polls arrive together; the default backlog is plenty, keep-alive as long as the clients want.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
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
}
