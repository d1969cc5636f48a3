/**
 * A rollback confirmation in a window shorter than the dashboard's least layout (a tmux pane
 * resized to 3 rows): the window shows only the frame's last lines, without the title and the
 * environment of what would be rolled back, so Enter must send nothing. The hold was judged on
 * the rows the layout was drawn for (at least 8), not on the window's.
 */
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

/** The demo's services, with every rollback the dashboard sends recorded. */
function demoCountingRollbacks(): {services: ContextServices; sent: RollbackPlan[]} {
  const demo = createDemoEnvironment({now: () => Date.now()});
  const sent: RollbackPlan[] = [];
  const rb = demo.services.rollbacker!;
  const caps = rb.capabilities;
  const wrapped = Object.create(caps);
  wrapped.rollback = (plan: RollbackPlan) => {
    sent.push(plan);
    return caps.rollback.call(caps, plan);
  };
  return {services: {...demo.services, rollbacker: {...rb, capabilities: wrapped}}, sent};
}

describe('a rollback confirmation in a window shorter than 8 rows', () => {
  it('resized to 80x3, does not send on Enter: its target is no longer on screen', async () => {
    const {services, sent} = demoCountingRollbacks();
    const h = await renderDashboard(services, {columns: 80, rows: 24});
    await h.waitFor((f) => f.includes('3 Deploys'), 'the deploys');
    await h.press('3');
    await h.press('R');
    await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the confirmation');
    await h.press('checkout');
    await h.resize(80, 3);
    // What the 3-row window shows: the last 3 lines of the frame, at best.
    const visible = h.lastFrame().split('\n').slice(-3).join('\n');
    expect(visible).not.toContain('ROLL BACK checkout');
    expect(visible).not.toContain('production');
    await h.press('\r');
    await h.waitFor(() => false, 'a second', 1000).catch(() => {});
    expect(sent).toEqual([]);
  });

  it('at 80x5, a row key does not act on a row the window cannot show', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    await h.waitFor((f) => /crit/.test(f), 'the data');
    await h.press('2');
    await h.waitFor((f) => f.includes('2 Alerts'), 'the alerts pane focused');
    await h.resize(80, 5);
    await h.press('a');
    await h.waitFor(() => false, 'a moment', 200).catch(() => {});
    expect(h.lastFrame()).not.toMatch(/acked \S+/);
  });
});
