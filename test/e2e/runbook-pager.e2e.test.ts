/**
 * End to end: `o` on an alert with a local Markdown runbook, with `$PAGER` set, in a real
 * terminal (tmux) against a real Alertmanager. The pager is a small script written by the test: it
 * shows a line, waits for a typed line (so the terminal must be out of raw mode and the dashboard
 * must not read the keys meant for it), records its arguments and exits. A Ctrl-C meant for the
 * pager must not quit the dashboard. Then the dashboard must be back, redrawn, and take keys.
 * Run with the bundle and with the standalone executable (empty dir, `env -i`, not root).
 */
import {chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {makeBastion} from '../helpers/standalone.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {focusOn} from './dashboard-checks.ts';
import {screenLines} from './screen.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');
const COLS = 120;
const ROWS = 30;

let backends: Backends | null = null;
let term: TmuxTerminal | null = null;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  backends = await startTestBackends({prometheus: false});
  const now = Date.now();
  const res = await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify([
      {
        labels: {alertname: 'DiskFull', service: 'inventory', severity: 'critical'},
        annotations: {summary: 'disk of db-1 is full'},
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 30 * 60_000).toISOString(),
      },
    ]),
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await term?.kill();
  await backends?.stop();
  for (const c of cleanups) c();
});

/** How each build is started in tmux with `config` and `$PAGER` set to `pager`. */
const BUILDS: Array<{name: string; start: (config: string, pager: string, dir: string) => Promise<TmuxTerminal>}> = [
  {
    name: 'bundled CLI',
    start: (config, pager, dir) => {
      if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first (`npm test` builds it before vitest)');
      const cmd = `${shellQuote(process.execPath)} ${shellQuote(BUNDLE)} --config ${shellQuote(config)}`;
      return TmuxTerminal.start(cmd, COLS, ROWS, {XDG_CONFIG_HOME: dir, PAGER: pager});
    },
  },
  {
    name: 'standalone executable',
    start: (config, pager) => {
      const host = makeBastion();
      cleanups.push(() => host.cleanup());
      return TmuxTerminal.start(host.commandLine(['--config', config], {PAGER: pager}, ['TERM']), COLS, ROWS);
    },
  },
];

describe.each(BUILDS)('local runbook in the PAGER ($name in tmux)', (build) => {
  it('suspends the dashboard for the pager on the runbook file, then redraws it and takes keys again', async () => {
    await term?.kill();
    const dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-pager-'));
    cleanups.push(() => removeDir(dir));
    // The executable's test runs it as another user (nobody): it reads the files, the pager writes here.
    chmodSync(dir, 0o777);
    const runbook = join(dir, 'DiskFull.md');
    writeFileSync(runbook, '# Disk full\n');
    const marker = join(dir, 'pager-ran');
    const pager = join(dir, 'pager.sh');
    // It ignores Ctrl-C, as less does outside a search: the dashboard must too.
    writeFileSync(pager, `#!/bin/sh\ntrap '' INT\necho PAGER-ON-SCREEN\nread line\nprintf '%s\\n' "$@" "$line" > ${shellQuote(marker)}\n`);
    chmodSync(pager, 0o755);
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        'current-context: e2e',
        'contexts:',
        '  - name: e2e',
        '    alertmanagers:',
        `      - url: ${backends!.alertmanagerUrl}`,
        `    runbookTemplate: ${JSON.stringify(join(dir, '{{alertname}}.md'))}`,
        '',
      ].join('\n'),
    );

    term = await build.start(config, `${pager} -R`, dir);
    const t = term;
    const alertRow = /║›.*firing +DiskFull/;
    await t.waitFor(/2 Alerts \(1\)/);
    await t.keys('2');
    await t.waitFor((s) => focusOn('alerts', COLS, ROWS)(s).length === 0);
    // The pane starts on the group's row; the alert's own row is the next one.
    await t.keys('j');
    await t.waitFor(alertRow);

    await t.keys('o');
    const pagerScreen = await t.waitFor(/PAGER-ON-SCREEN/);
    // The dashboard left the screen to the pager: none of its frame is drawn over it, not even
    // once its clock has ticked (it re-renders every second; the one wait that proves an absence).
    expect(pagerScreen).not.toMatch(/Alerts \(|DiskFull|[║╔]/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await t.capture()).toBe(pagerScreen);
    // Ctrl-C with raw mode off is a SIGINT to the whole foreground group, the dashboard included.
    await t.keys('C-c');
    await t.type('typed-in-pager');
    await t.keys('Enter');

    const back = await t.waitFor((s) => /^read in .*pager\.sh: runbook /.test(screenLines(s).at(-1) ?? '') && alertRow.test(s));
    expect(readFileSync(marker, 'utf8')).toBe(`-R\n${runbook}\ntyped-in-pager\n`);
    expect(back).not.toContain('PAGER-ON-SCREEN');
    expect(back).not.toContain('# Disk full');
    // Keys work again: the focus moves.
    await t.keys('1');
    await t.waitFor((s) => focusOn('slos', COLS, ROWS)(s).length === 0);
  });
});
