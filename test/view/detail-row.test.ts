import {describe, expect, it} from 'vitest';
import {detailRowIndex, goneDetail, goneReason} from '../../src/view/detail-row.ts';

const rows = [{key: 'g:db'}, {key: 'a:disk'}, {key: 'g:checkout'}, {key: 'a:checkout'}];
const disk = {key: 'a:disk', target: {kind: 'alert' as const, id: 'disk', label: 'DiskFull', rowKey: 'a:disk'}};

describe('the row of the open details', () => {
  it('is found by its key wherever it moved, and is gone when no longer listed, never its neighbour', () => {
    expect(detailRowIndex(rows, disk, 1)).toBe(1);
    expect(detailRowIndex(rows, disk, 3)).toBe(1);
    expect(detailRowIndex(rows.filter((r) => r.key !== 'a:disk'), disk, 1)).toBe(-1);
    // Details opened without a captured row show the selected one.
    expect(detailRowIndex(rows, undefined, 2)).toBe(2);
  });

  it('gone: the last details under a line saying so, sanitized, and the reason actions give', () => {
    const last = {title: 'Alert DiskFull', lines: [{label: 'instance', value: 'db-1'}]};
    expect(goneDetail(last, disk.target)).toEqual({title: 'Alert DiskFull', lines: [{label: 'row', value: 'NO LONGER LISTED (resolved?): DiskFull; the last details shown, actions on it are off', tone: 'critical'}, ...last.lines]});
    const hostile = {...disk.target, label: 'Disk\u001b[2JFull'};
    expect(goneDetail(null, hostile).lines[0]!.value).not.toContain('\u001b');
    expect(goneReason(hostile)).not.toContain('\u001b');
    expect(goneReason(disk.target)).toBe('DiskFull is no longer listed (resolved?)');
  });
});
