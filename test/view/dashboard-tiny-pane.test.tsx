/**
 * A short terminal (80x8: a small tmux split) left the focused pane room for its title and column
 * header but no data row: the pane said its table was empty ("no alerts firing", "no SLOs") while
 * it had rows, and the row keys acted on rows nobody could see. The focused pane now drops its
 * border there and draws its rows.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const footer = (f: string) => f.split('\n').at(-1) ?? '';

describe('a focused pane with room for a bordered title and header only (80x8, demo with its on-call line)', () => {
  it('does not say "no alerts firing" while 7 alerts (2 critical) are listed', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 8});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('2');
    const frame = await h.waitFor((f) => f.includes('2 Alerts (7)'), 'the alerts pane focused');
    expect(frame).not.toContain('no alerts firing');
  });

  it('does not say "no SLOs" while 10 SLOs are listed', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 8});
    const frame = await h.waitFor((f) => f.includes('1 SLOs (10)') && /crit/.test(f), 'the SLO pane focused with data');
    expect(frame).not.toContain('no SLOs');
  });

  it('`j` then `a` acks only an alert drawn selected (the focused pane keeps rows of its own)', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 8});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('2');
    await h.waitFor((f) => f.includes('2 Alerts (7)'), 'the alerts pane focused');
    await h.press('j');
    // The row `a` acts on, as drawn when it is pressed (none: no alert row on screen).
    const selectedRow = h.lastFrame().split('\n').find((l) => /^\W?› /.test(l)) ?? '';
    await h.press('a');
    const after = await h.waitFor((f) => footer(f) !== '' && !footer(f).startsWith('a ack'), 'the answer to a', 3000).catch(() => h.lastFrame());
    // Before: no alert row was drawn, and `a` answered "acked CheckoutHighErrorRate for 15m …".
    const acked = /^acked (\S+)/.exec(footer(after))?.[1];
    if (acked !== undefined) expect(selectedRow).toContain(acked);
    expect(selectedRow).toMatch(/CheckoutHighErrorRate/);
  });
});
