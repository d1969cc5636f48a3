/**
 * The Panels pane in a real terminal (tmux) at 80x24, without colour: `4` focuses it and
 * checkout's saturation reads as text (NO_COLOR leaves only the marks), worst first.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {SMALL, frameProblems} from './dashboard-checks.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const {cols, rows} = SMALL;

let term: TmuxTerminal | null = null;
let home: string | null = null;

afterEach(async () => {
  await term?.kill();
  term = null;
  if (home !== null) rmSync(home, {recursive: true, force: true});
  home = null;
});

describe('the Panels pane at 80x24 in tmux', () => {
  it('4 focuses Panels; checkout saturation shows as ✖ CRIT / ▲ WARN text with NO_COLOR, worst first', {timeout: 60_000}, async () => {
    home = mkdtempSync(join(tmpdir(), 'oncall-e2e-'));
    const cmd = `${shellQuote(process.execPath)} ${shellQuote(join(ROOT, 'dist', 'oncall.mjs'))} demo`;
    const t = (term = await TmuxTerminal.start(cmd, cols, rows, {XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, NO_COLOR: '1'}));
    await t.waitFor((s) => s.includes('4 Panels'));
    await t.keys('4');
    const screen = await t.waitFor((s) => /║› ✖ CRIT +checkout cpu/.test(s));
    expect(frameProblems(screen, cols, rows)).toEqual([]);
    const panelRows = screen.split('\n').filter((l) => l.includes('║') && /(✖ CRIT|▲ WARN|✔ OK)/.test(l));
    // Worst first: the critical checkout panels, then the warning, then the healthy ones.
    expect(panelRows[0]).toMatch(/✖ CRIT +checkout cpu/);
    expect(panelRows[1]).toMatch(/✖ CRIT +checkout queue depth/);
    expect(panelRows[2]).toMatch(/▲ WARN +checkout memory/);
    // No escape sequence for colour reached the terminal: the state is in the text alone.
    const colours = [...(await t.capture({escapes: true})).matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => m[1]!.split(';').map(Number)).filter((n) => (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 107));
    expect(colours).toEqual([]);
  });
});
