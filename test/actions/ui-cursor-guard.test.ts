/**
 * The moved-row guard (ui-cursor.ts) on the command line: `:ack` and `:resolve` act on the row
 * captured when `:` was pressed, as `a` and `r` do, so they are refused alike.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey, type KeyFrame} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer, type PaneRows, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const rows = (...keys: string[]) => keys.map((key) => ({key}));
const alertRows = (...keys: string[]): PaneRows => ({slos: [], alerts: rows(...keys), deploys: []});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const clamp = (r: PaneRows, now: number): UiEvent => ({type: 'clamp', rowCounts: counts(r), rows: r, now});
const run = (state: UiState, ...events: UiEvent[]) => events.reduce(uiReducer, state);
const alertOn = (key: string) => ({kind: 'alert' as const, id: key.slice(2), label: `Alert ${key}`, acked: false, hasRunbook: false, rowKey: key});
const ctxOn = (key: string): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, hasPagerDuty: true, selection: alertOn(key)} as ActionContext);
const frameOn = (r: PaneRows, key: string, now: number): KeyFrame => ({rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key, target: alertOn(key)}});
const press = (state: UiState, key: string, input: string, r: PaneRows, on: string, now: number) => eventForKey(registry, state, {key, input}, ctxOn(on), frameOn(r, on, now));

const first = alertRows('g:disk', 'a:disk');
const swapped = alertRows('g:pay', 'a:pay', 'g:disk', 'a:disk');
const seen = run(initialUiState({focus: 'alerts'}), clamp(first, 1000));
const polled = run(seen, clamp(swapped, 5000));

describe('the moved-row guard', () => {
  it('control: `a` pressed 100 ms after a poll put g:pay under the cursor is refused once', () => {
    expect(press(polled, 'a', 'a', swapped, 'g:pay', 5100)).toMatchObject({type: 'moved-refusal'});
  });

  it('`:ack` typed 100 ms after the same move is refused once as `a` is (not acked on the row that slid in)', () => {
    let s = polled;
    let t = 5100;
    const step = (key: string, input = key) => {
      const ev = press(s, key, input, swapped, 'g:pay', t++);
      if (ev) s = uiReducer(s, ev);
      return ev;
    };
    const events = [step(':'), step('a'), step('c'), step('k'), step('enter', '\r')];
    const refused = events.some((e) => e?.type === 'moved-refusal');
    const acked = s.effects.some((e) => JSON.stringify(e).includes('g:pay') || JSON.stringify(e).includes('"ack"'));
    // Once: no refusal, the command line acks g:pay (the row the poll slid under the cursor) at once.
    expect({refused, acked}).toEqual({refused: true, acked: false});
    // The line stays open with its text; Enter again acks the row it kept.
    expect(s.modal).toMatchObject({kind: 'command', draft: 'ack'});
    expect(s.flash?.text).toBe(':ack: selection moved, press enter again to act on Alert g:pay');
    step('enter', '\r');
    expect(s.effects).toContainEqual(expect.objectContaining({kind: 'ack', target: expect.objectContaining({rowKey: 'g:pay'})}));
  });

  it('`:ack` on a row that was under the cursor for longer acts at once', () => {
    let s = polled;
    for (const [key, t] of [[':', 8000], ['a', 8001], ['c', 8002], ['k', 8003], ['enter', 8004]] as const) {
      const ev = press(s, key, key === 'enter' ? '\r' : key, swapped, 'g:pay', t);
      if (ev) s = uiReducer(s, ev);
    }
    expect(s.effects).toContainEqual(expect.objectContaining({kind: 'ack'}));
  });
});
