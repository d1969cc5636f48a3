import {EventEmitter} from 'node:events';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {pagerCommand, runPager, stopPagers} from '../../src/platform/pager.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-pager-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

describe('pagerCommand', () => {
  it('splits $PAGER on whitespace and interprets no shell syntax', () => {
    expect(pagerCommand({PAGER: 'less -R'})).toEqual(['less', '-R']);
    expect(pagerCommand({PAGER: ' most\t-s '})).toEqual(['most', '-s']);
    expect(pagerCommand({PAGER: "less '-R' | cat"})).toEqual(['less', "'-R'", '|', 'cat']);
  });

  it('is null when $PAGER is unset or blank (the dashboard shows the runbook itself)', () => {
    expect(pagerCommand({})).toBeNull();
    expect(pagerCommand({PAGER: ''})).toBeNull();
    expect(pagerCommand({PAGER: ' \t '})).toBeNull();
  });
});

describe('runPager', () => {
  it('runs the command with the absolute file path as its last argument and waits for it', async () => {
    const out = join(dir, 'seen');
    // `sh -c SCRIPT ARG`: the appended path is the script's $0.
    const outcome = await runPager(['sh', '-c', `sleep 0.2; printf %s "$0" > '${out}'`], join(dir, 'Disk Full.md'));
    expect(outcome).toEqual({ok: true});
    expect(await readFile(out, 'utf8')).toBe(join(dir, 'Disk Full.md'));
  });

  it('makes a relative path absolute, so a name starting with - or + is never an option', async () => {
    const out = join(dir, 'seen');
    await runPager(['sh', '-c', `printf %s "$0" > '${out}'`], '-oevil.md');
    expect(await readFile(out, 'utf8')).toBe(resolve('-oevil.md'));
  });

  it('counts any exit as read (quitting a pager with a non-zero code is fine)', async () => {
    expect(await runPager(['sh', '-c', 'exit 3'], join(dir, 'x.md'))).toEqual({ok: true});
  });

  it('says why a pager that cannot start did not run, and never throws', async () => {
    expect(await runPager([join(dir, 'no-such-pager'), '-R'], join(dir, 'x.md'))).toEqual({ok: false, error: `could not start ${join(dir, 'no-such-pager')} (ENOENT)`});
    const nul = await runPager(['less'], 'a\u0000b.md');
    expect(nul.ok).toBe(false);
  });

  it('stops reading the terminal input before the pager starts', async () => {
    const order: string[] = [];
    const spawn = vi.fn(() => {
      order.push('spawn');
      const child = Object.assign(new EventEmitter(), {kill: () => true});
      setImmediate(() => child.emit('exit', 0, null));
      return child;
    });
    await runPager(['less'], join(dir, 'x.md'), {spawn, input: {pause: () => order.push('pause')}});
    expect(order).toEqual(['pause', 'spawn']);
  });

  it('ends a pager still running when the dashboard stops (a SIGTERM must not leave it holding the terminal)', async () => {
    const started = Date.now();
    const outcome = runPager(['sh', '-c', 'sleep 30'], join(dir, 'x.md'));
    // Let it start (runPager waits a turn of the event loop before spawning).
    await new Promise((done) => setTimeout(done, 100));
    stopPagers();
    expect(await outcome).toEqual({ok: true});
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing is left to stop.
    expect(() => stopPagers()).not.toThrow();
  });

  it('lets Ctrl-C reach the pager without the dashboard reacting, and restores SIGINT listeners after', async () => {
    const quit = vi.fn();
    process.on('SIGINT', quit);
    try {
      // The terminal sends SIGINT to the whole foreground group: the pager and the dashboard.
      expect(await runPager(['sh', '-c', `kill -INT ${process.pid}; sleep 0.3`], join(dir, 'x.md'))).toEqual({ok: true});
      expect(quit).not.toHaveBeenCalled();
      expect(process.listeners('SIGINT')).toContain(quit);
    } finally {
      process.off('SIGINT', quit);
    }
  });
});
