/**
 * A proxy variable without a scheme (`HTTPS_PROXY=proxy.corp:3128`, common on bastions, and read
 * by curl as http://) crashed every command with "unexpected error: Invalid URL protocol" before
 * any backend was asked, even a loopback one the proxy is never used for; so did a bare `%` in
 * the proxy's password ("URI malformed", thrown while the Agent was built).
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {needBundle, runBuiltCli} from '../helpers/built-cli.ts';
import {startSocks5Proxy} from '../helpers/socks5-proxy.ts';
import {run, tempDir} from './cli-fixtures.ts';

const VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
const tmp = tempDir();
let server: http.Server;

beforeAll(async () => {
  // A Prometheus on loopback: always direct, whatever the proxy.
  server = http.createServer((req, res) => {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({status: 'success', data: req.url?.startsWith('/api/v1/alerts') ? {alerts: []} : {resultType: 'vector', result: []}}));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  tmp.write('config.yaml', `current-context: t\ncontexts:\n  - name: t\n    prometheus: {url: http://127.0.0.1:${(server.address() as AddressInfo).port}}\n`);
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  tmp.cleanup();
});
afterEach(() => {
  for (const name of VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('oncall under a proxy variable curl takes', () => {
  for (const value of ['proxy.corp.example:3128', 'http://proxy.corp.example:3128/path?x=1', 'socks4://proxy.corp.example:1080', 'http://ops:50%off@proxy.corp.example:3128']) {
    it(`HTTPS_PROXY=${value}: status answers from a loopback Prometheus`, async () => {
      for (const name of VARS) delete process.env[name];
      process.env['HTTPS_PROXY'] = value;
      process.env['HTTP_PROXY'] = value;
      const r = await run(['status', '--config', `${tmp.dir}/config.yaml`], {HOME: tmp.dir, XDG_STATE_HOME: tmp.dir});
      expect(r.err).not.toContain('unexpected error');
      expect(r.out).toContain('prometheus ok');
    });
  }
});

describe('oncall under a SOCKS5 proxy (an ssh -D tunnel)', () => {
  // undici's own SOCKS5 agent printed Node's "ExperimentalWarning: SOCKS5 proxy support is
  // experimental" on the first read, on stderr and under the dashboard.
  it('reads a Prometheus through it and prints nothing else (built CLI)', async () => {
    needBundle();
    const socks = await startSocks5Proxy();
    const dir = tempDir();
    try {
      const promPort = (server.address() as AddressInfo).port;
      dir.write('config.yaml', `current-context: t\ncontexts:\n  - name: t\n    prometheus: {url: "http://prom.oncall-test:${promPort}"}\n`);
      const r = await runBuiltCli(['status', '--config', `${dir.dir}/config.yaml`], {env: {HOME: dir.dir, XDG_STATE_HOME: dir.dir, HTTP_PROXY: `socks5h://127.0.0.1:${socks.port}`}});
      expect(socks.targets).toContain(`prom.oncall-test:${promPort}`);
      expect(r.stdout).toContain('prometheus ok');
      expect(r.stderr).toBe('');
    } finally {
      await socks.close();
      dir.cleanup();
    }
  });
});
