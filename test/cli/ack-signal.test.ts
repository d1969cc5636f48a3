/**
 * `oncall ack` / `oncall unack` against an Alertmanager that does not answer the write; the
 * engineer presses Ctrl-C (or the session's SIGTERM comes) while it is in flight. The action log
 * must not be left with an attempt and no outcome, and the terminal must say what happened.
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BUNDLE, needBundle} from '../helpers/built-cli.ts';
import {removeDir} from '../helpers/remove-dir.ts';

let server: http.Server;
let port = 0;
const homes: string[] = [];

beforeAll(async () => {
  needBundle();
  const started = new Date(Date.now() - 5 * 60_000).toISOString();
  const alert = {labels: {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'}, annotations: {}, startsAt: started, endsAt: new Date(Date.now() + 3_600_000).toISOString(), updatedAt: started, fingerprint: 'abc123', status: {state: 'active', silencedBy: [], inhibitedBy: []}, receivers: [{name: 'pager'}], generatorURL: ''};
  server = http.createServer((req, res) => {
    // The write is never answered: the request stays in flight until the process goes.
    if (req.method === 'POST') return;
    res.setHeader('content-type', 'application/json');
    if (req.url!.startsWith('/api/v2/alerts')) return res.end(JSON.stringify([alert]));
    if (req.url!.startsWith('/api/v2/silences')) return res.end('[]');
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  for (const h of homes) removeDir(h);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('oncall ack stopped while its request is in flight', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: logs the try as unknown, says so, and exits ${code}`, {timeout: 30_000}, async () => {
      const home = mkdtempSync(join(tmpdir(), 'oncall-ack-signal-'));
      homes.push(home);
      const config = join(home, 'c.yaml');
      writeFileSync(config, `current-context: h\ncontexts:\n  - name: h\n    alertmanagers:\n      - url: http://127.0.0.1:${port}\n        timeout: 20s\n`);
      const child = spawn(process.execPath, [BUNDLE, 'ack', 'alertname=CheckoutDown', '--config', config], {env: {PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8'}, stdio: ['ignore', 'pipe', 'pipe']});
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      const log = join(home, '.local', 'state', 'oncall', 'actions.jsonl');
      for (let i = 0; i < 150 && !(existsSync(log) && readFileSync(log, 'utf8').includes('"attempt"')); i++) await sleep(100);
      await sleep(200);
      child.kill(signal);
      expect(await exited).toBe(code);
      const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {phase: string; error?: string});
      expect(entries.map((e) => e.phase)).toEqual(['attempt', 'unknown']);
      expect(entries[1]!.error).toMatch(/stopped .* before its answer; it may have landed/);
      expect(err).toMatch(/ack: stopped by (Ctrl-C|SIGTERM) before every answer came/);
    });
  }
});
