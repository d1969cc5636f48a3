/**
 * The end of the dashboard: what must be on disk before the process may go. An ack or unack
 * still in flight when the screen closes records its outcome when its request ends; a process
 * that exits before (its terminal gone, nothing keeps it) would leave the log with an attempt
 * and no outcome, which reads as "may have landed" forever.
 */
import type {QueryClient} from '@tanstack/query-core';

/** How often the actions in flight are looked at while waiting for them. */
const POLL_MS = 50;

/**
 * Resolves once no action (ack, unack, rollback dispatch) is in flight and every entry recorded
 * is written. Each action ends by its own timeouts, so the wait is bounded by theirs.
 */
export async function settleActions(
  client: Pick<QueryClient, 'isMutating'>,
  log: {drain(): Promise<void>},
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  while (client.isMutating() > 0) await sleep(POLL_MS);
  await log.drain();
}
