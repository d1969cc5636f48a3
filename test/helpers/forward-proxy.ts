/**
 * A forward proxy on loopback, as a bastion's site proxy: `GET http://host:port/path` is
 * forwarded (a proxy's way for http), `CONNECT host:port` opens a tunnel (for https). Names under
 * `.oncall-test` resolve to loopback here only, so a client reaching them proves it went through.
 */
import {createServer, request, type Server} from 'node:http';
import {connect, type AddressInfo} from 'node:net';

/** A running proxy: its URL, and the `host:port` of every request or tunnel it carried. */
export interface ForwardProxy {
  url: string;
  carried: string[];
  close(): Promise<void>;
}

const resolve = (host: string) => (host.endsWith('.oncall-test') ? '127.0.0.1' : host);

/** Starts a proxy on a free loopback port. */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const carried: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    carried.push(target.host);
    const upstream = request({host: resolve(target.hostname), port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers}, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    carried.push(req.url ?? '');
    const upstream = connect(Number(port), resolve(host), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    carried,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
