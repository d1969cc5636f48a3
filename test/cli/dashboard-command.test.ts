import {describe, expect, it} from 'vitest';
import {builtinTheme} from '../../src/cli/dashboard-command.tsx';
import {builtinThemes} from '../../src/view/theme/builtin-themes.ts';
import {loadTheme} from '../../src/view/theme/theme-load.ts';

describe('builtinTheme (the start-up path without the theme validator)', () => {
  it('makes every built-in exactly as the validating loader does, with colours and without', () => {
    const names = Object.keys(builtinThemes);
    expect(names.sort()).toEqual(['dark', 'high-contrast', 'light', 'prod']);
    for (const name of names) {
      for (const noColor of [false, true]) {
        const loaded = loadTheme(name, {noColor});
        expect(loaded.error).toBe(null);
        expect(builtinTheme(name, noColor)).toEqual(loaded.theme);
      }
    }
  });

  it('keeps the banner text of the prod theme and turns `default` into no colour', () => {
    const prod = builtinTheme('prod', false)!;
    expect(prod.banner).toBe(loadTheme('prod').theme.banner);
    expect(prod.banner).not.toBe(null);
    expect(builtinTheme('dark', false)!.colors.text).toBe(undefined);
  });

  it('knows only the built-ins', () => {
    expect(builtinTheme('solarized', false)).toBe(null);
    expect(builtinTheme('__proto__', false)).toBe(null);
    expect(builtinTheme('toString', false)).toBe(null);
  });
});
