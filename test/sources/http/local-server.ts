/**
 * A throwaway HTTP(S) server on a free loopback port, for tests that need real sockets
 * (timeouts, TLS verification, what actually goes over the wire).
 */
import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';

/** A running test server. */
export interface LocalServer {
  url: string;
  /** Requests seen so far, with their headers and bodies. */
  requests: Array<{method: string; url: string; headers: http.IncomingHttpHeaders; body: string}>;
  close(): Promise<void>;
}

/** The test-only self-signed certificate for localhost / 127.0.0.1. */
export const testTls = {
  cert: readFileSync(join(import.meta.dirname, 'tls', 'localhost-cert.pem'), 'utf8'),
  key: readFileSync(join(import.meta.dirname, 'tls', 'localhost-key.pem'), 'utf8'),
};

/** Starts a server whose every request is answered by `handler` (after the body is read). */
export async function startLocalServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  options: {tls?: boolean} = {},
): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({method: req.method ?? '', url: req.url ?? '', headers: req.headers, body});
      handler(req, res);
    });
  };
  const server = options.tls ? https.createServer(testTls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
