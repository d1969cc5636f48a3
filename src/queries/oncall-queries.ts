/**
 * Who is on call, polled on a cadence of its own: on-call changes at handovers, minutes or hours
 * apart, so it is read every few minutes (config `refresh.oncalls`), not with every alert poll,
 * and the answer is cached between reads. A source that fails keeps its last on-calls, marked
 * with the time of its last good answer, so the header can say how old what it shows is.
 */
import type {Query, QueryObserverOptions} from '@tanstack/query-core';
import type {Oncall} from '../domain/incident.ts';
import type {OncallGap} from '../domain/oncall-coverage.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {recordingFailures} from './last-failure.ts';
import {alignedInterval, pollRetryDelay} from './query-client.ts';
import {AllSourcesFailed, describeFailure, type SourceOutcome} from './source-outcome.ts';

/** The default cadence of the on-call read: five minutes. */
export const ONCALL_INTERVAL_MS = 5 * 60_000;

/**
 * How soon the on-calls are read again after a read that some source failed: the alert poll's
 * default cadence. Else a PagerDuty that failed once would read "unavailable" on the on-call line
 * for up to five minutes while the header, polling its incidents, already shows it back.
 */
export const ONCALL_RETRY_MS = 15_000;

/** The poll's next delay: the aligned cadence, or sooner while the last read missed a source. */
function oncallInterval(intervalMs: number | false, now: () => number): false | ((query: Query<OncallSnapshot, Error, OncallSnapshot, ReturnType<typeof oncallKey>>) => number) {
  const aligned = alignedInterval(intervalMs, now);
  if (aligned === false) return false;
  return (query) => {
    const missed = query.state.status === 'error' || query.state.data?.outcomes.some((o) => !o.ok) === true;
    return missed ? Math.min(ONCALL_RETRY_MS, aligned()) : aligned();
  };
}

/** What the on-call read found: every source's on-calls, and what each source answered. */
export interface OncallSnapshot {
  oncalls: Oncall[];
  at: number;
  /** Per source, with the time of its last good answer (`updatedAt`). */
  outcomes: SourceOutcome[];
  /**
   * Per source, what it could not see (services not found, a cut list), from the same answer as
   * its on-calls: the line says "unknown" there, never "nobody". Absent: nothing said.
   */
  gaps?: Array<OncallGap & {source: string}>;
}

/** Query key of a context's on-calls. */
export const oncallKey = (context: string) => ['oncalls', context] as const;

/** The alert sources of a context that can tell who is on call. */
export function oncallSources(services: ContextServices): ContextServices['alertSources'] {
  return services.alertSources.filter((s) => typeof s.capabilities.listOncalls === 'function');
}

/**
 * Options to read every source's on-calls in parallel. One failing keeps its last answer; only
 * when all fail does the query fail (query-core then keeps the last snapshot as `data`). Each
 * failed attempt is recorded (`lastFailureOptions(oncallKey(context))`) as it happens.
 */
export function oncallQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number},
): QueryObserverOptions<OncallSnapshot, Error, OncallSnapshot, OncallSnapshot, ReturnType<typeof oncallKey>> {
  const sources = oncallSources(services);
  return {
    queryKey: oncallKey(services.context),
    enabled: sources.length > 0,
    refetchInterval: oncallInterval(opts.intervalMs, opts.now),
    // Polling, a failed read is read again within ONCALL_RETRY_MS anyway: query-core's retries
    // would only hold the failure out of `error` (up to three timeouts and their delays) while
    // the line went on reading "reading…" or showing the old names unmarked. Paused (the past),
    // nothing reads again, so the retries stay.
    ...(opts.intervalMs === false ? {retryDelay: pollRetryDelay(opts.intervalMs)} : {retry: 0}),
    // Cached: a re-render, a refocus or a context switch back does not read again before the next poll.
    staleTime: opts.intervalMs === false ? 0 : opts.intervalMs,
    // Recorded per attempt: a re-read of a source never read clears query-core's `error` while it
    // runs, and the line must not go back to "reading…" for each.
    queryFn: recordingFailures(async ({client, queryKey}) => {
      const at = opts.now();
      const previous = client.getQueryData<OncallSnapshot>(queryKey);
      const settled = await Promise.allSettled(sources.map((s) => s.capabilities.listOncalls!.call(s.capabilities)));
      const outcomes: SourceOutcome[] = settled.map((r, i) => {
        const s = sources[i]!;
        if (r.status === 'fulfilled') return {name: s.name, kind: s.kind, ok: true, error: null, warnings: r.value.warnings, updatedAt: at};
        return {name: s.name, kind: s.kind, ok: false, error: describeFailure(r.reason), warnings: [], updatedAt: previous?.outcomes.find((o) => o.name === s.name)?.updatedAt ?? null};
      });
      if (outcomes.every((o) => !o.ok)) throw new AllSourcesFailed(outcomes);
      const oncalls = settled.flatMap((r, i) => {
        if (r.status === 'fulfilled') return r.value.value;
        // Keep what a failed source said last: the header marks it with its age.
        const name = sources[i]!.name;
        return previous?.oncalls.filter((o) => o.source === name) ?? [];
      });
      const gaps = settled.flatMap((r, i) => {
        const source = sources[i]!.name;
        if (r.status === 'rejected') return previous?.gaps?.filter((g) => g.source === source) ?? [];
        const {services, unknownServices, incomplete} = r.value;
        return [{source, ...(services ? {services} : {}), ...(unknownServices ? {unknownServices} : {}), ...(incomplete !== undefined ? {incomplete} : {})}];
      });
      return {oncalls, at, outcomes, gaps};
    }, opts.now),
  };
}
