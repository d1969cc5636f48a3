/**
 * The collapsed alert pane (and the README's example screen) said `2 silenced/acked` for the
 * demo, whose quiet alerts are one silenced (DiskSpaceLow, a maintenance silence) and one
 * inhibited (PaymentsUpstreamLatency): nothing is acked, and the inhibited one is not silenced.
 * During an incident "2 silenced/acked" reads as two alerts someone has handled. The summary now
 * counts them apart, as the expanded pane's toggles and `state=` do.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {NO_QUIET} from '../../src/domain/alert-states.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const README = join(import.meta.dirname, '..', '..', 'README.md');

describe('the demo: the collapsed alert summary', () => {
  it('counts the silenced and the inhibited alert apart, as the toggles do, and the README shows it', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    const frame = await h.waitFor((f) => f.includes('2 Alerts (7)') && f.includes('q quit'), 'the demo');
    const summary = frame.split('\n').find((l) => l.includes('2 Alerts (7)')) ?? '';
    expect(summary).toContain('2 Alerts (7)  2 crit · 5 active · 1 silenced · 1 inhibited');
    expect(summary).not.toContain('acked');
    // The expanded pane's toggles count the same alerts.
    await h.press('2');
    await h.press('s');
    await h.press('i');
    expect(h.lastFrame()).toContain('hiding 1 silenced · 1 inhibited');
    // The README's example screen is this one.
    expect(readFileSync(README, 'utf8').split('\n')).toContain(summary.trimEnd());
  });

  // README named the toggles' three words but not `suppressed`, which the summary also gives (an
  // alert under an ack silence not every Alertmanager holds) and no toggle hides.
  it("is described in README's layout text with every word it can give", () => {
    const layout = readFileSync(README, 'utf8').split('### Layout and colour')[1]!.split('\n\n')[1]!;
    for (const word of Object.keys(NO_QUIET)) expect(new RegExp(`\\b${word}\\b`).test(layout), `README's layout text names ${word}`).toBe(true);
  });
});
