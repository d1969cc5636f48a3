/**
 * Opening a link in the user's browser, only where that can work and is safe: an http(s) URL,
 * a local display, not over SSH. The opener gets the URL as one argument (no shell, so no
 * quoting can go wrong), runs detached with its output ignored, and is never waited for.
 */
import {spawn as nodeSpawn, type SpawnOptions} from 'node:child_process';
import {hasLocalDisplay, isRemoteSession, linkTarget, openerCommand, type SessionEnv} from './terminal-links.ts';

/** The part of `child_process.spawn` used here; injectable so tests can prove nothing is spawned. */
export type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => {unref(): void; on(event: 'error', listener: (error: Error) => void): unknown};

/** The session facts and the spawner. */
export interface OpenUrlDeps {
  env: SessionEnv;
  platform: NodeJS.Platform;
  spawn?: Spawn;
}

/** Whether a browser was asked to open the URL and, if not, why (shown to the user). */
export interface OpenUrlResult {
  opened: boolean;
  reason: string;
}

/**
 * Opens `url` with the platform opener, or says why not. Never spawns over SSH, without a
 * local display, on a platform without a shell-free opener, or for anything but http(s).
 */
export function openUrl(url: string, deps: OpenUrlDeps): OpenUrlResult {
  const target = linkTarget(url);
  if (target === null) return {opened: false, reason: 'not an http(s) link'};
  if (isRemoteSession(deps.env)) return {opened: false, reason: 'remote session (SSH): no browser here; use the link or copy it'};
  if (!hasLocalDisplay(deps.env, deps.platform)) return {opened: false, reason: 'no display to open a browser on; use the link or copy it'};
  const opener = openerCommand(deps.platform);
  if (opener === null) return {opened: false, reason: `no opener on ${deps.platform}; use the link or copy it`};
  const [command, ...args] = opener as [string, ...string[]];
  try {
    const child = (deps.spawn ?? nodeSpawn)(command, [...args, target], {detached: true, stdio: 'ignore', shell: false});
    // A missing opener reports ENOENT asynchronously; it must not crash the dashboard.
    child.on('error', () => {});
    child.unref();
  } catch (error) {
    return {opened: false, reason: `${command} failed: ${error instanceof Error ? error.message : String(error)}`};
  }
  return {opened: true, reason: `opened with ${command}`};
}
