/**
 * A lock beside the action log (`actions.jsonl.lock`), held by a process only from reading the
 * log for rollbacks of a target to writing its own rollback's attempt: milliseconds. The log is
 * a record every process appends to; without the lock two rollbacks confirmed at the same moment
 * both read "nothing open" and both sent. The lock is a file created with O_EXCL (atomic on a
 * local file system), naming its holder: a lock whose process is gone (on this host), or older
 * than {@link STALE_LOCK_MS} (a process on another host sharing the home, a frozen one), is
 * broken, so a crash never blocks every later rollback.
 */
import {hostname} from 'node:os';
import {mkdir, open, readFile, stat, unlink} from 'node:fs/promises';
import {dirname} from 'node:path';

/** Past this age a lock is taken to be left behind (its holder needs milliseconds). */
export const STALE_LOCK_MS = 30_000;

/** How long to wait for a live holder before giving up (and refusing to send). */
export const LOCK_WAIT_MS = 10_000;

/** Releases a lock; never rejects. */
export type ReleaseLock = () => Promise<void>;

/** The lock's path for the log at `path`. */
export const lockPath = (path: string): string => `${path}.lock`;

interface Holder {
  pid: number;
  host: string;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as {code?: unknown}).code === 'EPERM';
  }
}

async function holderOf(path: string): Promise<Holder | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.at === 'number') return {pid: value.pid, host: value.host, at: value.at};
  } catch {
    // Being written, or unreadable: judged by the file's age below.
  }
  return null;
}

// Whether the lock at `path` is left behind: its holder gone, or it is too old to be held.
async function stale(path: string, now: number): Promise<boolean> {
  const holder = await holderOf(path);
  if (holder !== null && holder.host === hostname() && !alive(holder.pid)) return true;
  try {
    const {mtimeMs} = await stat(path);
    return now - Math.min(mtimeMs, holder?.at ?? mtimeMs) > STALE_LOCK_MS;
  } catch {
    // Gone meanwhile: not stale, just free; the next try takes it.
    return false;
  }
}

/**
 * Takes the lock of the log at `path`, waiting (polling) while a live process holds it. Rejects
 * when it is still held after `waitMs`, naming the holder. A lock that cannot be created for any
 * other reason (no directory can be made, a read-only file system) is not taken and not waited
 * for: the attempt's own write then fails, and that is said and decided where it always was.
 */
export async function lockActionLog(path: string, opts: {waitMs?: number} = {}): Promise<ReleaseLock> {
  const file = lockPath(path);
  const deadline = Date.now() + (opts.waitMs ?? LOCK_WAIT_MS);
  try {
    await mkdir(dirname(path), {recursive: true, mode: 0o700});
  } catch {
    return async () => {};
  }
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({pid: process.pid, host: hostname(), at: Date.now()}));
      } finally {
        await handle.close();
      }
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as {code?: unknown}).code !== 'EEXIST') return async () => {};
    }
    if (await stale(file, Date.now())) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = await holderOf(file);
      const who = holder ? `process ${holder.pid} on ${holder.host} since ${new Date(holder.at).toISOString()}` : 'another process';
      throw new Error(`the action log is locked by ${who} (${file}); if no oncall is running, remove that file`);
    }
    await sleep(20);
  }
}
