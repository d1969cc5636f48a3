/**
 * The Panels pane in a real terminal (tmux) at 80x24, without colour: `4` focuses it and
 * checkout's saturation reads as text (NO_COLOR leaves only the marks), worst first.
 */
import {describe, expect, it} from 'vitest';
import {SMALL, dashboardCommand, frameProblems, tmuxTestHooks} from './dashboard-checks.ts';

const {cols, rows} = SMALL;
const launch = tmuxTestHooks();

describe('the Panels pane at 80x24 in tmux', () => {
  it('4 focuses Panels; checkout saturation shows as ✖ CRIT / ▲ WARN text with NO_COLOR, worst first', {timeout: 60_000}, async () => {
    const t = await launch(dashboardCommand(['demo']), cols, rows, {NO_COLOR: '1'});
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
