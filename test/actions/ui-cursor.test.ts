/**
 * The guard against acting on a row that moved under the cursor: a poll puts another row under
 * an untouched cursor (`watchesTop`) or hands the selection of a resolved row to its neighbour,
 * and a key meant for the row the user read would act on the other one. Refused once, for
 * MOVED_GUARD_MS on the injected clock; a key's own moves and the user's own view changes never.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey, type KeyFrame} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {cursorsStale, MOVED_GUARD_MS} from '../../src/actions/ui-cursor.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const rows = (...keys: string[]) => keys.map((key) => ({key}));
const alertRows = (...keys: string[]): PaneRows => ({slos: [], alerts: rows(...keys), deploys: []});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const clamp = (r: PaneRows, now: number): UiEvent => ({type: 'clamp', rowCounts: counts(r), rows: r, now});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
const alertOn = (key: string) => ({kind: 'alert' as const, id: key.slice(2), label: `Alert ${key}`, acked: false, hasRunbook: false, rowKey: key});
const ctxOn = (key: string): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alertOn(key)});
const frameOn = (r: PaneRows, key: string, now: number): KeyFrame => ({rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key, target: alertOn(key)}});
const press = (state: UiState, key: string, r: PaneRows, on: string, now: number) => eventForKey(registry, state, {key, input: key}, ctxOn(on), frameOn(r, on, now));

describe('a row that moved under the cursor by itself', () => {
  const first = alertRows('g:disk', 'a:disk');
  const swapped = alertRows('g:pay', 'a:pay', 'g:disk', 'a:disk');
  // The alerts pane focused, its first rows drawn at 1000: the cursor watches the top.
  const seen = run(initialUiState({focus: 'alerts'}), clamp(first, 1000));

  it('is noted when a poll sorts another row on top of an untouched cursor, not when rows are first drawn', () => {
    expect(seen.cursor.alerts).toEqual({key: 'g:disk', view: expect.any(String), movedAt: null});
    expect(cursorsStale(seen, swapped)).toBe(true);
    const polled = run(seen, clamp(swapped, 5000));
    expect(polled.cursor.alerts).toMatchObject({key: 'g:pay', movedAt: 5000});
    // The selection itself still watches the top: only the cursor's row is noted.
    expect({index: polled.selection.alerts, anchor: polled.anchors.alerts}).toEqual({index: 0, anchor: null});
  });

  it('refuses a key that changes something remotely on it once, saying which row; the next press acts', () => {
    const polled = run(seen, clamp(swapped, 5000));
    const refused = press(polled, 'a', swapped, 'g:pay', 5100);
    expect(refused).toEqual({type: 'moved-refusal', pane: 'alerts', text: 'ack: selection moved, press a again to act on Alert g:pay', now: 5100, row: 'g:pay'});
    const noted = uiReducer(polled, refused!);
    expect(noted.flash).toMatchObject({text: refused && 'text' in refused ? refused.text : '', tone: 'warn'});
    expect(press(noted, 'a', swapped, 'g:pay', 5200)).toMatchObject({type: 'action', id: 'ack'});
    // The same for the group ack and an unack.
    expect(press(polled, 'A', swapped, 'g:pay', 5100)).toMatchObject({type: 'moved-refusal', text: expect.stringMatching(/^ack group: .* press A again/)});
    const acked = {...alertOn('g:pay'), acked: true, hasAck: true};
    const unack = eventForKey(registry, polled, {key: 'u', input: 'u'}, {...ctxOn('g:pay'), selection: acked}, frameOn(swapped, 'g:pay', 5100));
    expect(unack).toMatchObject({type: 'moved-refusal', text: expect.stringMatching(/^unack: .* press u again/)});
  });

  it('lets keys that only show or read things act at once', () => {
    const polled = run(seen, clamp(swapped, 5000));
    expect(press(polled, 'enter', swapped, 'g:pay', 5100)).toMatchObject({type: 'action', id: 'details'});
    expect(press(polled, 'c', swapped, 'g:pay', 5100)).toMatchObject({type: 'action', id: 'copyCommand'});
  });

  it(`guards for ${MOVED_GUARD_MS} ms after the move (the injected clock), then acts`, () => {
    const polled = run(seen, clamp(swapped, 5000));
    expect(press(polled, 'a', swapped, 'g:pay', 5000 + MOVED_GUARD_MS - 1)).toMatchObject({type: 'moved-refusal'});
    expect(press(polled, 'a', swapped, 'g:pay', 5000 + MOVED_GUARD_MS)).toMatchObject({type: 'action', id: 'ack'});
  });

  it('is noted when the row selected resolves and its neighbour slides under the cursor', () => {
    const both = alertRows('g:pay', 'a:pay', 'g:disk', 'a:disk');
    const down = {type: 'action', id: 'down', rowCounts: counts(both), pageSize: 10, rows: both, now: 2000} satisfies UiEvent;
    const onPay = run(initialUiState({focus: 'alerts'}), clamp(both, 1000), down);
    expect(onPay.cursor.alerts).toMatchObject({key: 'a:pay', movedAt: null});
    const resolved = alertRows('g:disk', 'a:disk');
    const after = run(onPay, clamp(resolved, 6000));
    expect(after.cursor.alerts).toMatchObject({key: 'g:disk', movedAt: 6000});
    expect(press(after, 'a', resolved, 'g:disk', 6050)).toMatchObject({type: 'moved-refusal'});
  });

  it("never guards a row the user's own key put under the cursor: a move, `g`, a filter, a hide toggle", () => {
    const polled = run(seen, clamp(swapped, 5000));
    const moved = (id: 'down' | 'top') => uiReducer(polled, {type: 'action', id, rowCounts: counts(swapped), pageSize: 10, rows: swapped, now: 5050});
    expect(press(moved('down'), 'a', swapped, 'a:pay', 5100)).toMatchObject({type: 'action', id: 'ack'});
    expect(press(moved('top'), 'a', swapped, 'g:pay', 5100)).toMatchObject({type: 'action', id: 'ack'});
    // A filter applied: the rows change because the user changed what the pane shows.
    const filtered = run(seen, {type: 'action', id: 'filter', rowCounts: counts(first), pageSize: 10}, {type: 'text', text: 'pay'}, {type: 'submit'}, clamp(alertRows('g:pay', 'a:pay'), 5000));
    expect(filtered.cursor.alerts).toMatchObject({key: 'g:pay', movedAt: null});
    // `h` hides the acked alert the cursor was on: its neighbour is the user's doing too.
    const hidden = run(seen, {type: 'action', id: 'toggleAcked', rowCounts: counts(first), pageSize: 10}, clamp(alertRows('g:pay', 'a:pay'), 5000));
    expect(hidden.cursor.alerts).toMatchObject({key: 'g:pay', movedAt: null});
  });

  it('compares the row after an empty table with the one before it, and leaves open details alone', () => {
    const emptied = run(seen, clamp(alertRows(), 3000), clamp(alertRows('g:new', 'a:new'), 5000));
    expect(emptied.cursor.alerts).toMatchObject({key: 'g:new', movedAt: 5000});
    const polled = run(seen, clamp(swapped, 5000));
    const details = {...polled, modal: {kind: 'detail' as const, pane: 'alerts' as const, scroll: 0, row: {key: 'g:pay', target: alertOn('g:pay')}}};
    expect(press(details, 'a', swapped, 'g:pay', 5100)).toMatchObject({type: 'action', id: 'ack'});
  });
});
