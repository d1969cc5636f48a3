/**
 * Opening a link in the user's browser, only where that can work and is safe: an http(s) URL,
 * a local display, not over SSH. The opener gets the URL as one argument (no shell, so no
 * quoting can go wrong), runs detached with its output ignored, and is waited for only until it
 * has started (or failed to), never until it exits.
 */
import {spawn as nodeSpawn, type SpawnOptions} from 'node:child_process';
import {hasLocalDisplay, isRemoteSession, linkTarget, openerCommand, type SessionEnv} from './terminal-links.ts';

/** The child as `openUrl` watches it: it emits `spawn` once started, `error` when it could not start. */
export interface SpawnedChild {
  unref(): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of `child_process.spawn` used here; injectable so tests can prove nothing is spawned. */
export type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => SpawnedChild;

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
export async function openUrl(url: string, deps: OpenUrlDeps): Promise<OpenUrlResult> {
  const target = linkTarget(url);
  if (target === null) return {opened: false, reason: 'not an http(s) link'};
  if (isRemoteSession(deps.env)) return {opened: false, reason: 'remote session (SSH): no browser here; use the link or copy it'};
  if (!hasLocalDisplay(deps.env, deps.platform)) return {opened: false, reason: 'no display to open a browser on; use the link or copy it'};
  const opener = openerCommand(deps.platform);
  if (opener === null) return {opened: false, reason: `no opener on ${deps.platform}; use the link or copy it`};
  const [command, ...args] = opener as [string, ...string[]];
  let child: SpawnedChild;
  try {
    child = (deps.spawn ?? nodeSpawn)(command, [...args, target], {detached: true, stdio: 'ignore', shell: false});
  } catch (error) {
    return {opened: false, reason: couldNotStart(command, error)};
  }
  // A missing opener (ENOENT) is reported by an `error` event after spawn() returns, and only
  // `spawn` says it started: "opened" before either would claim a tab that never appears. The
  // `error` listener stays, so a later error cannot crash the dashboard either.
  const failed = await new Promise<Error | null>((settle) => {
    child.on('spawn', () => settle(null));
    child.on('error', (error) => settle(error));
  });
  child.unref();
  return failed ? {opened: false, reason: couldNotStart(command, failed)} : {opened: true, reason: `opened with ${command}`};
}

/** Why `command` did not start, in words for the footer: its error code (`ENOENT`), else its message. */
function couldNotStart(command: string, error: unknown): string {
  const code = (error as {code?: unknown} | null)?.code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return `could not start ${command} (${why})`;
}
