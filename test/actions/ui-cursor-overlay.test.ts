/** The moved-row guard while an overlay (details, help) covers the panes: its time starts when they show again. */
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
const alertOn = (key: string) => ({kind: 'alert' as const, id: key.slice(2), label: `Alert ${key}`, acked: false, hasRunbook: false, rowKey: key});
const ctxOn = (key: string): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alertOn(key)});
const frameOn = (r: PaneRows, key: string, now: number): KeyFrame => ({rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key, target: alertOn(key)}});
const step = (s: UiState, key: string, input: string, r: PaneRows, on: string, now: number): [UiState, UiEvent | null] => {
  const ev = eventForKey(registry, s, {key, input}, ctxOn(on), frameOn(r, on, now));
  return [ev ? uiReducer(s, ev) : s, ev];
};

const first = alertRows('g:disk', 'a:disk');
const swapped = alertRows('g:pay', 'a:pay', 'g:disk', 'a:disk');

describe.each([
  ['details (Enter)', 'enter', '\r'],
  ['help (?)', '?', '?'],
])('a poll that moves the row under the cursor while %s hides the panes', (_name, openKey, openInput) => {
  it('still refuses `a` pressed just after the overlay closes on the row the user never saw selected', () => {
    let s = uiReducer(initialUiState({focus: 'alerts'}), clamp(first, 1000));
    [s] = step(s, openKey, openInput, first, 'g:disk', 2000);
    expect(s.modal).not.toBeNull();
    // The overlay is read for 10 s; a poll at 3000 sorts g:pay on top under it.
    s = uiReducer(s, clamp(swapped, 3000));
    [s] = step(s, 'escape', '', swapped, 'g:pay', 13_000);
    expect(s.modal).toBeNull();
    const [, ev] = step(s, 'a', 'a', swapped, 'g:pay', 13_100);
    // Once: {type: 'action', id: 'ack'} on g:pay: the move's 2 s ran out while the overlay covered the pane.
    expect(ev?.type).toBe('moved-refusal');
  });
});
