/**
 * The moved-row guard (ui-cursor.ts) after a view change that leaves the pane empty: the note's
 * view is renewed all the same, or the newcomer a poll then puts under the cursor would read as
 * the user's own move and `a` would act at once. Without the filter, the same newcomer after an
 * empty table is refused once too.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey, type KeyFrame} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const alerts = (...keys: string[]): PaneRows => ({slos: [], alerts: keys.map((key) => ({key})), deploys: []});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const clamp = (r: PaneRows, now: number): UiEvent => ({type: 'clamp', rowCounts: counts(r), rows: r, now});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
const alert = (id: string): SelectionInfo => ({kind: 'alert', id, label: id, acked: false, hasRunbook: false});
const press = (state: UiState, key: string, r: PaneRows, row: string, now: number) => {
  const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert(row)};
  const frame: KeyFrame = {rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key: row, target: alert(row)}};
  return eventForKey(registry, state, {key, input: key}, ctx, frame);
};

describe('view change onto an empty table, then a poll puts a newcomer under the cursor', () => {
  it('control: no view change, the row resolves, a newcomer takes its place: refused once', () => {
    let s = run(initialUiState({focus: 'alerts'}), clamp(alerts('a:disk'), 1000));
    s = run(s, clamp(alerts(), 2000), clamp(alerts('a:payments'), 30_000));
    expect(press(s, 'a', alerts('a:payments'), 'a:payments', 30_100)).toMatchObject({type: 'moved-refusal'});
  });

  it('`/severity=critical` (nothing matches yet), later a critical alert fires: `a` does not ack it unseen', () => {
    let s = run(initialUiState({focus: 'alerts'}), clamp(alerts('a:disk'), 1000));
    // the filter committed (state.filters), its tables drawn: empty
    s = {...s, filters: {...s.filters, alerts: 'severity=critical'}};
    s = run(s, clamp(alerts(), 2000));
    // 28 s later a poll brings the first critical alert: it lands under the cursor
    s = run(s, clamp(alerts('a:payments'), 30_000));
    expect(press(s, 'a', alerts('a:payments'), 'a:payments', 30_100)).toMatchObject({type: 'moved-refusal'});
  });
});
