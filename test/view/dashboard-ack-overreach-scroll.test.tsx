/**
 * `a` on one alert whose silence (labels less `ack.volatileLabels`) would also silence others
 * asks "Type yes" over a list of them. The list was drawn at scroll 0 and could not be scrolled
 * (in the confirmation every printable key is text, and PgDn/↓ did nothing): on 80x24 with 30
 * other alerts, the user had to type "yes" to silence alerts they could not see, and the
 * instruction line itself was off screen. The named keys now scroll it and the instruction is
 * pinned below the list.
 */
import {describe, expect, it} from 'vitest';
import {alertsRig, crashLoopingAlerts} from './alerts-rig.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const rig = () => alertsRig(crashLoopingAlerts());

const ACK = {ack: {durationMs: 15 * 60_000, author: 'tester@host', prefix: 'ACK!', volatileLabels: ['pod'], untilResolved: false}};

async function openConfirmation() {
  const t = rig();
  const h = await renderDashboard(t.services, {columns: 80, rows: 24, settings: ACK});
  await h.waitFor((f) => f.includes('2 Alerts (31)'), 'the alerts');
  await h.press('2');
  await h.press('j');
  await h.press('a');
  const first = await h.waitFor((f) => f.includes('would also silence'), 'the overreach confirmation');
  return {t, h, first};
}

describe('the ack overreach confirmation on 80x24 (30 other alerts)', () => {
  it('lets the user scroll to the end of the list (the last alerts and "Type yes …") before typing yes', async () => {
    const {t, h, first} = await openConfirmation();
    expect(first).toContain('would also silence 30 other alert(s)');
    // What to type is said whatever the scroll: pinned below the list.
    expect(first).toContain('Type yes and Enter to ack anyway');
    expect(first).not.toContain('k.volatileLabels');
    // Actual title: "Ack would silence more than selected  (Esc back, j/k scroll)  1-19/64".
    // Try every way a person would scroll a list that does not fit: ↓, PgDn, ctrl+d.
    for (const key of ['\u001b[B', '\u001b[6~', '\u0004']) for (let i = 0; i < 10; i++) await h.press(key);
    const instruction = h.frames.some((f) => f.includes('Type yes and Enter to ack anyway'));
    expect(instruction).toBe(true);
    const end = h.lastFrame();
    expect(end).toContain('k.volatileLabels');
    expect(end).toContain('Type yes and Enter to ack anyway');
    // The scroll keys were not typed, and the scroll stopped at the end: one ↑ moves one line.
    expect(end.split('\n').at(-1)).toBe('type "yes" to confirm ack:');
    const at = /(\d+)-(\d+)\/(\d+)/.exec(end)!;
    expect(at[2]).toBe(at[3]);
    await h.press('\u001b[A');
    expect(h.lastFrame()).toContain(`${Number(at[1]) - 1}-${Number(at[2]) - 1}/${at[3]}`);
    // Seen to its end, it is confirmed as before.
    for (const key of ['y', 'e', 's', '\r']) await h.press(key);
    await h.waitFor(() => t.drafts.length === 1, 'the silence sent');
  });

  it('does not say "j/k scroll" in its title when j and k are typed into the confirmation', async () => {
    const {h, first} = await openConfirmation();
    const said = /j\/k scroll/.test(first.split('\n').find((l) => l.includes('Ack would silence')) ?? '');
    await h.press('j');
    const typed = (h.lastFrame().split('\n').at(-1) ?? '').includes('confirm ack: j');
    // Actual: the title says "j/k scroll" and `j` lands in the draft ('type "yes" to confirm ack: j').
    expect({titleSaysJkScroll: said, jTyped: typed}).not.toEqual({titleSaysJkScroll: true, jTyped: true});
  });
});
