/**
 * Enter in a window smaller than the least layout (20x8), where one line is drawn instead of the
 * screen: only a rollback's Enter was held, keyed by its request id. An ack whose silence also
 * silences 30 other alerts ("type yes") sent on Enter at 80x3 with that list off screen, as did
 * the group unack and `:resolve`'s confirmation. Every confirmation's Enter is held now, says
 * why where a second line fits, and stays open for a resize back.
 */
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {alertsRig, crashLoopingAlerts} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

/** 31 alerts of one name differing by pod; every silence sent is recorded in `drafts`. */
const crashLooping = () => alertsRig(crashLoopingAlerts());

/** Ack settings; `volatileLabels` left out of the silence make it match the other pods too. */
const ackSettings = (volatileLabels: string[]) => ({ack: {durationMs: 15 * 60_000, author: 'tester@host', prefix: 'ACK!', volatileLabels, untilResolved: false}});

/** Waits long enough for an effect that should not come. */
const aSecond = (h: {waitFor: (p: (f: string) => boolean, what: string, ms?: number) => Promise<string>}) => h.waitFor(() => false, 'a second', 1000).catch(() => {});

describe('Enter on a confirmation in a window smaller than 20x8', () => {
  it('an ack that silences 30 other alerts, typed at 80x24 and resized to 80x3: nothing is sent, the reason is shown, and the confirmation is there again at 80x24', async () => {
    const t = crashLooping();
    const h = await renderDashboard(t.services, {columns: 80, rows: 24, settings: ackSettings(['pod'])});
    await h.waitFor((f) => f.includes('2 Alerts (31)'), 'the alerts');
    await h.press('2');
    await h.press('j');
    await h.press('a');
    await h.waitFor((f) => f.includes('would also silence'), 'the overreach confirmation');
    for (const k of 'yes') await h.press(k);
    await h.resize(80, 3);
    expect(h.lastFrame()).toContain('oncall: window too small');
    await h.press('\r');
    await h.waitFor((f) => f.includes('ack: the window is too small'), 'the reason');
    await aSecond(h);
    expect(t.drafts).toEqual([]);
    await h.resize(80, 24);
    await h.waitFor((f) => f.includes('would also silence'), 'the confirmation again');
    // Enter now confirms what is on screen again.
    await h.press('\r');
    await h.waitFor(() => t.drafts.length > 0, 'the silence');
  });

  it('a rollback typed at 80x24 and resized to 10x3: nothing is sent, and the confirmation is there again at 80x24', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const sent: RollbackPlan[] = [];
    const rb = demo.services.rollbacker!;
    const wrapped = Object.create(rb.capabilities);
    wrapped.rollback = (plan: RollbackPlan) => (sent.push(plan), rb.capabilities.rollback.call(rb.capabilities, plan));
    const h = await renderDashboard({...demo.services, rollbacker: {...rb, capabilities: wrapped}}, {columns: 80, rows: 24});
    await h.waitFor((f) => f.includes('3 Deploys'), 'the deploys');
    await h.press('3');
    await h.press('R');
    await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the confirmation');
    await h.press('checkout');
    await h.resize(10, 3);
    await h.press('\r');
    await aSecond(h);
    expect(sent).toEqual([]);
    await h.resize(80, 24);
    await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the confirmation again');
  });

  it('a row key at 80x5 sends no silence (judged on the alert source, not on a one-line frame)', async () => {
    const t = crashLooping();
    const h = await renderDashboard(t.services, {columns: 80, rows: 24, settings: ackSettings([])});
    await h.waitFor((f) => f.includes('2 Alerts (31)'), 'the alerts');
    await h.press('2');
    await h.resize(80, 5);
    await h.press('a');
    await aSecond(h);
    expect(t.drafts).toEqual([]);
  });
});

describe('Enter on a command line acting on a row in a window smaller than 20x8', () => {
  it('`:ack 1h` typed at 80x24 on a row and resized to 80x5: nothing is sent, and the line is there again at 80x24', async () => {
    const t = crashLooping();
    const h = await renderDashboard(t.services, {columns: 80, rows: 24, settings: ackSettings([])});
    await h.waitFor((f) => f.includes('2 Alerts (31)'), 'the alerts');
    await h.press('2');
    await h.press('j');
    await h.press(':');
    for (const k of 'ack 1h') await h.press(k);
    await h.resize(80, 5);
    expect(h.lastFrame()).toContain('oncall: window too small');
    await h.press('\r');
    await h.waitFor((f) => f.includes(':ack: the window is too small'), 'the reason');
    await aSecond(h);
    // `a` on that row is refused in this window; the line kept from before must be too.
    expect(t.drafts).toEqual([]);
    await h.resize(80, 24);
    await h.waitFor((f) => f.includes(':ack 1h'), 'the command line again');
  });
});
