/**
 * With `keys: {ack: ctrl+c}` accepted, Ctrl+C in the alerts pane acked the selected alert
 * instead of quitting. The override is refused, so Ctrl+C quits there as everywhere.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('Ctrl+C under keys: {ack: ctrl+c}', () => {
  it('quits in the alerts pane and never acks', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: {ack: 'ctrl+c'}});
    await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'the data');
    await h.press('2');
    await h.waitFor((f) => f.includes('▶ 2 Alerts'), 'alerts focused');
    await h.press('\u0003');
    await h.settle();
    expect(h.lastFrame().split('\n').at(-1)).not.toMatch(/acking|acked/i);
    expect(h.onQuit).toHaveBeenCalled();
  });
});
