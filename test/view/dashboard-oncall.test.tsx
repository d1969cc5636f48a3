/**
 * Who is on call in the dashboard, on the demo: a line under the header for the selected row's
 * service, the levels in the alert details, read on its own slow cadence; when the read fails the
 * line says so with the age of the names it keeps showing, instead of dropping them.
 */
import {describe, expect, it, vi} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks();

/** The demo, with its paging service's on-call read counted and breakable. */
function demoWithOncall(): {services: ContextServices; startedAt: number; reads: () => number; fail(on: boolean): void} {
  const env = createDemoEnvironment({now: () => Date.now()});
  let reads = 0;
  let failing = false;
  const services: ContextServices = {
    ...env.services,
    alertSources: env.services.alertSources.map((s) =>
      s.name !== 'pagerduty'
        ? s
        : {
            ...s,
            capabilities: {
              ...s.capabilities,
              listOncalls: async () => {
                reads++;
                if (failing) throw new SourceFailure('unavailable', 'GET /oncalls: connection refused');
                return env.pagerduty.listOncalls();
              },
            },
          },
    ),
  };
  return {services, startedAt: env.startedAt, reads: () => reads, fail: (on) => void (failing = on)};
}

const oncallLine = (frame: string) => frame.split('\n')[1] ?? '';

