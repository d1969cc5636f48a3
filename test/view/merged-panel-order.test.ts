/**
 * The Panels pane of several contexts on one screen (`oncall --context prod`): rows merged worst
 * first across contexts, in the Panels order (crit, refused, warn, no data, ok), whatever colour
 * a row is drawn in. A stale row is muted and so is a no-data one, as a stale ok is.
 */
import {describe, expect, it} from 'vitest';
import {perPane} from '../../src/actions/panes.ts';
import {evaluatePanel, type PanelDefinition, type PanelReading} from '../../src/domain/panel.ts';
import {mergeContextTables, type ContextTables} from '../../src/view/context-tables.ts';
import type {Freshness} from '../../src/view/rows/freshness.ts';
import {panelTable} from '../../src/view/rows/panel-rows.ts';
import {T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const noMatchers = perPane(() => []);
const cpu: PanelDefinition = {name: 'cpu', query: 'max(cpu)', unit: 'ratio', warn: 0.8, crit: 0.9};
const disk: PanelDefinition = {name: 'disk', query: 'max(disk)', unit: 'ratio', warn: 0.8, crit: 0.9};
const at = (v: number | null) => ({points: [{at: T0, value: v}], series: v === null ? 0 : 1});

function ctx(name: string, panels: PanelReading[], freshness?: Freshness): ContextTables {
  const built = buildTables({now: T0, panels});
  return {name, production: false, alertKey: `am ${name}`, built: {...built, tables: {...built.tables, panels: panelTable(panels, freshness)}}};
}

const merged = (list: ContextTables[]) => mergeContextTables(list, noMatchers).tables.panels.rows.map((r) => `${r.cells[0]!.text} ${r.cells[1]!.text} ${r.cells[2]!.text}`);

describe('merged Panels pane', () => {
  it('lists a ? NO DATA panel of one context above the ✔ OK panels of another', () => {
    const eu = ctx('prod-eu', [evaluatePanel(cpu, at(0.2)), evaluatePanel(disk, at(0.3))]);
    const us = ctx('prod-us', [evaluatePanel(cpu, at(null))]);
    expect(merged([eu, us])).toEqual(['prod-us ? NO DATA cpu', 'prod-eu ✔ OK cpu', 'prod-eu ✔ OK disk']);
  });

  it("lists a context's last-known ✖ CRIT (its Prometheus failing: stale) above another context's fresh ✔ OK panels", () => {
    const eu = ctx('prod-eu', [evaluatePanel(cpu, at(0.2)), evaluatePanel(disk, at(0.3))]);
    const us = ctx('prod-us', [evaluatePanel(cpu, at(0.97))], {kind: 'stale', ageMs: 45_000});
    const rows = merged([eu, us]);
    expect(rows[0]).toMatch(/^prod-us STALE .*✖ CRIT cpu$/);
    expect(rows.slice(1)).toEqual(['prod-eu ✔ OK cpu', 'prod-eu ✔ OK disk']);
  });

  it('keeps crit above refused above warn across contexts, and a stale ok with the fresh oks', () => {
    const refused = evaluatePanel(disk, {...at(null), error: 'Prometheus refused its query (HTTP 400): parse error'});
    const eu = ctx('prod-eu', [evaluatePanel(cpu, at(0.85)), refused]);
    const us = ctx('prod-us', [evaluatePanel(cpu, at(0.95)), evaluatePanel(disk, at(0.1))], {kind: 'stale', ageMs: 45_000});
    const rows = merged([eu, us]);
    expect(rows.map((r) => r.replace(/STALE \S+ /, ''))).toEqual(['prod-us ✖ CRIT cpu', 'prod-eu ✖ QUERY REFUSED disk', 'prod-eu ▲ WARN cpu', 'prod-us ✔ OK disk']);
  });
});
