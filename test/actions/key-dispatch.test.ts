import {describe, expect, it} from 'vitest';
import {eventForKey, eventForPaste, pasteChunk, splitChunk, type InputChunk} from '../../src/actions/key-dispatch.ts';
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
    expect(eventForKey(readOnly, s, press('A'), {...ctx, readOnly: true}, frame)).toEqual({type: 'flash', text: 'ack group: read-only context', tone: 'warn', now: 7});
  });

  it('scrolls a typed confirmation with the named movement keys, and types the letters', () => {
    const s = uiReducer(initialUiState({focus: 'alerts'}), {type: 'ask', action: 'ack', target: alert, expected: 'yes'});
    for (const [key, id] of [['down', 'down'], ['up', 'up'], ['pagedown', 'pageDown'], ['pageup', 'pageUp'], ['ctrl+d', 'pageDown'], ['ctrl+u', 'pageUp']] as const) {
      expect(eventForKey(registry, s, press(key, ''), ctx, frame)).toMatchObject({type: 'action', id});
    }
    // Letters are the draft: `j`, `k`, `G` and the details' `y` are typed, never acted on.
    for (const key of ['j', 'k', 'G', 'y']) expect(eventForKey(registry, s, press(key), ctx, frame)).toEqual({type: 'text', text: key, now: 7});
    expect(eventForKey(registry, s, press('enter', '\r'), ctx, frame)).toMatchObject({type: 'action', id: 'submit'});
  });

  it('in a confirmation, fires only the details\' scroll keys, never their copy or timeline bound to a named key', () => {
    const {registry: named} = createRegistry(defaultKeymap, {copyLink: ['y', 'f2'], copyCommand: ['c', 'ctrl+y'], timeline: ['t', 'f3']}, {readOnly: false});
    const s = uiReducer(initialUiState({focus: 'alerts'}), {type: 'ask', action: 'ack', target: alert, expected: 'yes'});
    for (const key of ['f2', 'ctrl+y', 'f3']) expect(eventForKey(named, s, press(key, ''), ctx, frame)).toBeNull();
    expect(eventForKey(named, s, press('down', ''), ctx, frame)).toMatchObject({type: 'action', id: 'down'});
  });

  it('stays silent for Esc with nothing to close', () => {
    expect(eventForKey(registry, initialUiState(), press('escape'), ctx, frame)).toBeNull();
    expect(eventForKey(registry, initialUiState({filters: {slos: 'x'}}), press('escape'), ctx, frame)).toMatchObject({type: 'action', id: 'back'});
  });

  it('types printable keys and pastes inside a text input (dated, for a flash when too long), and still acts on enter and Esc', () => {
    const s = uiReducer(initialUiState(), {type: 'action', id: 'filter', rowCounts: frame.rowCounts, pageSize: 5});
    expect(eventForKey(registry, s, press('q'), ctx, frame)).toEqual({type: 'text', text: 'q', now: 7});
    expect(eventForKey(registry, s, press('G'), ctx, frame)).toEqual({type: 'text', text: 'G', now: 7});
    expect(eventForKey(registry, s, press('space', ' '), ctx, frame)).toEqual({type: 'text', text: ' ', now: 7});
    expect(eventForKey(registry, s, press(null, 'pasted text'), ctx, frame)).toEqual({type: 'text', text: 'pasted text', now: 7});
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

  /** Every press of a read, splitting again after each as the dashboard does, in the scope each leaves. */
  function presses(input: string, textAfter: (press: {key: string | null; input: string}) => boolean, inText = false) {
    const out: Array<{key: string | null; input: string}> = [];
    let chunk: InputChunk | null = {input, key};
    let text = inText;
    while (chunk) {
      const {press, rest} = splitChunk(chunk, text);
      out.push(press);
      text = text ? press.key !== 'enter' : textAfter(press);
      chunk = rest;
    }
    return out;
  }

  it('splits a burst with Enter in it: ":ctx down⏎" opens the command line, types the command, runs it', () => {
    expect(presses(':ctx down\r', (p) => p.key === ':')).toEqual([
      {key: ':', input: ':'},
      {key: null, input: 'ctx down'},
      {key: 'enter', input: '\r'},
    ]);
    // Typed before the terminal was in raw mode, the line ends in \n: the same.
    expect(presses(':ctx down\n', (p) => p.key === ':').at(-1)).toEqual({key: 'enter', input: '\n'});
  });

  it('keeps Enter, Tab and Ctrl+letter as keys inside a burst, and what follows Enter as keys again', () => {
    expect(presses('j\u0004k\tq', () => false)).toEqual([
      {key: 'j', input: 'j'},
      {key: 'ctrl+d', input: 'd'},
      {key: 'k', input: 'k'},
      {key: 'tab', input: '\t'},
      {key: 'q', input: 'q'},
    ]);
    expect(presses('checkout\r\rj', () => false, true)).toEqual([
      {key: null, input: 'checkout'},
      {key: 'enter', input: '\r\r'},
      {key: 'j', input: 'j'},
    ]);
  });

  it('takes ESC and a key read together (tmux escape-time, a slow link) as Esc, then the key', () => {
    // Ink reports "\x1b\r" as Enter with meta: the Enter must never come first, nor alone.
    const escEnter = splitChunk({input: '', key: {...key, return: true, meta: true}}, true);
    expect(escEnter.press).toEqual({key: 'escape', input: ''});
    expect(splitChunk(escEnter.rest!, false)).toEqual({press: {key: 'enter', input: ''}, rest: null});
    const escA = splitChunk({input: 'a', key: {...key, meta: true}}, false);
    expect(escA.press).toEqual({key: 'escape', input: ''});
    expect(splitChunk(escA.rest!, false).press).toEqual({key: 'a', input: 'a'});
    const escEsc = splitChunk({input: '', key: {...key, escape: true, meta: true}}, false);
    expect([escEsc.press.key, splitChunk(escEsc.rest!, false).press.key]).toEqual(['escape', 'escape']);
    // Alt+↑ (xterm's modified arrow, reported the same way) stays a move.
    expect(splitChunk({input: '', key: {...key, upArrow: true, meta: true}}, false)).toEqual({press: {key: 'up', input: ''}, rest: null});
    // A paste is text, whatever it holds.
    expect(splitChunk({...pasteChunk('x'), key: {...key, meta: true}}, true).press.key).not.toBe('escape');
  });

  it('never splits a bracketed paste', () => {
    expect(splitChunk(pasteChunk('qa\r'), false)).toEqual({press: {key: null, input: 'qa\r'}, rest: null});
  });
});

describe('eventForPaste', () => {
  it('types pasted text into an open filter or command line, on one line', () => {
    const filtering = uiReducer(initialUiState({focus: 'alerts'}), {type: 'action', id: 'filter', rowCounts: frame.rowCounts, pageSize: 5});
    expect(eventForPaste(filtering, 'service=checkout\nseverity=critical')).toEqual({type: 'text', text: 'service=checkout severity=critical'});
  });

  it('ignores pasted text anywhere else, saying so: a pasted q must not quit, an a must not ack', () => {
    expect(eventForPaste(initialUiState({focus: 'alerts'}), 'qa', 7)).toEqual({type: 'flash', text: 'Pasted text ignored: open the filter (/) or the command line (:) first', tone: 'info', now: 7});
  });
});
