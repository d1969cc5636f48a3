/**
 * oncall started through a link with another name: a team alias (`ln -s "$(command -v oncall)"
 * ~/bin/oc`) or a wrapper path not ending in `oncall`. The command line used to run only when
 * argv[1] ended in `main.ts`, `oncall.mjs` or `oncall`: `oc status` printed nothing and exited 0,
 * which a script reads as "nothing pages". Needs the bundle (`npm run build`).
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import pkg from '../../package.json' with {type: 'json'};

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'oncall.mjs');
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oncall-link-'));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Runs `node LINK args`, LINK a fresh link called `name` to `target`. */
function viaLink(name: string, target: string, args: string[]) {
  const home = mkdtempSync(join(dir, 'home-'));
  const link = join(home, name);
  symlinkSync(target, link);
  const r = spawnSync(process.execPath, [link, ...args], {encoding: 'utf8', env: {PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

describe('oncall started through a link with another name', () => {
  it('a link named `oncall` works', () => {
    expect(viaLink('oncall', BIN, ['--version']).stdout).toBe(`${pkg.version}\n`);
  });

  it('`oc --version` (a link to bin/oncall.mjs) prints the version', () => {
    expect(viaLink('oc', BIN, ['--version'])).toMatchObject({code: 0, stdout: `${pkg.version}\n`});
  });

  it('`oc status --demo` prints the status and exits 1 (something pages), not a silent 0', () => {
    const r = viaLink('oc', BIN, ['status', '--demo']);
    expect({code: r.code, printed: r.stdout.length > 0}).toEqual({code: 1, printed: true});
  });

  it('`oncall-prod status --demo` (a link to dist/oncall.mjs) is not a silent 0 either', () => {
    const r = viaLink('oncall-prod', BUNDLE, ['status', '--demo']);
    expect({code: r.code, printed: r.stdout.length > 0}).toEqual({code: 1, printed: true});
  });
});
