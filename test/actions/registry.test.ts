import {describe, expect, it} from 'vitest';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {actionDisabledReason, bindingsForScope, createRegistry, removedBindingFor, resolve} from '../../src/actions/registry.ts';

const base = () => createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null};

describe('resolve', () => {
  it('searches the stack top first: modal > pane > global', () => {
    const r = base();
    expect(resolve(r, 'a', ['alerts', 'pane', 'global'])).toBe('ack');
    expect(resolve(r, 'a', ['slos', 'pane', 'global'])).toBeNull();
    expect(resolve(r, 'j', ['alerts', 'pane', 'global'])).toBe('down');
    expect(resolve(r, 'q', ['alerts', 'pane', 'global'])).toBe('quit');
    expect(resolve(r, 'R', ['deploys', 'pane', 'global'])).toBe('rollback');
    expect(resolve(r, 'enter', ['deploys', 'pane', 'global'])).toBe('details');
    expect(resolve(r, 'enter', ['filter'])).toBe('submit');
    expect(resolve(r, 'escape', ['command'])).toBe('back');
    expect(resolve(r, 'q', ['filter'])).toBeNull();
    expect(resolve(r, 'j', ['help', 'global'])).toBe('down');
    expect(resolve(r, 'y', ['detail', 'alerts', 'global'])).toBe('copyLink');
    expect(resolve(r, null, ['global'])).toBeNull();
  });

  it('resolves only named keys below a text input: a printable key there is text', () => {
    const r = base();
    expect(resolve(r, 'j', ['confirm', 'detail'])).toBeNull();
    expect(resolve(r, 'y', ['confirm', 'detail'])).toBeNull();
    expect(resolve(r, 'down', ['confirm', 'detail'])).toBe('down');
    expect(resolve(r, 'ctrl+d', ['confirm', 'detail'])).toBe('pageDown');
    expect(resolve(r, 'enter', ['confirm', 'detail'])).toBe('submit');
  });

  it('lets a higher scope shadow a lower one', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {ack: 'q'}, {readOnly: false});
    expect(errors).toEqual([]);
    expect(resolve(registry, 'q', ['alerts', 'pane', 'global'])).toBe('ack');
    expect(resolve(registry, 'q', ['slos', 'pane', 'global'])).toBe('quit');
  });
});

describe('overrides', () => {
  it('replace the keys of an action, accepting common spellings', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {refresh: 'Ctrl+R', down: ['j', 'Down', 'ctrl+n']}, {readOnly: false});
    expect(errors).toEqual([]);
    expect(resolve(registry, 'ctrl+r', ['global'])).toBe('refresh');
    expect(resolve(registry, 'r', ['global'])).toBeNull();
    expect(resolve(registry, 'ctrl+n', ['pane'])).toBe('down');
    expect(registry.bindings.find((b) => b.id === 'down')?.keys).toEqual(['j', 'down', 'ctrl+n']);
  });

  it('collect errors for unknown ids, bad key names and conflicts without throwing, and skip them', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {nope: 'x', quit: ['q', 'ctrl+'], refresh: 'p', help: true}, {readOnly: false});
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/^keys\.nope: unknown action "nope" \(actions: quit, help, /);
    expect(errors[1]).toBe('keys.quit: "ctrl+" is not a key name (see docs/keybindings.md)');
    expect(errors[2]).toBe('keys.help: expected a key name or a list of key names, e.g. q or [r, ctrl+r] (got true)');
    expect(errors[3]).toBe('keys.refresh: "p" is already bound to "pause" in the global scope');
    expect(resolve(registry, 'r', ['global'])).toBe('refresh');
    expect(resolve(registry, 'p', ['global'])).toBe('pause');
    expect(resolve(registry, 'ctrl+c', ['global'])).toBe('quit');
  });

  it('read a number as the key it spells: YAML gives `focusPanels: 5` as a number', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {focusPanels: 5, focusDeploys: [3, 'D']}, {readOnly: false});
    expect(errors).toEqual([]);
    expect(resolve(registry, '5', ['global'])).toBe('focusPanels');
    expect(resolve(registry, 'D', ['global'])).toBe('focusDeploys');
    // A number that spells no key is a bad key name like any other, and only that override is skipped.
    expect(createRegistry(defaultKeymap, {help: 12}, {readOnly: false}).errors).toEqual(['keys.help: "12" is not a key name (see docs/keybindings.md)']);
  });

  it('skip a value that is no key, saying what it was', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {quit: null, help: {k: 'v'}, refresh: ['r', false]}, {readOnly: false});
    expect(errors.map((e) => e.replace(/^(keys\.\w+): .*\((got .*)\)$/, '$1 $2'))).toEqual(['keys.quit got nothing', 'keys.help got a map', 'keys.refresh got a list holding something other than keys']);
    expect(resolve(registry, 'q', ['global'])).toBe('quit');
  });

  it('are judged together, so two actions can swap keys', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {down: ['k'], up: ['j']}, {readOnly: false});
    expect(errors).toEqual([]);
    expect(resolve(registry, 'k', ['pane'])).toBe('down');
    expect(resolve(registry, 'j', ['pane'])).toBe('up');
  });

  it('report both sides when two overrides take the same key', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {refresh: 'x', pause: 'x'}, {readOnly: false});
    expect(errors).toEqual([
      'keys.refresh: "x" is already bound to "pause" in the global scope',
      'keys.pause: "x" is already bound to "refresh" in the global scope',
    ]);
    expect(resolve(registry, 'x', ['global'])).toBeNull();
  });

  it('check conflicts in every scope a binding is active in', () => {
    const {errors} = createRegistry(defaultKeymap, {copyLink: 'j'}, {readOnly: false});
    expect(errors).toEqual(['keys.copyLink: "j" is already bound to "down" in the pane scope']);
  });

  it('refuse printable keys for text-input actions', () => {
    const {errors} = createRegistry(defaultKeymap, {submit: 'x'}, {readOnly: false});
    expect(errors).toEqual(['keys.submit: "x" would be typed as text in the filter input; use a named key such as enter or ctrl+x']);
  });

  it('unbind an action with an empty list', () => {
    const {registry, errors} = createRegistry(defaultKeymap, {refresh: []}, {readOnly: false});
    expect(errors).toEqual([]);
    expect(resolve(registry, 'r', ['global'])).toBeNull();
  });
});

