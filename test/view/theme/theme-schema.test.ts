import {readdirSync, readFileSync} from 'node:fs';
import {foregroundColorNames} from 'chalk';
import {describe, expect, it} from 'vitest';
import {ANSI256_COLOR, BANNER_TEXT, COLOR_NAMES, HEX_COLOR, THEME_NAME, THEME_TOKENS, isThemeColor, themeFileSchema} from '../../../src/view/theme/theme-schema.ts';

const themesDir = new URL('../../../themes/', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('theme.schema.json', themesDir), 'utf8'));
const themeFiles = readdirSync(themesDir).filter((f) => f.endsWith('.json') && f !== 'theme.schema.json').sort();

describe('theme.schema.json and the zod schema', () => {
  it('require the same tokens and top-level fields', () => {
    expect(schema.properties.tokens.required).toEqual([...THEME_TOKENS]);
    expect(Object.keys(schema.properties.tokens.properties)).toEqual([...THEME_TOKENS]);
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(themeFileSchema.shape).sort());
    expect(schema.required).toEqual(['name', 'description', 'tokens']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.tokens.additionalProperties).toBe(false);
  });

  it('accept the same colors, names and banners', () => {
    const [names, hex, ansi] = schema.$defs.color.anyOf;
    expect(names.enum).toEqual([...COLOR_NAMES]);
    expect(hex.pattern).toBe(HEX_COLOR.source);
    expect(ansi.pattern).toBe(ANSI256_COLOR.source);
    expect(schema.properties.name.pattern).toBe(THEME_NAME.source);
    expect(schema.properties.banner.pattern).toBe(BANNER_TEXT.source);
    expect(schema.properties.banner.maxLength).toBe(24);
  });

  it("offer exactly Ink's named colors plus default", () => {
    expect(COLOR_NAMES.filter((c) => c !== 'default')).toEqual(foregroundColorNames);
  });

  it('describe every token', () => {
    for (const token of THEME_TOKENS) expect(schema.properties.tokens.properties[token].description.length).toBeGreaterThan(5);
  });
});

describe('isThemeColor', () => {
  it('accepts names, hex and ansi256, and nothing else', () => {
    for (const ok of ['red', 'cyanBright', 'default', '#fff', '#0969da', 'ansi256(0)', 'ansi256(255)']) expect(isThemeColor(ok), ok).toBe(true);
    for (const bad of ['orange', 'Red', '#12345', '#ggg', 'ansi256(256)', 'rgb(1,2,3)', '', 'bgRed']) expect(isThemeColor(bad), bad).toBe(false);
  });
});

describe('the shipped themes', () => {
  it('are the four expected ones', () => {
    expect(themeFiles).toEqual(['dark.json', 'high-contrast.json', 'light.json', 'prod.json']);
  });

  it.each(themeFiles)('%s validates, names itself after its file and sets every token', (file) => {
    const raw = JSON.parse(readFileSync(new URL(file, themesDir), 'utf8'));
    const parsed = themeFileSchema.safeParse(raw);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(raw.name).toBe(file.replace(/\.json$/, ''));
    expect(Object.keys(raw.tokens)).toEqual([...THEME_TOKENS]);
    expect(raw.$schema).toBe('./theme.schema.json');
  });

  it('give prod an unmistakable production look', () => {
    const prod = JSON.parse(readFileSync(new URL('prod.json', themesDir), 'utf8'));
    expect(prod.banner).toBe('PRODUCTION');
    expect(prod.tokens).toMatchObject({headerBg: 'red', border: 'red', headerFg: 'whiteBright'});
  });
});
