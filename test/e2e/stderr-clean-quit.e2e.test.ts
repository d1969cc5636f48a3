/**
 * `oncall demo 2>>~/oncall-errors.log` (stderr kept in a file on the bastion): quitting with `q`
 * wrote the cursor-show sequence ESC[?25h into the error log (restore-cursor's exit hook), though
 * nothing went wrong and the screen is stdout.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {shellQuote} from '../helpers/tmux.ts';
import {dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';

const launch = tmuxTestHooks();

describe('the dashboard with stderr redirected to a file', () => {
  it('writes nothing to stderr on a clean q', {timeout: 40_000}, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oncall-stderr-'));
    try {
      const err = join(dir, 'err.log');
      const t = await launch(`sh -c ${shellQuote(`${dashboardCommand(['demo'])} 2>${shellQuote(err)}; echo EXIT=$?; sleep 30`)}`, 100, 30, {TERM: 'xterm-256color'});
      await t.waitFor(/SLOs \(10\)/, 20_000);
      await t.keys('q');
      await t.waitFor(/EXIT=0/);
      expect(JSON.stringify(readFileSync(err, 'utf8'))).toBe('""');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
