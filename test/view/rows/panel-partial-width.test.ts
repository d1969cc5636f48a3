/**
 * An ok panel judged beside series without a value, in an answer read in part, read
 * `◐ OK 1/3 — PARTIAL` (18 cells): wider than the 15 cells a fresh STATE column may take, so it
 * was drawn `◐ OK 1/3 — PAR…` and the word saying the read was partial was lost (in ASCII mode
 * and NO_COLOR nothing else says it). PARTIAL now follows OK, and the column makes room for it.
 */
import {describe, expect, it} from 'vitest';
import {evaluatePanel, type PanelDefinition} from '../../../src/domain/panel.ts';
import {panelTable} from '../../../src/view/rows/panel-rows.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';

const cpu: PanelDefinition = {name: 'cpu', query: 'max(cpu)', unit: 'ratio', warn: 0.8, crit: 0.9};

describe('a panel row read in part, judged beside series without a value', () => {
  it.each([
    [3, 2],
    [15, 12],
  ])('keeps its whole state text in the STATE column (%i series, %i without a value)', (series, noData) => {
    const table = panelTable([evaluatePanel(cpu, {points: [{value: 0.2}], series, noData})], undefined, true);
    const state = table.rows[0]!.cells[0]!.text;
    expect(state).toBe(`◐ OK PARTIAL ${noData}/${series} —`);
    expect(cellWidth(state)).toBeLessThanOrEqual(table.columns.find((c) => c.id === 'state')!.width);
  });

  it('says PARTIAL before the count, so a count too long for the column is cut, not the word', () => {
    const table = panelTable([evaluatePanel(cpu, {points: [{value: 0.2}], series: 12_000, noData: 11_000})], undefined, true);
    expect(table.rows[0]!.cells[0]!.text.startsWith('◐ OK PARTIAL ')).toBe(true);
  });
});
