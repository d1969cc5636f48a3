/**
 * The moved-row guard on the dashboard after a filter that leaves the pane empty: the filter is
 * noted as the cursor's view even with no row to show, so the first alert it later matches,
 * brought by a poll under the cursor, is a poll's move and `a` is refused once, not silencing it unseen.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {alertsRig, silencedBy} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

function rig() {
  const disk = makeAlert({fingerprint: 'fp-disk', name: 'DiskFull', severity: 'warning', labels: {alertname: 'DiskFull', service: 'db'}, startsAt: T0 - 600_000});
  const pay = makeAlert({fingerprint: 'fp-pay', name: 'PaymentsDown', severity: 'critical', labels: {alertname: 'PaymentsDown', service: 'payments'}, startsAt: T0 - 60_000});
  const r = alertsRig([disk]);
  return {...r, addPayments: () => r.set([disk, pay])};
}

const silenced = (drafts: SilenceDraft[]) => silencedBy(drafts, 'alertname');

describe('a filter that matches nothing yet', () => {
  it('`/service=payments` (no match), later PaymentsDown fires under the cursor: `a` does not silence it unseen', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    await h.press('/');
    await h.press('service=payments');
    await h.press('\r');
    await h.waitFor((f) => !f.includes('DiskFull'), 'the empty filtered pane');
    await h.waitFor(() => false, 'time passes', 3000).catch(() => undefined);
    t.addPayments();
    await h.waitFor((f) => f.includes('PaymentsDown'), 'the next poll', 8000);
    await h.press('a');
    await h.waitFor(() => false, 'settle', 200).catch(() => undefined);
    // With no filter, a newcomer after an empty table is refused once (ui-cursor.ts, by design).
    expect(silenced(t.drafts)).not.toContain('PaymentsDown');
  });
});
