/**
 * The moved-under-cursor guard tells a poll's move from the user's own by comparing the view
 * noted with the cursor's row (`CursorRow.view`) with the view now. That note is only renewed when
 * the row under the cursor changes: a filter or hide toggle that leaves the same row under the
 * cursor keeps the old view in the note, and every later poll-made move then reads as the user's
 * doing (movedAt null): `a` silences a newcomer the user never saw selected.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import {diskThenPaymentsRig, silencedBy, selectedLine} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const rig = diskThenPaymentsRig;

const silenced = (drafts: SilenceDraft[]) => silencedBy(drafts, 'alertname');

describe('the guard after a view change that left the cursor on its row', () => {
  it('`h` (nothing acked to hide), then a newcomer sorts on top: `a` does not silence it unseen', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    // Hide acked alerts: there are none, the rows and the cursor's row stay the same.
    await h.press('h');
    await h.waitFor((f) => f.includes('hiding 0 acked'), 'the hide toggle');
    expect(selectedLine(h.lastFrame())).toContain('DiskFull');
    // Much later (the toggle long done), a poll sorts PaymentsDown on top, under the untouched cursor.
    await h.waitFor(() => false, 'time passes', 3000).catch(() => undefined);
    t.addPayments();
    await h.waitFor((f) => f.includes('PaymentsDown'), 'the next poll', 8000);
    await h.press('a');
    await h.waitFor(() => false, 'settle', 200).catch(() => undefined);
    // Without the `h` before, this `a` is refused once (dashboard-top-row-swap.test.tsx).
    expect(silenced(t.drafts)).not.toContain('PaymentsDown');
  });

  it('`s` toggled with the cursor on a chosen alert, then that alert resolves: `a` does not act at once on the neighbour that slid up', async () => {
    const t = rig();
    t.addPayments();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull') && f.includes('PaymentsDown'), 'both');
    await h.press('2');
    // Rows: PaymentsDown's group, PaymentsDown, DiskFull's group, DiskFull: the user moves onto PaymentsDown.
    await h.press('j');
    expect(selectedLine(h.lastFrame())).toMatch(/firing\s+PaymentsDown/);
    // Hide silenced alerts (none is): nothing moves.
    await h.press('s');
    await h.waitFor((f) => f.includes('hiding 0 silenced'), 'the hide toggle');
    expect(selectedLine(h.lastFrame())).toMatch(/firing\s+PaymentsDown/);
    await h.waitFor(() => false, 'time passes', 3000).catch(() => undefined);
    // PaymentsDown resolves; the cursor goes to DiskFull's group header.
    t.resolvePayments();
    await h.waitFor((f) => !f.includes('PaymentsDown'), 'the poll after PaymentsDown resolved', 8000);
    expect(selectedLine(h.lastFrame())).toContain('DiskFull');
    // The `a` meant for PaymentsDown, a moment late.
    await h.press('a');
    await h.waitFor(() => false, 'settle', 200).catch(() => undefined);
    // Before the fix: the whole DiskFull group was silenced, no refusal.
    expect(silenced(t.drafts)).toEqual([]);
  });
});
