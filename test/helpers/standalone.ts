/**
 * A bastion host, as far as one machine can play one: the standalone build
 * (`dist/oncall-<platform>-<arch>`, `npm run build:exe`) copied into an empty directory, run with
 * an empty environment (only `HOME`, `PATH`, `LANG=C.UTF-8` and what a test adds), a `PATH` that holds every
 * system program but no `node`, and as a user who is not root (`nobody` through `setpriv` when
 * the tests run as root; otherwise the tests' own user, who is not root either). Files a test
 * writes into the directory are readable by that user (umask 022).
 */
import {execFile} from 'node:child_process';
import {chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync} from 'node:fs';
import {arch, platform, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {shellQuote} from './tmux.ts';
import {removeDir} from './remove-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The standalone build of this machine's platform. */
export const EXE_NAME = `oncall-${platform()}-${arch()}`;

/** Path of a built executable in `dist/`; fails clearly when it was not built. */
export function builtExe(name: string = EXE_NAME): string {
  const file = join(ROOT, 'dist', name);
  if (!existsSync(file)) throw new Error(`dist/${name} is missing: run \`npm run build:exe\` first (\`npm test\` builds it before vitest)`);
  return file;
}

/** uid and gid of `nobody` (Debian's 65534), whom root becomes for the runs. */
const NOBODY = 65534;
const SETPRIV = '/usr/bin/setpriv';

/** Programs a bastion may have but ours must not use: no Node.js anywhere on PATH. */
const NODE_NAMES = /^(node|nodejs|npm|npx|corepack)$/;

/** The result of one run. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One prepared host directory; {@link Bastion.cleanup} removes it. */
export interface Bastion {
  /** The directory holding only the executable (and what a test writes there); the runs' cwd. */
  dir: string;
  /** The runs' `HOME`, writable by the user they run as. */
  home: string;
  /** The executable's file name inside `dir`. */
  exe: string;
  /** The environment of every run: exactly these variables. */
  env: Record<string, string>;
  /** Whether runs switch from root to `nobody`. */
  dropsRoot: boolean;
  /** Runs `./exe args…` (or any `argv` with `program`) in `dir`; resolves with its exit and output. */
  run(args: string[], opts?: {program?: string[]; env?: Record<string, string>; timeoutMs?: number}): Promise<Ran>;
  /**
   * The same run as one shell command line (for tmux), with `env` added and the `keep` variables
   * taken from the shell that runs it (`TERM`: the terminal's own).
   */
  commandLine(args: string[], env?: Record<string, string>, keep?: string[]): string;
  cleanup(): void;
}

/** Copies `exeFile` into a fresh empty directory and prepares `HOME` and a node-free `PATH`. */
export function makeBastion(exeFile: string = builtExe()): Bastion {
  const dropsRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'oncall-bastion-'));
  const exe = exeFile.split('/').at(-1)!;
  copyFileSync(exeFile, join(dir, exe));
  chmodSync(join(dir, exe), 0o755);
  // Every system program, as symlinks, except Node's: `/usr/bin` here has an old system node.
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  for (const name of readdirSync('/usr/bin')) if (!NODE_NAMES.test(name)) symlinkSync(join('/usr/bin', name), join(bin, name));
  const home = join(dir, '.home');
  mkdirSync(home);
  chmodSync(dir, 0o755);
  if (dropsRoot) chownSync(home, NOBODY, NOBODY);
  // A UTF-8 locale, as the tests expect the Unicode screen: a bastion without one gets ASCII.
  const env = {HOME: home, PATH: bin, LANG: 'C.UTF-8'};
  const argv = (args: string[], program?: string[]) => [...(dropsRoot ? [SETPRIV, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'] : []), ...(program ?? [`./${exe}`]), ...args];
  return {
    dir,
    home,
    exe,
    env,
    dropsRoot,
    run: (args, opts = {}) =>
      new Promise((resolve) => {
        const [cmd, ...rest] = argv(args, opts.program);
        execFile(cmd!, rest, {cwd: dir, env: {...env, ...opts.env}, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 2 ** 20}, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          resolve({code, stdout, stderr});
        });
      }),
    commandLine: (args, extra = {}, keep = []) => {
      const vars = [...Object.entries({...env, ...extra}).map(([k, v]) => shellQuote(`${k}=${v}`)), ...keep.map((k) => `"${k}=$${k}"`)];
      // One program (sh) first: a caller may put `env …` in front of it, which cannot run `cd`.
      return `/bin/sh -c ${shellQuote(`cd ${shellQuote(dir)} && exec /usr/bin/env -i ${vars.join(' ')} ${argv(args).map(shellQuote).join(' ')}`)}`;
    },
    cleanup: () => removeDir(dir),
  };
}
