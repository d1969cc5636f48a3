/**
 * The dashboard with its output on the terminal but stdin not (`oncall demo </dev/null`, started
 * by a wrapper or `xargs`): it draws, but no key is read. Its footer still offered `q quit`,
 * `? help` …, and a pressed `q` was only echoed into the frame: nothing said that only Ctrl-C ends
 * it. Now the footer says so, and Ctrl-C ends it.
 */
import {describe, expect, it} from 'vitest';
import {shellQuote} from '../helpers/tmux.ts';
import {dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';

const launch = tmuxTestHooks();

describe('the dashboard without a keyboard (stdin not a terminal)', () => {
  it('says that Ctrl-C quits instead of offering keys it cannot read, and Ctrl-C ends it', {timeout: 40_000}, async () => {
    // The shell outlives the Ctrl-C sent to the whole foreground group, to say how it ended.
    const cmd = `trap : INT; ${dashboardCommand(['demo'])} </dev/null; echo EXIT=$?; sleep 30`;
    const t = await launch(`sh -c ${shellQuote(cmd)}`, 100, 30, {TERM: 'xterm-256color'});
    const screen = await t.waitFor(/SLOs \(10\)/, 20_000);
    expect(screen).toContain('Ctrl-C quits (no keyboard: stdin is not a terminal)');
    expect(screen).not.toMatch(/q quit|\? help/);
    await t.keys('C-c');
    await t.waitFor(/EXIT=0/);
  });
});
