/** A stale alert whose ack failed, on a narrow line: STATE folds both, the name keeps its room. */
import {describe, expect, it} from 'vitest';
import {toAscii} from '../../../src/platform/ascii-glyphs.ts';
import {rowRuns} from '../../../src/view/components/TableView.tsx';
import {alertTable, type AckProgress} from '../../../src/view/rows/alert-rows.ts';
import {fitColumns, type Row, type Table} from '../../../src/view/rows/row-types.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {T0} from '../../queries/fakes.ts';

const line = (table: Table, row: Row, width: number) => rowRuns(row, fitColumns(table.columns, width)).map((r) => r.text).join('');

describe('a stale row whose ack failed', () => {
  it('keeps STALE, the failed ack and its name at every width 20..200 (plain and ASCII)', () => {
    const stale = {allAgeMs: null, since: {f1: T0 - 120_000}};
    const progress = new Map<string, AckProgress>([['f1', {action: 'ack', status: 'failed', attempts: 3}]]);
    const t = alertTable([makeAlert({fingerprint: 'f1', name: 'DiskFull'})], T0, ['service'], progress, new Map(), stale);
    const row = t.rows.find((r) => r.id === 'f1')!;
    const bad: string[] = [];
    for (let width = 20; width <= 200; width++) {
      const text = line(t, row, width);
      const ascii = toAscii(text);
      if (cellWidth(text) > width || !ascii.includes('STALE') || !/FAIL/.test(ascii) || !/Dis/.test(ascii)) bad.push(`${width}: ${JSON.stringify(text)}`);
    }
    expect(bad).toEqual([]);
  });
});
