/**
 * Runs the built CLI (`dist/oncall.mjs`, which `npm test` builds first) as a user would, in a
 * child process with only the environment given, and collects what it printed.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';

/** The launcher of the bundle. */
export const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'oncall.mjs');

/** Throws a clear message when the bundle was not built. */
export function needBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first');
}

/**
 * Runs `node [nodeArgs] dist/oncall.mjs args` with `env` (PATH and a UTF-8 `LANG` added, which
 * `env` may override) and resolves with its exit code and output.
 */
export function runBuiltCli(args: string[], opts: {env: Record<string, string>; nodeArgs?: string[]}): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BUNDLE, ...args], {env: {PATH: process.env.PATH, LANG: 'C.UTF-8', ...opts.env}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}
