/**
 * End to end: `notify: bell` in a real terminal (tmux, 80x24) against a real Alertmanager polled
 * every second. The dashboard runs under script(1), which records every byte it writes: a
 * critical alert already firing at start rings nothing; a new one rings exactly one BEL, which
 * the next refreshes do not repeat; a new warning or an already-silenced critical rings nothing.
 */
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {SMALL} from './dashboard-checks.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');

let backends: Backends | null = null;
let term: TmuxTerminal | null = null;
let dir = '';

const fire = (labels: Record<string, string>) => postAlert(backends!.alertmanagerUrl!, labels);

beforeAll(async () => {
  backends = await startTestBackends({prometheus: false});
  await fire({alertname: 'AlreadyPaging', service: 'checkout', severity: 'critical'});
});

afterAll(async () => {
  await term?.kill();
  await backends?.stop();
  if (dir) removeDir(dir);
});

/** The header clock (HH:MM:SS) as seconds of the day. */
function clock(screen: string): number | null {
  const m = /(\d\d):(\d\d):(\d\d)\s*$/m.exec(screen.split('\n')[0] ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

describe('notify: bell (bundled CLI in tmux, real Alertmanager)', () => {
  it('rings once for a new unacked critical alert across three refreshes, and not for what paged at start', async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first (`npm test` builds it before vitest)');
    dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-bell-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, ['current-context: e2e', 'notify: bell', 'refresh: {alerts: 1s}', 'contexts:', '  - name: e2e', '    alertmanagers:', `      - url: ${backends!.alertmanagerUrl}`, ''].join('\n'));
    const log = join(dir, 'tty.log');
    const app = `${shellQuote(process.execPath)} ${shellQuote(BUNDLE)} --config ${shellQuote(config)}`;
    const {cols, rows} = SMALL;
    term = await TmuxTerminal.start(`script -q -f -c ${shellQuote(app)} ${shellQuote(log)}`, cols, rows, {XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir});
    const t = term;
    const bells = () => [...readFileSync(log, 'latin1')].filter((c) => c === '\x07').length;
    const after = async (seconds: number, from: string) => {
      const start = clock(from)!;
      return t.waitFor((s) => ((clock(s) ?? start) - start + 86_400) % 86_400 >= seconds);
    };

    const first = await t.waitFor(/2 Alerts \(1\)/);
    // Three refreshes with the alert that was firing at start: no bell.
    await after(3.5, first);
    expect(bells()).toBe(0);

    // A warning and a critical that is silenced before it is seen: no bell either.
    const now = Date.now();
    await fetch(`${backends!.alertmanagerUrl}/api/v2/silences`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({matchers: [{name: 'alertname', value: 'Silenced', isRegex: false, isEqual: true}], startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), createdBy: 'test', comment: 'quiet'}),
    });
    await fire({alertname: 'Silenced', service: 'checkout', severity: 'critical'});
    await fire({alertname: 'JustWarning', service: 'search', severity: 'warning'});
    const quiet = await t.waitFor(/2 Alerts \(3\)/);
    await after(2, quiet);
    expect(bells()).toBe(0);

    await fire({alertname: 'NewPage', service: 'payments', severity: 'critical'});
    const paged = await t.waitFor(/2 Alerts \(4\)/);
    await after(3.5, paged);
    expect(bells()).toBe(1);
  });
});
