/**
 * Ctrl+C, Esc and Enter are the keys an engineer reaches for to get out or to go on. The conflict
 * check compares one scope at a time, so `keys: {ack: ctrl+c}` (ack lives in the alerts scope,
 * quit in global) was accepted, and Ctrl+C in the alerts pane acked the selected alert.
 */
import {describe, expect, it} from 'vitest';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {bindingOf, createRegistry, resolve} from '../../src/actions/registry.ts';

const create = (overrides: Record<string, unknown>) => createRegistry(defaultKeymap, overrides, {readOnly: false});

describe('reserved keys in keys: overrides', () => {
  it('refuse ctrl+c, escape and enter for another action, saying whose they are', () => {
    expect(create({ack: 'ctrl+c'}).errors).toEqual(['keys.ack: "ctrl+c" is reserved for quit and cancel input; use another key']);
    expect(create({ack: 'esc'}).errors).toEqual(['keys.ack: "escape" is reserved for back; use another key']);
    expect(create({ack: ['a', 'enter']}).errors).toEqual(['keys.ack: "enter" is reserved for details, go back to then and ok; use another key']);
  });

  it('skip the refused override, so the key keeps its own action in the pane', () => {
    const {registry} = create({ack: 'ctrl+c'});
    expect(resolve(registry, 'ctrl+c', ['alerts', 'pane', 'global'])).toBe('quit');
    expect(resolve(registry, 'a', ['alerts', 'pane', 'global'])).toBe('ack');
  });

  it('refuse one owner taking another owner\'s reserved key: details on Esc would shadow back in every pane', () => {
    expect(create({details: ['enter', 'escape']}).errors).toEqual(['keys.details: "escape" is reserved for back; use another key']);
  });

  it('still let a higher scope shadow an ordinary key, and an owner move its own key', () => {
    expect(create({ack: 'q'}).errors).toEqual([]);
    const {registry, errors} = create({back: ['ctrl+g']});
    expect(errors).toEqual([]);
    expect(resolve(registry, 'ctrl+g', ['alerts', 'pane', 'global'])).toBe('back');
  });

  it('keep ctrl+c on quit and on cancelInput when an override leaves it out', () => {
    const {registry, errors} = create({quit: 'x', cancelInput: ['ctrl+x']});
    expect(errors).toEqual([]);
    expect(bindingOf(registry, 'quit')?.keys).toEqual(['x', 'ctrl+c']);
    expect(resolve(registry, 'ctrl+c', ['alerts', 'pane', 'global'])).toBe('quit');
    expect(resolve(registry, 'ctrl+c', ['filter'])).toBe('cancelInput');
    expect(resolve(registry, 'ctrl+x', ['filter'])).toBe('cancelInput');
  });
});
