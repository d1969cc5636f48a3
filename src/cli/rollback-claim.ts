/**
 * The action log's claim for a rollback (`ClaimRollback` of `queries/rollback-queries.ts`), as
 * `oncall rollback` and the dashboard both take it: once the attempt is written, the log read
 * again and judged against what the check before the confirmation saw, by the log's own order
 * (`domain/rollback-claim.ts`).
 */
import {rollbackClaimRefusal} from '../domain/rollback-claim.ts';
import {readActionLogChecked} from '../platform/action-log.ts';
import {RollbackRefused, type LogClaimer} from '../queries/rollback-queries.ts';

/**
 * The claimer of the log at `path` (null: no place, nothing to read: the first check could not
 * read it either, and the attempt is answered as not logged). `now`: the runtime's clock, as the
 * first check used.
 */
export function logClaimer(path: string | null, now: () => number): LogClaimer {
  return async (context, plan, seen, claimId) => {
    if (path === null) return;
    const read = await readActionLogChecked(path).catch((error: unknown) => ({error: error instanceof Error ? error.message : String(error)}));
    const refusal = rollbackClaimRefusal(read, {context, service: plan.service, environment: plan.environment}, now(), seen, claimId);
    if (refusal !== null) throw new RollbackRefused(refusal);
  };
}
