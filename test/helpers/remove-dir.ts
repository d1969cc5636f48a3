import {rmSync} from 'node:fs';

/**
 * Removes a test's temp folder that a process just killed may still be writing into (its action
 * log, its state, a compile cache): `rm -rf` of a folder that fills while it is emptied fails with
 * ENOTEMPTY, so the removal is retried (Node retries ENOTEMPTY, EBUSY and EPERM) for up to ~1 s.
 */
export function removeDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true, maxRetries: 20, retryDelay: 50});
}
