/**
 * The cursor note's group members (ui-cursor.ts) are kept per ids array and per rows array, so a
 * render with unchanged tables compares them by identity. Rows rebuilt with the same group (new
 * arrays, same ids, another order) must still be no change, and a grown one a change, from the
 * header and from a member row alike.
 */
import {describe, expect, it} from 'vitest';
import {cursorsStale} from '../../src/actions/ui-cursor.ts';
import {anchorAt} from '../../src/actions/ui-selection.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

// The DiskFull · db group with `ids` as members, built afresh on each call (as a poll rebuilds it).
const group = (...ids: string[]): PaneRows => ({
  slos: [],
  alerts: [{key: 'g:disk', group: {label: 'DiskFull · db', ids: [...ids]}}, ...ids.map((id) => ({key: `a:${id}`, parent: 'g:disk'}))],
  deploys: [],
});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const clamp = (r: PaneRows, now: number): UiEvent => ({type: 'clamp', rowCounts: counts(r), rows: r, now});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
// The cursor put on row `at` of `rows` by the user (a move key's note), at 1000.
const at = (rows: PaneRows, index: number): UiState => {
  const s = run(initialUiState({focus: 'alerts'}), clamp(rows, 1000));
  const shown = rows.alerts!;
  return {
    ...s,
    selection: {...s.selection, alerts: index},
    anchors: {...s.anchors, alerts: anchorAt(shown, index)},
    cursor: {...s.cursor, alerts: {key: shown[index]!.key, view: s.cursor.alerts!.view, movedAt: null, members: ['db-1', 'db-2']}},
  };
};

describe('the cursor note of a group whose rows a poll rebuilds', () => {
  for (const [where, index] of [['header', 0], ['member', 2]] as const) {
    it(`on the ${where}: the same ids in new arrays are no change, one more is`, () => {
      const noted = at(group('db-1', 'db-2'), index);
      expect(cursorsStale(noted, group('db-1', 'db-2'))).toBe(false);
      expect(cursorsStale(noted, group('db-2', 'db-1'))).toBe(false);
      // Asked again on the same rows (every render until the next poll): the same answer.
      const again = group('db-2', 'db-1');
      expect([cursorsStale(noted, again), cursorsStale(noted, again)]).toEqual([false, false]);
      expect(cursorsStale(noted, group('db-1', 'db-2', 'db-3'))).toBe(true);
    });
  }

  it('dates a member joining a rebuilt group, then sees no change on the rows it noted', () => {
    const noted = at(group('db-1', 'db-2'), 0);
    const grown = group('db-3', 'db-1', 'db-2');
    const polled = run(noted, clamp(grown, 5000));
    expect(polled.cursor.alerts).toMatchObject({key: 'g:disk', members: ['db-1', 'db-2', 'db-3'], grewAt: 5000});
    expect(cursorsStale(polled, grown)).toBe(false);
    expect(cursorsStale(polled, group('db-1', 'db-2', 'db-3'))).toBe(false);
  });
});
