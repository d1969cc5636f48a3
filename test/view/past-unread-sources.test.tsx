/**
 * The past (`--at`, Enter on a timeline event) reads alerts from Prometheus' `ALERTS` only: the
 * other alert sources (PagerDuty's incidents, Alertmanager) are not read then. They stay in the
 * header, said to be not read, and the alert pane says what is missing, rather than leaving the
 * screen as if they had nothing to say (PD #4217 was open at the instant shown).
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const MINUTE = 60_000;
const line = (frame: string, ...parts: string[]) => frame.split('\n').find((l) => parts.every((p) => l.includes(p))) ?? '';

describe('alert sources the past does not read', () => {
  it('stay in the header said to be not read, and the alert pane names them', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, initialAt: demo.startedAt - 5 * MINUTE});
    const frame = await h.waitFor((f) => f.includes('THE PAST') && f.includes('CheckoutHighErrorRate'), 'the past');
    const header = frame.split('\n')[0]!;
    expect(header).toContain('pagerduty – not read in the past');
    expect(header).toContain('alertmanager – not read in the past');
    // The Prometheus whose history is shown is read, as live.
    expect(header).toMatch(/prometheus ✔/);
    expect(line(frame, 'ℹ', 'pagerduty')).toContain('ℹ alertmanager, pagerduty: not read in the past: incidents and alerts only they hold are not listed');
  });

  it('are named in the collapsed alert pane\'s summary too', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {rows: 30, columns: 120, initialAt: demo.startedAt - 5 * MINUTE});
    const frame = await h.waitFor((f) => f.includes('acks unknown in the past'), 'the collapsed alert pane');
    expect(line(frame, '2 Alerts')).toContain('acks unknown in the past · alertmanager, pagerduty: not read');
  });

  it('are back when live again', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 160, rows: 40, initialAt: demo.startedAt - 5 * MINUTE});
    await h.waitFor((f) => f.includes('pagerduty – not read in the past'), 'the past');
    await h.press('\u001b');
    const frame = await h.waitFor((f) => !f.includes('THE PAST') && f.includes('PD #4217'), 'live again');
    expect(frame).not.toContain('not read in the past');
    expect(frame.split('\n')[0]).toMatch(/pagerduty ✔/);
  });
});
