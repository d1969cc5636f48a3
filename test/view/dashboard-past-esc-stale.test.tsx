/**
 * Back to live after more than 5 minutes in the past: while the past was shown nothing observed
 * the live alert query, and its garbage-collection time (meant for contexts left with `:ctx`)
 * dropped the alerts of the context still on screen. With the alert sources failing on return
 * (an incident), what was firing must stay on screen marked stale, as it does without travelling.
 */
import {describe, expect, it, vi} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks();
const MINUTE = 60_000;

/** The services with the alert sources whose name passes `which` failing once `fail()` is called. */
function failing(base: ContextServices, which: (name: string) => boolean = () => true): {services: ContextServices; fail: () => void} {
  let down = false;
  return {
    fail: () => void (down = true),
    services: {
      ...base,
      alertSources: base.alertSources.map((s) => ({
        ...s,
        capabilities: {
          ...s.capabilities,
          listAlerts: (...a: unknown[]) => (down && which(s.name) ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : (s.capabilities.listAlerts as (...x: unknown[]) => Promise<never>)(...a)),
        },
      })),
    },
  };
}

// Live alerts on screen, then the oldest timeline event (Enter), six minutes there, then `fail()` and Esc.
async function travelAndReturn(h: Harness, fail: () => void): Promise<void> {
  await h.press('2');
  await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'live alerts');
  await h.press('t');
  await h.waitFor((f) => f.includes('Timeline of'), 'timeline');
  await h.press('G');
  await h.press('\r');
  await h.waitFor((f) => f.includes('THE PAST'), 'the past');
  await vi.advanceTimersByTimeAsync(6 * MINUTE);
  fail();
  await h.press('\u001b');
}

describe('Esc back to live after more than 5 minutes in the past', () => {
  it('keeps the last live alerts (stale) when the alert sources fail on return, as live does', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const {services, fail} = failing(demo.services);
    const h = await renderDashboard(services, {rows: 40, columns: 140});
    await travelAndReturn(h, fail);
    const frame = await h.waitFor((f) => !f.includes('THE PAST') && /unavailable|connection refused/.test(f) && !f.includes('loading…'), 'live, sources failing', 5000);
    expect(frame).toMatch(/STALE .*CheckoutHi/);
    expect(frame).not.toContain('Alerts (0)');
  });

  it('keeps the failed source\'s alerts (stale) beside the others\' answers when only one fails on return', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    // Only the first source fails: its alerts are kept from the last live answer (no peer answers for it).
    const first = demo.services.alertSources[0]!.name;
    const {services, fail} = failing(demo.services, (name) => name === first);
    const h = await renderDashboard(services, {rows: 40, columns: 140});
    await travelAndReturn(h, fail);
    const frame = await h.waitFor((f) => !f.includes('THE PAST') && /connection refused/.test(f) && !f.includes('loading…'), 'live, one source failing', 5000);
    expect(frame).toMatch(/STALE .*CheckoutHi/);
  });
});
