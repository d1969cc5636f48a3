/**
 * A source that fails on a narrow terminal: every alert row it left says STALE and still names
 * its alert, in a merged pane of two contexts and in one context's pane, in Unicode and ASCII.
 */
import {describe, expect, it, vi} from 'vitest';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {cellWidth} from '../../src/view/text-fit.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

let failing = false;

/** The demo as `context`, its alert sources refusing while `failing`. */
function named(context: string, production = false): DashboardContext {
  const env = createDemoEnvironment({now: () => Date.now()});
  const alertSources = env.services.alertSources.map((source) => {
    const listAlerts = source.capabilities.listAlerts!.bind(source.capabilities);
    const capabilities = {...source.capabilities, listAlerts: (...args: Parameters<typeof listAlerts>) => (failing ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : listAlerts(...args))};
    return {...source, capabilities};
  });
  const services: ContextServices = {...env.services, alertSources, context};
  return {services, production};
}

/** The alert rows of the Alerts pane (those with a severity badge), below its column header. */
function alertRows(frame: string): string[] {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => l.includes('Alerts ('));
  const end = lines.findIndex((l, i) => i > start + 1 && !/CRIT|WARN|INFO/.test(l));
  return lines.slice(start + 2, end < 0 ? undefined : end).filter((l) => /CRIT|WARN/.test(l) && !l.includes('▸'));
}

describe('stale alert rows on a narrow dashboard', () => {
  const cases = [
    {columns: 34, contexts: 2},
    {columns: 36, contexts: 2},
    {columns: 40, contexts: 2},
    {columns: 26, contexts: 1},
  ];
  for (const {columns, contexts: count} of cases) {
    it(`${columns} columns, ${count} context(s): every alert row of the failed sources says STALE and names its alert`, async () => {
      failing = false;
      try {
        const contexts = count === 1 ? [named('prod-eu', true)] : [named('staging'), named('prod-eu', true)];
        const h = await renderDashboard(contexts[0]!.services, {contexts, columns, rows: 60});
        await h.waitFor((f) => f.includes('Alerts (') && /CRIT/.test(f), 'alerts loaded', 8000);
        failing = true;
        await vi.advanceTimersByTimeAsync(12_000);
        const frame = await h.waitFor((f) => /Alerts \(\d+\)\s+⚠/.test(f) && alertRows(f).some((r) => r.includes('STALE')), 'alert sources failed', 4000);
        const rows = alertRows(frame);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row).toContain('STALE');
          // After the STATE cell, the alert's name: some letters, not only a cut mark.
          expect(row.slice(row.indexOf('STALE') + 10)).toMatch(/[A-Za-z]{2}/);
          expect(toAscii(row)).toContain('STALE');
        }
        for (const line of frame.split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(columns);
        for (const line of toAscii(frame).split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(columns);
      } finally {
        failing = false;
      }
    });
  }
});
