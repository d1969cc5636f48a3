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
  result: {data?: {outcome: SourceOutcome} | undefined; dataUpdatedAt: number},
  failure: FailedAttempt | null,
  live: Liveness,
): SourceHealth {
  const updatedAt = result.dataUpdatedAt || null;
  if (failure) return failedHealth(source, failure.error, updatedAt, live);
  if (result.data) return toHealth(result.data.outcome, updatedAt, live);
  return pendingHealth(source);
}
