/**
 * The timeline's selection follows the event chosen: an event that arrives on top (a note, a new
 * alert at the next read) must not move it onto another event, or Enter (travel to it), `o` and
 * `y` act on an event the user did not choose.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry, ActionLogRead} from '../../src/domain/action-log.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const selectedLine = (f: string) => f.split('\n').find((l) => l.includes('› ')) ?? '';

describe('timeline selection across a new event', () => {
  it('stays on the chosen deploy event when a note lands on top', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const entries: ActionLogEntry[] = [];
    const log = {record: async (e: ActionLogEntry) => void entries.push(e), read: async (): Promise<ActionLogRead> => ({entries: [...entries], torn: []})};
    const h = await renderDashboard(demo.services, {rows: 30, record: log.record, readActions: log.read});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'demo data');
    await h.press('t');
    let frame = await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('⇡ DEPLOY'), 'checkout timeline');
    for (let moves = 0; !/⇡ DEPLOY.*v2\.14\.0/.test(selectedLine(frame)); moves++) {
      if (moves > 40) throw new Error(`deploy not selectable:\n${frame}`);
      await h.press('j');
      frame = h.lastFrame();
    }
    const chosen = selectedLine(frame);
    // A note about it (the footer's :note goes to the selected event's service).
    await h.press(':note rolled back by hand');
    await h.press('\r');
    frame = await h.waitFor((f) => f.includes('✎ NOTE'), 'the note on top');
    // The selection is still the deploy the user chose.
    expect(selectedLine(frame)).toContain('⇡ DEPLOY');
    expect(selectedLine(frame)).toBe(chosen);
    // Enter travels to the deploy's instant, not to the event that took its row.
    await h.press('\r');
    frame = await h.waitFor((f) => f.includes('THE PAST'), 'the past');
    const time = /› (\d\d:\d\d:\d\dZ)/.exec(chosen)?.[1];
    expect(time, chosen).toBeDefined();
    expect(frame.split('\n')[1]).toContain(`AT ${time} (`);
  });
});
