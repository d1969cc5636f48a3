/**
 * The moved-row guard (ui-cursor.ts) on a group that grows under the cursor: the header keeps its
 * key when a member joins, so the note holds the group's members too, and a key on the whole
 * group is refused once when one joined a moment ago. A key on one member's own row is not.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey, type KeyFrame} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {cursorsStale} from '../../src/actions/ui-cursor.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
// The DiskFull · db group with `ids` as members, its rows in that order under the header.
const group = (...ids: string[]): PaneRows => ({
  slos: [],
  alerts: [{key: 'g:disk', group: {label: 'DiskFull · db', ids}}, ...ids.map((id) => ({key: `a:${id}`, parent: 'g:disk'}))],
  deploys: [],
});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const clamp = (r: PaneRows, now: number): UiEvent => ({type: 'clamp', rowCounts: counts(r), rows: r, now});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
const header = (ids: string[]): SelectionInfo => ({kind: 'alert', id: 'g:disk', label: 'DiskFull · db', groupFingerprints: ids, acked: false, hasRunbook: false});
const member = (id: string): SelectionInfo => ({kind: 'alert', id, label: 'DiskFull', acked: false, hasRunbook: false});
const press = (state: UiState, key: string, r: PaneRows, row: string, target: SelectionInfo, now: number) => {
  const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: target};
  const frame: KeyFrame = {rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key: row, target}};
  return eventForKey(registry, state, {key, input: key}, ctx, frame);
};

// The header chosen by a key (down, then up) with db-1 its only member, at 1000.
const one = group('db-1');
const two = group('db-2', 'db-1');
const keyed = (rows: PaneRows, moves: string[]) =>
  moves.reduce((s, k) => run(s, press(s, k, rows, 'g:disk', header(['db-1']), 1500)!), run(initialUiState({focus: 'alerts'}), clamp(rows, 1000)));
const onHeader = keyed(one, ['j', 'k']);
const onMember = keyed(one, ['j']);

describe('a group that grows under the cursor', () => {
  it('is a change of the cursor note, dated when the view stayed the same', () => {
    expect(cursorsStale(onHeader, two)).toBe(true);
    const polled = run(onHeader, clamp(two, 5000));
    expect(polled.cursor.alerts).toMatchObject({key: 'g:disk', movedAt: null, members: ['db-1', 'db-2'], grewAt: 5000});
    expect(cursorsStale(polled, two)).toBe(false);
  });

  it('refuses `a` on the header once, naming the group and its count; pressed again it acts', () => {
    const polled = run(onHeader, clamp(two, 5000));
    const refused = press(polled, 'a', two, 'g:disk', header(['db-2', 'db-1']), 5100);
    expect(refused).toMatchObject({type: 'moved-refusal', text: 'ack: DiskFull · db changed (now 2 alerts), press a again to act on it'});
    const noted = run(polled, refused!);
    expect(press(noted, 'a', two, 'g:disk', header(['db-2', 'db-1']), 5200)).toMatchObject({type: 'action', id: 'ack'});
  });

  it('refuses `A` on a member row once, and lets `a` on that row act on it at once', () => {
    const polled = run(onMember, clamp(two, 5000));
    expect(press(polled, 'A', two, 'a:db-1', member('db-1'), 5100)).toMatchObject({type: 'moved-refusal'});
    expect(press(polled, 'a', two, 'a:db-1', member('db-1'), 5100)).toMatchObject({type: 'action', id: 'ack'});
  });

  it('guards no longer than a moved row, nor a group that lost a member or was re-sorted', () => {
    const polled = run(onHeader, clamp(two, 5000));
    expect(press(polled, 'a', two, 'g:disk', header(['db-2', 'db-1']), 7500)).toMatchObject({type: 'action', id: 'ack'});
    // db-2 resolves: nothing unseen is acted on with the group read as 2/2.
    const shrunk = run(polled, press(polled, 'a', two, 'g:disk', header(['db-2', 'db-1']), 7500)!, clamp(one, 9000));
    expect(shrunk.cursor.alerts?.members).toEqual(['db-1']);
    expect(press(shrunk, 'a', one, 'g:disk', header(['db-1']), 9100)).toMatchObject({type: 'action', id: 'ack'});
    const resorted = run(run(onHeader, clamp(group('db-1', 'db-2'), 2000)), clamp(two, 5000));
    expect(press(resorted, 'a', two, 'g:disk', header(['db-2', 'db-1']), 5100)).toMatchObject({type: 'action', id: 'ack'});
  });

  it('refuses `:ack` on the grown header once, worded as the key: the group changed, not the selection', () => {
    const polled = run(onHeader, clamp(two, 5000));
    const target = header(['db-2', 'db-1']);
    const opened = run(polled, press(polled, ':', two, 'g:disk', target, 5100)!);
    expect(opened.modal).toMatchObject({kind: 'command', moved: 'grew'});
    const typed: UiState = {...opened, modal: {...(opened.modal as Extract<UiState['modal'], {kind: 'command'}>), draft: 'ack'}};
    const enter = eventForKey(registry, typed, {key: 'enter', input: '\r'}, {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: target}, {rowCounts: counts(two), rows: two, pageSize: 10, now: 5200, row: {key: 'g:disk', target}});
    expect(enter).toMatchObject({type: 'moved-refusal', text: ':ack: DiskFull · db changed (now 2 alerts), press enter again to act on it'});
  });
});
