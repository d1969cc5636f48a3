/**
 * Where oncall keeps its files, by the XDG Base Directory rules. Pure: the environment and the
 * home directory are parameters, so the lookup order is testable without touching the machine.
 * The same paths are used on macOS, as amtool and most command-line tools do.
 */
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';

/** The environment variables the lookup reads (`process.env` fits). */
export type PathEnv = Readonly<Record<string, string | undefined>>;

/** Inputs of {@link resolveConfigPath}. */
export interface ConfigPathInput {
  /** The `--config` flag, when given. */
  flag?: string | undefined;
  env: PathEnv;
  /** The user's home directory; null when there is none (no `$HOME`, no user entry). */
  home: string | null;
}

/** The chosen config path and, in order, what was looked at to choose it (for error messages). */
export interface ConfigPathResult {
  /** Null when it would be under a home directory there is none of: `tried` says so. */
  path: string | null;
  tried: string[];
}

/**
 * Where `$HOME` is not set and the system has no entry for the user (a container run under an
 * arbitrary user id): what a path under the home directory cannot be found for.
 */
export const NO_HOME = 'no home directory ($HOME not set, no user entry)';

/** The system's idea of the home directory, null when it has none (where `os.homedir()` throws). */
export function systemHome(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/** The user's home directory: `$HOME`, else `lookup()` (the system's); null when neither has one. */
export function userHome(env: PathEnv, lookup: () => string | null = systemHome): string | null {
  const home = env['HOME'];
  return home !== undefined && home !== '' ? home : lookup();
}

/**
 * Expands a leading `~` or `~/` against the home directory; a quoted `~` in a variable is common.
 * Without a home directory the path is left as written: the error reading it names it so.
 */
function expandHome(path: string, home: string | null): string {
  if (home === null) return path;
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Reads an XDG base-directory variable. The spec says a default applies when the variable is
 * unset or empty, and that a relative path in it is invalid and must be ignored.
 * @returns the directory and why it was chosen, for `tried`
 */
function xdgDir(env: PathEnv, name: string, fallback: string | null): {dir: string | null; why: string} {
  const value = env[name];
  const noHome = fallback === null ? `; ${NO_HOME}` : '';
  if (value === undefined || value === '') return {dir: fallback, why: `$${name} not set${noHome}`};
  if (!isAbsolute(value)) return {dir: fallback, why: `$${name}="${value}" ignored: not an absolute path${noHome}`};
  return {dir: value, why: `from $${name}`};
}

/** `home` joined with `parts`, or null without a home directory. */
function underHome(home: string | null, ...parts: string[]): string | null {
  return home === null ? null : join(home, ...parts);
}

/**
 * Chooses the config file: the `--config` flag, else `$ONCALL_CONFIG`, else
 * `${XDG_CONFIG_HOME:-~/.config}/oncall/config.yaml`. There is no fallback from one to the next
 * when the chosen file is missing: a flag or variable that names a missing file is an error the
 * user should see, not something to paper over with another file.
 * `tried` lists each step in lookup order, the chosen path last, e.g.
 * `['--config (not given)', '$ONCALL_CONFIG (not set)', '~/.config/oncall/config.yaml ($XDG_CONFIG_HOME not set)']`.
 */
export function resolveConfigPath({flag, env, home}: ConfigPathInput): ConfigPathResult {
  if (flag !== undefined && flag !== '') {
    const path = expandHome(flag, home);
    return {path, tried: [`${path} (--config)`]};
  }
  const tried = ['--config (not given)'];
  const fromEnv = env['ONCALL_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const path = expandHome(fromEnv, home);
    return {path, tried: [...tried, `${path} ($ONCALL_CONFIG)`]};
  }
  tried.push('$ONCALL_CONFIG (not set)');
  const {dir, why} = xdgDir(env, 'XDG_CONFIG_HOME', underHome(home, '.config'));
  if (dir === null) return {path: null, tried: [...tried, `~/.config/oncall/config.yaml (${why})`]};
  const path = join(dir, 'oncall', 'config.yaml');
  return {path, tried: [...tried, `${path} (${why})`]};
}

/**
 * The directory for state worth keeping between runs but not worth backing up (action log,
 * last context): `${XDG_STATE_HOME:-~/.local/state}/oncall`; null when that is under a home
 * directory there is none of.
 * @param home defaults to `$HOME` from `env`
 */
export function stateDir(env: PathEnv, home: string | null = env['HOME'] ?? ''): string | null {
  const {dir} = xdgDir(env, 'XDG_STATE_HOME', underHome(home, '.local', 'state'));
  return dir === null ? null : join(dir, 'oncall');
}

/**
 * The append-only log of acks and rollbacks this user triggered: `stateDir/actions.jsonl`. The
 * demo's simulated acks and rollbacks go to `stateDir/demo-actions.jsonl`, so trying the demo
 * never puts made-up actions in the record of real ones.
 */
export function actionLogPath(env: PathEnv, home: string | null = env['HOME'] ?? '', opts: {demo?: boolean} = {}): string | null {
  const dir = stateDir(env, home);
  return dir === null ? null : join(dir, opts.demo ? 'demo-actions.jsonl' : 'actions.jsonl');
}

/**
 * {@link actionLogPath} of this user: home from `HOME`, else the system's; the demo's own log for
 * the demo. Null without a home directory nor `$XDG_STATE_HOME`: the log has no place.
 */
export function userActionLogPath(env: PathEnv, demo: boolean | undefined, lookupHome: () => string | null = systemHome): string | null {
  return actionLogPath(env, userHome(env, lookupHome), {demo: demo === true});
}
