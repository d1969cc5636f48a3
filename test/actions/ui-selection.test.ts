import {describe, expect, it} from 'vitest';
import {anchorAt, keepSelections, resolveSelected, selectionsStale} from '../../src/actions/ui-selection.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

const rows = (...keys: string[]) => keys.map((key) => ({key}));
const none = rows();
const paneRows = (alerts: ReturnType<typeof rows>) => ({slos: none, alerts, deploys: none}) satisfies PaneRows;
const counts = (r: ReturnType<typeof paneRows>) => ({slos: r.slos.length, alerts: r.alerts.length, deploys: r.deploys.length});
const move = (id: 'down' | 'up', r: ReturnType<typeof paneRows>): UiEvent => ({type: 'action', id, rowCounts: counts(r), pageSize: 10, rows: r});

describe('the selection follows the row key', () => {
  it('finds the selected row wherever a re-sort moved it', () => {
    const before = rows('g:a', 'a:1', 'g:b', 'a:2');
    const anchor = anchorAt(before, 3);
    expect(anchor).toEqual({key: 'a:2', near: ['g:b', 'a:1', 'g:a']});
    // A new critical group sorts first: the same alert is now two rows further down.
    expect(resolveSelected(rows('g:c', 'a:3', 'g:a', 'a:1', 'g:b', 'a:2'), anchor, 3)).toBe(5);
  });

  it('goes to the nearest neighbour still shown when its row disappears, else keeps the index in range', () => {
    const anchor = anchorAt(rows('g:a', 'a:1', 'a:2', 'a:3', 'g:b', 'a:4'), 2);
    expect(anchor?.near).toEqual(['a:3', 'a:1', 'g:b', 'g:a', 'a:4']);
    // a:2 resolved: the alert below it takes its place.
    expect(resolveSelected(rows('g:a', 'a:1', 'a:3', 'g:b', 'a:4'), anchor, 2)).toBe(2);
    // a:2 and a:3 resolved: the one above.
    expect(resolveSelected(rows('g:a', 'a:1', 'g:b', 'a:4'), anchor, 2)).toBe(1);
    // Nothing known is left: the old index, inside the table.
    expect(resolveSelected(rows('x', 'y'), anchor, 2)).toBe(1);
    expect(resolveSelected(none, anchor, 2)).toBe(0);
    expect(resolveSelected(rows('x', 'y', 'z'), null, 1)).toBe(1);
  });

  it('moves from the selected row as drawn now, not from the stale index', () => {
    const before = paneRows(rows('g:a', 'a:1', 'g:b', 'a:2'));
    let s: UiState = uiReducer(initialUiState({focus: 'alerts'}), {type: 'clamp', rowCounts: counts(before), rows: before});
    s = [move('down', before), move('down', before), move('down', before)].reduce(uiReducer, s);
    expect(s.anchors.alerts?.key).toBe('a:2');
    const after = paneRows(rows('g:c', 'a:3', 'g:a', 'a:1', 'g:b', 'a:2'));
    const up = uiReducer(s, move('up', after));
    expect(up.selection.alerts).toBe(4);
    expect(up.anchors.alerts?.key).toBe('g:b');
  });

  it('re-anchors after a poll only when a row moved or went, and leaves the state alone otherwise', () => {
    const r = paneRows(rows('g:a', 'a:1', 'g:b', 'a:2'));
    // The first row chosen by moving to it (down, up): anchored to it.
    const s = [move('down', r), move('up', r)].reduce(uiReducer, uiReducer(initialUiState({focus: 'alerts'}), {type: 'clamp', rowCounts: counts(r), rows: r}));
    expect(s.anchors.alerts?.key).toBe('g:a');
    expect(selectionsStale(s, r)).toBe(false);
    expect(keepSelections(s, {rowCounts: counts(r), rows: r})).toBe(s);
    expect(uiReducer(s, {type: 'clamp', rowCounts: counts(r), rows: r})).toBe(s);
    const resorted = paneRows(rows('g:b', 'a:2', 'g:a', 'a:1'));
    expect(selectionsStale(s, resorted)).toBe(true);
    const kept = uiReducer(s, {type: 'clamp', rowCounts: counts(resorted), rows: resorted});
    expect(kept.selection.alerts).toBe(2);
    expect(kept.anchors.alerts).toEqual({key: 'g:a', near: ['a:1', 'a:2', 'g:b']});
  });

  it('stays on the first row, whichever it is, until a row is chosen; g goes back to that', () => {
    const first = paneRows(rows('g:t', 'a:1'));
    let s = uiReducer(initialUiState({focus: 'alerts'}), {type: 'clamp', rowCounts: counts(first), rows: first});
    // Worse rows arrive above (other contexts' pages): the first row is still the one selected, and in view.
    const worse = paneRows(rows('g:p1', 'a:2', 'g:p2', 'a:3', 'g:t', 'a:1'));
    expect(selectionsStale(s, worse)).toBe(false);
    s = uiReducer(s, {type: 'clamp', rowCounts: counts(worse), rows: worse});
    expect(s.selection.alerts).toBe(0);
    expect(s.anchors.alerts).toBeNull();
    // A move chooses a row: from then on the selection follows it.
    s = uiReducer(s, move('down', worse));
    expect(s.anchors.alerts?.key).toBe('a:2');
    const again = paneRows(rows('g:p0', 'a:0', 'g:p1', 'a:2'));
    s = uiReducer(s, {type: 'clamp', rowCounts: counts(again), rows: again});
    expect(s.selection.alerts).toBe(3);
    // g: the first row again, and watching it.
    s = uiReducer(s, {type: 'action', id: 'top', rowCounts: counts(again), pageSize: 10, rows: again} as UiEvent);
    expect(s.selection.alerts).toBe(0);
    expect(s.anchors.alerts).toBeNull();
  });

  it('starts again at the first row when a filter is applied or cleared', () => {
    const r = paneRows(rows('g:a', 'a:1', 'g:b', 'a:2'));
    let s: UiState = [move('down', r), move('down', r)].reduce(uiReducer, initialUiState({focus: 'alerts'}));
    expect(s.anchors.alerts?.key).toBe('g:b');
    s = [{type: 'action', id: 'filter', rowCounts: counts(r), pageSize: 10} as UiEvent, {type: 'text', text: 'x'} as UiEvent, {type: 'submit'} as UiEvent].reduce(uiReducer, s);
    expect(s.selection.alerts).toBe(0);
    expect(s.anchors.alerts).toBeNull();
  });
});
