/**
 * Whether to draw colors. chalk (Ink's color library) ignores NO_COLOR, so the app decides
 * itself and passes the answer down (see protocols §6.3 for the precedence).
 */

/** Inputs of {@link colorEnabled}; `process.env` fits `env`. */
export interface ColorInput {
  /** `--color` (true) or `--no-color` (false); undefined when neither was given. */
  flag?: boolean | undefined;
  /** The config file's `color:` setting, when present. */
  config?: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal. */
  isTTY: boolean;
}

/**
 * Colors on or off, by precedence: the `--color`/`--no-color` flag, then config `color:`, then
 * NO_COLOR (any non-empty value turns colors off, per no-color.org), then FORCE_COLOR (`0` or
 * `false` off, anything else on, as chalk reads it), then a terminal that is not `TERM=dumb`.
 */
export function colorEnabled(input: ColorInput): boolean {
  if (input.flag !== undefined) return input.flag;
  if (input.config !== undefined) return input.config;
  const noColor = input.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = input.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return input.isTTY && input.env['TERM'] !== 'dumb';
}
