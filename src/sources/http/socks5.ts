/**
 * The client side of a SOCKS5 handshake (RFC 1928, with RFC 1929's user and password): what a
 * `socks5h://` proxy variable (an `ssh -D` tunnel) needs. Ours rather than undici's SOCKS5 agent,
 * which sent the credentials still percent-encoded (`p%40ss` for `p@ss`), built its connection
 * pools without the client's limits (64 MiB answers, 8 connections), and printed Node's
 * "ExperimentalWarning" on the first read; with this handshake as the connector of a plain
 * Agent, a read through the proxy is one like any other.
 */
import {isIPv4, isIPv6, type Socket} from 'node:net';

/** The code of a failure the proxy answered with: nothing reached the backend. */
export const SOCKS5_FAILED = 'ERR_SOCKS5';

/** A user and password for the proxy, decoded. */
export interface Socks5Login {
  username: string;
  password: string;
}

/** A failure of the handshake, by what the proxy said; never with the credentials. */
function failure(message: string, code = SOCKS5_FAILED): Error & {code: string} {
  return Object.assign(new Error(message), {code});
}

// The proxy's reply codes, as the client's messages word them: a refused or unreachable backend
// the same as direct, so "connection refused" reads the same whether or not a proxy is in the way.
const REPLIES: Readonly<Record<number, [string, string]>> = {
  1: ['the SOCKS5 proxy failed to connect (general failure)', SOCKS5_FAILED],
  2: ['the SOCKS5 proxy does not allow this connection', SOCKS5_FAILED],
  3: ['network unreachable from the SOCKS5 proxy', 'ENETUNREACH'],
  4: ['host unreachable from the SOCKS5 proxy', 'EHOSTUNREACH'],
  5: ['connection refused', 'ECONNREFUSED'],
  6: ['the SOCKS5 proxy timed out connecting', SOCKS5_FAILED],
};

/** Reads exact byte counts off a socket until released; a close or an error fails the read. */
function reader(socket: Socket) {
  let buffered = Buffer.alloc(0);
  let ended: Error | null = null;
  let wake: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  };
  const onEnd = () => {
    ended ??= failure('the SOCKS5 proxy closed the connection during its handshake');
    wake?.();
  };
  const onError = (error: Error) => {
    ended ??= error;
    wake?.();
  };
  socket.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onError);
  return {
    async read(length: number): Promise<Buffer> {
      while (buffered.length < length) {
        if (ended) throw ended;
        await new Promise<void>((resume) => (wake = resume));
        wake = null;
      }
      const out = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      return out;
    },
    release(): void {
      socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onError);
      // A proxy that wrote the backend's first bytes with its reply: they are the backend's.
      if (buffered.length > 0) socket.unshift(buffered);
    },
  };
}

/** The address part of a CONNECT: an IP as itself, a name as a name (the proxy resolves it). */
function address(host: string): Buffer {
  if (isIPv4(host)) return Buffer.from([1, ...host.split('.').map(Number)]);
  if (isIPv6(host)) {
    // The URL parser writes an IPv6 address in hex groups only (`::ffff:1.2.3.4` as `::ffff:102:304`).
    const halves = (URL.parse(`http://[${host}]`)?.hostname.slice(1, -1) ?? host).split('::');
    const groups = (part: string | undefined) => (part ? part.split(':') : []);
    const head = groups(halves[0]);
    const tail = groups(halves[1]);
    const all = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
    const bytes = Buffer.alloc(17);
    bytes[0] = 4;
    all.forEach((group, i) => bytes.writeUInt16BE(Number.parseInt(group, 16), 1 + i * 2));
    return bytes;
  }
  const name = Buffer.from(host);
  if (name.length > 255) throw failure('the host name is too long for a SOCKS5 proxy');
  return Buffer.concat([Buffer.from([3, name.length]), name]);
}

/**
 * Opens a tunnel to `host:port` through the SOCKS5 proxy `socket` is connected to, logging in
 * with `login` when the proxy asks for it. Resolves once the proxy has connected; the socket is
 * then the backend's.
 */
export async function socks5Handshake(socket: Socket, host: string, port: number, login: Socks5Login | null): Promise<void> {
  const input = reader(socket);
  try {
    // No login offered when none is named: a proxy that requires one says so in its choice.
    socket.write(Buffer.from(login ? [5, 2, 0, 2] : [5, 1, 0]));
    const [version, method] = await input.read(2);
    if (version !== 5) throw failure('the proxy does not answer as a SOCKS5 proxy');
    if (method === 2 && login) {
      const user = Buffer.from(login.username);
      const pass = Buffer.from(login.password);
      if (user.length > 255 || pass.length > 255) throw failure('the user or password is too long for a SOCKS5 proxy');
      socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([pass.length]), pass]));
      const [, status] = await input.read(2);
      if (status !== 0) throw failure('the SOCKS5 proxy refused the user and password');
    } else if (method === 2 || method === 0xff) {
      throw failure(login ? 'the SOCKS5 proxy accepts none of the logins offered' : 'the SOCKS5 proxy asks for a user and password: put them in the variable (socks5h://user:password@host:port)');
    } else if (method !== 0) {
      throw failure(`the SOCKS5 proxy asks for a login this client does not speak (method ${method})`);
    }
    const target = address(host);
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16BE(port);
    socket.write(Buffer.concat([Buffer.from([5, 1, 0]), target, portBytes]));
    const [, reply, , type] = await input.read(4);
    if (reply !== 0) {
      const [message, code] = REPLIES[reply ?? 1] ?? [`the SOCKS5 proxy failed to connect (reply ${reply})`, SOCKS5_FAILED];
      throw failure(message, code);
    }
    // The address the proxy bound, then its port: read past them.
    const bound = type === 1 ? 4 : type === 4 ? 16 : type === 3 ? (await input.read(1))[0]! : -1;
    if (bound < 0) throw failure('the SOCKS5 proxy answered with an address of unknown type');
    await input.read(bound + 2);
  } finally {
    input.release();
  }
}
