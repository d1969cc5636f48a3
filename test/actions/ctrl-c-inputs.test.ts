/**
 * Ctrl+C, the key everyone presses to get out, does nothing at all (no event, no message) while a
 * filter, the command line or a typed confirmation is open: `quit` is global, text inputs see
 * only their own scope, and Ctrl+C is not printable. Ink's own exit on Ctrl+C is turned off.
 * A user who hit `:` or `R` by mistake and reaches for Ctrl+C is left stuck with no word why.
 * Now it cancels the input, as Esc does.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const deploy = {kind: 'deploy' as const, id: 'd1', label: 'checkout v2', canRollback: true, confirmText: 'checkout'};
const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: deploy};
const frame = {rowCounts: {slos: 1, alerts: 4, deploys: 2}, pageSize: 5, now: 7};
const ctrlC = {key: 'ctrl+c', input: 'c'};

describe('Ctrl+C inside a text input', () => {
  const base = initialUiState({focus: 'deploys'});
  const states = {
    filter: uiReducer(base, {type: 'action', id: 'filter', rowCounts: frame.rowCounts, pageSize: 5}),
    command: uiReducer(base, {type: 'action', id: 'command', rowCounts: frame.rowCounts, pageSize: 5}),
    confirm: uiReducer(base, {type: 'ask', action: 'rollback', target: deploy, expected: 'checkout'}),
  };
  for (const [name, state] of Object.entries(states)) {
    it(`does something (cancel the input or quit) in the ${name} input`, () => {
      expect(state.modal?.kind).toBe(name);
      // Actual: null — the key is dropped without a word.
      const event = eventForKey(registry, state, ctrlC, ctx, frame);
      expect(event).not.toBeNull();
      // It cancels the input, as Esc does: never quits, never submits.
      const after = uiReducer(state, event!);
      expect({modal: after.modal, quit: after.quitRequested, effects: after.effects}).toEqual({modal: null, quit: false, effects: []});
    });
  }
});
