/**
 * Config errors as the user reads them: `file:line:col: path: message`, one line each, all at
 * once, so a broken config is fixed in one edit rather than one restart per mistake.
 */
import {sanitize} from '../domain/sanitize.ts';
import {keyLooksLikeToken, valueLooksLikeToken} from './config-token-shape.ts';

/** One problem in a config file. `line`/`column` are 1-based; `null` when there is no position. */
export interface ConfigError {
  file: string;
  line: number | null;
  column: number | null;
  /** Where in the document, e.g. `contexts[0].prometheus.url`; empty for the whole file. */
  path: string;
  message: string;
}

/** A position in the document as keys and list indexes, e.g. `['contexts', 0, 'name']`. */
export type ConfigPath = ReadonlyArray<string | number>;

/**
 * A problem found in the parsed document, before it is given a file position. `target: 'key'`
 * points at the key itself (unknown or forbidden keys) rather than at its value.
 */
export interface Finding {
  path: ConfigPath;
  message: string;
  target?: 'value' | 'key';
  /**
   * On a context's or a group's name: the mistake is that entry's own, and leaves its name
   * selecting it and only it (a control in it), so the other contexts and groups still load.
   * Other findings on a name (a duplicate, a comma) change what the selection means and stop the
   * whole file.
   */
  ownEntry?: true;
}

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** What an error shows for a key shaped like a credential (a token pasted as a header's name). */
export const TOKEN_KEY = '<a key that looks like a token>';

/** A key as an error may quote it: itself, or {@link TOKEN_KEY} when it may be a credential. */
export function shownKey(key: string): string {
  return keyLooksLikeToken(key) ? TOKEN_KEY : quote(key);
}

/**
 * Writes a document path the way a user would look it up: `contexts[0].headers["X-Org"]`. A key
 * shaped like a token is written {@link TOKEN_KEY}: the path is printed with every error below it.
 */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (keyLooksLikeToken(seg)) out += `[${TOKEN_KEY}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Orders errors as they appear in the file; errors without a position go last. */
export function sortConfigErrors(errors: ConfigError[]): ConfigError[] {
  const key = (e: ConfigError): [number, number] => [e.line ?? Number.MAX_SAFE_INTEGER, e.column ?? 0];
  return [...errors].sort((a, b) => {
    const [la, ca] = key(a);
    const [lb, cb] = key(b);
    return la - lb || ca - cb;
  });
}

/**
 * Formats errors one per line, e.g. `config.yaml:12:7: contexts[0].prometheus.url: must be …`.
 * Each line is sanitized: this is where errors become terminal text, and a value quoted from a
 * file (an SLO file from another team's repo, say) may hold bidi or C1 characters that JSON
 * quoting leaves raw.
 */
export function formatConfigErrors(errors: ConfigError[]): string {
  return errors
    .map((e) => {
      const where = e.line === null ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
      return sanitize(e.path === '' ? `${where}: ${e.message}` : `${where}: ${e.path}: ${e.message}`);
    })
    .join('\n');
}

/** What an error shows for a value shaped like a credential (a token pasted under `url:`). */
export const TOKEN_VALUE = '<a value that looks like a token>';

/**
 * Shows a user-written value inside a message. JSON quoting escapes control characters, and
 * long values are cut so one bad line stays one line. A value shaped like a token is written
 * {@link TOKEN_VALUE}: one pasted a line off is refused under a key that holds no secret, and its
 * error is printed by every command. Still, never call this on a secret.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string' && valueLooksLikeToken(value)) return TOKEN_VALUE;
  // JSON has no Infinity or NaN: it would write `null` (YAML reads `1e400` and `.inf` as Infinity).
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Names the kind of a parsed YAML value for a type error: `a list`, `number 5`, `Infinity, not a finite number`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${quote(value)}, not a finite number`;
  return `${typeof value} ${quote(value)}`;
}

// Keys whose value (or anything below them) is, or is likely to be, a credential: a header value,
// `basicAuth` written curl-style as "user:pass", a token pasted where its env var's name goes.
const SECRET_PARENT = /^(headers|basicauth|auth)$/i;
const SECRET_WORD = /token|password|passwd|secret|api[-_]?key|credential|authorization|cookie/i;

/** True when `path` is at or below a key that holds credentials: its values are never quoted. */
export function isSecretPath(path: readonly PropertyKey[] | undefined): boolean {
  return (path ?? []).some((seg) => typeof seg === 'string' && (SECRET_PARENT.test(seg) || SECRET_WORD.test(seg)));
}

/**
 * Names the kind of a value without showing it, for values at a secret path: `a string of 18
 * characters`, `a number`. The length helps spot a pasted token; the text itself never appears.
 */
export function describeHiddenValue(value: unknown): string {
  if (typeof value === 'string') return `a string of ${[...value].length} characters (not shown: it may be a secret)`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return describeValue(value);
}

/** Levenshtein distance, case-insensitive: `ReadOnly` and `readonly` are the same typo. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({length: t.length + 1}, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}

/** The known key closest to `key` within an edit distance of 2, if any. */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
