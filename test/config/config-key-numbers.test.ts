import {describe, expect, it} from 'vitest';
import {createRegistry} from '../../src/actions/registry.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {parseConfig} from '../../src/config/config-load.ts';

/** `keys:` as the loader hands it to the keymap (the dashboard and `config validate` alike). */
function keysOf(value: string): Record<string, unknown> {
  const result = parseConfig(`current-context: prod\nkeys: {quit: ${value}}\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:9090}\n`, 'config.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config.keys;
}

const quitErrors = (value: string) => createRegistry(defaultKeymap, keysOf(value), {readOnly: false}).errors;

// YAML computes `0x5`, `5.0` and `5e0` to 5: only a digit as written is the key it spells, so a
// spelling that merely computes to a digit is not bound to it, and a refused one reads as typed.
describe('keys: a YAML number', () => {
  it('written as one digit binds that digit, and a pane digit is a reported clash', () => {
    expect(keysOf('7')).toEqual({quit: '7'});
    expect(quitErrors('7')).toEqual([]);
    expect(quitErrors('[5, x]')).toEqual([]);
    expect(quitErrors('1')).toEqual(['keys.quit: "1" is already bound to "focusSlos" in the global scope']);
  });

  it.each(['0x5', '5.0', '0o7', '5e0', '-1', '10'])('`quit: %s` is refused as written, not bound to a digit', (value) => {
    expect(quitErrors(value)).toEqual([`keys.quit: "${value}" is not a key name (see docs/keybindings.md)`]);
  });

  it.each(['1e3', '.inf', '010'])('`quit: %s` is reported as written', (value) => {
    expect(quitErrors(value).join('\n')).toContain(`"${value}"`);
  });

  it('in a list is judged the same way', () => {
    expect(quitErrors('[x, 0x5]')).toEqual(['keys.quit: "0x5" is not a key name (see docs/keybindings.md)']);
  });
});
