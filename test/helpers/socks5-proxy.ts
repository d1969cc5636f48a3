/**
 * A SOCKS5 proxy on loopback (RFC 1928, with RFC 1929's user and password when `auth` is given),
 * as an `ssh -D` tunnel or a site's SOCKS proxy: it connects where the client asks, by name.
 * Names under `.oncall-test` resolve to loopback here only, so a client reaching them proves it
 * went through the proxy (the client never resolves a name itself under `socks5h://`).
 */
import {connect, createServer, type AddressInfo, type Server, type Socket} from 'node:net';

/** A running SOCKS5 proxy: its port, and what each client logged in with and asked to reach. */
export interface Socks5Proxy {
  port: number;
  /** The user and password of every login, as the proxy received them (decoded bytes). */
  logins: Array<{user: string; pass: string}>;
  /** The `host:port` of every CONNECT. */
  targets: string[];
  close(): Promise<void>;
}

const resolve = (host: string) => (host.endsWith('.oncall-test') ? '127.0.0.1' : host);

/** Starts a proxy on a free loopback port; with `auth`, only that user and password get through. */
export async function startSocks5Proxy(auth?: {user: string; pass: string}): Promise<Socks5Proxy> {
  const logins: Socks5Proxy['logins'] = [];
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    let stage: 'greeting' | 'login' | 'request' = 'greeting';
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (stage === 'greeting') {
          const count = buffer[1];
          if (count === undefined || buffer.length < 2 + count) return;
          const methods = [...buffer.subarray(2, 2 + count)];
          buffer = buffer.subarray(2 + count);
          const method = auth ? 2 : 0;
          if (!methods.includes(method)) return void client.end(Buffer.from([5, 0xff]));
          client.write(Buffer.from([5, method]));
          stage = auth ? 'login' : 'request';
        } else if (stage === 'login') {
          const userLength = buffer[1];
          if (userLength === undefined) return;
          const passLength = buffer[2 + userLength];
          if (passLength === undefined || buffer.length < 3 + userLength + passLength) return;
          const login = {user: buffer.subarray(2, 2 + userLength).toString(), pass: buffer.subarray(3 + userLength, 3 + userLength + passLength).toString()};
          buffer = buffer.subarray(3 + userLength + passLength);
          logins.push(login);
          const ok = login.user === auth?.user && login.pass === auth.pass;
          client.write(Buffer.from([1, ok ? 0 : 1]));
          if (!ok) return void client.end();
          stage = 'request';
        } else {
          const type = buffer[3];
          if (type === undefined) return;
          const nameLength = type === 3 ? buffer[4] : undefined;
          const end = type === 1 ? 8 : type === 4 ? 20 : nameLength === undefined ? Infinity : 5 + nameLength;
          if (end === Infinity || buffer.length < end + 2) return;
          const host = type === 1 ? [...buffer.subarray(4, 8)].join('.') : type === 4 ? (buffer.subarray(4, 20).toString('hex').match(/.{4}/g) ?? []).join(':') : buffer.subarray(5, end).toString();
          const port = buffer.readUInt16BE(end);
          const rest = buffer.subarray(end + 2);
          targets.push(`${host}:${port}`);
          client.removeListener('data', onData);
          const upstream = connect(port, resolve(host), () => {
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            if (rest.length > 0) upstream.write(rest);
            upstream.pipe(client);
            client.pipe(upstream);
          });
          // Reply 5, "connection refused", as a real proxy does for a closed port.
          upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
          client.on('close', () => upstream.destroy());
          return;
        }
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    logins,
    targets,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
