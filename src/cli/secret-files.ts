/**
 * A secret file read again when it changes. A Kubernetes projected service-account token or a
 * Vault agent's file is rotated under a running process; Prometheus re-reads its
 * `bearer_token_file` per request, and a dashboard left open through an incident must too, or
 * every source answers 401 once the old token expires. One `stat` per request tells whether it
 * changed (a projected volume swaps a symlink: the inode and time change), and only then is the
 * file read.
 */
import {readFileSync, statSync} from 'node:fs';

// What tells one version of the file from the next; null when it cannot be looked at now.
function stampOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * A getter for the secret in `path`, starting from `first` (its value as read at start). When the
 * file changes it is read again; a read that fails or finds it empty (an agent mid-write, a
 * volume being swapped) keeps the last good value, and the next request reads it again.
 */
export function rereadingSecretFile(path: string, first: string): () => string {
  let value = first;
  let stamp = stampOf(path);
  return () => {
    const now = stampOf(path);
    if (now === null || now === stamp) return value;
    try {
      const read = readFileSync(path, 'utf8').trim();
      if (read !== '') {
        value = read;
        stamp = now;
      }
    } catch {
      // Kept: the last good value is still the best guess, and the next request looks again.
    }
    return value;
  };
}
