/**
 * In tmux (escape-time: 500 ms by default before tmux 3.5, and in many configs) or over a slow
 * SSH link, an Esc followed quickly by another key reaches the program as ONE read: ESC + key,
 * which terminals also use for Alt+key. Ink reports "\x1b\r" as Enter with meta set, and the
 * dashboard takes it as Enter: in a typed confirmation, Esc-then-Enter (cancel, then Enter for
 * the details of the row) CONFIRMS the rollback that Esc was pressed to cancel.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('Esc then Enter arriving in one read inside the rollback confirmation', () => {
  it('never sends the rollback', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const sent: unknown[] = [];
    const ci = demo.services.rollbacker!.capabilities;
    const services = {...demo.services, rollbacker: {...demo.services.rollbacker!, capabilities: {...ci, rollback: async (plan: Parameters<typeof ci.rollback>[0]) => (sent.push(plan), ci.rollback(plan))}}};
    const h = await renderDashboard(services, {columns: 100, rows: 30});
    await h.waitFor((f) => /3 Deploys \(\d+\)/.test(f), 'the deploys');
    await h.press('3');
    await h.press('R');
    await h.waitFor((f) => f.includes('from → to'), 'the rollback confirmation');
    await h.press('checkout');
    // Second thoughts: Esc, then Enter (for the deploy's details) typed right after it.
    await h.press('\u001b\r');
    await h.waitFor(() => false, 'settle', 500).catch(() => undefined);
    // Actual: the rollback was sent (footer "rollback of checkout … queued").
    expect({sent: sent.length, footer: h.lastFrame().split('\n').at(-1)}).toEqual({sent: 0, footer: expect.not.stringMatching(/rollback/i)});
  });
});
