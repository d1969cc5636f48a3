/**
 * The launcher the build writes (dist/oncall.mjs): the dashboard restarts itself once with the
 * heap flags (same pid), one-shot commands and the demo do not. The built launcher is copied
 * beside a stand-in bundle that prints what Node was started with.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(() => {
  // `npm test` builds before vitest runs.
  if (!existsSync(join(ROOT, 'dist', 'oncall.mjs'))) throw new Error('dist/oncall.mjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oncall-launcher-'));
  copyFileSync(join(ROOT, 'dist', 'oncall.mjs'), join(dir, 'oncall.mjs'));
  mkdirSync(join(dir, 'app'));
  // `started` is what the process was started with (/proc/self/environ, what glibc read), `env` what the app sees.
  writeFileSync(
    join(dir, 'app', 'main.mjs'),
    [
      "import {getCompileCacheDir} from 'node:module';",
      "import {readFileSync} from 'node:fs';",
      "import v8 from 'node:v8';",
      // What the launcher sets from inside, seen through the module it calls.
      'const settled = [];',
      'const setFlags = v8.setFlagsFromString;',
      'v8.setFlagsFromString = (flags) => (settled.push(flags), setFlags(flags));',
      "const malloc = (pairs) => pairs.filter((p) => p.startsWith('MALLOC_') || p.startsWith('ONCALL_MALLOC') || p.startsWith('ONCALL_HEAP')).sort();",
      "const report = () => process.stdout.write(JSON.stringify({pid: process.pid, flags: process.execArgv, settled, cacheDir: getCompileCacheDir() ?? null, startedEnv: malloc(readFileSync('/proc/self/environ', 'utf8').split('\\0')), env: malloc(Object.entries(process.env).map(([k, v]) => `${k}=${v}`))}));",
      // Long enough for a shortened settle to have happened.
      // The launcher calls the bundle's entry, as it calls the real one.
      "export function runCommandLine() { if (process.env.ONCALL_HEAP_SETTLE_WAIT) setTimeout(report, Number(process.env.ONCALL_HEAP_SETTLE_WAIT)); else report(); }",
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

interface Started {
  pid: number;
  flags: string[];
  /** What the launcher set with v8.setFlagsFromString before the app reported. */
  settled: string[];
  cacheDir: string | null;
  /** MALLOC_* variables the process started with, and those the app sees. */
  startedEnv: string[];
  env: string[];
  childPid: number;
}

function started(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  // A home of its own, so that the compile cache never lands in the real one.
  const home = join(dir, 'home');
  const r = spawnSync(process.execPath, [join(dir, 'oncall.mjs'), ...args], {encoding: 'utf8', env: {PATH: process.env.PATH, HOME: home, ...env}});
  expect(r.status, r.stderr).toBe(0);
  return {...(JSON.parse(r.stdout) as Omit<Started, 'childPid'>), childPid: r.pid ?? 0};
}

describe('the launcher', () => {
  it('restarts the dashboard in place with a small young generation, and tightens the old one from inside once the start is over', () => {
    for (const args of [[], ['--config', 'x.yaml', '--context', 'prod']]) {
      const r = started(args);
      expect(r.flags.slice(0, 1)).toEqual(['--max-semi-space-size=1']);
      // process.execve: the same process, not a child.
      expect(r.pid).toBe(r.childPid);
      // The start runs with V8's own growth; the mark of when to settle is gone before the app runs.
      expect(r.settled).toEqual([]);
      expect(r.startedEnv).toContain('ONCALL_HEAP_SETTLE=10000');
      expect(r.env.filter((e) => e.startsWith('ONCALL_HEAP'))).toEqual([]);
    }
    // Shortened, the settle is seen: 20 % growth of the old generation from then on.
    const later = started([], {ONCALL_HEAP_SETTLE: '50', ONCALL_HEAP_SETTLE_WAIT: '400'});
    expect(later.settled).toEqual(['--heap-growing-percent=20']);
  });

  it("restarts the dashboard with glibc's allocator settings, removed again before the app runs, a user's own value kept", () => {
    const r = started([]);
    expect(r.startedEnv).toEqual(['MALLOC_ARENA_MAX=1', 'MALLOC_MMAP_THRESHOLD_=65536', 'MALLOC_TRIM_THRESHOLD_=65536', 'ONCALL_HEAP_SETTLE=10000', 'ONCALL_MALLOC_ADDED=MALLOC_ARENA_MAX,MALLOC_MMAP_THRESHOLD_,MALLOC_TRIM_THRESHOLD_']);
    // Nothing the dashboard runs inherits them.
    expect(r.env).toEqual([]);
    const own = started([], {MALLOC_ARENA_MAX: '4'});
    expect(own.startedEnv).toEqual(['MALLOC_ARENA_MAX=4', 'MALLOC_MMAP_THRESHOLD_=65536', 'MALLOC_TRIM_THRESHOLD_=65536', 'ONCALL_HEAP_SETTLE=10000', 'ONCALL_MALLOC_ADDED=MALLOC_MMAP_THRESHOLD_,MALLOC_TRIM_THRESHOLD_']);
    expect(own.env).toEqual(['MALLOC_ARENA_MAX=4']);
    // One-shot commands start as they are.
    expect(started(['alerts', '--json']).startedEnv).toEqual([]);
  });

  it('leaves one-shot commands, the demo, and a dashboard told not to, as they start', () => {
    // Each completion (TAB) and `whoison` used to pay for a second Node start-up.
    const oneShots = [['demo'], ['alerts', '--json'], ['status'], ['--demo'], ['--help'], ['whoison'], ['-v'], ['help'], ['--get-yargs-completions', 'st']];
    for (const args of oneShots) expect(started(args).flags, args.join(' ')).toEqual([]);
    expect(started([], {ONCALL_NO_HEAP_FLAGS: '1'}).flags).toEqual([]);
  });

  it("keeps Node's compile cache in the user's own cache directory, private, not in the shared tmpdir", () => {
    const xdg = join(dir, 'xdg');
    const r = started(['demo'], {XDG_CACHE_HOME: xdg});
    // Node keeps each version's entries in a subdirectory of the one it is given.
    expect(dirname(r.cacheDir!)).toBe(join(xdg, 'oncall', 'compile-cache'));
    expect(statSync(join(xdg, 'oncall', 'compile-cache')).mode & 0o777).toBe(0o700);
    // Without XDG_CACHE_HOME: ~/.cache.
    expect(dirname(started(['demo']).cacheDir!)).toBe(join(dir, 'home', '.cache', 'oncall', 'compile-cache'));
    // The user's explicit choice wins.
    expect(dirname(started(['demo'], {NODE_COMPILE_CACHE: join(dir, 'chosen')}).cacheDir!)).toBe(join(dir, 'chosen'));
  });

  it('runs without a compile cache rather than use one that others can write to', () => {
    const xdg = join(dir, 'shared-xdg');
    mkdirSync(join(xdg, 'oncall', 'compile-cache'), {recursive: true});
    chmodSync(join(xdg, 'oncall', 'compile-cache'), 0o777);
    expect(started(['demo'], {XDG_CACHE_HOME: xdg}).cacheDir).toBeNull();
    // A cache directory that cannot be made (a file in the way) costs only speed.
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, '');
    expect(started(['demo'], {XDG_CACHE_HOME: blocked}).cacheDir).toBeNull();
  });
});
