/** Polling of SLO ratios and the burn-rate sparkline, evaluated into reports by the domain. */
import type {QueryObserverOptions} from '@tanstack/query-core';
import {burnRate, evaluateSlo} from '../domain/slo-math.ts';
import {fleetWindows} from '../domain/slo-windows.ts';
import type {SloReport} from '../domain/slo.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {recordingFailures} from './last-failure.ts';
import {alignedInterval, pollRetryDelay} from './query-client.ts';
import type {SourceOutcome} from './source-outcome.ts';

/** What the SLO pane shows: every SLO's report plus the source's outcome. */
export interface SloSnapshot {
  reports: SloReport[];
  at: number;
  outcome: SourceOutcome;
}

/** Query key of a context's SLO reports; invalidate it to refresh the pane. */
export const sloKey = (context: string) => ['slos', context] as const;

/** Query key of a context's burn-rate history. */
export const sloHistoryKey = (context: string) => ['slo-history', context] as const;

/** Sparkline span and resolution: 6 hours in 72 points of 5 minutes. */
export const HISTORY_SPAN_MS = 6 * 3_600_000;
const HISTORY_POINTS = 72;

/**
 * Options to poll every SLO of a context: one read of all windows (the seven, the period, and any
 * window an SLO's burn table adds, such as Pyrra's 4d), evaluated with the domain math.
 * @param now the clock; a parameter so tests and the demo can drive time
 */
export function sloQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number},
): QueryObserverOptions<SloSnapshot, Error, SloSnapshot, SloSnapshot, ReturnType<typeof sloKey>> {
  const reader = services.sloReader;
  return {
    queryKey: sloKey(services.context),
    enabled: reader !== null && services.slos.length > 0,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    retryDelay: pollRetryDelay(opts.intervalMs),
    queryFn: recordingFailures(async () => {
      if (!reader) throw new Error('no SLO source configured');
      const at = opts.now();
      const {value, warnings, partial} = await reader.capabilities.readRatios(services.slos, fleetWindows(services.slos), at);
      const byName = new Map(value.map((m) => [m.slo, m]));
      // The domain decides everything: the table (a recorded series' tool or the SLO's source), levels, status.
      const reports = services.slos.map((slo) => evaluateSlo(slo, byName.get(slo.name) ?? {slo: slo.name, at, ratios: []}));
      return {reports, at, outcome: {name: reader.name, kind: reader.kind, ok: true, error: null, warnings, ...(partial && partial.length > 0 ? {partial} : {})}};
    }, opts.now),
  };
}

/** Burn-rate history per SLO name: the 1h burn rate at each step, oldest first. */
export type SloHistory = Record<string, Array<{at: number; burnRate: number | null}>>;

/**
 * Options to poll the 6-hour sparkline of every SLO's 1h burn rate, on a slower cadence.
 * Points are spaced so the span stays far inside Prometheus' 11,000-points-per-series limit.
 */
export function sloHistoryQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number},
): QueryObserverOptions<SloHistory, Error, SloHistory, SloHistory, ReturnType<typeof sloHistoryKey>> {
  const reader = services.sloReader?.capabilities;
  return {
    queryKey: sloHistoryKey(services.context),
    enabled: Boolean(reader?.readHistory) && services.slos.length > 0,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    queryFn: async () => {
      if (!reader?.readHistory) return {};
      const to = opts.now();
      const step = HISTORY_SPAN_MS / HISTORY_POINTS / 1000;
      const entries = await Promise.all(
        services.slos.map(async (slo) => {
          const {value} = await reader.readHistory!(slo, to - HISTORY_SPAN_MS, to, step);
          return [slo.name, value.map((p) => ({at: p.at, burnRate: burnRate(p.ratio, slo.objective)}))] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  };
}
