/**
 * Real Prometheus and Alertmanager for integration tests. Missing binaries make the calling
 * test file FAIL with install instructions: a silently skipped integration suite would let a
 * broken adapter through CI.
 */
import {findBinaries, startBackends, type Backends, type BackendsOptions} from '../../scripts/backends.ts';

export {INSTALL_HINT} from '../../scripts/backends.ts';
export type {Backends, BackendsOptions};

/** Starts the backends for one test file; throws with install instructions when binaries are missing. */
export async function startTestBackends(options: BackendsOptions = {}): Promise<Backends> {
  findBinaries();
  return startBackends({interval: '1s', ...options});
}

/**
 * Calls `read` until `done` holds for its result, at most `timeoutMs`; returns the last result.
 * Throws with `what` and the last result when it never holds.
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** Posts one alert straight to Alertmanager (visible at once), firing since a minute ago for half an hour. */
export async function postAlert(alertmanagerUrl: string, labels: Record<string, string>, annotations: Record<string, string> = {}): Promise<void> {
  const now = Date.now();
  const res = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify([{labels, annotations, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 30 * 60_000).toISOString()}]),
  });
  if (res.status !== 200) throw new Error(`POST /api/v2/alerts answered ${res.status}`);
}
