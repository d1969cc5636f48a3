import type {SpawnOptions} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {describe, expect, it, vi} from 'vitest';
import {openUrl, type Spawn} from '../../src/platform/open-url.ts';

/** A spawn whose child starts (or, given `error`, fails to) on the next tick, as Node's does. */
function fakeSpawn(error?: Error & {code?: string}) {
  const calls: Array<{command: string; args: readonly string[]; options: SpawnOptions}> = [];
  const unref = vi.fn();
  const spawn: Spawn = vi.fn((command: string, args: readonly string[], options: SpawnOptions) => {
    calls.push({command, args, options});
    const child = Object.assign(new EventEmitter(), {unref});
    process.nextTick(() => (error ? child.emit('error', error) : child.emit('spawn')));
    return child;
  });
  return {spawn, calls, unref};
}

const URL_ = 'https://runbooks.example.com/checkout';

describe('openUrl', () => {
  it('spawns nothing over SSH, even with a display, and says why', async () => {
    const f = fakeSpawn();
    expect(await openUrl(URL_, {env: {SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', DISPLAY: ':0'}, platform: 'linux', spawn: f.spawn})).toEqual({
      opened: false,
      reason: 'remote session (SSH): no browser here; use the link or copy it',
    });
    expect((await openUrl(URL_, {env: {SSH_TTY: '/dev/pts/3'}, platform: 'darwin', spawn: f.spawn})).opened).toBe(false);
    expect(f.spawn).not.toHaveBeenCalled();
  });

  it('spawns nothing without a display or an opener', async () => {
    const f = fakeSpawn();
    expect(await openUrl(URL_, {env: {}, platform: 'linux', spawn: f.spawn})).toEqual({opened: false, reason: 'no display to open a browser on; use the link or copy it'});
    expect((await openUrl(URL_, {env: {}, platform: 'win32', spawn: f.spawn})).opened).toBe(false);
    expect(f.spawn).not.toHaveBeenCalled();
  });

  it('spawns nothing for a URL that is not http(s)', async () => {
    const f = fakeSpawn();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', '-a Calculator', 'ssh://host', '']) {
      expect(await openUrl(url, {env: {DISPLAY: ':0'}, platform: 'linux', spawn: f.spawn})).toEqual({opened: false, reason: 'not an http(s) link'});
    }
    expect(f.spawn).not.toHaveBeenCalled();
  });

  it('opens with the platform opener: URL as one argument, no shell, detached, output ignored', async () => {
    const f = fakeSpawn();
    expect(await openUrl(URL_, {env: {DISPLAY: ':0'}, platform: 'linux', spawn: f.spawn})).toEqual({opened: true, reason: 'opened with xdg-open'});
    expect(await openUrl(`${URL_}?q=$(reboot);x`, {env: {}, platform: 'darwin', spawn: f.spawn})).toEqual({opened: true, reason: 'opened with open'});
    expect(f.calls).toEqual([
      {command: 'xdg-open', args: [URL_], options: {detached: true, stdio: 'ignore', shell: false}},
      {command: 'open', args: [`${URL_}?q=$(reboot);x`], options: {detached: true, stdio: 'ignore', shell: false}},
    ]);
    expect(f.unref).toHaveBeenCalledTimes(2);
  });

  it('says it could not start an opener that is not installed: Node reports ENOENT only after spawn() returns', async () => {
    const f = fakeSpawn(Object.assign(new Error('spawn xdg-open ENOENT'), {code: 'ENOENT'}));
    expect(await openUrl(URL_, {env: {DISPLAY: ':0'}, platform: 'linux', spawn: f.spawn})).toEqual({opened: false, reason: 'could not start xdg-open (ENOENT)'});
    expect(f.unref).toHaveBeenCalledTimes(1);
  });

  it('reports a spawn that throws instead of crashing', async () => {
    const spawn: Spawn = () => {
      throw new Error('EAGAIN');
    };
    expect(await openUrl(URL_, {env: {DISPLAY: ':0'}, platform: 'linux', spawn})).toEqual({opened: false, reason: 'could not start xdg-open (EAGAIN)'});
  });
});
