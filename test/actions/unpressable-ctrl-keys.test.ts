/**
 * A terminal sends Ctrl+J as LF, Ctrl+M as CR, Ctrl+I as TAB and Ctrl+H as BS, which the input
 * reads as Enter, Tab and Backspace: these four never arrive as themselves. `keys:` accepted
 * them and the help listed them; `help: ['?', ctrl+j]` then opened the selected row's details
 * on Ctrl+J. They are refused, saying which key the terminal sends instead.
 */
import {describe, expect, it} from 'vitest';
import {keyFromInk, unpressableReason} from '../../src/actions/key-names.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {bindingOf, createRegistry} from '../../src/actions/registry.ts';

const none = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
};

describe('keys: overrides onto Ctrl letters the terminal sends as other keys', () => {
  it('are refused with the key the terminal sends, and the override is skipped', () => {
    const cases: Array<[string, string]> = [['ctrl+j', 'Enter'], ['ctrl+m', 'Enter'], ['ctrl+i', 'Tab'], ['ctrl+h', 'Backspace'], ['C-j', 'Enter']];
    for (const [key, as] of cases) {
      const {registry, errors} = createRegistry(defaultKeymap, {help: ['?', key]}, {readOnly: false});
      expect(errors, key).toEqual([`keys.help: "${key.replace('C-', 'ctrl+')}" is what the terminal sends for ${as}; it cannot be bound`]);
      expect(bindingOf(registry, 'help')?.keys).toEqual(['?']);
    }
  });

  it('are what the input reads as Enter, Tab and Backspace', () => {
    expect(keyFromInk('\n', none)).toBe('enter');
    expect(keyFromInk('\r', {...none, return: true})).toBe('enter');
    expect(keyFromInk('', {...none, tab: true})).toBe('tab');
    expect(keyFromInk('', {...none, backspace: true})).toBe('backspace');
  });

  it('leave the other Ctrl letters bindable', () => {
    for (const key of ['ctrl+a', 'ctrl+g', 'ctrl+k', 'ctrl+l', 'ctrl+n', 'ctrl+z']) expect(unpressableReason(key), key).toBeNull();
    expect(createRegistry(defaultKeymap, {help: ['?', 'ctrl+k']}, {readOnly: false}).errors).toEqual([]);
  });
});
