/**
 * The demo's metrics backend: error ratios per window as Prometheus would compute them from
 * counters, but from a piecewise-constant model. Traffic is constant, so the ratio over a window
 * is exactly the time-weighted average of the piecewise ratio — no samples, no timers.
 */
import {parseDuration} from '../../domain/duration.ts';
import type {RatioWindow, SloDefinition, SloMeasurement} from '../../domain/slo.ts';
import {SourceFailure, type SloHistoryReader, type SloRatioReader, type Sourced} from '../capabilities.ts';
import {DEMO_ENVIRONMENT, HOUR, type DemoSloSpec} from './demo-scenario.ts';

/** An episode placed in absolute time: [start, end) in epoch ms; `end` may be Infinity. */
export interface Episode {
  start: number;
  end: number;
  ratio: number;
  endsOnRollback: boolean;
}

/** One SLO's traffic in absolute time. */
export interface SloTraffic {
  requestsPerSecond: number;
  baselineRatio: number;
  /** Non-overlapping. */
  episodes: Episode[];
}

/** Prometheus refuses a range query of more points than this; the demo does the same. */
const MAX_POINTS = 11_000;

/**
 * The bad-event ratio over [to − windowMs, to]: the baseline, corrected by each episode for the
 * part of the window it covers.
 * @returns `null` when the SLO has no traffic (no data, never "0 errors")
 */
export function averageRatio(traffic: SloTraffic, to: number, windowMs: number): number | null {
  if (traffic.requestsPerSecond <= 0 || windowMs <= 0) return null;
  const from = to - windowMs;
  let bad = traffic.baselineRatio * windowMs;
  for (const ep of traffic.episodes) {
    const overlap = Math.min(to, ep.end) - Math.max(from, ep.start);
    if (overlap > 0) bad += (ep.ratio - traffic.baselineRatio) * overlap;
  }
  return bad / windowMs;
}

/** The demo metrics: the two SLO reader capabilities plus the hooks the rest of the demo needs. */
export interface DemoTraffic extends SloRatioReader, SloHistoryReader {
  /** The ratio of one SLO over `windowMs` ending at `at`; `null` for no traffic or an unknown SLO. */
  ratioAt(slo: string, at: number, windowMs: number): number | null;
  /**
   * Ends, at `at`, the open episodes a rollback of `service` in `environment` fixes. Safe to call
   * before `at` arrives: a window ending before `at` never sees the change.
   */
  endEpisodesOnRollback(service: string, environment: string, at: number): void;
}

/** Places the scenario's SLO traffic in absolute time; each call gets its own episode copies. */
function placeTraffic(specs: readonly DemoSloSpec[], t0: number): Map<string, {service: string; traffic: SloTraffic}> {
  return new Map(
    specs.map((spec) => [
      spec.name,
      {
        service: spec.service,
        traffic: {
          requestsPerSecond: spec.requestsPerSecond,
          baselineRatio: spec.baselineRatio,
          episodes: spec.episodes.map((ep) => ({
            start: t0 + ep.startOffsetMs,
            end: ep.endOffsetMs === null ? Infinity : t0 + ep.endOffsetMs,
            ratio: ep.ratio,
            endsOnRollback: ep.endsOnRollback,
          })),
        },
      },
    ]),
  );
}

/** Creates the demo metrics backend for the scenario's SLOs, with T0 at `t0`. */
export function createDemoTraffic(specs: readonly DemoSloSpec[], t0: number): DemoTraffic {
  const slos = placeTraffic(specs, t0);
  const ratioAt = (slo: string, at: number, windowMs: number): number | null => {
    const entry = slos.get(slo);
    return entry ? averageRatio(entry.traffic, at, windowMs) : null;
  };
  const windowMs = (slo: SloDefinition, window: RatioWindow): number | null =>
    parseDuration(window === 'period' ? slo.window : window);

  return {
    ratioAt,
    endEpisodesOnRollback(service, environment, at) {
      if (environment !== DEMO_ENVIRONMENT) return;
      for (const entry of slos.values()) {
        if (entry.service !== service) continue;
        for (const ep of entry.traffic.episodes) {
          if (ep.endsOnRollback && ep.start < at && ep.end > at) ep.end = at;
        }
      }
    },
    async readRatios(defs, windows, at): Promise<Sourced<SloMeasurement[]>> {
      const value = defs.map((slo) => ({
        slo: slo.name,
        at,
        ratios: windows.map((window) => {
          const ms = windowMs(slo, window);
          return {window, ratio: ms === null ? null : ratioAt(slo.name, at, ms)};
        }),
      }));
      return {value, warnings: []};
    },
    async readHistory(slo, from, to, stepSeconds) {
      if (!(stepSeconds > 0) || to < from) throw new SourceFailure('bad-response', 'invalid history range or step');
      const stepMs = stepSeconds * 1000;
      const points = Math.floor((to - from) / stepMs) + 1;
      if (points > MAX_POINTS) throw new SourceFailure('bad-response', `history of ${points} points exceeds ${MAX_POINTS}`);
      const value = Array.from({length: points}, (_, i) => {
        const at = from + i * stepMs;
        return {at, ratio: ratioAt(slo.name, at, HOUR)};
      });
      return {value, warnings: []};
    },
  };
}
