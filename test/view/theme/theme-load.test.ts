import {mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {builtinThemes} from '../../../src/view/theme/builtin-themes.ts';
import {THEME_TOKENS} from '../../../src/view/theme/theme-schema.ts';
import {availableThemes, loadTheme, noColorTheme, parseTheme} from '../../../src/view/theme/theme-load.ts';

const dir = mkdtempSync(join(tmpdir(), 'oncall-themes-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const tokens = Object.fromEntries(THEME_TOKENS.map((t) => [t, 'white']));
const write = (name: string, body: unknown) => writeFileSync(join(dir, `${name}.json`), typeof body === 'string' ? body : JSON.stringify(body));

describe('loadTheme', () => {
  it('loads every built-in theme with no themes directory', () => {
    expect(Object.keys(builtinThemes).sort()).toEqual(['dark', 'high-contrast', 'light', 'prod']);
    for (const name of Object.keys(builtinThemes)) {
      const r = loadTheme(name);
      expect(r.ok, r.error ?? '').toBe(true);
      expect(Object.keys(r.theme.colors)).toEqual([...THEME_TOKENS]);
    }
  });

  it('turns "default" into undefined and keeps the prod banner', () => {
    const dark = loadTheme('dark').theme;
    expect(dark.colors.text).toBeUndefined();
    expect(dark.colors.critical).toBe('redBright');
    expect(dark.banner).toBeNull();
    const prod = loadTheme('prod').theme;
    expect(prod).toMatchObject({name: 'prod', banner: 'PRODUCTION', color: true});
    expect(prod.colors.headerBg).toBe('red');
  });

  it('removes every color when colors are off, keeping the banner', () => {
    const r = loadTheme('prod', {noColor: true});
    expect(r.ok).toBe(true);
    expect(r.theme.banner).toBe('PRODUCTION');
    expect(r.theme.color).toBe(false);
    expect(Object.values(r.theme.colors).every((c) => c === undefined)).toBe(true);
    expect(Object.keys(noColorTheme.colors)).toEqual([...THEME_TOKENS]);
    expect(Object.values(noColorTheme.colors).every((c) => c === undefined)).toBe(true);
  });

  it('prefers a file in the themes directory', () => {
    write('dark', {name: 'dark', description: 'mine', tokens});
    write('ocean', {name: 'ocean', description: 'blue', tokens: {...tokens, accent: '#0af'}});
    expect(loadTheme('dark', {themesDir: dir}).theme.description).toBe('mine');
    expect(loadTheme('ocean', {themesDir: dir}).theme.colors.accent).toBe('#0af');
  });

  it('lists the available themes for an unknown name and falls back to dark', () => {
    write('ocean', {name: 'ocean', description: 'blue', tokens});
    const r = loadTheme('solarized', {themesDir: dir});
    expect(r.ok).toBe(false);
    expect(r.error).toBe('unknown theme "solarized"; available: dark, high-contrast, light, ocean, prod');
    expect(r.theme.name).toBe('dark');
    expect(loadTheme('solarized', {noColor: true}).theme).toBe(noColorTheme);
  });

  it('names the file and the bad token of an invalid theme', () => {
    write('broken', {name: 'broken', description: 'x', tokens: {...tokens, warn: 'orang'}});
    expect(loadTheme('broken', {themesDir: dir}).error).toBe(
      `${join(dir, 'broken.json')}: tokens.warn: "orang" is not a color (use a name such as red or cyanBright, #rrggbb, ansi256(N), or "default")`,
    );
    const {ok: _ok, ...missing} = tokens;
    write('partial', {name: 'partial', description: 'x', tokens: {...missing, sparkle: 'red'}});
    expect(loadTheme('partial', {themesDir: dir}).error).toBe(`${join(dir, 'partial.json')}: tokens.ok: missing; tokens: unknown token "sparkle"`);
    write('renamed', {name: 'other', description: 'x', tokens});
    expect(loadTheme('renamed', {themesDir: dir}).error).toBe(`${join(dir, 'renamed.json')}: name: "other" does not match the file name "renamed"`);
    write('garbled', '{"name": ');
    expect(loadTheme('garbled', {themesDir: dir}).error).toMatch(new RegExp(`^${join(dir, 'garbled.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
  });

  it('refuses names that are not plain file names', () => {
    expect(loadTheme('../etc/passwd').error).toBe('theme name "../etc/passwd" is not valid: lowercase letters, digits, - and _ only');
  });
});

describe('parseTheme and availableThemes', () => {
  it('rejects a banner with control characters', () => {
    const r = parseTheme({name: 'x', description: 'x', banner: 'PROD\u001b[2J', tokens}, 'x.json', 'x');
    expect(r).toEqual({ok: false, error: 'x.json: banner: must be printable text'});
  });

  it('ignores a missing themes directory', () => {
    expect(availableThemes(join(dir, 'nope'))).toEqual(['dark', 'high-contrast', 'light', 'prod']);
  });
});

describe('a theme file saved with a UTF-8 byte order mark', () => {
  it('loads (config.yaml with one loads fine too)', () => {
    // It failed with "not valid JSON: Unexpected token '﻿'", and the prod context drew with the
    // default theme: no PRODUCTION banner.
    const prod = JSON.parse(readFileSync(join(import.meta.dirname, '../../../themes/prod.json'), 'utf8')) as Record<string, unknown>;
    write('oncall-prod', '\uFEFF' + JSON.stringify({...prod, name: 'oncall-prod', $schema: undefined}, null, 2));
    const result = loadTheme('oncall-prod', {themesDir: dir});
    expect(result.error).toBeNull();
    expect(result.theme.banner).toBe('PRODUCTION');
  });
});

describe('a theme file that is a symbolic link to a missing file', () => {
  // A dotfiles checkout not mounted: called an "unknown theme" that the same message listed as
  // available, the file to fix never named.
  it('is reported naming the file and the missing target, not as an unknown theme', () => {
    const themes = mkdtempSync(join(tmpdir(), 'oncall-themes-link-'));
    try {
      symlinkSync(join(themes, 'gone', 'team.json'), join(themes, 'team.json'));
      const r = loadTheme('team', {themesDir: themes});
      expect(r.ok).toBe(false);
      expect(r.error).toBe(`${join(themes, 'team.json')}: cannot be read: a symbolic link to ${join(themes, 'gone', 'team.json')}, which does not exist`);
    } finally {
      rmSync(themes, {recursive: true, force: true});
    }
  });

  it('over a built-in name is that error too, not the built-in used silently', () => {
    const themes = mkdtempSync(join(tmpdir(), 'oncall-themes-link-'));
    try {
      symlinkSync(join(themes, 'gone.json'), join(themes, 'prod.json'));
      expect(loadTheme('prod', {themesDir: themes}).error).toMatch(/prod\.json: cannot be read: a symbolic link/);
    } finally {
      rmSync(themes, {recursive: true, force: true});
    }
  });
});

describe('availableThemes and file names that are not theme names', () => {
  // `Team.json` was offered in "available: …", and asking for `Team` was then refused as an
  // invalid name: the hint led to a name that can never load.
  it('offers only names a theme can have, each of which then loads or says what is wrong with its file', () => {
    const themes = mkdtempSync(join(tmpdir(), 'oncall-themes-names-'));
    try {
      const light = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'themes', 'light.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(themes, 'Team.json'), JSON.stringify({...light, name: 'team'}));
      writeFileSync(join(themes, 'my theme.json'), JSON.stringify({...light, name: 'my theme'}));
      writeFileSync(join(themes, 'mine.json'), JSON.stringify({...light, name: 'mine'}));
      const offered = availableThemes(themes);
      expect(offered).toEqual(['dark', 'high-contrast', 'light', 'mine', 'prod']);
      expect(offered.filter((name) => loadTheme(name, {themesDir: themes}).error?.includes('is not valid'))).toEqual([]);
    } finally {
      rmSync(themes, {recursive: true, force: true});
    }
  });
});
