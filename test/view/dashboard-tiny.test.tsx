/**
 * A very short terminal (a small tmux pane) with the SLO pane focused: the other panes are still
 * on screen, as a line each (title and counts), or when even that does not fit, as one line
 * summing them up. A critical alert must never vanish because another pane has the focus.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('a very short terminal', () => {
  it('at 20x11 (the demo\'s on-call line takes one) draws the alerts, deploys and panels panes as lines beside the focused SLOs', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 20, rows: 11});
    const frame = await h.waitFor((f) => /2 Alerts \(\d+\)/.test(f), 'the alerts line');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.some((l) => l.includes('▶ 1 SLOs'))).toBe(true);
    for (const title of ['2 Alerts', '3 Deploys', '4 Panels']) expect(lines.filter((l) => l.includes(title))).toHaveLength(1);
  });

  it('at 20x10 keeps the alerts in the one line that sums up the others, the critical count first', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 20, rows: 10});
    const frame = await h.waitFor((f) => /^\+ \d+ crit/m.test(f), 'the line of the others');
    expect(frame.split('\n').length).toBeLessThanOrEqual(10);
    // Cut at 20 columns, the line still says how many critical alerts are firing.
    expect(frame).toMatch(/^\+ \d+ crit · \d+ act/m);
  });

  it('at 80x8 sums up the panes left out in one line, critical alerts included', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 8});
    const frame = await h.waitFor((f) => /^\+ \d+ crit/m.test(f), 'the line of the others');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.find((l) => l.startsWith('+ '))).toMatch(/^\+ \d+ crit · \d+ active alerts · 1 silenced · 1 inhibited · deploys \d+ deploys/);
  });
});
