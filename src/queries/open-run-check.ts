/**
 * Asks the rollback provider about logged runs with no outcome that a later successful rollback
 * superseded (`supersededRuns`): such a run stops counting as open only on the provider's word.
 * A run still queued may yet start after that success and roll back again, so it is never
 * assumed to have ended; a run that cannot be read (no run reads, a failed read) stays open, and
 * so does one the provider has not found yet (a stand-in id, answered as queued or unknown).
 */
import type {OpenRollback} from '../domain/open-rollbacks.ts';
import {isRunFinished} from '../domain/rollback-plan.ts';
import type {ContextServices} from '../sources/capabilities.ts';

/**
 * The run ids among `runs` whose provider (the context's rollback provider) now says they
 * finished, whichever way. Never rejects: a read that fails leaves its run out (still open).
 */
export async function endedRuns(services: ContextServices, runs: readonly OpenRollback[]): Promise<Set<string>> {
  const watcher = services.rollbacker?.capabilities;
  const ended = new Set<string>();
  if (!watcher?.getRun) return ended;
  // The earliest logged start of each run: a run not found yet is searched for from there on.
  const loggedAt = new Map<string, number>();
  for (const r of runs) if (r.runId !== null) loggedAt.set(r.runId, Math.min(r.at, loggedAt.get(r.runId) ?? r.at));
  const answers = await Promise.allSettled([...loggedAt].map(async ([id, at]) => ({id, run: await watcher.getRun!(id, {loggedAt: at})})));
  for (const answer of answers) if (answer.status === 'fulfilled' && isRunFinished(answer.value.run.status)) ended.add(answer.value.id);
  return ended;
}
