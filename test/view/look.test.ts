import {describe, expect, it} from 'vitest';
import {lookFromTheme} from '../../src/view/look.ts';
import {loadTheme, noColorTheme} from '../../src/view/theme/theme-load.ts';

describe('lookFromTheme', () => {
  it('maps tokens to the theme colours and keeps the banner', () => {
    const prod = loadTheme('prod');
    const look = lookFromTheme(prod.theme);
    expect(look.name).toBe('prod');
    expect(look.banner).toBe(prod.theme.banner);
    expect(look.palette('critical')).toBe(prod.theme.colors.critical);
    expect(look.palette('border')).toBe(prod.theme.colors.border);
    expect(look.color).toBe(true);
  });

  it('draws no colour at all for the no-color theme', () => {
    const look = lookFromTheme(noColorTheme);
    expect(look.banner).toBeNull();
    // Said outright, so what colour alone would show is said otherwise (the footer's disabled hints).
    expect(look.color).toBe(false);
    expect(['ok', 'critical', 'headerBg', 'focusBorder'].map((t) => look.palette(t as 'ok'))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
