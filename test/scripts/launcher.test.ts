/**
 * The launcher the build writes (dist/oncall.mjs): the dashboard restarts itself once with the
 * heap flags (same pid), one-shot commands and the demo do not. The built launcher is copied
 * beside a stand-in bundle that prints what Node was started with.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(() => {
  // `npm test` builds before vitest runs.
  if (!existsSync(join(ROOT, 'dist', 'oncall.mjs'))) throw new Error('dist/oncall.mjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oncall-launcher-'));
  copyFileSync(join(ROOT, 'dist', 'oncall.mjs'), join(dir, 'oncall.mjs'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'main.mjs'), 'process.stdout.write(JSON.stringify({pid: process.pid, flags: process.execArgv}));\n');
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function started(args: string[], env: NodeJS.ProcessEnv = {}): {pid: number; flags: string[]; childPid: number} {
  const r = spawnSync(process.execPath, [join(dir, 'oncall.mjs'), ...args], {encoding: 'utf8', env: {PATH: process.env.PATH, ...env}});
  expect(r.status, r.stderr).toBe(0);
  return {...(JSON.parse(r.stdout) as {pid: number; flags: string[]}), childPid: r.pid ?? 0};
}

describe('the launcher', () => {
  it('restarts the dashboard in place with a small young generation and a tighter old one', () => {
    for (const args of [[], ['--config', 'x.yaml', '--context', 'prod']]) {
      const r = started(args);
      expect(r.flags.slice(0, 2)).toEqual(['--max-semi-space-size=1', '--heap-growing-percent=20']);
      // process.execve: the same process, not a child.
      expect(r.pid).toBe(r.childPid);
    }
  });

  it('leaves one-shot commands, the demo, and a dashboard told not to, as they start', () => {
    for (const args of [['demo'], ['alerts', '--json'], ['status'], ['--demo'], ['--help']]) expect(started(args).flags, args.join(' ')).toEqual([]);
    expect(started([], {ONCALL_NO_HEAP_FLAGS: '1'}).flags).toEqual([]);
  });
});
