/**
 * A real Alertmanager loaded with the benchmark's alerts (alerts-data.ts), and the churn of a
 * large cluster's outage: every `everyMs` a slice of the alerts resolves (POSTed again with
 * `endsAt` = now) and the slice resolved one step earlier returns (POSTed with a fresh
 * `startsAt`), so each poll sees a few hundred alerts gone and a few hundred back.
 */
import type {PostableAlert} from './alerts-data.ts';

async function post(url: string, alerts: readonly PostableAlert[]): Promise<void> {
  for (let i = 0; i < alerts.length; i += 500) {
    const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(alerts.slice(i, i + 500))});
    if (res.status !== 200) throw new Error(`POST /api/v2/alerts: HTTP ${res.status}`);
    await res.arrayBuffer();
  }
}

/** Posts `alerts` and waits until `GET /api/v2/alerts` lists them all; resolves with the body's bytes. */
export async function loadAlerts(url: string, alerts: readonly PostableAlert[]): Promise<number> {
  await post(url, alerts);
  for (let waited = 0; ; waited += 200) {
    const text = await (await fetch(`${url}/api/v2/alerts`)).text();
    const count = (JSON.parse(text) as unknown[]).length;
    if (count === alerts.length) return Buffer.byteLength(text);
    if (waited > 30_000) throw new Error(`Alertmanager holds ${count} of ${alerts.length} alerts after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A running churn; `stop()` waits for a step in flight. */
export interface Churn {
  /** Steps done so far. */
  steps(): number;
  stop(): Promise<void>;
}

/**
 * Every `everyMs`, resolves the next `fraction` of `alerts` (walking through them in order) and
 * brings back the slice resolved the step before.
 */
export function startChurn(url: string, alerts: readonly PostableAlert[], opts: {fraction: number; everyMs: number; onError: (error: Error) => void}): Churn {
  const size = Math.max(1, Math.round(alerts.length * opts.fraction));
  let step = 0;
  let previous: PostableAlert[] = [];
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const now = Date.now();
    const start = (step * size) % alerts.length;
    const slice = alerts.slice(start, start + size);
    const resolved = slice.map((a) => ({...a, endsAt: new Date(now).toISOString()}));
    const back = previous.map((a) => ({...a, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 4 * 3600_000).toISOString()}));
    await post(url, [...resolved, ...back]);
    previous = slice;
    step++;
  };
  const timer = setInterval(() => {
    running = running.then(tick).catch((error: unknown) => opts.onError(error as Error));
  }, opts.everyMs);
  return {
    steps: () => step,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
