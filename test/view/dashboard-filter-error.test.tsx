/**
 * A `/` filter that cannot be parsed (a bad regex) is the user's mistake, said in the pane whose
 * filter it is as a filter error: never worded as a backend's partial answer, never in another pane.
 */
import {describe, expect, it, vi} from 'vitest';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {emptyText} from '../../src/view/DashboardScreen.tsx';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
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
    // Not applied: the title says every alert is shown, and every alert is; the footer says why in full.
    expect(title).toContain('⚠ filter: bad regex, showing all');
    expect(footer(frame)).toContain('filter: showing all, invalid regex for alertname');
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
    expect(titleOf(frame, 'Alerts')).toContain('⚠ filter: bad regex, showing all');
  });

  it('beside a failed alert source leaves the failure in the alerts title of a 100-column terminal', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()}).services;
    let failing = false;
    const services: ContextServices = {
      ...demo,
      alertSources: demo.alertSources.map((src) => ({
        ...src,
        capabilities: {
          ...src.capabilities,
          listAlerts: (...args: Parameters<typeof src.capabilities.listAlerts>) => (failing ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : src.capabilities.listAlerts(...args)),
        },
      })),
    };
    const h = await renderDashboard(services, {columns: 100, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('CRIT'), 'demo', 8000);
    await h.press('2');
    await h.press('/');
    await h.press('alertname=~"("');
    await h.press('\r');
    await h.waitFor((f) => titleOf(f, 'Alerts').includes('⚠ filter'), 'the filter error');
    failing = true;
    await vi.advanceTimersByTimeAsync(12_000);
    const frame = await h.waitFor((f) => f.includes('✖ unavailable') || f.includes('alertmanager ✖'), 'the failure in the header', 4000);
    const title = titleOf(frame, 'Alerts');
    // Every alert source down: the title names the first with its error, before the filter's.
    expect(title).toContain('⚠ alertmanager: unavailable');
  });

  it('a bad ctx=~ in the alerts pane is not applied either: every alert stays listed, the title says showing all', async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 140, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('CheckoutHighErrorRate'), 'demo');
    await h.press('2');
    await h.press('/');
    await h.press('ctx=~"prod-(" severity=info');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('invalid'), 'the filter error');
    expect(titleOf(frame, 'Alerts')).toContain('⚠ filter: bad regex, showing all');
    expect(footer(frame)).toContain('filter: showing all, invalid regex for ctx');
    // Neither the context matcher nor the rest of the filter hides an alert.
    expect(frame).toContain('CheckoutHighErrorRate');
  });

  it('typed in the SLO pane (a bad ctx=~) is said in the SLO pane, whose empty table says its filter is in error', async () => {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 140, rows: 40});
    await h.waitFor((f) => f.includes('checkout-availability'), 'demo');
    await h.press('/');
    await h.press('ctx=~"("');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('invalid'), 'the filter error');
    expect(titleOf(frame, 'SLOs')).toContain('⚠ filter: bad regex');
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
