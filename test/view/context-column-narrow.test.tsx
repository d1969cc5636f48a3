/**
 * A merged pane keeps its CONTEXT column on a narrow terminal: cut, never dropped, so every row
 * still says which environment it is in, a production row still says PROD, and two contexts
 * whose names start alike (prod-eu, prod-us) still read apart, by the names the header uses.
 */
import {describe, expect, it} from 'vitest';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {cellWidth} from '../../src/view/text-fit.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

/** The demo as `context`; its SLO reader refused when `failSlos`, so the header names it as failing. */
function named(context: string, production = false, failSlos = false): DashboardContext {
  const env = createDemoEnvironment({now: () => Date.now()});
  const inner = env.services.sloReader!;
  const sloReader = failSlos ? {...inner, capabilities: {readRatios: () => Promise.reject(new SourceFailure('unavailable', 'connection refused'))}} : inner;
  const services: ContextServices = {...env.services, sloReader, context};
  return {services, production};
}

/** Every row's CONTEXT cell of each pane that has a CONTEXT header (one list per pane), read at the column's width. */
function contextCells(frame: string): string[][] {
  const panes: string[][] = [];
  let rows: string[] | null = null;
  let width = 0;
  for (const line of frame.split('\n')) {
    const inner = line.slice(1, -1).slice(2);
    const header = /^CONTEXT +/.exec(inner);
    // Borders as drawn, or as ASCII glyph mode draws them (`|`, `+`).
    if (/^[║│|]/.test(line) && header) {
      panes.push((rows = []));
      // The cell is as wide as the header's run up to the next column, less the space between.
      width = header[0].length - 1;
    } else if (/^[╚└+]/.test(line)) rows = null;
    else if (rows && inner.trim() !== '') rows.push(inner.slice(0, width).trimEnd());
  }
  return panes;
}

async function loaded(contexts: DashboardContext[], columns: number, done: (frame: string) => boolean = () => true): Promise<string> {
  const harness = await renderDashboard(contexts[0]!.services, {contexts, columns, rows: 60});
  const frame = await harness.waitFor((f) => f.includes('SLOs (') && f.includes('Alerts (') && /checkout/.test(f) && done(f), 'every context loaded', 8000);
  for (const line of frame.split('\n')) expect(cellWidth(line)).toBeLessThanOrEqual(columns);
  return frame;
}

describe('CONTEXT column on a narrow two-context dashboard', () => {
  for (const columns of [60, 40]) {
    it(`at ${columns} columns every row names its context, PROD rows say PROD`, async () => {
      const frame = await loaded([named('staging'), named('prod-eu', true)], columns);
      const panes = contextCells(frame);
      // SLOs, Alerts, Deploys, Panels: each with a CONTEXT header and both contexts' rows.
      expect(panes).toHaveLength(4);
      for (const rows of panes) {
        // Cut if need be, the leading word kept: a production row still starts with PROD.
        expect(rows.filter((r) => !r.startsWith('PROD p') && r !== 'staging')).toEqual([]);
        expect(rows.some((r) => r.startsWith('PROD p'))).toBe(true);
        expect(rows).toContain('staging');
      }
    });
  }
});

// Contexts whose names differ only past the column's cut: each reads as itself, by its short name.
const SETS: Array<{title: string; contexts: () => DashboardContext[]; short: string[]}> = [
  {title: 'prod-eu and prod-us, both production', contexts: () => [named('prod-eu', true), named('prod-us', true)], short: ['PROD eu', 'PROD us']},
  {title: 'staging, prod-eu and prod-us', contexts: () => [named('staging'), named('prod-eu', true), named('prod-us', true)], short: ['staging', 'PROD eu', 'PROD us']},
];

describe('CONTEXT cells that would cut alike', () => {
  for (const set of SETS) {
    for (const columns of [60, 40]) {
      it(`${set.title} at ${columns} columns: every pane's cells are distinct per context, as the header names them`, async () => {
        // One production context's SLOs refused: the header names it, however narrow, as its rows do.
        const contexts = set.contexts().map((c) => (c.services.context === 'prod-us' ? named('prod-us', true, true) : c));
        const frame = await loaded(contexts, columns, (f) => f.split('\n')[0]!.includes('✖'));
        const panes = contextCells(frame);
        expect(panes).toHaveLength(4);
        // Whole where the column holds the full label, else the short name: never a cut two
        // contexts share. A pane shows its worst rows first, not always every context's.
        const full = contexts.map((c) => (c.production ? `PROD ${c.services.context}` : c.services.context));
        const names = columns === 40 ? set.short : full;
        for (const rows of panes) expect(rows.filter((r) => !names.includes(r))).toEqual([]);
        expect(new Set(panes.flat()).size).toBe(contexts.length);
        const header = frame.split('\n')[0]!;
        // A shortened header names the failing context as its cut cells do; at 40 columns it
        // has room only for the failure's count (`✖1`). Never a cut name (`PROD p…`) or the full
        // one in a part: the parts are where the header names each context.
        if (columns === 60) expect(header).toContain('│ PROD us ✖');
        expect(header).not.toMatch(/│ PROD p/);
        // ASCII glyph mode draws the same cells: the short names are plain ASCII.
        expect(contextCells(toAscii(frame))).toEqual(panes);
      });
    }
  }

  it('at 40 columns the cut cells are the short names, and a wider header lists the set by them', async () => {
    const narrow = contextCells(await loaded(SETS[1]!.contexts(), 40));
    expect([...new Set(narrow.flat())].sort()).toEqual([...SETS[1]!.short].sort());
    const frame = await loaded(SETS[1]!.contexts(), 60);
    // Healthy sources fold to `+3 ok`: the set is listed by the names its rows use when cut.
    expect(frame.split('\n')[0]).toContain('ctx staging,PROD eu,PROD us │ +3 ok');
  });
});
