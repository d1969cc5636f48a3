/**
 * A group header under the cursor keeps its key (`g:alertname=…,service=…`) when a poll adds a
 * member: the moved-under-cursor guard compares keys only, so `a` pressed on the header the user
 * read as `1/1` silences the newcomer too, unseen.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {alertsRig, silencedBy, selectedLine} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

function rig() {
  const d1 = makeAlert({fingerprint: 'fp-d1', name: 'DiskFull', severity: 'warning', labels: {alertname: 'DiskFull', service: 'db', instance: 'db-1'}, startsAt: T0 - 600_000});
  const d2 = makeAlert({fingerprint: 'fp-d2', name: 'DiskFull', severity: 'critical', labels: {alertname: 'DiskFull', service: 'db', instance: 'db-2'}, startsAt: T0 - 60_000});
  const r = alertsRig([d1]);
  return {...r, grow: () => r.set([d1, d2])};
}

const instances = (drafts: SilenceDraft[]) => silencedBy(drafts, 'instance');

describe('group header under the cursor while its group grows', () => {
  it('`a` on the header read as 1/1 does not silence a member that joined since', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    // The user moves down and back: the header is chosen by a key (anchored, not the untouched top).
    await h.press('j');
    await h.press('k');
    expect(selectedLine(h.lastFrame())).toMatch(/1\/1.*DiskFull/);
    // A poll: a second DiskFull (critical, instance db-2) joins the same group.
    t.grow();
    await h.waitFor((f) => /2\/2/.test(f), 'the poll adding db-2', 8000);
    // The `a` the user meant for the group of one alert they read.
    await h.press('a');
    await h.waitFor(() => false, 'settle', 300).catch(() => undefined);
    // Before the fix: ['db-2', 'db-1']: db-2, never seen, silenced with it (no refusal, no question).
    expect(instances(t.drafts)).not.toContain('db-2');
    expect(h.lastFrame()).toContain('ack: DiskFull · db changed (now 2 alerts), press a again');
    // Pressed again, it acts on the group as drawn now, the newcomer seen.
    await h.press('a');
    await h.waitFor(() => t.drafts.length === 2, 'the two silences');
    expect(instances(t.drafts).sort()).toEqual(['db-1', 'db-2']);
  });

  it('`A` on the alert row read as the only one of its group does not silence a member that joined since', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    // The user moves onto db-1's own row (a key: no guard due).
    await h.press('j');
    expect(selectedLine(h.lastFrame())).toMatch(/firing\s+DiskFull/);
    t.grow();
    await h.waitFor((f) => /2\/2/.test(f), 'the poll adding db-2', 8000);
    // db-2 (critical) sorts above db-1 inside the group, the cursor stays on db-1's row.
    expect(selectedLine(h.lastFrame())).toMatch(/WARN\s+firing\s+DiskFull/);
    await h.press('A');
    await h.waitFor(() => false, 'settle', 300).catch(() => undefined);
    // Before the fix: ['db-2', 'db-1'].
    expect(instances(t.drafts)).not.toContain('db-2');
    expect(h.lastFrame()).toContain('DiskFull · db changed (now 2 alerts), press A again');
  });

  it('`a` on that alert row acts at once: it silences the row read, not the group', async () => {
    const t = rig();
    const h = await renderDashboard(t.services, {columns: 120});
    await h.waitFor((f) => f.includes('DiskFull'), 'DiskFull');
    await h.press('2');
    await h.press('j');
    t.grow();
    await h.waitFor((f) => /2\/2/.test(f), 'the poll adding db-2', 8000);
    await h.press('a');
    await h.waitFor(() => t.drafts.length === 1, 'the silence');
    expect(instances(t.drafts)).toEqual(['db-1']);
  });
});
