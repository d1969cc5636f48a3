/**
 * The alert pane on a narrow screen: STATE is the lead column, cut last (SEV goes down to its
 * four-cell badges first), and a stale row keeps both its STALE mark and which alert it is.
 */
import {describe, expect, it} from 'vitest';
import {toAscii} from '../../../src/platform/ascii-glyphs.ts';
import {rowRuns} from '../../../src/view/components/TableView.tsx';
import {alertTable, type AckProgress} from '../../../src/view/rows/alert-rows.ts';
import {fitColumns, type Row, type Table} from '../../../src/view/rows/row-types.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../../queries/fakes.ts';

const line = (table: Table, row: Row, width: number) => rowRuns(row, fitColumns(table.columns, width)).map((r) => r.text).join('');
const cellsOf = (table: Table, row: Row, width: number) => {
  const fitted = fitColumns(table.columns, width);
  const text = line(table, row, width);
  let at = 0;
  // Each column's cell as drawn (one space between columns), by column id.
  return Object.fromEntries(fitted.map((c, j) => {
    const cell = text.slice(at + (j > 0 ? 1 : 0), at + (j > 0 ? 1 : 0) + c.width);
    at += (j > 0 ? 1 : 0) + c.width;
    return [c.column.id, cell.trim()];
  }));
};

describe('the alert STATE column leads', () => {
  it('keeps an unack in flight whole where SEV is cut to its badge', () => {
    const a = makeAlert({fingerprint: 'f1', severity: 'critical'});
    const progress = new Map<string, AckProgress>([['f1', {action: 'unack', status: 'partial', attempts: 1}]]);
    const t = alertTable([a], T0, ['service'], progress);
    for (const width of [22, 24, 26, 30]) {
      const cells = cellsOf(t, t.rows[1]!, width);
      expect(cells['state']).toBe('UNACK PART');
      expect(cells['severity']).toBe('CRIT');
    }
  });

  it('says an ack that cannot be told (silences unread) where the ACK column is cut, and in it where it is not', () => {
    const a = makeAlert({fingerprint: 'f1', severity: 'warning', state: 'suppressed', silencedBy: ['s1'], ackUnknown: ['am-1']});
    const t = alertTable([a], T0, ['service']);
    expect(cellsOf(t, t.rows[1]!, 26)['state']).toBe('ACK ?');
    expect(cellsOf(t, t.rows[1]!, 100)['ack']).toBe('ACK UNKNOWN');
  });

  it('keeps `inhibited` whole at 24 columns', () => {
    const a = makeAlert({fingerprint: 'f1', state: 'suppressed', inhibitedBy: ['x']});
    const t = alertTable([a], T0, ['service']);
    expect(cellsOf(t, t.rows[1]!, 24)['state']).toBe('inhibited');
  });
});

describe('a stale alert row on a narrow pane', () => {
  const stale = {allAgeMs: null, since: {f1: T0 - 120_000}};
  const table = () => alertTable([makeAlert({fingerprint: 'f1', name: 'DiskFull'}), makeAlert({fingerprint: 'f2', name: 'HighLatency'})], T0, ['service'], new Map(), new Map(), stale);

  it('says STALE and the alert name at every width from 20 to 200, in no more cells', () => {
    const t = table();
    const row = t.rows.find((r) => r.id === 'f1')!;
    for (let width = 20; width <= 200; width++) {
      const text = line(t, row, width);
      expect(cellWidth(text)).toBeLessThanOrEqual(width);
      expect(toAscii(text)).toContain('STALE 2m');
      // At least the name's first letters.
      expect(text).toMatch(/Di/);
    }
  });

  it('says it in STATE once the name column is too narrow for the mark, the name kept whole', () => {
    const t = table();
    const row = t.rows.find((r) => r.id === 'f1')!;
    expect(cellsOf(t, row, 34)).toMatchObject({state: 'STALE 2m', name: 'DiskFull'});
    // Wide enough: the mark leads the name, the state keeps its word.
    expect(cellsOf(t, row, 80)).toMatchObject({state: 'firing', name: 'STALE 2m · DiskFull'});
  });

  it('leaves a fresh row as it was', () => {
    const t = table();
    const row = t.rows.find((r) => r.id === 'f2')!;
    expect(cellsOf(t, row, 34)).toMatchObject({state: 'firing', name: 'HighLatency'});
  });

  it('folds an ack failure and the mark in the STATE cell; the name keeps its room then', () => {
    const progress = new Map<string, AckProgress>([['f1', {action: 'ack', status: 'failed', attempts: 3}]]);
    const t = alertTable([makeAlert({fingerprint: 'f1', name: 'DiskFull'})], T0, ['service'], progress, new Map(), stale);
    const row = t.rows.find((r) => r.id === 'f1')!;
    const cells = cellsOf(t, row, 34);
    expect(cells['state']).toBe('FAIL·STALE');
    expect(cells['name']).toBe('DiskFull');
  });

  it('lets a stale group header keep its suspect deploy in STATE and its label; its rows say STALE', () => {
    const alert = makeAlert({fingerprint: 'f1', name: 'DiskFull', labels: {alertname: 'DiskFull', service: 'checkout'}});
    const suspects = new Map([['checkout', makeDeploy({id: 'd1', version: 'v2.14.0'})]]);
    const t = alertTable([alert], T0, ['service'], new Map(), suspects, stale);
    const header = t.rows.find((r) => r.group !== undefined)!;
    expect(cellsOf(t, header, 34)).toMatchObject({state: '⚑ v2.14.0', name: '▸ checkout'});
    expect(cellsOf(t, t.rows.find((r) => r.id === 'f1')!, 34)).toMatchObject({state: 'STALE 2m', name: 'DiskFull'});
  });
});
