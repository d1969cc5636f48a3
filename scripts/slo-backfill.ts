/**
 * Deterministic request/error counters for SLO scenarios, written as OpenMetrics for
 * `promtool tsdb create-blocks-from openmetrics`. The generator keeps its own cumulative counts,
 * so a test can compute the error ratio Prometheus must return for any window and compare.
 *
 * Series: `http_requests_total{service, code="200"|"500"}`, one sample per step. Counters start
 * high so Prometheus' rate() extrapolation never clamps at zero; with both codes sampled at the
 * same instants the extrapolation factor cancels in errors ÷ total, and the ratio is exact.
 */

/** Traffic of one service. `errorRatio` and `requestsPerStep` may vary with the step index. */
export interface ServiceTraffic {
  service: string;
  /** Requests per step; 0 means no traffic (flat counters). */
  requestsPerStep: (step: number) => number;
  /** Fraction of the requests that fail, 0..1. */
  errorRatio: (step: number) => number;
}

/** Generated counters and the means to predict what Prometheus computes from them. */
export interface Backfill {
  openMetrics: string;
  /** Sample instants, Unix seconds. */
  times: number[];
  /** Cumulative counters per service, one entry per sample instant. */
  counters: Map<string, {ok: number[]; errors: number[]}>;
  /**
   * The error ratio `sum(rate(errors[w])) / sum(rate(total[w]))` evaluated at `atSec`, from the
   * generator's own counts; `null` when the window has under two samples or no traffic.
   * Pick `atSec` between sample instants: Prometheus 2 and 3 disagree on the window's left edge.
   */
  expectedRatio(service: string, atSec: number, windowSec: number): number | null;
  /**
   * The cumulative counts of a service at one sample instant, straight from the generator;
   * `null` for an unknown service or a time that is not a sample instant.
   */
  countsAt(service: string, atSec: number): {ok: number; errors: number} | null;
}

const OK_START = 1_000_000;
const ERRORS_START = 100_000;

/**
 * Generates counters for `services` from `startSec` to `endSec` (inclusive) every `stepSec`.
 * Counts are whole numbers, so the text round-trips exactly. `extraLabels` go on every series
 * (e.g. the job/instance a live exporter will continue them under).
 */
export function generateBackfill(services: ServiceTraffic[], startSec: number, endSec: number, stepSec = 60, extraLabels: Record<string, string> = {}): Backfill {
  const times: number[] = [];
  for (let t = startSec; t <= endSec; t += stepSec) times.push(t);
  const counters = new Map<string, {ok: number[]; errors: number[]}>();
  for (const s of services) {
    let ok = OK_START;
    let errors = ERRORS_START;
    // Fractions of a failed request carry over, so 300 rpm at 0.15 % still fails once in a while.
    let carry = 0;
    const series = {ok: [] as number[], errors: [] as number[]};
    times.forEach((_, i) => {
      if (i > 0) {
        const requests = Math.round(s.requestsPerStep(i));
        carry += requests * s.errorRatio(i);
        const failed = Math.min(requests, Math.floor(carry));
        carry -= failed;
        errors += failed;
        ok += requests - failed;
      }
      series.ok.push(ok);
      series.errors.push(errors);
    });
    counters.set(s.service, series);
  }

  const extra = Object.entries(extraLabels).map(([k, v]) => `,${k}="${v}"`).join('');
  const lines = ['# HELP http_requests Requests served, by service and status code.', '# TYPE http_requests counter'];
  for (const [service, series] of counters) {
    for (const [code, values] of [['200', series.ok], ['500', series.errors]] as const) {
      values.forEach((v, i) => lines.push(`http_requests_total{service="${service}",code="${code}"${extra}} ${v} ${times[i]}`));
    }
  }
  lines.push('# EOF', '');

  return {
    openMetrics: lines.join('\n'),
    times,
    counters,
    expectedRatio(service, atSec, windowSec) {
      const series = counters.get(service);
      const inside = times.map((t, i) => [t, i] as const).filter(([t]) => t >= atSec - windowSec && t <= atSec);
      const first = inside[0]?.[1];
      const last = inside.at(-1)?.[1];
      if (!series || first === undefined || last === undefined || first === last) return null;
      const errors = (series.errors[last] ?? 0) - (series.errors[first] ?? 0);
      const total = errors + (series.ok[last] ?? 0) - (series.ok[first] ?? 0);
      return total > 0 ? errors / total : null;
    },
    countsAt(service, atSec) {
      const series = counters.get(service);
      const i = (atSec - startSec) / stepSec;
      const ok = series?.ok[i];
      const errors = series?.errors[i];
      return ok === undefined || errors === undefined || !Number.isInteger(i) ? null : {ok, errors};
    },
  };
}

/** A small deterministic pseudo-random sequence (mulberry32), so scenarios repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
