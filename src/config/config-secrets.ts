/**
 * Secrets and the config. A config file is copied, committed and pasted into chat, so a token
 * in it leaks: `findLiteralSecrets` refuses credentials written into it (secret-named keys,
 * Authorization and other credential headers, `user:pass@` in URLs), and `resolveSecret` reads the ones it names by
 * env var or file. Neither ever echoes a secret value.
 */
import {isAuthorizationHeader, isCredentialHeader} from '../domain/secret-headers.ts';
import {SECRET_REASON} from './config-fields.ts';
import {shownKey, type ConfigPath, type Finding} from './config-errors.ts';

// Lower-cased key → what to write instead. A Map, not an object: a key the user wrote such as
// `constructor` or `__proto__` must not find Object.prototype's members.
const SECRET_KEYS: ReadonlyMap<string, string> = new Map([
  ['token', 'tokenEnv/tokenFile'],
  ['apikey', 'tokenEnv/tokenFile'],
  ['bearertoken', 'bearerTokenEnv/bearerTokenFile'],
  ['password', 'basicAuth.passwordEnv/passwordFile'],
  ['secret', 'secretEnv/secretFile'],
]);

const HOW = '(the name of an env var, or the path of a file, holding the secret)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function holdsValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/**
 * True for `scheme://user:pass@host…` and `scheme://token@host…`, and for every other way the URL
 * parser (the HTTP client's) reads the same: `https:user:pass@host`, `https:/user:pass@host`,
 * spaces or a newline around it. The value is never echoed.
 */
function hasUrlCredentials(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return false;
  const url = URL.parse(trimmed);
  return url !== null && (url.username !== '' || url.password !== '');
}

/** What replaces an Authorization header, depending on which object carries the headers. */
export function headerAlternative(owner: Record<string, unknown>): string {
  if (owner['provider'] === 'webhook') return 'secretEnv/secretFile';
  if (owner['provider'] === 'json') return 'tokenEnv/tokenFile';
  return 'bearerTokenEnv/bearerTokenFile or basicAuth';
}

/**
 * Finds every literal secret in a parsed document. It walks the raw document, so it catches a
 * secret anywhere (even under an unknown key) and runs whether or not the schema accepted it.
 */
export function findLiteralSecrets(root: unknown): Finding[] {
  const found: Finding[] = [];
  // Never circular: the loader refuses an alias cycle (`aliasCycles`) before the document is
  // made a value. A node shared by an alias is walked at each place, each context flagged.
  const walk = (value: unknown, path: ConfigPath): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (typeof value === 'string' && hasUrlCredentials(value)) {
      found.push({path, message: `${SECRET_REASON}; move the credentials out of the URL into basicAuth (username + passwordEnv/passwordFile) or a token env var`});
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const alternative = SECRET_KEYS.get(key.toLowerCase());
      if (alternative !== undefined && holdsValue(child)) {
        found.push({path: [...path, key], target: 'key', message: `${SECRET_REASON}; use ${alternative} ${HOW}`});
      }
      if (key === 'headers' && isRecord(child)) {
        for (const [name, headerValue] of Object.entries(child)) {
          if (!holdsValue(headerValue)) continue;
          if (isAuthorizationHeader(name)) {
            found.push({
              path: [...path, key, name],
              target: 'key',
              message: `${SECRET_REASON}; instead of the ${name} header use ${headerAlternative(value)} ${HOW}`,
            });
          } else if (isCredentialHeader(name)) {
            // PRIVATE-TOKEN, X-Api-Key, X-Auth-Token: the HTTP client hides these values as
            // credentials, so the file must not hold them in clear either.
            const shown = shownKey(name);
            found.push({
              path: [...path, key, name],
              target: 'key',
              message: `${SECRET_REASON}; the ${shown} header carries a credential: move it to headersEnv ({${shown}: ENV_VAR}) or headersFile ({${shown}: path}) ${HOW}`,
            });
          }
        }
      }
      walk(child, [...path, key]);
    }
  };
  walk(root, []);
  return found;
}

/** Where a secret lives: an environment variable name or a file path (already absolute). */
export interface SecretRef {
  env?: string | undefined;
  file?: string | undefined;
}

/** Reads a file as text; injected so callers and tests choose the I/O. */
export type ReadTextFile = (path: string) => string;

/** A secret read, or why it could not be: `not found`, `empty`, `is a directory`, `not readable (EACCES)`. */
export type SecretLookup = {value: string} | {problem: string};

// Why a file could not be read, in the words of a note; never anything read from it.
function fileProblem(error: unknown): string {
  const code = (error as {code?: unknown} | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not found';
  if (code === 'EISDIR') return 'is a directory';
  return `not readable${typeof code === 'string' ? ` (${code})` : ''}`;
}

/**
 * Reads a secret reference, trimming the surrounding whitespace and newline that files and
 * `export` lines tend to carry. Never throws: a secret that cannot be had is something to tell
 * the user about, with the real reason (a token file that exists but cannot be read is not
 * "not found": the user would look, find it there, and be none the wiser).
 */
export function lookupSecret(ref: SecretRef, env: Readonly<Record<string, string | undefined>>, readFile: ReadTextFile): SecretLookup {
  if (ref.env !== undefined) {
    const raw = env[ref.env];
    if (raw === undefined) return {problem: 'not found'};
    const value = raw.trim();
    return value === '' ? {problem: 'empty'} : {value};
  }
  if (ref.file !== undefined) {
    let value: string;
    try {
      value = readFile(ref.file).trim();
    } catch (error) {
      return {problem: fileProblem(error)};
    }
    return value === '' ? {problem: 'empty'} : {value};
  }
  return {problem: 'not found'};
}

/**
 * Resolves a secret reference as {@link lookupSecret} does, without the reason.
 * @returns the secret, or `null` when no reference is given, the variable is unset or empty, or
 *   the file is missing, unreadable or empty
 */
export function resolveSecret(ref: SecretRef, env: Readonly<Record<string, string | undefined>>, readFile: ReadTextFile): string | null {
  const found = lookupSecret(ref, env, readFile);
  return 'value' in found ? found.value : null;
}

/**
 * True for an env var name of the conventional shape (upper-case letters, digits, `_`): the only
 * names a message repeats. The config refuses names shaped like tokens, but a short lower-case
 * one could still be a password pasted in the wrong place.
 */
export function isConventionalEnvName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name);
}

/**
 * Describes a reference for a message such as "token from env var PROM_TOKEN is not set". An
 * env name of another shape than the conventional one is not repeated but pointed at by its
 * config key (`envKey`).
 */
export function describeSecretRef(ref: SecretRef, envKey = 'the config'): string {
  if (ref.env !== undefined) return isConventionalEnvName(ref.env) ? `env var ${ref.env}` : `the env var named in ${envKey}`;
  if (ref.file !== undefined) return `file ${ref.file}`;
  return 'no secret configured';
}
