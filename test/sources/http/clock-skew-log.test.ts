/** The process's clock skew log: what the HTTP clients note, and the skew it makes of it. */
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClockSkewLog} from '../../../src/sources/http/clock-skew-log.ts';
import {createHttpClient} from '../../../src/sources/http/http-client.ts';

describe('createClockSkewLog', () => {
  it('follows the latest samples: a skew found, then a clock put right', () => {
    const log = createClockSkewLog();
    const at = Date.UTC(2026, 11, 6, 12, 0, 0);
    expect(log.skewMs()).toBe(0);
    // Received 200 ms into the server's second: each sample says 300.3 s.
    for (let i = 0; i < 3; i++) log.note(new Date(at + 300_000).toUTCString(), at + 200);
    expect(log.skewMs()).toBe(300_000);
    log.note(undefined, at + 200);
    expect(log.skewMs()).toBe(300_000);
    // The machine's clock was corrected: once the newer samples outnumber the old ones, 0.
    for (let i = 0; i < 15; i++) log.note(new Date(at).toUTCString(), at + 200);
    expect(log.skewMs()).toBe(0);
  });
});

describe('createClockSkewLog, steadiness', () => {
  it('does not move for a second either way: the header\'s rounding is not a clock that moved', () => {
    const log = createClockSkewLog();
    const at = Date.UTC(2026, 11, 6, 12, 0, 0);
    for (let i = 0; i < 15; i++) log.note(new Date(at + 2_000).toUTCString(), at + 200);
    expect(log.skewMs()).toBe(2_000);
    for (let i = 0; i < 15; i++) log.note(new Date(at + 3_000).toUTCString(), at + 200);
    expect(log.skewMs()).toBe(2_000);
    for (let i = 0; i < 15; i++) log.note(new Date(at + 40_000).toUTCString(), at + 200);
    expect(log.skewMs()).toBe(40_000);
  });

  it('takes a cache\'s Age into account: a cached answer is not a clock behind', () => {
    const log = createClockSkewLog();
    const at = Date.UTC(2026, 11, 6, 12, 0, 0);
    for (let i = 0; i < 5; i++) log.note(new Date(at - 120_000).toUTCString(), at + 200, '120');
    expect(log.skewMs()).toBe(0);
  });
});

describe('the HTTP client notes each answer\'s Date', () => {
  let server: Server;
  let url: string;
  const offsetMs = 7 * 60_000;
  beforeAll(async () => {
    // A server whose clock is 7 minutes ahead of this machine's, failing one path.
    server = createServer((req, res) => {
      res.sendDate = false;
      res.writeHead(req.url === '/fail' ? 500 : 200, {'content-type': 'application/json', date: new Date(Date.now() + offsetMs).toUTCString()});
      res.end(req.url === '/fail' ? '{"error":"boom"}' : '{"ok":true}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('from answers of any status: the server\'s clock is the same on an error', async () => {
    const clock = createClockSkewLog();
    const client = createHttpClient({baseUrl: url, timeoutMs: 5_000, clock});
    try {
      await client.getJson('/ok');
      await expect(client.getJson('/fail')).rejects.toThrow(/HTTP 500|server error/);
      // Whole seconds, within the header's one-second resolution.
      expect(Math.abs(clock.skewMs() - offsetMs)).toBeLessThanOrEqual(1_000);
    } finally {
      await client.close();
    }
  });
});
