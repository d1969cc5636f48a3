/**
 * The moved-row guard when the frame already draws a new row under the cursor and the state has
 * not taken note of it yet (the clamp comes after the render).
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

describe('a row drawn under the cursor before the state noted it', () => {
  it('a key read while the frame already shows the new row, before the clamp has noted it, is refused too', () => {
    // The poll's render drew g:pay on top; the clamp effect has not run yet: the state still has g:disk under the cursor.
    const ev = press(seen, 'a', 'a', swapped, 'g:pay', 5001);
    // Once: {type: 'action', id: 'ack'} on g:pay, which moved under the cursor 1 ms ago.
    expect(ev?.type).toBe('moved-refusal');
  });
});
