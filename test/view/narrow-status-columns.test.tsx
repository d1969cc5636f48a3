import {describe, expect, it, vi} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {cellWidth} from '../../src/view/text-fit.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

/** The demo with its SLO reader failing while `failSlos()` says so. */
function demo(failSlos: () => boolean): ContextServices {
  const env = createDemoEnvironment({now: () => Date.now()});
  const inner = env.services.sloReader!;
  return {
    ...env.services,
    sloReader: {...inner, capabilities: {readRatios: (slos, windows, at) => (failSlos() ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : inner.capabilities.readRatios(slos, windows, at))}},
  };
}

// The name column is cut on a narrow pane: the rows are found by the name's start.
const sloRows = (frame: string) => frame.split('\n').filter((l) => l.includes('checkout-av'));

describe('a narrow dashboard keeps the words that say something is wrong', () => {
  it('SLOs never read (their source down from the start) at 56 columns: every row says UNKNOWN', async () => {
    const h = await renderDashboard(demo(() => true), {columns: 56, rows: 20});
    const frame = await h.waitFor((f) => f.includes('checkout-av') && f.includes('✖ unavailable'), 'the failed start', 8000);
    const rows = sloRows(frame);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('? UNKNOWN');
    for (const line of frame.split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(56);
  });

  it('SLOs gone stale at 44 columns: every row says STALE and still says PAGE', async () => {
    let failing = false;
    const h = await renderDashboard(demo(() => failing), {columns: 44, rows: 20});
    await h.waitFor((f) => f.includes('PAGE'), 'demo data', 8000);
    failing = true;
    await vi.advanceTimersByTimeAsync(12_000);
    const frame = await h.waitFor((f) => f.includes('⚠ unavailable'), 'the failure', 2000);
    const rows = sloRows(frame);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/STALE \d+s ✖ PAGE/);
    for (const line of frame.split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(44);
  });
});
