/**
 * The timeline and time travel in a real terminal (tmux, 80x24, NO_COLOR) on the bundle's demo:
 * `t` on the paging SLO shows checkout's timeline, Enter on the bad deploy's event shows the
 * `AT … (12m ago)` banner and the dashboard of that instant (checkout not paging yet, its page
 * alert not firing), Esc returns to live (paging again). The demo's history comes from its own
 * generator, so the instants are the scenario's.
 */
import {describe, it} from 'vitest';
import {SMALL, dashboardCommand, frameProblems, press, settle, tmuxTestHooks} from './dashboard-checks.ts';
import {screenLines} from './screen.ts';

const {cols, rows} = SMALL;
const launch = tmuxTestHooks();

const lineWith = (s: string, re: RegExp) => screenLines(s).find((l) => re.test(l)) ?? '';

describe('the timeline and time travel at 80x24 in tmux', () => {
  it('t shows the paging service’s timeline; Enter on its deploy shows the banner and that instant; Esc returns to live', {timeout: 90_000}, async () => {
    const t = await launch(dashboardCommand(['demo']), cols, rows, {NO_COLOR: '1'});

    await settle(t, function paging(s) {
      return [...frameProblems(s, cols, rows), ...(/› ✖ PAGE 1h&5m +checkout-availability/.test(s) ? [] : ['no selected paging checkout-availability row'])];
    });
    const timeline = await press(t, 't', function checkoutTimeline(s) {
      const out: string[] = [];
      if (!s.includes('Timeline of checkout')) out.push('no checkout timeline title');
      if (!/✖ FIRING +CheckoutHighErrorRate/.test(s)) out.push('no firing event');
      // The demo's deploy history is filtered to the context's environment (production).
      if (!/⇡ DEPLOY +deploy checkout v2\.14\.0/.test(s)) out.push('no deploy event');
      if (/DiskSpaceLow|search-latency/.test(s)) out.push('events of other services shown');
      return out;
    });
    // Newest first: the firing alert above the deploy that caused it.
    const events = screenLines(timeline).filter((l) => /\d\d:\d\d:\d\dZ/.test(l));
    const deploy = events.findIndex((l) => /⇡ DEPLOY .*v2\.14\.0/.test(l));
    const firing = events.findIndex((l) => l.includes('✖ FIRING'));
    if (!(firing >= 0 && deploy > firing)) throw new Error(`not newest first:\n${events.join('\n')}`);
    const deployTime = /(\d\d:\d\d:\d\dZ)/.exec(events[deploy]!)![1]!;
    for (let i = 0; i < deploy; i++) await t.keys('j');
    await settle(t, function deploySelected(s) {
      return /› .*⇡ DEPLOY .*v2\.14\.0/.test(s) ? [] : ['deploy event not selected'];
    });

    await press(t, 'Enter', function past(s) {
      const out: string[] = [];
      if (!screenLines(s)[1]?.includes(`AT ${deployTime} (12m ago)`)) out.push(`no "AT ${deployTime} (12m ago)" banner under the header`);
      // At 80 columns the banner's short wording, its way back whole.
      if (!screenLines(s)[1]?.includes('THE PAST: paused, no ack/rollback · Esc: live')) out.push('banner does not say polling is paused and how to return');
      const slo = lineWith(s, /checkout-availability/);
      if (!slo) out.push('no checkout-availability row');
      else if (/PAGE/.test(slo)) out.push(`checkout still pages at the deploy's instant: ${slo}`);
      if (!/Alerts \(\d+\)/.test(s)) out.push('no alerts pane');
      return out;
    });
    await press(t, 'R', function refused(s) {
      return screenLines(s).at(-1)?.includes('rollback: the dashboard shows the past') ? [] : ['rollback not refused with the reason'];
    });

    await press(t, 'Escape', function live(s) {
      return [...(s.includes('THE PAST') ? ['banner still shown'] : []), ...(/✖ PAGE 1h&5m +checkout-availability/.test(s) ? [] : ['not paging again'])];
    });
  });
});
