/**
 * README "On a bastion host": the install steps on a fresh account. `mv oncall-linux-x64
 * ~/bin/oncall` failed where there is no ~/bin (the usual fresh bastion account), and Debian's
 * and Ubuntu's ~/.profile put ~/bin on PATH only when it existed at login, so the next line,
 * `oncall demo`, said "command not found".
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const README = join(import.meta.dirname, '..', '..', 'README.md');

/** The README's shell lines from the install (`mv oncall-linux-x64`) up to `oncall demo`, comments cut. */
function installLines(): string[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes('mv oncall-linux-x64'));
  const to = lines.findIndex((l, i) => i > from && l.startsWith('oncall demo'));
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  return lines.slice(from, to + 1).map((l) => l.replace(/\s+#.*$/, ''));
}

describe('README bastion install steps on a fresh account', () => {
  it('install, then `oncall demo`, work on an account without ~/bin', () => {
    const home = mkdtempSync(join(tmpdir(), 'oncall-fresh-home-'));
    const work = mkdtempSync(join(tmpdir(), 'oncall-scp-'));
    try {
      // A stand-in for the executable that scp brought.
      writeFileSync(join(work, 'oncall-linux-x64'), '#!/bin/sh\necho "ran $*"\n');
      const r = spawnSync('/bin/sh', ['-ec', installLines().join('\n')], {cwd: work, encoding: 'utf8', env: {PATH: '/usr/bin:/bin', HOME: home}});
      expect({code: r.status, stdout: r.stdout, stderr: r.stderr}).toEqual({code: 0, stdout: 'ran demo\n', stderr: ''});
    } finally {
      rmSync(home, {recursive: true, force: true});
      rmSync(work, {recursive: true, force: true});
    }
  });
});
