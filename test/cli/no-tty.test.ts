/**
 * The dashboard started without a terminal: `ssh bastion oncall` without -t (stdin and stdout are
 * pipes), or `oncall demo | tee log`. It used to write nothing until it ended (Ink's
 * non-interactive mode keeps only the last frame), so the session looked hung with no hint; and
 * when the session went (stdin at EOF, the pipe's reader gone) nothing was ever written, so the
 * process never noticed and kept polling the backends forever. Needs the bundle (`npm run build`).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BUNDLE, needBundle} from '../helpers/built-cli.ts';

let child: ChildProcess | undefined;
let home: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (home) rmSync(home, {recursive: true, force: true});
  home = undefined;
});

/** `node dist/oncall.mjs args…` with every standard stream a pipe. */
function start(args: string[]) {
  needBundle();
  home = mkdtempSync(join(tmpdir(), 'oncall-no-tty-'));
  const c = spawn(process.execPath, [BUNDLE, ...args], {env: {PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'xterm-256color'}, stdio: ['pipe', 'pipe', 'pipe']});
  child = c;
  const out = {stdout: '', stderr: ''};
  c.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  c.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((r) => c.on('exit', (code) => r(code)));
  return {out, exited};
}

describe('the dashboard started without a terminal (ssh host oncall, no -t)', () => {
  for (const args of [['demo'], ['--demo']]) {
    it(`\`oncall ${args.join(' ')}\` says it needs a terminal and how to get one, and exits 2`, {timeout: 20_000}, async () => {
      const s = start(args);
      expect(await s.exited).toBe(2);
      expect(s.out).toEqual({stdout: '', stderr: expect.stringMatching(/^oncall: the dashboard needs a terminal.*ssh -t.*oncall status/)});
    });
  }
});
