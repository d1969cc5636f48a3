/**
 * A poll moves the untouched top row while the details cover the panes: the moved-row guard
 * counts from when the panes show again, so Esc then `a` never acks a row never seen selected.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import {diskThenPaymentsRig, silencedBy} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const rig = diskThenPaymentsRig;
const silenced = (drafts: SilenceDraft[]) => silencedBy(drafts, 'alertname');

describe('Esc out of the details of DiskFull, then `a`', () => {
  it('does not ack PaymentsDown, which a poll sorted under the cursor while the details were open', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    await h.press('\r');
    await h.waitFor((f) => f.includes('Esc back'), 'the details of DiskFull');
    t.addPayments();
    // The details are read for a while; polls land under them (5 s cadence).
    await h.waitFor(() => false, 'reading the details', 12_000).catch(() => '');
    await h.press('\u001b');
    await h.waitFor((f) => f.includes('PaymentsDown'), 'the panes again');
    await h.press('a');
    await h.waitFor(() => t.drafts.length > 0, 'the ack', 1000).catch(() => '');
    expect({acked: silenced(t.drafts), footer: h.lastFrame().split('\n').at(-1)}).toMatchObject({acked: [], footer: expect.stringContaining('selection moved, press a again to act on PaymentsDown')});
  });
});
