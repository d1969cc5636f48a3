/**
 * The action log's claim for a rollback (`ClaimRollback` of `queries/rollback-queries.ts`), as
 * `oncall rollback` and the dashboard both take it: the log's lock, then the log read again and
 * judged against what the check before the confirmation saw (`domain/rollback-claim.ts`).
 */
import {rollbackClaimRefusal} from '../domain/rollback-claim.ts';
import {lockActionLog} from '../platform/action-log-lock.ts';
import {readActionLogChecked} from '../platform/action-log.ts';
import {RollbackRefused, type LogClaimer} from '../queries/rollback-queries.ts';

/**
 * The claimer of the log at `path` (null: no place, nothing to lock or read: the first check
 * could not read it either, and the attempt is answered as not logged). `now`: the runtime's clock,
 * as the first check used.
 */
export function logClaimer(path: string | null, now: () => number): LogClaimer {
  return async (context, plan, seen) => {
    if (path === null) return {release: async () => {}};
    let release;
    try {
      release = await lockActionLog(path);
    } catch (error) {
      throw new RollbackRefused(error instanceof Error ? error.message : String(error));
    }
    try {
      const read = await readActionLogChecked(path).catch((error: unknown) => ({error: error instanceof Error ? error.message : String(error)}));
      const refusal = rollbackClaimRefusal(read, {context, service: plan.service, environment: plan.environment}, now(), seen);
      if (refusal !== null) throw new RollbackRefused(refusal);
    } catch (error) {
      await release();
      throw error;
    }
    return {release};
  };
}
