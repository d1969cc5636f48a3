/**
 * A `/` filter that cannot be parsed (a bad regex) is the user's mistake, said in the pane whose
 * filter it is as a filter error: never worded as a backend's partial answer, never in another pane.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {emptyText} from '../../src/view/DashboardScreen.tsx';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const titleOf = (frame: string, pane: string) => frame.split('\n').find((l) => l.includes(`${pane} (`)) ?? '';

describe('a bad regex in a / filter', () => {
  it('in the alerts pane is said there as a filter error, not as a partial answer of the alert source', async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 140, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability'), 'demo');
    await h.press('2');
    await h.press('/');
    await h.press('alertname=~"("');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('invalid'), 'the filter error');
    const title = titleOf(frame, 'Alerts');
    // Not applied: the title says every alert is shown, before why, and every alert is.
    expect(title).toContain('⚠ filter: showing all, invalid regex for alertname');
    expect(title).not.toContain('partial');
    expect(frame).toContain('CheckoutHighErrorRate');
    expect(titleOf(frame, 'SLOs')).not.toContain('invalid');
  });

  it('in the alerts pane of a narrow terminal still says that every alert is shown', async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 60, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability'), 'demo');
    await h.press('2');
    await h.press('/');
    await h.press('alertname=~"("');
    await h.press('\r');
    const frame = await h.waitFor((f) => titleOf(f, 'Alerts').includes('⚠ filter'), 'the filter error');
    expect(titleOf(frame, 'Alerts')).toContain('⚠ filter: showing all');
  });

  it('typed in the SLO pane (a bad ctx=~) is said in the SLO pane, whose empty table says its filter is in error', async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 140, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability'), 'demo');
    await h.press('/');
    await h.press('ctx=~"("');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('invalid'), 'the filter error');
    expect(titleOf(frame, 'SLOs')).toContain('⚠ filter: invalid regex');
    expect(titleOf(frame, 'Alerts')).not.toContain('invalid');
    expect(frame).toContain('the filter is in error');
    expect(frame).not.toContain('no SLOs match the filter');
  });
});

describe('emptyText', () => {
  it('says a filter in error is in error, not that nothing matched it', () => {
    expect(emptyText('slos', 10, 'ctx=~"("', '', 'invalid regex for ctx: Unterminated group')).toBe('the filter is in error: invalid regex for ctx: Unterminated group · 10 in all');
    expect(emptyText('slos', 10, 'ctx=nowhere', '')).toBe('no SLOs match the filter · 10 in all');
  });
});
