/**
 * BENCHMARKS.md: the bench "Needs Linux (/proc) and python3" (the pty relay is a Python script).
 * Without python3 on PATH, `npm run bench` and the diagnostics that run the dashboard in a pty
 * died on an unhandled 'error' event with a Node stack trace. They must say python3 is missing in
 * one line and exit 2, as the benchmarks that need Prometheus do.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const home = mkdtempSync(join(tmpdir(), 'oncall-bench-prereq-'));
const bin = join(home, 'bin');
mkdirSync(bin);
// A PATH with node and nothing else: no python3.
symlinkSync(process.execPath, join(bin, 'node'));
afterAll(() => rmSync(home, {recursive: true, force: true}));

function bench(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [TSX, join(ROOT, 'bench', script), ...args], {cwd: ROOT, env: {PATH: bin, HOME: home}, encoding: 'utf8', timeout: 50_000});
}

describe('a benchmark run without python3', () => {
  it.each([
    ['run.ts', '--runs', '1', '--window', '1'],
    ['idle-frames.ts', '--window', '1'],
  ])('%s says python3 is missing, in one line, and exits 2', (script, ...args) => {
    const res = bench(script, ...args);
    const lines = res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('measuring '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^python3 not found on PATH: /);
    expect(res.status).toBe(2);
  });
});
