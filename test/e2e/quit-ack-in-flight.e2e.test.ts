/**
 * Mid-incident: `a` on a critical alert, then `q` at once, against an Alertmanager that takes its
 * time (here: never answers the POST). The dashboard left the screen, then waited up to the
 * source's timeout with a blank terminal and no word, and ended with exit 0 without saying that
 * the ack did NOT land (only the action log said so). The engineer walked away believing the
 * alert acked. Now a line says what it waits for and that Ctrl-C stops waiting, and the ack's
 * outcome is said where the user is looking.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {shellQuote} from '../helpers/tmux.ts';
import {dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';

const launch = tmuxTestHooks();
let server: http.Server;
let port = 0;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oncall-quit-ack-'));
  const started = new Date(Date.now() - 5 * 60_000).toISOString();
  const alert = {labels: {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'}, annotations: {summary: 'checkout down'}, startsAt: started, endsAt: new Date(Date.now() + 3600_000).toISOString(), updatedAt: started, fingerprint: 'abc123', status: {state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: []}, receivers: [{name: 'pager'}], generatorURL: 'http://prom/graph'};
  server = http.createServer((req, res) => {
    if (req.method === 'POST') return; // the ack never gets its answer
    res.setHeader('content-type', 'application/json');
    if (req.url!.startsWith('/api/v2/alerts/groups')) return res.end('[]');
    if (req.url!.startsWith('/api/v2/alerts')) return res.end(JSON.stringify([alert]));
    if (req.url!.startsWith('/api/v2/silences')) return res.end('[]');
    if (req.url!.startsWith('/api/v2/status')) return res.end(JSON.stringify({cluster: {status: 'ready', peers: []}, versionInfo: {version: '0.27.0'}, config: {original: ''}, uptime: started}));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, {recursive: true, force: true});
});

describe('quitting right after an ack whose answer has not come', () => {
  it('says it is waiting and that Ctrl-C stops it, then that the ack did not land', {timeout: 60_000}, async () => {
    const config = join(dir, 'c.yaml');
    writeFileSync(config, `current-context: h\ncontexts:\n  - name: h\n    alertmanagers:\n      - url: http://127.0.0.1:${port}\n        timeout: 5s\n`);
    const cmd = `${dashboardCommand(['--config', config])}; echo EXIT=$?; sleep 60`;
    const t = await launch(`sh -c ${shellQuote(cmd)}`, 100, 30, {TERM: 'xterm-256color'});
    await t.waitFor(/Alerts \(1\)/, 20_000);
    await t.keys('2');
    await t.waitFor(/CheckoutDown/);
    await t.keys('a');
    await t.waitFor(/acking CheckoutDown/);
    await t.keys('q');
    const during = await t.waitFor(/waiting/, 3000);
    expect(during).toMatch(/oncall: waiting up to 5 s for the answer to ack CheckoutDown \(Ctrl-C stops waiting/);
    expect(during).not.toContain('EXIT=');
    const after = await t.waitFor(/EXIT=/, 20_000);
    expect(after).toMatch(/oncall: ack CheckoutDown on \S+: (NOT done|outcome unknown)/);
  });
});
