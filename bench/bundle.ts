/**
 * What every benchmark runs: the bundle `dist/oncall.mjs` (built by `npm run bench` first) on
 * the same node binary as the harness, in a clean environment; and what it reads from /proc.
 */
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

/** The bundled CLI: the launcher, which turns on Node's compile cache and loads `dist/app/`. */
export const BUNDLE = fileURLToPath(new URL('../dist/oncall.mjs', import.meta.url));

/** The node binary that runs the harness; baselines and the app both use it. */
export const NODE = process.execPath;

/** `node dist/oncall.mjs demo`; throws when the bundle was not built. */
export function demoArgv(): string[] {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` (npm run bench does)');
  return [NODE, BUNDLE, 'demo'];
}

/**
 * The environment for a program in a `cols` x `rows` pty: `COLUMNS`/`LINES` set so Ink never
 * measures the terminal, `CI` unset (it would make Ink non-interactive), colours as a plain
 * 256-colour terminal, a UTF-8 locale (`LANG=C.UTF-8`, no `LC_ALL`/`LC_CTYPE`/`ONCALL_GLYPHS`:
 * a machine without a locale would get the ASCII screen, other bytes than the figures are of),
 * and `configHome` (an empty folder) so no user config or theme is read.
 */
export function benchEnv(cols: number, rows: number, configHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, COLUMNS: String(cols), LINES: String(rows), TERM: 'xterm-256color', XDG_CONFIG_HOME: configHome, LANG: 'C.UTF-8'};
  for (const name of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'COLORTERM', 'TMUX', 'TMUX_PANE', 'NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'NODE_OPTIONS', 'LC_ALL', 'LC_CTYPE', 'ONCALL_GLYPHS']) delete env[name];
  return env;
}

/**
 * `env` for a run of the app with Node's compile cache in `dir`, or with it off (`null`: a first
 * start, or a machine whose temp folder was just cleared). The launcher turns the cache on in
 * `NODE_COMPILE_CACHE` when set: the benchmarks keep it in their own temp folder, so they neither
 * read nor fill the user's cache. Baselines (`node -e 0`) run without either variable.
 */
export function withCompileCache(env: NodeJS.ProcessEnv, dir: string | null): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {...env};
  delete out['NODE_COMPILE_CACHE'];
  delete out['NODE_DISABLE_COMPILE_CACHE'];
  if (dir === null) out['NODE_DISABLE_COMPILE_CACHE'] = '1';
  else out['NODE_COMPILE_CACHE'] = dir;
  return out;
}

/** A field of /proc/PID/status in MB (`VmRSS`, `VmHWM`), or NaN when the process is gone. */
export async function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** CPU time (user + system) the process has used so far, in ms, from /proc/PID/stat. */
export async function cpuMs(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
