/**
 * End to end: `c` on a critical alert in a real terminal (tmux, 80x24) against a real
 * Alertmanager shows `amtool silence add …` and copies it with OSC 52 (tmux takes it into a paste
 * buffer). The copied line is run with Debian's `amtool` through a shell; then `a` acks the
 * alert from the dashboard. Both silences must exist with the same matchers, author and comment.
 */
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {pollUntil, postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {SMALL, focusOn} from './dashboard-checks.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');
// A value a shell would misread unquoted, and one amtool's matcher parser must see escaped.
const LABELS = {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical', instance: "web-1 'blue' $HOME", path: '/api/"cart"'};

interface WireSilence {
  id: string;
  matchers: Array<{name: string; value: string; isRegex: boolean; isEqual?: boolean}>;
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
  status: {state: string};
}

let backends: Backends | null = null;
let term: TmuxTerminal | null = null;
let dir = '';

beforeAll(async () => {
  backends = await startTestBackends({prometheus: false});
  await postAlert(backends.alertmanagerUrl!, LABELS, {summary: 'checkout 5xx'});
});

afterAll(async () => {
  await term?.kill();
  await backends?.stop();
  if (dir) removeDir(dir);
});

const silences = async (): Promise<WireSilence[]> => ((await (await fetch(`${backends!.alertmanagerUrl}/api/v2/silences`)).json()) as WireSilence[]).filter((s) => s.status.state === 'active');
const matcherSet = (s: WireSilence) => s.matchers.map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '~' : '='}${m.value}`).sort();

describe('c: copy as command (bundled CLI in tmux, real Alertmanager, Debian amtool)', () => {
  it('copies an amtool silence add that creates the same silence a does', async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first (`npm test` builds it before vitest)');
    dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-copy-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, ['current-context: e2e', 'contexts:', '  - name: e2e', '    alertmanagers:', `      - url: ${backends!.alertmanagerUrl}`, 'ack:', '  author: oncall-e2e', ''].join('\n'));
    const {cols, rows} = SMALL;
    term = await TmuxTerminal.start(`${shellQuote(process.execPath)} ${shellQuote(BUNDLE)} --config ${shellQuote(config)}`, cols, rows, {XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir});
    const t = term;
    await t.serverOption('set-clipboard', 'on');
    await t.waitFor(/2 Alerts \(1\)/);
    await t.keys('2');
    await t.waitFor((s) => focusOn('alerts', cols, rows)(s).length === 0);
    await t.keys('j');
    await t.waitFor(/║›.*firing +CheckoutHighErrorRate/);

    await t.keys('c');
    const shown = await t.waitFor(/amtool silence add/);
    expect(shown).toContain('--alertmanager.url=');
    const copied = await pollUntil(() => t.pasteBuffer(), (b) => b !== null && b.startsWith('amtool silence add'), 5000, 'OSC 52 copy');
    expect(copied).not.toMatch(/[\u0000-\u001f\u007f]/);

    // The copied line as a user would paste it: through a shell, with Debian's amtool.
    await run('sh', ['-c', copied!], {timeout: 10_000});
    const [byAmtool] = await silences();
    expect(byAmtool).toBeDefined();

    await t.keys('Escape');
    await t.waitFor(/║›.*firing +CheckoutHighErrorRate/);
    // amtool's silence already acks the alert: expire it so a is not refused, then ack.
    await fetch(`${backends!.alertmanagerUrl}/api/v2/silence/${byAmtool!.id}`, {method: 'DELETE'});
    await pollUntil(silences, (list) => list.length === 0, 5000, 'amtool silence expired');
    await t.waitFor(/║›.*firing +CheckoutHighErrorRate/);
    await t.keys('a');
    const [byDashboard] = await pollUntil(silences, (list) => list.length === 1, 10_000, 'the silence a creates');

    expect(matcherSet(byAmtool!)).toEqual(matcherSet(byDashboard!));
    expect(matcherSet(byAmtool!)).toContain(`instance=${LABELS.instance}`);
    expect(matcherSet(byAmtool!)).toContain(`path=${LABELS.path}`);
    expect([byAmtool!.createdBy, byAmtool!.comment]).toEqual([byDashboard!.createdBy, byDashboard!.comment]);
    const length = (s: WireSilence) => Date.parse(s.endsAt) - Date.parse(s.startsAt);
    expect(Math.abs(length(byAmtool!) - length(byDashboard!))).toBeLessThan(60_000);
  });
});
