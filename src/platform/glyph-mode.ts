/**
 * Whether the terminal can show UTF-8, or gets ASCII stand-ins (see ascii-glyphs.ts). Decided
 * once per command, the way tmux decides it for the terminals it serves: the locale, unless the
 * user said otherwise.
 */
import {sanitize} from '../domain/sanitize.ts';

/** `unicode`: draw as is; `ascii`: every character outside ASCII replaced, width kept. */
export type GlyphMode = 'ascii' | 'unicode';

/** The values `--glyphs`, `ONCALL_GLYPHS` and the config's `glyphs:` take. */
export const GLYPH_MODES: readonly GlyphMode[] = ['ascii', 'unicode'];

/** The environment variable that overrides the locale (and the config). */
export const GLYPHS_ENV = 'ONCALL_GLYPHS';

/** Inputs of {@link glyphMode}; `process.env` fits `env`. */
export interface GlyphInput {
  /** `--glyphs`, when given. */
  flag?: GlyphMode | undefined;
  /** The config file's `glyphs:`, when set. */
  config?: GlyphMode | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/** The mode and what decided it, for the `?` overlay and for an ignored setting's note. */
export interface GlyphChoice {
  mode: GlyphMode;
  /** What decided, e.g. `LANG=C`, `no locale set`, `--glyphs`, `ONCALL_GLYPHS`, `config glyphs`. */
  because: string;
  /** An `ONCALL_GLYPHS` value that is neither mode: said, and the next rule decides. */
  ignored: string | null;
}

const LOCALE_VARS = ['LC_ALL', 'LC_CTYPE', 'LANG'] as const;

/**
 * The locale's answer: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set and not empty
 * decides; UTF-8 when it names UTF-8 (`UTF-8` or `utf8`, any case), else ASCII; none set is ASCII.
 * This is tmux's rule: where tmux replaces non-ASCII with `_`, oncall already drew ASCII.
 */
export function localeGlyphs(env: GlyphInput['env']): {mode: GlyphMode; because: string} {
  for (const name of LOCALE_VARS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    return {mode: /utf-?8/i.test(value) ? 'unicode' : 'ascii', because: `${name}=${value}`};
  }
  return {mode: 'ascii', because: 'no locale set'};
}

/** Reads `ONCALL_GLYPHS`: a mode, null when unset or empty, or the bad value. */
function envGlyphs(env: GlyphInput['env']): GlyphMode | null | {bad: string} {
  const value = env[GLYPHS_ENV];
  if (value === undefined || value === '') return null;
  const mode = value.trim().toLowerCase();
  return (GLYPH_MODES as readonly string[]).includes(mode) ? (mode as GlyphMode) : {bad: value};
}

/** The glyph mode, by precedence: `--glyphs`, then `ONCALL_GLYPHS`, then config `glyphs:`, then the locale. */
export function glyphMode(input: GlyphInput): GlyphChoice {
  const fromEnv = envGlyphs(input.env);
  const ignored = fromEnv !== null && typeof fromEnv === 'object' ? fromEnv.bad : null;
  if (input.flag !== undefined) return {mode: input.flag, because: '--glyphs', ignored};
  if (typeof fromEnv === 'string') return {mode: fromEnv, because: GLYPHS_ENV, ignored};
  if (input.config !== undefined) return {mode: input.config, because: 'config glyphs', ignored};
  return {...localeGlyphs(input.env), ignored};
}

/** What the `?` overlay says: `glyphs: ascii (LANG=C; --glyphs unicode to override)`. */
export function glyphNote(choice: GlyphChoice): string {
  const other: GlyphMode = choice.mode === 'ascii' ? 'unicode' : 'ascii';
  return `glyphs: ${choice.mode} (${sanitize(choice.because)}; --glyphs ${other} to override)`;
}

/** The note for an `ONCALL_GLYPHS` that is neither mode (the next rule decided instead), or null. */
export function glyphWarning(choice: Pick<GlyphChoice, 'ignored'>): string | null {
  return choice.ignored === null ? null : `${GLYPHS_ENV}=${sanitize(choice.ignored)} is neither ascii nor unicode; ignored`;
}
