/**
 * An action acts on the row the user chose, never on a neighbour that slid into its place: an
 * alert that resolves while `:ack …` is typed, or while its details are open, hands the selection
 * to the next row, and neither the command nor the keys in the details may follow it there.
 */
import {describe, expect, it} from 'vitest';
import type {Alert, SilenceDraft} from '../../src/domain/alert.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const footer = (f: string) => f.split('\n').at(-1) ?? '';

/** Two alerts of two groups behind one Alertmanager; `resolve` drops the first from its answers. */
function twoAlerts() {
  const disk = makeAlert({fingerprint: 'fp-disk', name: 'DiskFull', severity: 'critical', labels: {alertname: 'DiskFull', service: 'db', instance: 'db-1'}, startsAt: T0 - 600_000});
  const checkout = makeAlert({fingerprint: 'fp-checkout', name: 'CheckoutDown', severity: 'warning', labels: {alertname: 'CheckoutDown', service: 'checkout'}, startsAt: T0 - 300_000});
  let alerts: Alert[] = [disk, checkout];
  const drafts: SilenceDraft[] = [];
  const services: ContextServices = {
    context: 'prod', readOnly: false, slos: [], sloReader: null, deploySource: null, rollbacker: null,
    alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {
      listAlerts: async () => ({value: alerts, warnings: []}),
      listSilences: async () => ({value: [], warnings: []}),
      createSilence: async (draft: SilenceDraft) => (drafts.push(draft), `s-${drafts.length}`),
      expireSilence: async () => {},
    }}],
  };
  return {services, drafts, resolveDisk: () => void (alerts = [checkout])};
}

const silenced = (drafts: SilenceDraft[]) => drafts.map((d) => d.matchers.find((m) => m.name === 'alertname')?.value);

describe(':ack typed on an alert', () => {
  it('acks the alert selected when the line was opened, for the length typed', async () => {
    const t = twoAlerts();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('CheckoutDown'), 'both alerts');
    await h.press('2');
    await h.press('j');
    expect(h.lastFrame()).toMatch(/› .*DiskFull/);
    await h.press(':');
    await h.press('ack 2h looking at the db');
    await h.press('\r');
    await h.waitFor((f) => footer(f).startsWith('acked DiskFull'), 'the ack');
    expect(silenced(t.drafts)).toEqual(['DiskFull']);
    expect(t.drafts[0]!.endsAt - t.drafts[0]!.startsAt).toBe(2 * 3_600_000);
    expect(t.drafts[0]!.comment).toContain('looking at the db');
  });

  it('that resolves meanwhile is refused with the reason, and never acks the row now selected', async () => {
    const t = twoAlerts();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('CheckoutDown'), 'both alerts');
    await h.press('2');
    await h.press('j');
    await h.press(':');
    await h.press('ack 2h looking at the db');
    t.resolveDisk();
    await h.waitFor((f) => !f.includes('DiskFull'), 'the poll after DiskFull resolved', 8000);
    expect(h.lastFrame()).toMatch(/› .*CheckoutDown/);
    await h.press('\r');
    const frame = await h.waitFor((f) => footer(f).includes('no longer listed'), 'the refusal');
    expect(footer(frame)).toContain('ack: DiskFull is no longer listed (resolved?)');
    await h.settle();
    expect(t.drafts).toEqual([]);
  });
});

describe('alert details open on an alert that resolves', () => {
  it('keep showing that alert, say it is no longer listed, and refuse `a` instead of acking another alert', async () => {
    const t = twoAlerts();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('CheckoutDown'), 'both alerts');
    await h.press('2');
    await h.press('j');
    await h.press('\r');
    const opened = await h.waitFor((f) => f.includes('db-1'), 'the details');
    expect(opened).not.toContain('CheckoutDown');
    t.resolveDisk();
    const gone = await h.waitFor((f) => f.includes('NO LONGER LISTED (resolved?)'), 'the details saying their alert is gone', 8000);
    // The last details of DiskFull, not its neighbour's.
    expect(gone).toContain('db-1');
    expect(gone).not.toContain('CheckoutDown');
    await h.press('a');
    const refused = await h.waitFor((f) => footer(f).includes('no longer listed'), 'the refusal');
    expect(footer(refused)).toContain('ack: DiskFull is no longer listed (resolved?)');
    await h.press(':');
    await h.press('ack 1h');
    await h.press('\r');
    await h.settle();
    expect(t.drafts).toEqual([]);
    // Closed, the pane shows the neighbour selected; `a` there acks it, as the user now sees.
    await h.press('\u001b');
    await h.waitFor((f) => /› .*CheckoutDown/.test(f), 'the pane again');
  });

  it('act on their own alert while it is listed', async () => {
    const t = twoAlerts();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('CheckoutDown'), 'both alerts');
    await h.press('2');
    await h.press('j');
    await h.press('\r');
    await h.waitFor((f) => f.includes('db-1'), 'the details');
    await h.press('a');
    await h.waitFor((f) => footer(f).startsWith('acked DiskFull'), 'the ack');
    expect(silenced(t.drafts)).toEqual(['DiskFull']);
  });
});