describe('read-only', () => {
  it('removes dangerous and mutating actions at the registry, with a reason', () => {
    const {registry} = createRegistry(defaultKeymap, {}, {readOnly: true});
    // :resolve (no key of its own) is removed too.
    expect([...registry.removed.keys()]).toEqual(['ack', 'ackGroup', 'unack', 'resolve', 'rollback']);
    expect(resolve(registry, 'a', ['alerts', 'pane', 'global'])).toBeNull();
    expect(resolve(registry, 'u', ['alerts', 'pane', 'global'])).toBeNull();
    expect(resolve(registry, 'R', ['deploys', 'pane', 'global'])).toBeNull();
    expect(resolve(registry, 'o', ['alerts', 'pane', 'global'])).toBe('openRunbook');
    expect(actionDisabledReason(registry, 'ack', ctx)).toBe('read-only context');
    expect(actionDisabledReason(registry, 'openRunbook', ctx)).toBe('select an alert first');
    expect(removedBindingFor(registry, 'R', ['deploys', 'pane', 'global'])?.id).toBe('rollback');
    expect(removedBindingFor(registry, 'R', ['alerts', 'pane', 'global'])?.id).toBe('rollback');
    expect(removedBindingFor(registry, 'x', ['alerts', 'pane', 'global'])).toBeNull();
    expect(bindingsForScope(registry, 'alerts').map((b) => b.id)).toEqual(['openRunbook', 'toggleAcked', 'toggleSilenced', 'toggleInhibited']);
  });
});

describe('a row gone from under its open details', () => {
  it('refuses every action that would change it, with the reason, and leaves the others', () => {
    const registry = base();
    const row = {kind: 'alert' as const, id: 'fp-disk', label: 'DiskFull', hasRunbook: true, rollbackPlan: {} as never};
    const gone = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: row, gone: 'DiskFull is no longer listed (resolved?)'};
    for (const id of ['ack', 'ackGroup', 'unack', 'rollback', 'resolve'] as const) expect(actionDisabledReason(registry, id, gone)).toBe('DiskFull is no longer listed (resolved?)');
    expect(actionDisabledReason(registry, 'openRunbook', gone)).toBeNull();
    expect(actionDisabledReason(registry, 'ack', {...gone, gone: null})).toBeNull();
  });
});

describe('no row of the focused pane drawn (a window too short for one)', () => {
  it('refuses every action on the selected row with the reason, and leaves the rest', () => {
    const registry = base();
    const row = {kind: 'alert' as const, id: 'fp-disk', label: 'DiskFull', hasRunbook: true, hasLink: true, service: 'disk', rollbackPlan: {} as never};
    const reason = 'no row of this pane is on screen: enlarge the terminal';
    const unseen = {...ctx, selection: row, canGoBack: false, unseen: reason};
    for (const id of ['ack', 'ackGroup', 'unack', 'openRunbook', 'rollback', 'details', 'copyLink', 'copyCommand', 'timeline'] as const) expect(actionDisabledReason(registry, id, unseen)).toBe(reason);
    for (const id of ['down', 'filter', 'focusNext', 'toggleAcked', 'help', 'quit'] as const) expect(actionDisabledReason(registry, id, unseen)).toBeNull();
    // Esc keeps its own reason: it never acts on a row.
    expect(actionDisabledReason(registry, 'back', unseen)).toBe('nothing to close or clear');
    expect(actionDisabledReason(registry, 'ack', {...unseen, unseen: null})).toBeNull();
  });
});

describe('bindingsForScope', () => {
  it('includes bindings that are also active in the scope', () => {
    expect(bindingsForScope(base(), 'help').map((b) => b.id)).toEqual(['down', 'up', 'top', 'bottom', 'pageDown', 'pageUp']);
    expect(bindingsForScope(base(), 'confirm').map((b) => b.id)).toEqual(['back', 'submit', 'cancelInput']);
  });
});
