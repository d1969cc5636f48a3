/**
 * The rollback confirmation in a short terminal (an 80x11 tmux split on a bastion): the preview's
 * fixed-height box squeezed its lines to fit, so they were drawn over each other ("provider
 * ciut? This calls…") and the title and `from → to` went, while the footer still asked to type
 * the service. Now whole lines are left out, the title and `from → to` last.
 */
import {describe, expect, it} from 'vitest';
import {dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';

const launch = tmuxTestHooks();

describe('the rollback confirmation in a short terminal (80x11)', () => {
  it('shows what is confirmed (title, from → to) intact, never lines written over each other', {timeout: 40_000}, async () => {
    const t = await launch(dashboardCommand(['demo']), 80, 11, {TERM: 'xterm-256color'});
    await t.waitFor(/SLOs \(10\)/, 20_000);
    await t.keys('3');
    await t.waitFor(/Deploys \(12\)/);
    await new Promise((r) => setTimeout(r, 300));
    await t.keys('R');
    await t.waitFor(/to confirm rollback/);
    await new Promise((r) => setTimeout(r, 500));
    const screen = await t.capture();
    expect(screen).toContain('ROLL BACK checkout?');
    expect(screen).toMatch(/from → to\s+v2\.14\.0 → v2\.13\.2/);
    expect(screen).toMatch(/… \d+ more lines?: a taller terminal shows them/);
    expect(screen).not.toMatch(/ciut\?|machineo v2|checkoutor 2s/);
  });
});
