import {describe, expect, it} from 'vitest';
import {eventForKey} from '../../src/actions/key-dispatch.ts';
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
