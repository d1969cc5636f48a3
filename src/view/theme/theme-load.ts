/**
 * Loads a theme by name: from the themes directory when a file of that name exists there, else
 * from the built-in copies. Never throws: a bad or unknown theme yields an error message naming
 * the file and the token, plus a usable fallback theme so the dashboard still starts.
 */
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {join} from 'node:path';
import type {z} from 'zod';
import {sanitize} from '../../domain/sanitize.ts';
import {builtinThemes, DEFAULT_THEME} from './builtin-themes.ts';
import {hasThemeEntry} from './theme-entry.ts';
import {COLOR_HELP, THEME_NAME, THEME_TOKENS, themeFileSchema, type ThemeFile, type ThemeToken} from './theme-schema.ts';

/** A theme ready for components: every token is an Ink color, or undefined for "draw no color". */
export interface Theme {
  name: string;
  description: string;
  /** Header banner text such as `PRODUCTION`, or null. Kept when colors are off. */
  banner: string | null;
  /** False when colors are off: components must then convey state by text and symbols alone. */
  color: boolean;
  colors: Readonly<Record<ThemeToken, string | undefined>>;
}

/** Outcome of {@link loadTheme}. On failure `theme` is a usable fallback and `error` says why. */
export type ThemeResult = {ok: true; theme: Theme; error: null} | {ok: false; theme: Theme; error: string};

/** Options of {@link loadTheme}. */
export interface LoadThemeOptions {
  /** A directory of `NAME.json` files searched before the built-in themes. */
  themesDir?: string | undefined;
  /** Colors off (NO_COLOR, --no-color): every token becomes undefined. */
  noColor?: boolean | undefined;
}

function uncolored(): Record<ThemeToken, undefined> {
  const colors = {} as Record<ThemeToken, undefined>;
  for (const token of THEME_TOKENS) colors[token] = undefined;
  return colors;
}

/** The theme for NO_COLOR / --no-color with no theme at all: no colors, no banner. */
export const noColorTheme: Theme = {name: 'no-color', description: 'No colors at all.', banner: null, color: false, colors: uncolored()};

/** `theme` with every color removed; the banner stays, since it is text. */
export function withoutColor(theme: Theme): Theme {
  return {...theme, color: false, colors: uncolored()};
}

/** Converts a validated file into a theme (`default` means the terminal's own color: undefined). */
export function themeFromFile(file: ThemeFile): Theme {
  const colors = {} as Record<ThemeToken, string | undefined>;
  for (const token of THEME_TOKENS) colors[token] = file.tokens[token] === 'default' ? undefined : file.tokens[token];
  return {name: file.name, description: file.description, banner: file.banner ?? null, color: true, colors};
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  const value = valueAt(raw, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const what = issue.path.at(-1) === 'tokens' ? 'token' : 'field';
    return `${where}: unknown ${what} ${issue.keys.map((k) => `"${sanitize(k)}"`).join(', ')}`;
  }
  if (value === undefined) return `${where}: missing`;
  if (issue.message.startsWith('not a color')) return `${where}: ${sanitize(JSON.stringify(value))} is not a color (${COLOR_HELP})`;
  return `${where}: ${issue.message}`;
}

/** Validates parsed JSON as a theme; `source` (a file name) and `expectedName` go into errors. */
export function parseTheme(raw: unknown, source: string, expectedName: string): {ok: true; theme: Theme} | {ok: false; error: string} {
  const parsed = themeFileSchema.safeParse(raw);
  if (!parsed.success) return {ok: false, error: `${source}: ${parsed.error.issues.map((i) => describe(i, raw)).join('; ')}`};
  if (parsed.data.name !== expectedName) {
    return {ok: false, error: `${source}: name: "${parsed.data.name}" does not match the file name "${expectedName}"`};
  }
  return {ok: true, theme: themeFromFile(parsed.data)};
}

/**
 * Names of every theme available: the built-ins and the `*.json` files in `themesDir`, sorted.
 * Only file names a theme can have: `Team.json` offered would send the user to `Team`, a name
 * refused as not valid.
 */
export function availableThemes(themesDir?: string): string[] {
  const names = new Set(Object.keys(builtinThemes));
  if (themesDir !== undefined) {
    try {
      for (const f of readdirSync(themesDir)) if (f.endsWith('.json') && !f.endsWith('.schema.json') && THEME_NAME.test(f.slice(0, -5))) names.add(f.slice(0, -5));
    } catch {
      // A missing themes directory just means built-ins only.
    }
  }
  return [...names].sort();
}

/** Why an entry that is there cannot be opened: a link to nothing is said as such, with its target. */
function unreadable(path: string, err: unknown): string {
  if ((err as {code?: unknown} | null)?.code === 'ENOENT') {
    try {
      return `a symbolic link to ${sanitize(readlinkSync(path))}, which does not exist`;
    } catch {
      // Not a link (removed meanwhile): the system's words below.
    }
  }
  return sanitize((err as Error).message);
}

function readFile(path: string, name: string): {ok: true; theme: Theme} | {ok: false; error: string} {
  let raw: unknown;
  try {
    // A leading byte order mark (Notepad, some editors write one) is not JSON; the YAML config
    // reader skips it, so the theme reader does too.
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof SyntaxError) return {ok: false, error: `${path}: not valid JSON: ${sanitize(err.message)}`};
    return {ok: false, error: `${path}: cannot be read: ${unreadable(path, err)}`};
  }
  return parseTheme(raw, path, name);
}

function find(name: string, themesDir: string | undefined): {ok: true; theme: Theme} | {ok: false; error: string} {
  if (!THEME_NAME.test(name)) return {ok: false, error: `theme name ${sanitize(JSON.stringify(name))} is not valid: lowercase letters, digits, - and _ only`};
  if (themesDir !== undefined) {
    const path = join(themesDir, `${name}.json`);
    if (hasThemeEntry(path)) return readFile(path, name);
  }
  const builtin = builtinThemes[name];
  if (builtin !== undefined) return parseTheme(builtin, `built-in theme ${name}`, name);
  return {ok: false, error: `unknown theme "${name}"; available: ${availableThemes(themesDir).join(', ')}`};
}

/**
 * Loads theme `name`. With `noColor` the result has no colors (the banner stays). On failure
 * the result carries the error and the default theme (or {@link noColorTheme}) as a fallback.
 */
export function loadTheme(name: string, options: LoadThemeOptions = {}): ThemeResult {
  const found = find(name, options.themesDir);
  if (found.ok) return {ok: true, theme: options.noColor ? withoutColor(found.theme) : found.theme, error: null};
  const fallback = options.noColor ? noColorTheme : (parseTheme(builtinThemes[DEFAULT_THEME], DEFAULT_THEME, DEFAULT_THEME) as {ok: true; theme: Theme}).theme;
  return {ok: false, theme: fallback, error: found.error};
}
