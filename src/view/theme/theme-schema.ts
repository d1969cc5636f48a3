/**
 * The theme file format, as a zod schema that mirrors themes/theme.schema.json (a test keeps the
 * two in step): a name, a description, an optional banner and every semantic token.
 */
import {z} from 'zod';

/** Every semantic token, in the order the schema lists them. All are required in a theme file. */
export const THEME_TOKENS = [
  'text', 'muted', 'accent', 'info', 'ok', 'warn', 'critical', 'border', 'focusBorder',
  'headerFg', 'headerBg', 'selectionFg', 'selectionBg', 'badgeFg', 'badgeReadOnly', 'badgeProd',
] as const;

/** One semantic token. */
export type ThemeToken = (typeof THEME_TOKENS)[number];

/** The named colors Ink accepts (chalk's foreground names), plus `default` = the terminal's own. */
export const COLOR_NAMES = [
  'default', 'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'blackBright', 'gray', 'grey', 'redBright', 'greenBright', 'yellowBright', 'blueBright',
  'magentaBright', 'cyanBright', 'whiteBright',
] as const;

/** `#rgb` or `#rrggbb`. */
export const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** `ansi256(N)` with N in 0..255, as Ink's colorize understands it. */
export const ANSI256_COLOR = /^ansi256\((?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\)$/;

/** The pattern a theme name must match (it is also a file name). */
export const THEME_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Printable characters only: the banner goes straight into the header. */
export const BANNER_TEXT = /^[^\u0000-\u001f\u007f-\u009f]*$/;

/** True when `value` is a color a theme may use. */
export function isThemeColor(value: string): boolean {
  return (COLOR_NAMES as readonly string[]).includes(value) || HEX_COLOR.test(value) || ANSI256_COLOR.test(value);
}

/** What an invalid color is told. */
export const COLOR_HELP = 'use a name such as red or cyanBright, #rrggbb, ansi256(N), or "default"';

const colorSchema = z.string().refine(isThemeColor, {message: `not a color: ${COLOR_HELP}`});

const tokenShape = {} as Record<ThemeToken, typeof colorSchema>;
for (const token of THEME_TOKENS) tokenShape[token] = colorSchema;

/** A theme file, as validated. */
export const themeFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(THEME_NAME, 'must be lowercase letters, digits, - or _ (at most 40)'),
  description: z.string().max(200),
  banner: z.string().min(1).max(24).regex(BANNER_TEXT, 'must be printable text').optional(),
  tokens: z.strictObject(tokenShape),
});

/** A theme file's content. */
export type ThemeFile = z.infer<typeof themeFileSchema>;
