/** The health of a pane fed by one source through one query: the shape SLOs, deploys and panels share. */
import type {SourceHealth, SourceKind} from '../../domain/health.ts';
import type {FailedAttempt} from '../../queries/last-failure.ts';
import {failedHealth, pendingHealth, toHealth, type Liveness, type SourceOutcome} from '../../queries/source-outcome.ts';

/**
 * Failed from the latest failed attempt on (with the age of the last good data), ok after an
 * answer, pending before either.
 */
export function singleSourceHealth(
  source: {name: string; kind: SourceKind},
  result: {data?: {outcome: SourceOutcome; at: number} | undefined},
  failure: FailedAttempt | null,
  live: Liveness,
): SourceHealth {
  // The read's own time, by the runtime's clock (which follows the backends'), not query-core's
  // `dataUpdatedAt`, which is this machine's: with its clock off the two differ by the skew.
  const updatedAt = result.data?.at ?? null;
  if (failure) return failedHealth(source, failure.error, updatedAt, live);
  if (result.data) return toHealth(result.data.outcome, updatedAt, live);
  return pendingHealth(source, live.askedSince ?? null);
}
