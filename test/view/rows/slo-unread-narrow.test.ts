/** An SLO left unknown by unread windows says UNKNOWN at every width, also when its rows are stale. */
import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import type {WindowRatio} from '../../../src/domain/slo.ts';
import {toAscii} from '../../../src/platform/ascii-glyphs.ts';
import {rowRuns} from '../../../src/view/components/TableView.tsx';
import {sloTable} from '../../../src/view/rows/slo-rows.ts';
import {fitColumns, type Row, type Table} from '../../../src/view/rows/row-types.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {flatRatios, makeSlo, T0} from '../../queries/fakes.ts';

const line = (table: Table, row: Row, width: number) => rowRuns(row, fitColumns(table.columns, width)).map((r) => r.text).join('');
const unread = (ratios: readonly WindowRatio[]): WindowRatio[] =>
  ratios.map((r) => (r.window === '3d' || r.window === 'period' ? {window: r.window, ratio: null, unread: 'no answer'} : r));

describe('an SLO with unread windows on a narrow line', () => {
  for (const freshness of [{kind: 'fresh'} as const, {kind: 'stale', ageMs: 120_000} as const]) {
    it(`${freshness.kind}: says UNKNOWN and keeps its name at every width 20..200 (plain and ASCII)`, () => {
      const def = makeSlo({name: 'checkout-availability'});
      const calm = evaluateSlo(def, {slo: def.name, at: T0, ratios: unread(flatRatios(0.0001))});
      const t = sloTable([calm], new Map(), freshness);
      const row = t.rows[0]!;
      const bad: string[] = [];
      for (let width = 20; width <= 200; width++) {
        const text = line(t, row, width);
        if (cellWidth(text) > width || !toAscii(text).includes('UNKNOWN') || !/ch/.test(text)) bad.push(`${width}: ${JSON.stringify(text)}`);
        // STALE too, once the status column holds the narrow form whole.
        if (freshness.kind === 'stale' && width >= 27 && !text.includes('STALE')) bad.push(`${width}: no STALE ${JSON.stringify(text)}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
