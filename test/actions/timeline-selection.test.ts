import {describe, expect, it} from 'vitest';
import type {ActionId} from '../../src/actions/action-ids.ts';
import {initialUiState, uiReducer, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';
import type {TimelineModal} from '../../src/actions/ui-types.ts';

const rowCounts = {slos: 0, alerts: 0, deploys: 0};
const rows = (...keys: string[]) => keys.map((key) => ({key}));
const act = (id: ActionId, events: ReadonlyArray<{key: string}>): UiEvent => ({type: 'action', id, rowCounts, pageSize: 10, modalLines: events.length, modalRows: events});
const timelineOf = (s: UiState): TimelineModal => {
  if (s.modal?.kind !== 'timeline') throw new Error(`no timeline open: ${s.modal?.kind ?? 'none'}`);
  return s.modal;
};
const opened = (): UiState => ({...initialUiState(), modal: {kind: 'timeline', service: 'checkout', filter: '', selected: 0, anchor: null}});

describe('the timeline selection', () => {
  it('holds the chosen event by key, and moves from it wherever it went', () => {
    const before = rows('e3', 'e2', 'e1');
    const s1 = uiReducer(opened(), act('down', before));
    expect(timelineOf(s1).anchor?.key).toBe('e2');
    // A note lands on top: e2 is now the third row; `j` goes to the one below it, e1, not to e2.
    const after = rows('note', 'e3', 'e2', 'e1');
    const s2 = uiReducer(s1, act('down', after));
    expect(timelineOf(s2).anchor?.key).toBe('e1');
    expect(timelineOf(s2).selected).toBe(3);
  });

  it('from a gone event, moves from its nearest neighbour still shown', () => {
    const s1 = uiReducer(uiReducer(opened(), act('down', rows('e3', 'e2', 'e1'))), act('down', rows('e3', 'e2', 'e1')));
    expect(timelineOf(s1).anchor?.key).toBe('e1');
    // e1 left the window: its neighbour above, e2, is where `k` starts from.
    const s2 = uiReducer(s1, act('up', rows('new', 'e3', 'e2')));
    expect(timelineOf(s2).anchor?.key).toBe('e3');
  });

  it('`g` watches the newest event again, whichever it becomes', () => {
    const s1 = uiReducer(uiReducer(opened(), act('down', rows('e2', 'e1'))), act('top', rows('e2', 'e1')));
    expect(timelineOf(s1)).toMatchObject({selected: 0, anchor: null});
  });
});
