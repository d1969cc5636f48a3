/**
 * The benchmarks that type into the dashboard (soak, contexts, alerts) check python3 (and alerts
 * also amtool) with the Prometheus binaries, before any server starts: without python3 they used
 * to start Alertmanager, load the alerts, and then print about 55 lines (a blank screen dump);
 * without amtool, alerts.bench.ts said only `spawn amtool ENOENT`.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const home = mkdtempSync(join(tmpdir(), 'oncall-bench-upfront-'));
afterAll(() => rmSync(home, {recursive: true, force: true}));

// A PATH with node and stand-ins for `tools`: the check looks for them and must fail before
// running any (a stand-in that runs would fail with some other message).
function pathWith(name: string, tools: string[]): string {
  const bin = join(home, name);
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of tools) {
    writeFileSync(join(bin, tool), '#!/bin/sh\nexit 1\n');
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

const SERVERS = ['prometheus', 'promtool', 'prometheus-alertmanager'];
const noPython = pathWith('no-python', [...SERVERS, 'amtool']);
const noAmtool = pathWith('no-amtool', [...SERVERS, 'python3']);

function bench(path: string, script: string, ...args: string[]) {
  const res = spawnSync(process.execPath, [TSX, join(ROOT, 'bench', script), '--no-build', ...args], {cwd: ROOT, env: {PATH: path, HOME: home}, encoding: 'utf8', timeout: 25_000});
  return {status: res.status, lines: res.stderr.split('\n').filter((l) => l.trim() !== '')};
}

describe('a typing benchmark checks its tools up front', () => {
  it.each([['soak.bench.ts'], ['contexts.bench.ts'], ['alerts.bench.ts', '--only', 'keys']])('%s without python3 says so in one line and exits 2', (script, ...args) => {
    const res = bench(noPython, script, ...args);
    expect(res.lines).toHaveLength(1);
    expect(res.lines[0]).toMatch(/^python3 not found on PATH: /);
    expect(res.status).toBe(2);
  });

  it('alerts.bench.ts without amtool names it in one line and exits 2', () => {
    const res = bench(noAmtool, 'alerts.bench.ts', '--only', 'fetch');
    expect(res.lines).toHaveLength(1);
    expect(res.lines[0]).toMatch(/^amtool not found on PATH: /);
    expect(res.status).toBe(2);
  });
});
