/** Polling of the deploy history of a context. */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {Deploy} from '../domain/deploy.ts';
import {mayHideDeploy, type ContextServices} from '../sources/capabilities.ts';
import {recordingFailures} from './last-failure.ts';
import {alignedInterval, pollRetryDelay} from './query-client.ts';
import type {SourceOutcome} from './source-outcome.ts';

/** What the deploy pane shows: recent deploys, newest first. */
export interface DeploySnapshot {
  deploys: Deploy[];
  at: number;
  outcome: SourceOutcome;
}

/** Query key of a context's deploys; invalidate it after a rollback. */
export const deployKey = (context: string) => ['deploys', context] as const;

/** Options to poll the deploy history. */
export function deployQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number},
): QueryObserverOptions<DeploySnapshot, Error, DeploySnapshot, DeploySnapshot, ReturnType<typeof deployKey>> {
  const source = services.deploySource;
  return {
    queryKey: deployKey(services.context),
    enabled: source !== null,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    retryDelay: pollRetryDelay(opts.intervalMs),
    queryFn: recordingFailures(async () => {
      if (!source) throw new Error('no deploy source configured');
      const at = opts.now();
      const {value, warnings, partial, readSince, hiding} = await source.capabilities.listDeploys();
      const deploys = [...value].sort((a, b) => b.startedAt - a.startedAt);
      // A history that does not reach back as far as needed is read in part: never "no deploy" before it.
      // A deploy provider warns only of what it left out (skipped entries, bad shas, a page it could
      // not read): read in part too, the entry left out may be the suspect. Said once, here, so the
      // header's `◐`, `status` and `oncall deploys` agree.
      const inPart = [...new Set([...(partial ?? []), ...warnings])];
      // Of those, the ones that may hide a deploy (the provider says which): only they make a
      // rollback's "from → to" doubtful (`oncall rollback`, `R`'s preview).
      // A provider that does not say which: every warning may (see DeployGaps).
      const gaps = mayHideDeploy({warnings, ...(hiding === undefined ? {} : {hiding})});
      return {deploys, at, outcome: {name: source.name, kind: source.kind, ok: true, error: null, warnings, ...(inPart.length > 0 ? {partial: inPart} : {}), ...(gaps.length > 0 ? {hiding: gaps} : {}), ...(readSince === undefined ? {} : {readSince})}};
    }, opts.now),
  };
}
