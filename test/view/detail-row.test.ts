import {describe, expect, it} from 'vitest';
import {NOTHING_HIDDEN} from '../../src/domain/alert-states.ts';
import {detailRowIndex, goneDetail, goneReason, hiddenDetail, hiddenReason} from '../../src/view/detail-row.ts';
import {makeAlert} from '../domain/alert-fixture.ts';

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

describe('an alert of the open details that is still read but not drawn', () => {
  const keys = {acked: 'h', silenced: 's', inhibited: 'i'} as const;
  const acked = makeAlert({fingerprint: 'disk', ack: {by: 'me', until: 0, silenceId: 's1', comment: 'ACK!'}, silencedBy: ['s1']});

  it('is hidden by the toggle that hides it, named by its key, else by the filter', () => {
    expect(hiddenReason([acked], {...NOTHING_HIDDEN, acked: true}, (k) => keys[k])).toBe('hidden (h)');
    expect(hiddenReason([acked], {...NOTHING_HIDDEN, acked: true}, () => undefined)).toBe('hidden (acked)');
    // Not hidden by a toggle: the filter (`state=firing`) leaves it out.
    expect(hiddenReason([acked], NOTHING_HIDDEN, (k) => keys[k])).toBe('hidden by the filter');
  });

  it('a group: each reason of its members still read, once', () => {
    const silenced = makeAlert({fingerprint: 'cpu', state: 'suppressed', silencedBy: ['s9']});
    const hidden = {...NOTHING_HIDDEN, acked: true, silenced: true};
    expect(hiddenReason([acked, acked], hidden, (k) => keys[k])).toBe('hidden (h)');
    expect(hiddenReason([acked, silenced], hidden, (k) => keys[k])).toBe('hidden (h), hidden (s)');
  });

  it('keeps its current details under a line saying why, sanitized, never that it resolved', () => {
    const now = {title: 'Alert details', lines: [{label: 'state', value: 'suppressed'}]};
    const shown = hiddenDetail(now, 'hidden (h)', {...disk.target, label: 'Disk\u001b[2JFull'});
    expect(shown.lines.slice(1)).toEqual(now.lines);
    expect(shown.lines[0]!.value).toMatch(/^hidden \(h\): Disk.*Full is still read/);
    expect(shown.lines[0]!.value).not.toContain('\u001b');
    expect(shown.lines[0]!.value).not.toMatch(/resolved|LONGER LISTED/);
  });
});
