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
  /** The user's home directory. */
  home: string;
}

/** The chosen config path and, in order, what was looked at to choose it (for error messages). */
export interface ConfigPathResult {
  path: string;
  tried: string[];
}

/** Expands a leading `~` or `~/` against the home directory; a quoted `~` in a variable is common. */
function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Reads an XDG base-directory variable. The spec says a default applies when the variable is
 * unset or empty, and that a relative path in it is invalid and must be ignored.
 * @returns the directory and why it was chosen, for `tried`
 */
function xdgDir(env: PathEnv, name: string, fallback: string): {dir: string; why: string} {
  const value = env[name];
  if (value === undefined || value === '') return {dir: fallback, why: `$${name} not set`};
  if (!isAbsolute(value)) return {dir: fallback, why: `$${name}="${value}" ignored: not an absolute path`};
  return {dir: value, why: `from $${name}`};
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
  const {dir, why} = xdgDir(env, 'XDG_CONFIG_HOME', join(home, '.config'));
  const path = join(dir, 'oncall', 'config.yaml');
  return {path, tried: [...tried, `${path} (${why})`]};
}

/**
 * The directory for state worth keeping between runs but not worth backing up (action log,
 * last context): `${XDG_STATE_HOME:-~/.local/state}/oncall`.
 * @param home defaults to `$HOME` from `env`
 */
export function stateDir(env: PathEnv, home: string = env['HOME'] ?? ''): string {
  return join(xdgDir(env, 'XDG_STATE_HOME', join(home, '.local', 'state')).dir, 'oncall');
}

/**
 * The append-only log of acks and rollbacks this user triggered: `stateDir/actions.jsonl`. The
 * demo's simulated acks and rollbacks go to `stateDir/demo-actions.jsonl`, so trying the demo
 * never puts made-up actions in the record of real ones.
 */
export function actionLogPath(env: PathEnv, home: string = env['HOME'] ?? '', opts: {demo?: boolean} = {}): string {
  return join(stateDir(env, home), opts.demo ? 'demo-actions.jsonl' : 'actions.jsonl');
}

/** {@link actionLogPath} of this user: home from `HOME`, else the system's; the demo's own log for the demo. */
export function userActionLogPath(env: PathEnv, demo: boolean | undefined): string {
  return actionLogPath(env, env['HOME'] ?? homedir(), {demo: demo === true});
}
