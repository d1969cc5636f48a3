import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {TmuxTerminal} from './tmux.ts';

const run = promisify(execFile);

/** The processes whose whole command line is `args`. */
async function running(args: string): Promise<string[]> {
  const {stdout} = await run('ps', ['-eo', 'pid=,args=']);
  return stdout.split('\n').filter((line) => line.trim().replace(/^\d+\s+/, '') === args);
}

describe('TmuxTerminal.kill', () => {
  it('ends a program that script(1) moved into a session of its own, not only the server', async () => {
    // A sleep no other test runs: its argument is unique to this run.
    const seconds = String(300 + (process.pid % 1000));
    const marker = `sleep ${seconds}`;
    const term = await TmuxTerminal.start(`script -q -f -c '${marker}' /dev/null`, 80, 24);
    await expect.poll(() => running(marker), {timeout: 10_000}).toHaveLength(1);
    await term.kill();
    await expect.poll(() => running(marker), {timeout: 10_000}).toEqual([]);
  });
});
