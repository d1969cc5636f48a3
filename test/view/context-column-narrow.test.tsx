/**
 * A merged pane keeps its CONTEXT column on a narrow terminal: cut, never dropped, so every row
 * still says which environment it is in, and a production row still says PROD.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const named = (context: string, production = false): DashboardContext => ({services: {...createDemoEnvironment({now: () => Date.now()}).services, context}, production});

/** Every row of each pane that has a CONTEXT header (one list per pane), less border and selection mark. */
function contextCells(frame: string): string[][] {
  const panes: string[][] = [];
  let rows: string[] | null = null;
  for (const line of frame.split('\n')) {
    const inner = line.slice(1, -1);
    if (/^[║│]\s+CONTEXT /.test(line)) panes.push((rows = []));
    else if (/^[╚└]/.test(line)) rows = null;
    else if (rows && inner.trim() !== '') rows.push(inner.slice(2));
  }
  return panes;
}

describe('CONTEXT column on a narrow two-context dashboard', () => {
  for (const columns of [60, 40]) {
    it(`at ${columns} columns every row names its context, PROD rows say PROD`, async () => {
      const contexts = [named('staging'), named('prod-eu', true)];
      const harness = await renderDashboard(contexts[0]!.services, {contexts, columns, rows: 60});
      const frame = await harness.waitFor((f) => f.includes('SLOs (') && f.includes('Alerts (') && /checkout/.test(f), 'both contexts loaded');
      const panes = contextCells(frame);
      // SLOs, Alerts, Deploys, Panels: each with a CONTEXT header and both contexts' rows.
      expect(panes).toHaveLength(4);
      for (const rows of panes) {
        // Cut if need be, the leading word kept: a production row still starts with PROD.
        expect(rows.filter((r) => !r.startsWith('PROD p') && !r.startsWith('staging '))).toEqual([]);
        expect(rows.some((r) => r.startsWith('PROD p'))).toBe(true);
        expect(rows.some((r) => r.startsWith('staging '))).toBe(true);
      }
    });
  }
});
