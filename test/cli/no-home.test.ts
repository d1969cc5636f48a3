/**
 * End to end: a user with no `$HOME` and no entry in the system's user database, as a pod runs
 * under an arbitrary user id. The CLI from source in a child process under such a user id
 * (`setpriv`, which needs root: skipped elsewhere; paths.test.ts covers the lookup itself).
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {removeDir} from '../helpers/remove-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const canSwitchUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
// A user id no system gives an entry: its home cannot be looked up.
const NOBODY = '54321';

let dir: string | null = null;
afterEach(() => {
  if (dir) removeDir(dir);
  dir = null;
});

function asUserWithoutHome(args: string[], env: Record<string, string> = {}) {
  return spawnSync('setpriv', ['--reuid', NOBODY, '--regid', NOBODY, '--clear-groups', process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: {PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8', ...env},
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function sharedDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'oncall-no-home-'));
  chmodSync(dir, 0o777);
  return dir;
}

describe.skipIf(!canSwitchUser)('no home directory and no user entry', {timeout: 90_000}, () => {
  it('status --demo works', () => {
    const r = asUserWithoutHome(['status', '--demo']);
    expect(r.stderr).not.toContain('unexpected error');
    // The demo's incident pages: exit 1, as with a home.
    expect(r.status).toBe(1);
  });

  it('status --config works with the XDG directories given', () => {
    const d = sharedDir();
    const config = join(d, 'config.yaml');
    writeFileSync(config, 'current-context: p\ncontexts:\n  - name: p\n    alertmanagers: [{name: am, url: "http://127.0.0.1:1"}]\n', {mode: 0o644});
    const r = asUserWithoutHome(['status', '--config', config], {XDG_STATE_HOME: join(d, 'state'), XDG_CONFIG_HOME: join(d, 'cfg')});
    expect(r.stderr).not.toContain('unexpected error');
    // Its Alertmanager is down: unknown, exit 3.
    expect(r.status).toBe(3);
  });

  it('without --config nor XDG_CONFIG_HOME, says where it looked and why it could not look further', () => {
    const r = asUserWithoutHome(['status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No config found. Looked in:');
    expect(r.stderr).toContain('~/.config/oncall/config.yaml ($XDG_CONFIG_HOME not set; no home directory ($HOME not set, no user entry))');
  });

  it('an ack in the demo lands and says the action log is not writable, and writes no file anywhere', () => {
    const d = sharedDir();
    const r = asUserWithoutHome(['ack', '--demo', 'alertname=CheckoutHighErrorRate'], {TMPDIR: d});
    expect(r.stderr).not.toContain('unexpected error');
    expect(r.stderr).toContain('action log not writable (no home directory ($HOME not set, no user entry) and $XDG_STATE_HOME not set)');
    expect(r.status).toBe(0);
    expect(existsSync(join(ROOT, '.local'))).toBe(false);
  });
});
