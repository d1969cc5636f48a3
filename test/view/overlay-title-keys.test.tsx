/**
 * The help and details titles named `j/k` and `Esc` whatever `keys:` bound: a user who moved
 * scrolling to `n`/`e` and back to Ctrl+G was told keys that do nothing there.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const overrides = {down: ['n', 'down'], up: ['e', 'up'], back: ['ctrl+g']};

describe('the overlay titles under `keys:` overrides', () => {
  it('name the bound keys in the details and the help', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 100, rows: 30, keyOverrides: overrides});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('\r');
    const details = await h.waitFor((f) => f.includes('scroll)'), 'the details');
    expect(details).toContain('(ctrl+g back, n/e scroll)');
    expect(details).not.toContain('j/k');
    await h.press('\u0007');
    await h.waitFor((f) => !f.includes('scroll)'), 'the details closed');
    await h.press('?');
    const help = await h.waitFor((f) => f.includes('to scroll)'), 'the help');
    expect(help).toContain('Keys  (? or ctrl+g to close, n/e to scroll)');
  });

  it('name the defaults without overrides', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 100, rows: 30});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('\r');
    expect(await h.waitFor((f) => f.includes('scroll)'), 'the details')).toContain('(Esc back, j/k scroll)');
  });
});
