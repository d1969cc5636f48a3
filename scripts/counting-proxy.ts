/**
 * A reverse proxy on loopback that forwards every request to one upstream and records it
 * (method, path, form body). Tests put it between the CLI and a real Prometheus to count the
 * requests a refresh costs; the benchmark uses it to capture the exact query bodies to replay.
 */
import {createServer, request, type Server} from 'node:http';

/** One forwarded request. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string and form body merged, as the upstream reads them. */
  params: URLSearchParams;
  /** The raw request body (empty for GET). */
  body: string;
}

/** A running proxy: point a client at `url`, read `requests`, `close()` when done. */
export interface CountingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy to `upstream` (e.g. `http://127.0.0.1:9090`) on a free loopback port. */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', target);
      const params = new URLSearchParams(url.search);
      if (/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
      requests.push({method: req.method ?? 'GET', path: url.pathname, params, body});
      const upstreamReq = request(
        {hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: {...req.headers, host: target.host}},
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on('error', () => res.writeHead(502).end());
      upstreamReq.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
