/**
 * The bash completion script as a shell runs it: sourced, then asked to complete the words typed
 * so far, calling the built CLI. A TAB must only print candidates: when the word under the
 * cursor was a whole command, the completion call used to go on and run it (`oncall demo<TAB>`
 * started the dashboard inside the completion subshell and the shell hung).
 */
import {spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BUNDLE, needBundle, runBuiltCli} from '../helpers/built-cli.ts';

// Well under the test's timeout: a completion that runs the dashboard never ends by itself.
const KILL_AFTER_MS = 10_000;

let dir: string;
let script: string;

beforeAll(async () => {
  needBundle();
  dir = mkdtempSync(join(tmpdir(), 'oncall-completion-'));
  // `oncall` on PATH, as the script calls it, without a config (HOME is this directory).
  writeFileSync(join(dir, 'oncall'), `#!/bin/sh\nexec '${process.execPath}' '${BUNDLE}' "$@"\n`);
  chmodSync(join(dir, 'oncall'), 0o755);
  const printed = await runBuiltCli(['completion', 'bash'], {env: {HOME: dir}});
  expect(printed.code).toBe(0);
  script = join(dir, 'completion.bash');
  writeFileSync(script, printed.stdout);
});

afterAll(() => {
  if (dir) rmSync(dir, {recursive: true, force: true});
});

/** What bash offers for `words` with the cursor at the end of the last, and how long it took. */
function complete(words: string[]): Promise<{candidates: string[]; signal: string | null; ms: number}> {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const program = `source '${script}'\nCOMP_WORDS=(${quoted})\nCOMP_CWORD=${words.length - 1}\n_oncall_yargs_completions\nprintf '%s\\n' "\${COMPREPLY[@]}"\n`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', program], {
      env: {PATH: `${dir}:${process.env.PATH}`, LANG: 'C.UTF-8', HOME: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir},
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    // The whole group: a dashboard started by the completion is a grandchild of bash.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, KILL_AFTER_MS);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({candidates: stdout.split('\n').filter((l) => l !== ''), signal, ms: Date.now() - started});
    });
  });
}

describe('bash completion', () => {
  it('completes `oncall demo<TAB>` to the command, without starting the dashboard', {timeout: 30_000}, async () => {
    const r = await complete(['oncall', 'demo']);
    expect(r.signal).toBeNull();
    expect(r.ms).toBeLessThan(KILL_AFTER_MS);
    expect(r.candidates).toEqual(['demo']);
  });

  it('completes `oncall --demo status<TAB>` without printing the status', {timeout: 30_000}, async () => {
    expect((await complete(['oncall', '--demo', 'status'])).candidates).toEqual(['status']);
  });

  it('offers `completion` for `oncall completion<TAB>`, not the lines of the script', {timeout: 30_000}, async () => {
    expect((await complete(['oncall', 'completion'])).candidates).toEqual(['completion']);
  });

  it('offers the commands that start with the word typed', {timeout: 30_000}, async () => {
    expect((await complete(['oncall', 'de'])).candidates.sort()).toEqual(['demo', 'deploys']);
  });
});
