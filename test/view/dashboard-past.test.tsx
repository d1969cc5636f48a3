/**
 * The dashboard in the past (`--at`) says only what is known of that instant: no action that
 * cannot apply is offered (footer, `(R)`), ack state is not claimed, the banner's way back fits
 * 80 columns, alert ages count to the instant shown, and the timeline ends there (its AGO too).
 */
import {describe, expect, it} from 'vitest';
import {formatAge} from '../../src/domain/duration.ts';
import {utcTime} from '../../src/domain/timeline-select.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {pastBannerText} from '../../src/view/components/PastBanner.tsx';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const MINUTE = 60_000;
const lines = (frame: string) => frame.split('\n');
const line = (frame: string, ...parts: string[]) => lines(frame).find((l) => parts.every((p) => l.includes(p))) ?? '';
const footer = (frame: string) => lines(frame).at(-1) ?? '';

describe('the dashboard in the past', () => {
  it('offers no ack, unack, rollback, refresh or pause, no (R); claims no ack state; ages count to the instant; the way back fits 80 columns', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const at = demo.startedAt - 5 * MINUTE;
    const h = await renderDashboard(demo.services, {rows: 30, columns: 80, initialAt: at});
    let frame = await h.waitFor((f) => f.includes('checkout-availability') && f.includes('acks unknown'), 'the past');
    // The banner keeps its way back whole at 80 columns.
    expect(lines(frame)[1]).toContain('Esc: live');
    expect(lines(frame)[1]).not.toContain('…');
    // The collapsed alert pane counts no silenced, acked or inhibited alerts: ALERTS knows no silences.
    expect(line(frame, '2 Alerts')).not.toMatch(/\d+ (silenced|acked|inhibited)/);
    expect(line(frame, '2 Alerts')).toContain('1 crit · 5 firing or pending · acks unknown in the past');
    expect(footer(frame)).not.toMatch(/R rollback|r refresh|p pause/);
    await h.press('2');
    frame = await h.waitFor((f) => f.includes('▶ 2 Alerts'), 'alerts focused');
    expect(footer(frame)).not.toMatch(/a ack|u unack|R rollback|r refresh|p pause/);
    // What the past does not disable stays offered. ALERTS carries no annotations, but the demo,
    // as a Prometheus, lends each alert the runbook of today's rule of its name: `o` opens it, and
    // leads the footer (`t timeline` no longer fits at 80 columns; the timeline test below opens it).
    expect(footer(frame)).toMatch(/^o group runbook {2}j\/k move {2}enter details/);
    // The suspect stays named; R cannot roll back from the past, so it is not offered.
    const group = line(frame, '▸ CheckoutHighErrorRate');
    expect(group).toContain('⚑ v2.14.0');
    expect(group).not.toContain('(R)');
    // Started 10 minutes before the demo's start: 5 minutes old at the instant shown, not `?`.
    expect(line(frame, 'firing', 'CheckoutHighErrorRate')).toMatch(/checkout +5m/);
    // A key still says why it does nothing.
    await h.press('a');
    frame = await h.waitFor((f) => f.includes('ack: the dashboard shows the past'), 'ack refused');
    // Nothing is polled in the past: `p` neither offers nor pretends to pause.
    await h.press('p');
    frame = await h.waitFor((f) => f.includes('pause: the dashboard shows the past'), 'pause refused');
    expect(frame).not.toContain('Polling paused');
  });

  it('marks the ACK column `?` on every row, not blank, and a group\'s count `?/1` (ALERTS holds no silences: acks then are unknown)', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    // Wide enough that the ACK column is drawn.
    const h = await renderDashboard(demo.services, {rows: 30, columns: 120, initialAt: demo.startedAt - 5 * MINUTE});
    await h.waitFor((f) => f.includes('acks unknown'), 'the past');
    await h.press('2');
    const frame = await h.waitFor((f) => f.includes('▶ 2 Alerts') && f.includes('SearchLatencyBudgetBurn'), 'alerts focused');
    expect(line(frame, 'SEV', 'AGE', 'ACK')).not.toBe('');
    const rows = lines(frame).filter((l) => /(CRIT|WARN|INFO) /.test(l));
    expect(rows.length).toBe(10);
    for (const row of rows) {
      // The suspect hint keeps the group's column; every other row says its ack state is unknown.
      if (row.includes('⚑ v2.14.0')) continue;
      expect(row, row).toMatch(/ \? +║$/);
    }
    expect(line(frame, 'firing', 'CheckoutHighErrorRate')).toMatch(/ \? +║$/);
    // A group header's active/total does not count every alert as neither silenced nor acked.
    expect(line(frame, '▸ CheckoutHighErrorRate')).toMatch(/CRIT +\?\/1 /);
  });

  it('opens the timeline on the 6h up to the instant shown, nothing after it', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const at = demo.startedAt - 5 * MINUTE;
    const h = await renderDashboard(demo.services, {rows: 30, initialAt: at});
    await h.waitFor((f) => f.includes('checkout-availability'), 'the past');
    await h.press('T');
    const frame = await h.waitFor((f) => f.includes('Timeline of every service') && f.includes('⇡ DEPLOY'), 'timeline');
    expect(frame).toContain(`6h up to ${utcTime(at, Date.now())}`);
    // checkout pages 3 minutes after the instant shown (2 minutes before the demo's start): not yet.
    expect(frame).not.toContain('✖ SLO PAGE');
    const times = lines(frame).flatMap((l) => /(\d\d:\d\d:\d\d)Z/.exec(l)?.[1] ?? []);
    const shown = new Date(at).toISOString().slice(11, 19);
    expect(times.length).toBeGreaterThan(0);
    for (const t of times.slice(1)) expect(t <= shown).toBe(true);
    // AGO counts to the instant shown (as the alert pane's AGE), not to the live clock 5 minutes on.
    const day = new Date(at).toISOString().slice(0, 11);
    const rows = lines(frame).flatMap((l) => {
      // An event's row (not the banner's `AT 09:55:00Z (5m ago)`): its time, then its AGO.
      const m = /^║[› ]*(\d\d:\d\d:\d\d)Z +(\d+[smhd]) /.exec(l);
      return m ? [[m[1]!, m[2]!] as const] : [];
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const [time, ago] of rows) expect(ago, time).toBe(formatAge(at - Date.parse(`${day}${time}Z`)));
  });
});

describe('pastBannerText', () => {
  it('takes the longest wording that fits, the way back never cut', () => {
    const text = 'AT 09:55:00Z (5m ago)';
    expect(pastBannerText(text, 120)).toContain('Esc returns to live');
    for (const width of [80, 60, 40]) {
      const t = pastBannerText(text, width);
      expect(t.length, `${width}: ${t}`).toBeLessThanOrEqual(width);
      expect(t).toMatch(/Esc: live|Esc returns to live/);
    }
  });
});
