/**
 * A one-shot command whose reader closes the pipe early (`oncall alerts --json | head`): the
 * built CLI stops writing, finishes, and exits with its own code; no unhandled EPIPE, no stack
 * trace. Output that cannot be written for another reason (a full disk) is said, exit 2. Run
 * against the bundle (`npm test` builds it first) and a local Alertmanager stand-in with enough
 * alerts to overflow a pipe's buffer many times.
 */
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');
let server: Server;
let dir: string;
let config: string;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first');
  // ~3 MB of alerts: the CLI writes ~4 MB of JSON, far past what a pipe holds unread.
  const alerts = Array.from({length: 4000}, (_, i) => ({
    labels: {alertname: `Alert${i % 25}`, service: `svc-${i % 20}`, pod: `pod-${i}`, severity: 'warning'},
    annotations: {summary: `summary of alert ${i} `.repeat(8)},
    fingerprint: i.toString(16).padStart(16, '0'),
    startsAt: '2026-12-06T01:00:00.000Z',
    endsAt: '2026-12-06T05:00:00.000Z',
    updatedAt: '2026-12-06T03:00:00.000Z',
    receivers: [{name: 'default'}],
    status: {state: 'active', silencedBy: [], inhibitedBy: []},
    generatorURL: 'http://prometheus.example/graph',
  }));
  const body = JSON.stringify(alerts);
  server = createServer((req, res) => {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(req.url?.startsWith('/api/v2/alerts') ? body : '[]');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  dir = mkdtempSync(join(tmpdir(), 'oncall-pipe-'));
  config = join(dir, 'config.yaml');
  writeFileSync(config, `current-context: t\ncontexts:\n  - name: t\n    alertmanagers:\n      - name: am\n        url: http://127.0.0.1:${address.port}\n`);
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(dir, {recursive: true, force: true});
});

/** Runs the CLI, closes its stdout after the first chunk, and resolves with its exit code and stderr. */
function runClosingEarly(args: string[]): Promise<{code: number | null; stderr: string; read: number}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {env: {PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir}, stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      // The reader goes away, as `head` does once it has its lines.
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stderr, read}));
  });
}

describe('a reader that closes the pipe early, and output that cannot be written', () => {
  it('stops alerts --json quietly, with the exit code of the command, no stack trace', {timeout: 30_000}, async () => {
    const r = await runClosingEarly(['alerts', '--json', '--config', config]);
    expect(r.read).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('says when the output could not be written for another reason (a full disk), exit 2', {timeout: 30_000, skip: !existsSync('/dev/full')}, async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
        // The demo's status: written in one piece just before the command ends, so its error
        // comes after the command has its exit code (1: the demo pages).
        const child = spawn(process.execPath, [BUNDLE, 'status', '--demo', '--json'], {env: {PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir}, stdio: ['ignore', full, 'pipe']});
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolve({code, stderr}));
      });
      expect(r.stderr).toBe('oncall: the output could not be written (stdout: ENOSPC: no space left on device, write)\n');
      expect(r.code).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it('does the same for the plain listing', {timeout: 30_000}, async () => {
    const r = await runClosingEarly(['alerts', '--config', config]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
