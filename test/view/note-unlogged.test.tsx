/**
 * `:note TEXT` in the dashboard when the action log cannot be written (a full disk, a read-only
 * state directory): the recorder answers "not logged", but the footer says in green that the note
 * was added to the action log. The note is what `oncall handover` and `timeline` later read as
 * the incident's record; it is gone, and the screen said it was kept.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {createActionLog} from '../../src/platform/action-log.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

describe(':note with an action log that cannot be written', () => {
  it('does not say "note added to the action log" for a note that was not written', {timeout: 60_000}, async () => {
    const full = createActionLog('/nonexistent-rv/state/oncall/actions.jsonl', {
      mkdir: async () => undefined,
      appendFile: async () => {
        throw Object.assign(new Error('no space left on device'), {code: 'ENOSPC'});
      },
    });
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {rows: 30, record: full.record, readActions: async () => ({entries: [], torn: []})});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'demo data');
    await h.press('t');
    await h.waitFor((f) => f.includes('Timeline of checkout'), 'checkout timeline');
    const footers: string[] = [];
    for (const text of ['first note', 'second note']) {
      await h.press(`:note ${text}`);
      await h.press('\r');
      const frame = await h.waitFor((f) => !f.includes(`:note ${text}`) && /note added|not writable|not logged|NOT/.test(f.split('\n').slice(-2).join('\n')), 'the note answered');
      footers.push(frame.split('\n').slice(-2).join('\n'));
    }
    expect(full.problems().length).toBeGreaterThan(0);
    expect(footers.map((f) => f.split('\n').at(-1)).filter((f) => f?.includes('note added to the action log'))).toEqual([]);
  });
});
