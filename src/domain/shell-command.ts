/**
 * Command lines a user can paste into bash or zsh, built from data that may come from a
 * backend (label values, versions). A word of letters, digits and a few marks is left bare;
 * other text goes in single quotes (a `'` becomes `'\''`), and a word holding a character
 * `sanitize` would escape (a control, a bidi override, a zero-width or other invisible character)
 * in bash's and zsh's `$'…'` form with that character written as its UTF-8 bytes (`\x07`,
 * `\xe2\x80\x8b`). So the line is exact, shows every character it holds, and writes nothing but
 * visible text to a terminal or a clipboard. `$'…'` is not in every POSIX shell (dash reads it
 * as `$` and a quoted word), which is why the lines are for bash and zsh.
 */
import {unsafeChars} from './sanitize.ts';

// The characters sanitize changes (every control, TAB and LF included, and every invisible
// character): left in single quotes they would be drawn raw, or escaped by the clipboard copy's
// sanitize into other text inside the quotes, and the pasted line would name another value.
const CONTROLS = String.raw`\u0000-\u001F\u007F-\u009F`;
const UNSAFE = unsafeChars(CONTROLS);
const UNSAFE_ALL = unsafeChars(CONTROLS, 'g');

/** A word that needs no quotes at all: letters, digits and a few punctuation marks. */
const PLAIN = /^[\w@%+=:,./-]+$/;

const utf8 = new TextEncoder();

// Bytes, not `\u200b`: bash and zsh write a `\u` escape as the locale's encoding, and under
// LANG=C (a bastion's default) bash leaves it as the text `\u200B`; `\xHH` is a byte everywhere.
const bytesOf = (ch: string) => Array.from(utf8.encode(ch), (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/** One word for bash or zsh: bare, single-quoted, or `$'…'` for a character sanitize would escape. */
export function shellWord(word: string): string {
  if (word !== '' && PLAIN.test(word)) return word;
  if (!UNSAFE.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  const escaped = word.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replace(UNSAFE_ALL, bytesOf);
  return `$'${escaped}'`;
}

/** An environment variable set for one command from another variable (`GH_TOKEN="$MY_TOKEN"`), so no secret is in the line. */
export interface EnvFromEnv {
  name: string;
  fromEnv: string;
}

/**
 * An argument the shell reads from a variable when the line runs (`"$ONCALL_WEBHOOK_URL"`): a
 * secret the command needs (a webhook's URL, whose path is the hook's key) stays out of the line.
 */
export interface ArgFromEnv {
  fromEnv: string;
}

/** One argument of a command line: a value, or a variable the shell expands. */
export type ShellArg = string | ArgFromEnv;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function shellArg(arg: ShellArg): string {
  if (typeof arg === 'string') return shellWord(arg);
  // Dropping the argument would change the command: a name that is no variable name is a bug.
  if (!ENV_NAME.test(arg.fromEnv)) throw new Error('a command argument names no variable');
  return `"$${arg.fromEnv}"`;
}

/** A command line: `VAR="$OTHER" … argv…`, every argument quoted with {@link shellWord} or read from its variable. */
export function shellLine(argv: readonly ShellArg[], env: readonly EnvFromEnv[] = []): string {
  const prefix = env.filter((e) => ENV_NAME.test(e.name) && ENV_NAME.test(e.fromEnv)).map((e) => `${e.name}="$${e.fromEnv}"`);
  return [...prefix, ...argv.map(shellArg)].join(' ');
}
