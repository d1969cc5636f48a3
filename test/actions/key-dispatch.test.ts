import {describe, expect, it} from 'vitest';
import {eventForKey, splitChunk} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const readOnly = createRegistry(defaultKeymap, {}, {readOnly: true}).registry;
const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: false};
const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert};
const frame = {rowCounts: {slos: 1, alerts: 4, deploys: 2}, pageSize: 5, now: 7};
const press = (key: string | null, input = key ?? '') => ({key, input});

describe('eventForKey', () => {
  it('turns a bound key into an action carrying the selected row', () => {
    const s = initialUiState({focus: 'alerts'});
    expect(eventForKey(registry, s, press('a'), ctx, frame)).toEqual({type: 'action', id: 'ack', rowCounts: frame.rowCounts, pageSize: 5, target: alert, now: 7});
    expect(eventForKey(registry, s, press('x'), ctx, frame)).toBeNull();
  });

  it('flashes the reason when the action cannot run', () => {
    const s = initialUiState({focus: 'alerts'});
    expect(eventForKey(registry, s, press('o'), ctx, frame)).toEqual({type: 'flash', text: 'runbook: no runbook for this alert', tone: 'warn', now: 7});
    expect(eventForKey(readOnly, s, press('a'), {...ctx, readOnly: true}, frame)).toEqual({type: 'flash', text: 'ack: read-only context', tone: 'warn', now: 7});
    expect(eventForKey(readOnly, s, press('A'), {...ctx, readOnly: true}, frame)).toEqual({type: 'flash', text: 'ackGroup: read-only context', tone: 'warn', now: 7});
  });

  it('stays silent for Esc with nothing to close', () => {
    expect(eventForKey(registry, initialUiState(), press('escape'), ctx, frame)).toBeNull();
    expect(eventForKey(registry, initialUiState({filters: {slos: 'x'}}), press('escape'), ctx, frame)).toMatchObject({type: 'action', id: 'back'});
  });

  it('types printable keys and pastes inside a text input, and still acts on enter and Esc', () => {
    const s = uiReducer(initialUiState(), {type: 'action', id: 'filter', rowCounts: frame.rowCounts, pageSize: 5});
    expect(eventForKey(registry, s, press('q'), ctx, frame)).toEqual({type: 'text', text: 'q'});
    expect(eventForKey(registry, s, press('G'), ctx, frame)).toEqual({type: 'text', text: 'G'});
    expect(eventForKey(registry, s, press('space', ' '), ctx, frame)).toEqual({type: 'text', text: ' '});
    expect(eventForKey(registry, s, press(null, 'pasted text'), ctx, frame)).toEqual({type: 'text', text: 'pasted text'});
    expect(eventForKey(registry, s, press('backspace', ''), ctx, frame)).toEqual({type: 'backspace'});
    expect(eventForKey(registry, s, press('tab', ''), ctx, frame)).toBeNull();
    expect(eventForKey(registry, s, press('enter', '\r'), ctx, frame)).toMatchObject({type: 'action', id: 'submit'});
    expect(eventForKey(registry, s, press('escape', ''), ctx, frame)).toMatchObject({type: 'action', id: 'back'});
  });
});

describe('splitChunk', () => {
  const key = {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
    home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
    backspace: false, delete: false, meta: false,
  };

  it('splits type-ahead into single key presses outside a text input', () => {
    const first = splitChunk({input: '2jG', key}, false);
    expect(first.press).toEqual({key: '2', input: '2'});
    const second = splitChunk(first.rest!, false);
    expect(second.press).toEqual({key: 'j', input: 'j'});
    expect(splitChunk(second.rest!, false)).toEqual({press: {key: 'G', input: 'G'}, rest: null});
  });

  it('keeps a read whole inside a text input (a paste) and for special keys', () => {
    expect(splitChunk({input: 'checkout', key}, true)).toEqual({press: {key: null, input: 'checkout'}, rest: null});
    expect(splitChunk({input: '\r\r', key}, false)).toEqual({press: {key: 'enter', input: '\r\r'}, rest: null});
    expect(splitChunk({input: 'j', key}, false)).toEqual({press: {key: 'j', input: 'j'}, rest: null});
  });
});
