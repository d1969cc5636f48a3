import {existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {lockActionLog, lockPath} from '../../src/platform/action-log-lock.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oncall-lock-'))));
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('the action log lock', () => {
  it('is exclusive: a second taker waits until the first releases', async () => {
    const log = join(dir, 'state', 'actions.jsonl');
    const first = await lockActionLog(log);
    expect(existsSync(lockPath(log))).toBe(true);
    let second = false;
    const waiting = lockActionLog(log).then((release) => ((second = true), release));
    await new Promise((r) => setTimeout(r, 100));
    expect(second).toBe(false);
    await first();
    const release = await waiting;
    expect(second).toBe(true);
    await release();
    expect(existsSync(lockPath(log))).toBe(false);
  });

  it('breaks a lock left by a process that is gone, or one too old; gives up on a live one, naming it', async () => {
    const log = join(dir, 'actions.jsonl');
    writeFileSync(lockPath(log), JSON.stringify({pid: 2 ** 22 + 12345, host: hostname(), at: Date.now()}));
    await (await lockActionLog(log, {waitMs: 200}))();
    writeFileSync(lockPath(log), JSON.stringify({pid: process.pid, host: 'elsewhere', at: Date.now() - 60_000}));
    utimesSync(lockPath(log), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await (await lockActionLog(log, {waitMs: 200}))();
    writeFileSync(lockPath(log), JSON.stringify({pid: process.pid, host: hostname(), at: Date.now()}));
    await expect(lockActionLog(log, {waitMs: 100})).rejects.toThrow(/locked by process \d+ on .* remove that file/);
  });
});