describe('who is on call in the dashboard', () => {
  it('follows the selected row: the header line names its service’s on-call per level, within 80 columns', async () => {
    const demo = demoWithOncall();
    harness = await renderDashboard(demo.services, {rows: 24, columns: 80});
    let frame = await harness.waitFor((f) => oncallLine(f).includes('storefront-primary'), 'the on-call line');
    // The selected SLO row is checkout-availability.
    expect(oncallLine(frame)).toBe(' on call: checkout storefront-primary (L1) · storefront-secondary (L2)');
    expect(frame.split('\n')).toHaveLength(24);
    await harness.press('j');
    frame = await harness.waitFor((f) => oncallLine(f).includes('search'), 'the line for search');
    expect(oncallLine(frame)).toBe(' on call: search discovery-primary (L1) · discovery-secondary (L2)');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('shows the levels in the alert details', async () => {
    harness = await renderDashboard(demoWithOncall().services, {rows: 60});
    await harness.waitFor((f) => oncallLine(f).includes('storefront-primary'), 'the on-call line');
    await harness.press('2');
    await harness.press('j');
    const frame = await harness.waitFor((f) => f.includes('CheckoutHighErrorRate  ⚑ PD #4217'), 'the checkout alert selected');
    expect(frame).toContain('›');
    await harness.press('\r');
    const detail = await harness.waitFor((f) => f.includes('on call for checkout'), 'the on-call section');
    // The whole line, wrapped under its label rather than cut (with e-mail addresses it is wider than the screen).
    expect(detail).toMatch(/L1 +storefront-primary until \d{4}-\d\d-\d\dT\d\d:\d\dZ \(2d\) · storefront primary, storefront e/);
    expect(detail).not.toMatch(/storefront e…║/);
    expect(detail).toMatch(/L2 +storefront-secondary until /);
  });

  // On-call read every 60 s here (5 min by default), alerts every 5 s: two and a half minutes of demo polls.
  it('reads on its own cadence, and a failed read keeps the names with their age, never dropping the line', {timeout: 60_000}, async () => {
    const demo = demoWithOncall();
    harness = await renderDashboard(demo.services, {intervals: {oncalls: 60_000}});
    await harness.waitFor((f) => oncallLine(f).includes('storefront-primary'), 'the on-call line');
    expect(demo.reads()).toBe(1);
    // Alert polls (every 5 s) in between cost no on-call read.
    await vi.advanceTimersByTimeAsync(30_000);
    await harness.settle();
    expect(demo.reads()).toBe(1);
    demo.fail(true);
    await vi.advanceTimersByTimeAsync(30_000);
    // The age counts by the dashboard's clock, whose tick is drawn with the answers of its
    // second (gathered, see DATA_GATHER_MS): the failure may show a frame before the minute does.
    const frame = await harness.waitFor((f) => oncallLine(f).includes('✖') && oncallLine(f).includes('1m ago'), 'the failed read at 1m', 5000);
    expect(demo.reads()).toBe(2);
    // The failure leads; at 100 columns the end of the names is cut, not the failure.
    expect(oncallLine(frame)).toBe(' on call ⚠ as of 1m ago (pagerduty ✖ unavailable): checkout storefront-primary (L1) · storefront-se…');
    demo.fail(false);
    await vi.advanceTimersByTimeAsync(60_000);
    const back = await harness.waitFor((f) => !oncallLine(f).includes('⚠'), 'the line after the next good read', 5000);
    expect(oncallLine(back)).toBe(' on call: checkout storefront-primary (L1) · storefront-secondary (L2)');
  });

  it('over several contexts the line names the context it was read in: the selected row\'s, else the first that can tell', async () => {
    const withPager = (context: string) => ({services: {...demoWithOncall().services, context}});
    const env = createDemoEnvironment({now: () => Date.now()});
    const noPager = {services: {...env.services, context: 'eu', alertSources: env.services.alertSources.filter((s) => s.name !== 'pagerduty')}};
    harness = await renderDashboard(noPager.services, {contexts: [noPager, withPager('us')], rows: 30, columns: 120});
    // eu cannot tell who is on call: whichever row is selected, the line is us' and says so.
    let frame = await harness.waitFor((f) => oncallLine(f).includes('storefront-primary') && f.includes('CONTEXT'), 'the on-call line over two contexts');
    expect(oncallLine(frame)).toBe(' on call (us): checkout storefront-primary (L1) · storefront-secondary (L2)');
    harness.unmount();
    // Both can tell: the line follows the selected row's context.
    harness = await renderDashboard(withPager('eu').services, {contexts: [withPager('eu'), withPager('us')], rows: 30, columns: 120});
    frame = await harness.waitFor((f) => oncallLine(f).includes('storefront-primary') && f.includes('CONTEXT'), 'the on-call line over two contexts');
    const selectedContext = () => / (eu|us) /.exec(harness!.lastFrame().split('\n').find((l) => l.includes('›')) ?? '')?.[1];
    const first = selectedContext();
    expect(first).toMatch(/^(eu|us)$/);
    expect(oncallLine(frame)).toMatch(new RegExp(`^ on call \\(${first}\\): checkout storefront-primary`));
    // The other context's checkout SLO row is the next one down.
    await harness.press('j');
    frame = await harness.waitFor(() => selectedContext() !== first, 'the other context\'s row selected');
    expect(oncallLine(frame)).toMatch(new RegExp(`^ on call \\(${selectedContext()}\\): `));
    expect(selectedContext()).not.toBe(first);
  });

  it('a context without a paging source has no on-call line', async () => {
    const env = createDemoEnvironment({now: () => Date.now()});
    const services = {...env.services, alertSources: env.services.alertSources.filter((s) => s.name !== 'pagerduty')};
    harness = await renderDashboard(services, {rows: 24});
    const frame = await harness.waitFor((f) => f.includes('checkout-availability'), 'demo data');
    expect(frame).not.toContain('on call');
    expect(frame.split('\n')[1]).toMatch(/^[╔┌]/);
  });

  // There is no history of who was on call: in the past the line stays the present's read, so it
  // says "now", counts its age by the live clock (not the instant shown) and, as the banner says
  // "polling paused", is not read again until Esc returns to live.
  it('in the past the line is the present\'s: "on call now", aged by the live clock, not polled until Esc', {timeout: 60_000}, async () => {
    const demo = demoWithOncall();
    harness = await renderDashboard(demo.services, {rows: 40, columns: 160, initialAt: demo.startedAt - 5 * 60_000, intervals: {oncalls: 60_000}});
    const line = (f: string) => f.split('\n').find((l) => l.startsWith(' on call')) ?? '';
    let frame = await harness.waitFor((f) => f.includes('THE PAST') && line(f).includes('(L1)'), 'the past with its on-call line');
    // The past sorts its rows by then: whichever service is selected, the line is said to be now's.
    expect(line(frame)).toMatch(/^ on call now: [a-z]+ [a-z]+-primary \(L1\) · [a-z]+-secondary \(L2\)$/);
    expect(demo.reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    // Two poll intervals without a read: old by the live clock, 3 minutes after the read.
    frame = await harness.waitFor((f) => line(f).includes('⚠'), 'the old read', 5000);
    expect(line(frame)).toMatch(/^ on call now ⚠ as of [23]m ago: [a-z]+ [a-z]+-primary \(L1\)/);
    expect(demo.reads()).toBe(1);
    await harness.press('\u001b');
    frame = await harness.waitFor((f) => !f.includes('THE PAST') && line(f).startsWith(' on call:') && !line(f).includes('⚠'), 'live again, read again', 5000);
    expect(line(frame)).toMatch(/^ on call: [a-z]+ [a-z]+-primary \(L1\) · [a-z]+-secondary \(L2\)$/);
    expect(demo.reads()).toBe(2);
  });
});
