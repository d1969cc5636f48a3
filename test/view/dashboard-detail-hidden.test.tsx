/**
 * Alert details whose alert leaves the table only because the filter or a hide toggle now keeps
 * it off (acked from the details with `h` on, or under `state=firing`): the alert is still read,
 * so the details say it is hidden, not resolved, show it as it is now, and `u` undoes the ack.
 */
import {describe, expect, it, vi} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const footer = (f: string) => f.split('\n').at(-1) ?? '';
const oncallLine = (f: string) => f.split('\n')[1] ?? '';

// Focus the alerts, hide as `hide` says, open the details of the checkout alert, ack it there.
async function ackFromDetails(hide: (h: Awaited<ReturnType<typeof renderDashboard>>) => Promise<void>, services: ContextServices = createDemoEnvironment({now: () => Date.now()}).services) {
  const h = await renderDashboard(services, {columns: 140, rows: 50});
  await h.waitFor((f) => f.includes('PD #4217') && f.includes('CheckoutHighErrorRate'), 'demo alerts');
  await h.press('2');
  await hide(h);
  await h.press('j');
  await h.press('\r');
  const opened = await h.waitFor((f) => f.includes('Alert details') && f.includes('CheckoutHighErrorRate'), 'the details');
  const service = oncallLine(opened);
  await h.press('a');
  const acked = await h.waitFor((f) => f.includes('hidden') && /ack\s+\S+ until/.test(f), 'the details of the acked, hidden alert', 8000);
  return {h, acked, service};
}

describe('alert details of an alert acked while acked alerts are hidden', () => {
  it('say it is hidden (h), show its ack, keep the on-call line, and u undoes the ack', async () => {
    const {h, acked, service} = await ackFromDetails(async (d) => {
      await d.press('h');
    });
    expect(acked).not.toContain('NO LONGER LISTED');
    expect(acked).toContain('hidden (h): CheckoutHighErrorRate');
    // As it is now (silenced by its ack), not the details from before the ack.
    expect(acked).toMatch(/state\s+suppressed/);
    // Still about checkout, not about the neighbour that took the selection.
    expect(service).toContain('checkout');
    expect(oncallLine(acked)).toBe(service);
    await h.press('u');
    const undone = await h.waitFor((f) => /^unacked |^unack: /.test(footer(f)), 'the unack', 8000);
    expect(footer(undone)).toMatch(/^unacked CheckoutHighErrorRate/);
  });

  it('under a state=firing filter say it is hidden by the filter', async () => {
    const {h, acked} = await ackFromDetails(async (d) => {
      await d.press('/');
      await d.press('state=firing');
      await d.press('\r');
      await d.waitFor((f) => f.includes('filter: state=firing'), 'the filter');
    });
    expect(acked).toContain('hidden by the filter: CheckoutHighErrorRate');
    await h.press('u');
    const undone = await h.waitFor((f) => /^unacked |^unack: /.test(footer(f)), 'the unack', 8000);
    expect(footer(undone)).toMatch(/^unacked CheckoutHighErrorRate/);
  });
});

describe('A on a hidden alert', () => {
  it("acks the alert's group found from the data, never refused as having no group", async () => {
    const {h} = await ackFromDetails(async (d) => {
      await d.press('h');
    });
    await h.press('A');
    const answered = await h.waitFor((f) => /ack/.test(footer(f)) && !/acking/.test(footer(f)), 'the answer to A', 8000);
    expect(footer(answered)).not.toMatch(/select an alert or a group first|no group/);
    expect(footer(answered)).toMatch(/^acked .*CheckoutHighErrorRate/);
  });
});

describe('details of a hidden alert whose source fails', () => {
  it('say the data is stale, with its age, as the details of a listed row do', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    let failing = false;
    // Every alert source fails at once: the alert pane shows the last good answer.
    const alertSources = demo.services.alertSources.map((s) => ({
      ...s,
      capabilities: {...s.capabilities, listAlerts: (...args: Parameters<typeof s.capabilities.listAlerts>) => (failing ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : s.capabilities.listAlerts(...args))},
    }));
    const {h, acked} = await ackFromDetails(async (d) => {
      await d.press('h');
    }, {...demo.services, alertSources});
    expect(acked).toContain('hidden (h): CheckoutHighErrorRate');
    expect(acked).not.toContain('STALE');
    failing = true;
    await vi.advanceTimersByTimeAsync(12_000);
    const stale = await h.waitFor((f) => f.includes('alertmanager ✖') && f.includes('hidden (h)') && /STALE \d+s/.test(f), 'the stale details', 8000);
    expect(stale).toMatch(/data\s+STALE \d+s: the last good answer, kept while its source fails/);
    expect(stale).toContain('hidden (h): CheckoutHighErrorRate');
  });
});

describe('group details acked while acked alerts are hidden', () => {
  it('say the group is hidden (h), not that it is no longer listed, and its keys stay on', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 140, rows: 50});
    await h.waitFor((f) => f.includes('PD #4217') && f.includes('CheckoutHighErrorRate'), 'demo alerts');
    await h.press('2');
    await h.press('h');
    // The cursor lands on the first group's header: its details are the group's.
    await h.press('\r');
    await h.waitFor((f) => /details/i.test(f), 'the group details');
    await h.press('a');
    const acked = await h.waitFor((f) => /NO LONGER LISTED|hidden \(h\)/.test(f) && !f.includes('acking'), 'the details after the ack', 8000);
    expect(acked).not.toContain('NO LONGER LISTED');
    expect(acked).toMatch(/hidden \(h\): \S.* is still read/);
    // Its keys act on the group as on a listed header (u expires your acks of it), not refused as gone.
    await h.press('u');
    const pressed = await h.waitFor((f) => /unack/.test(footer(f)), 'the answer to u', 8000);
    expect(footer(pressed)).not.toMatch(/no longer listed/);
  });
});
