/**
 * The footer offers only keys that act (README: with colour off a key that cannot act now is left
 * out). `esc back` was offered on the bare dashboard, where Esc has nothing to close or clear: the
 * footer's context never said so, only the key dispatcher's did.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const footer = (f: string) => f.split('\n').at(-1) ?? '';

describe('the footer without colour', () => {
  it('does not offer `esc back` where Esc has nothing to close or clear', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('4');
    const before = h.lastFrame();
    // Esc on the bare dashboard (no overlay, no filter, not in the past) does nothing.
    await h.press('\x1b');
    await h.waitFor(() => false, 'a moment', 100).catch(() => {});
    expect(h.lastFrame()).toBe(before);
    expect(footer(before)).not.toContain('esc back');
  });

  it('offers `esc back` while a filter is applied, which Esc clears', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 200, rows: 24});
    await h.waitFor((f) => /crit/i.test(f), 'the data');
    await h.press('2');
    await h.press('/');
    await h.press('checkout');
    await h.press('\r');
    await h.waitFor((f) => f.includes('filter: checkout') && footer(f).includes('esc back'), 'esc back in the footer under the filter');
  });
});
