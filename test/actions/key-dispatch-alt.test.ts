/**
 * Alt+Backspace, Alt+Delete and Alt+F-keys: their own sequences carry Alt (ESC DEL, CSI 3;3~,
 * CSI 1;3P), so `splitChunk` must not take them for Esc read together with a key.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey, splitChunk, type KeyFrame} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import type {InkKey} from '../../src/actions/key-names.ts';
import {initialUiState, uiReducer, type PaneRows, type UiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const rows = (...keys: string[]) => keys.map((key) => ({key}));
const alertRows = (...keys: string[]): PaneRows => ({slos: [], alerts: rows(...keys), deploys: []});
const counts = (r: PaneRows) => ({slos: 0, alerts: r.alerts?.length ?? 0, deploys: 0});
const alertOn = (key: string) => ({kind: 'alert' as const, id: key.slice(2), label: `Alert ${key}`, acked: false, hasRunbook: false, rowKey: key});
const ctxOn = (key: string): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, hasPagerDuty: true, selection: alertOn(key)} as ActionContext);
const frameOn = (r: PaneRows, key: string, now: number): KeyFrame => ({rowCounts: counts(r), rows: r, pageSize: 10, now, row: {key, target: alertOn(key)}});
const first = alertRows('g:disk', 'a:disk');
const NO: InkKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
};

describe('splitChunk and Alt+Backspace in a text input', () => {
  it('Alt+Backspace (ESC DEL, "delete word") in a filter deletes, never cancels the filter', () => {
    // Ink 8 parses "\x1b\x7f" as {name: backspace, meta: true}, input ''.
    const key = {backspace: true, meta: true} as never;
    const {press: p} = splitChunk({input: '', key}, true);
    let s: UiState = {...initialUiState({focus: 'alerts'}), modal: {kind: 'filter', pane: 'alerts', draft: 'payment', held: {index: 0, anchor: null}}};
    const ev = eventForKey(registry, s, p, ctxOn('g:pay'), frameOn(first, 'g:disk', 1));
    if (ev) s = uiReducer(s, ev);
    // Once: the first press is Esc, the filter input closes and 'payment' is thrown away.
    expect({press: p.key, modal: s.modal?.kind}).toEqual({press: 'backspace', modal: 'filter'});
  });

  it('Alt+Backspace in a `:note` command line keeps the typed note', () => {
    const key = {backspace: true, meta: true} as never;
    const {press: p} = splitChunk({input: '', key}, true);
    let s: UiState = {...initialUiState({focus: 'alerts'}), modal: {kind: 'command', draft: 'note rolled back payments to v41 fixed'}};
    const ev = eventForKey(registry, s, p, ctxOn('g:pay'), frameOn(first, 'g:disk', 1));
    if (ev) s = uiReducer(s, ev);
    expect(s.modal?.kind).toBe('command');
  });
});

describe('Alt+Delete and Alt+F1', () => {
  it('Alt+Delete (CSI 3;3~) is Delete, Alt+F1 (CSI 1;3P, no input) is no key and never Esc', () => {
    expect(splitChunk({input: '', key: {...NO, delete: true, meta: true}}, true)).toEqual({press: {key: 'delete', input: ''}, rest: null});
    expect(splitChunk({input: '', key: {...NO, meta: true}}, true)).toEqual({press: {key: null, input: ''}, rest: null});
  });

  it('Esc read together with a character, Enter, Tab, Esc or Ctrl+letter is still Esc first', () => {
    for (const [input, key] of [['a', {}], ['', {return: true}], ['', {tab: true}], ['', {escape: true}], ['c', {ctrl: true}], [' ', {}]] as const) {
      expect(splitChunk({input, key: {...NO, ...key, meta: true}}, false).press.key).toBe('escape');
    }
  });
});
