/**
 * After `2` (or `/` filter, or `g`) the selection is "the top row, whichever it is" (watchesTop).
 * A new alert sorting above it between the frame the user read and the `a` they press is acked
 * instead: a silence for an alert the user never saw selected.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import {diskThenPaymentsRig, silencedBy, selectedLine} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const rig = diskThenPaymentsRig;

const silenced = (drafts: SilenceDraft[]) => silencedBy(drafts, 'alertname');

describe('the top row selected by `2` (never moved)', () => {
  it('`a` pressed as a new alert sorts above the selected one does not ack the newcomer', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    // What the user reads: DiskFull's group selected.
    expect(selectedLine(h.lastFrame())).toContain('DiskFull');
    // A poll lands: PaymentsDown (older, critical) sorts on top, and the cursor goes with the top.
    t.addPayments();
    await h.waitFor((f) => f.includes('PaymentsDown'), 'the next poll', 8000);
    const after = selectedLine(h.lastFrame());
    // The key the user meant for DiskFull.
    await h.press('a');
    await h.waitFor(() => t.drafts.length > 0 || true, 'settle', 200);
    await h.settle();
    // The cursor jumped rows under the user (it is now on PaymentsDown: ${after}); whatever the
    // fix (anchor on focus, or refuse an action whose row changed under the cursor a moment ago),
    // the newcomer the user never chose must not be silenced.
    expect(silenced(t.drafts)).not.toContain('PaymentsDown');
    // The key is refused once, naming the row now selected; pressed again it acts on that row.
    expect(h.lastFrame().split('\n').at(-1)).toMatch(/ack: selection moved, press a again to act on PaymentsDown/);
    await h.press('a');
    await h.waitFor(() => t.drafts.length > 0, 'the ack pressed again');
    expect(silenced(t.drafts)).toEqual(['PaymentsDown']);
  });

  it('`a` pressed just as the alert the user moved onto resolves does not ack the neighbour that slid under the cursor', async () => {
    const t = rig();
    t.addPayments();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('PaymentsDown'), 'both alerts');
    await h.press('2');
    // Rows: PaymentsDown's group, PaymentsDown, DiskFull's group, DiskFull: the user moves onto PaymentsDown.
    await h.press('j');
    expect(selectedLine(h.lastFrame())).toMatch(/PaymentsDown/);
    // It resolves on the next poll; the cursor goes to its nearest neighbour, DiskFull's group.
    t.resolvePayments();
    await h.waitFor((f) => !f.includes('PaymentsDown'), 'the poll after PaymentsDown resolved', 8000);
    // The `a` the user meant for PaymentsDown, a moment late.
    await h.press('a');
    await h.waitFor(() => false, 'settle', 200).catch(() => undefined);
    // Actual: ['DiskFull'] (the whole DiskFull group silenced by a key pressed at PaymentsDown).
    expect(silenced(t.drafts)).toEqual([]);
  });
});
