/**
 * The SOCKS5 handshake on its own: how it names the backend to the proxy (an IP as an address,
 * IPv6 included, a name as a name), and how a proxy's refusals read.
 */
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SOCKS5_FAILED, socks5Handshake, type Socks5Login} from '../../../src/sources/http/socks5.ts';
import {startSocks5Proxy, type Socks5Proxy} from '../../helpers/socks5-proxy.ts';

let open: Socks5Proxy;
let guarded: Socks5Proxy;

beforeAll(async () => {
  [open, guarded] = await Promise.all([startSocks5Proxy(), startSocks5Proxy({user: 'u', pass: 'p'})]);
});
afterAll(async () => {
  await Promise.all([open.close(), guarded.close()]);
});

/** The handshake's outcome through `proxy` to `host:port`: 'open', or the error's code and message. */
async function outcome(proxy: Socks5Proxy, host: string, port: number, login: Socks5Login | null = null): Promise<string> {
  const socket = connect(proxy.port, '127.0.0.1');
  await new Promise((done) => socket.once('connect', done));
  try {
    return await socks5Handshake(socket, host, port, login).then(
      () => 'open',
      (error: Error & {code?: string}) => `${error.code}: ${error.message}`,
    );
  } finally {
    socket.destroy();
  }
}

describe('socks5Handshake', () => {
  it('names an IPv4 and an IPv6 backend by address, a name by name; a closed port is "connection refused"', async () => {
    // Port 1 is closed on loopback: the proxy answers 5, connection refused.
    expect(await outcome(open, '127.0.0.1', 1)).toBe('ECONNREFUSED: connection refused');
    expect(await outcome(open, '::ffff:127.0.0.1', 1)).toMatch(/^ECONNREFUSED/);
    expect(await outcome(open, 'closed.oncall-test', 1)).toMatch(/^ECONNREFUSED/);
    expect(open.targets).toEqual(['127.0.0.1:1', '0000:0000:0000:0000:0000:ffff:7f00:0001:1', 'closed.oncall-test:1']);
  });

  it('says what the proxy refused, never the credentials', async () => {
    expect(await outcome(guarded, 'x.oncall-test', 1, {username: 'u', password: 'wrong-secret'})).toBe(`${SOCKS5_FAILED}: the SOCKS5 proxy refused the user and password`);
    expect(await outcome(guarded, 'x.oncall-test', 1)).toBe(`${SOCKS5_FAILED}: the SOCKS5 proxy asks for a user and password: put them in the variable (socks5h://user:password@host:port)`);
    expect(await outcome(guarded, 'x.oncall-test', 1, {username: 'u', password: 'p'})).toMatch(/^ECONNREFUSED/);
    expect(await outcome(open, 'x'.repeat(256), 80)).toBe(`${SOCKS5_FAILED}: the host name is too long for a SOCKS5 proxy`);
  });
});
