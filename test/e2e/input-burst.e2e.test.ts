/**
 * Keys in a real terminal (tmux) with the bundled CLI: a command typed in one burst as the very
 * first input, on a config with a real Alertmanager, is run whole; a terminal paste (bracketed)
 * goes into the filter and is never taken as keys (a pasted `q` would quit). And the demo's
 * acks go to the demo's own action log.
 */
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {freePort} from '../../scripts/backends.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const BUNDLE = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'oncall.mjs');

let am: AlertmanagerPeer;
let dir: string;
let term: TmuxTerminal | null = null;

function oncall(...args: string[]): string {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first (`npm test` builds it before vitest)');
  return [process.execPath, BUNDLE, ...args].map(shellQuote).join(' ');
}

async function launch(cmd: string): Promise<TmuxTerminal> {
  term = await TmuxTerminal.start(cmd, 100, 30, {XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir});
  return term;
}

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  await postAlerts(am.url, [{alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'}]);
  dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-keys-'));
  const closed = await freePort();
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'current-context: up',
      'contexts:',
      '  - name: up',
      `    alertmanagers: [{url: ${am.url}}]`,
      '  - name: down',
      `    alertmanagers: [{url: http://127.0.0.1:${closed}}]`,
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await term?.kill();
  term = null;
});

afterAll(async () => {
  await am?.cleanup();
  if (dir) removeDir(dir);
});

describe('key bursts and pastes in a real terminal', () => {
  it('runs ":ctx down⏎" typed in one burst as the first input, launch after launch', async () => {
    for (let launchNo = 1; launchNo <= 3; launchNo++) {
      const t = await launch(oncall('--config', join(dir, 'config.yaml')));
      // Sent at once, before the first frame: the keys wait in the terminal until the app reads them.
      await t.keys(':ctx down', 'Enter');
      // (The terminal echoes the keys until the app takes the terminal over: wait for the header.)
      const screen = await t.waitFor(/oncall {2}ctx down │/);
      expect(screen, `launch ${launchNo}`).toMatch(/context down/);
      await t.kill();
      term = null;
    }
  });

  it('puts a pasted text into the open filter and ignores it elsewhere: a pasted "qa" neither quits nor acks', async () => {
    const t = await launch(oncall('demo'));
    await t.waitFor(/checkout-availability/);
    await t.keys('2');
    await t.waitFor(/▶ 2 Alerts \(7\)/);
    await t.paste('qa');
    const ignored = await t.waitFor(/Pasted text ignored/);
    expect(ignored).not.toContain('acking');
    await t.keys('/');
    await t.waitFor((s) => s.split('\n').at(-1)?.startsWith('/alerts filter:') === true);
    await t.paste('checkout\n');
    const filtered = await t.waitFor(/2 Alerts \(2 of 7\) {2}filter: checkout/);
    // Still typing: the pasted line break was not an Enter.
    expect(filtered.split('\n').at(-1)).toMatch(/^\/alerts filter: checkout/);
  });

  it("logs the demo's acks in demo-actions.jsonl, never in the real action log", async () => {
    const t = await launch(oncall('demo'));
    await t.waitFor(/checkout-availability/);
    await t.keys('2');
    await t.waitFor(/▶ 2 Alerts \(7\)/);
    // The group header of the critical alert, then the alert: ack it.
    await t.keys('j');
    await t.keys('a');
    await t.waitFor(/acked|ACK /);
    const demoLog = join(dir, 'oncall', 'demo-actions.jsonl');
    await t.waitFor(() => existsSync(demoLog) && readFileSync(demoLog, 'utf8').includes('"phase":"success"'));
    expect(existsSync(join(dir, 'oncall', 'actions.jsonl'))).toBe(false);
  });
});
