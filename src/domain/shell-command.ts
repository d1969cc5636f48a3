/**
 * Command lines a user can paste into a POSIX shell, built from data that may come from a
 * backend (label values, versions). Every word is quoted: plain text in single quotes (a `'`
 * becomes `'\''`), and a word holding a control character, DEL or a bidi override in bash's
 * `$'…'` form with that character escaped (`\x07`, `\u202e`), so the line is exact and still
 * writes nothing but visible text to a terminal or a clipboard.
 */

// C0/C1 controls, DEL, and the bidi embedding/override/isolate characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** A word that needs no quotes at all: letters, digits and a few punctuation marks. */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** One word for a POSIX shell (bash's `$'…'` for control characters). */
export function shellWord(word: string): string {
  if (word !== '' && PLAIN.test(word)) return word;
  if (!UNSAFE.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  const escaped = word.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replace(UNSAFE_ALL, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
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
