/**
 * Under `keys: {back: [ctrl+g]}` the `?` help's titles, the preview and the past banner say
 * ctrl+g, but two of its descriptions still named Esc: timeTravel `…; Esc returns to live` and
 * cancelInput `Cancel the input, as Esc does`. They name the back key as bound, and say nothing
 * of a key when back has none.
 */
import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null};

// The description of `id` in the help of the alerts pane under `overrides`.
function described(overrides: Record<string, unknown>, id: string): string | undefined {
  const {registry, errors} = createRegistry(defaultKeymap, overrides, {readOnly: false});
  expect(errors).toEqual([]);
  return helpSections(registry, ctx, 'alerts').flatMap((s) => s.rows).find((r) => r.id === id)?.description;
}

describe('help descriptions that name the back key', () => {
  it('name Esc under the default keymap, as the docs do', () => {
    expect(described({}, 'timeTravel')).toMatch(/; Esc returns to live$/);
    expect(described({}, 'cancelInput')).toMatch(/^Cancel the input, as Esc does/);
  });

  it('name the key keys: moved back to, not Esc', () => {
    expect(described({back: ['ctrl+g']}, 'timeTravel')).toMatch(/; ctrl\+g returns to live$/);
    expect(described({back: ['ctrl+g']}, 'cancelInput')).toMatch(/^Cancel the input, as ctrl\+g does/);
  });

  it('name no key when back has none', () => {
    expect(described({back: []}, 'timeTravel')).not.toMatch(/returns to live|\bEsc\b/);
    expect(described({back: []}, 'cancelInput')).not.toMatch(/\bEsc\b/);
  });
});
