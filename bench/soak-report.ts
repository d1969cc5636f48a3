/** The soak's figures as a Markdown table, each beside its same-run baseline and target. */
import type {Press} from './soak-keys.ts';
import {median, quantile, round} from './stats.ts';

/** Targets from the issue. */
export const SOAK_TARGETS = {rssMb: 100, cpuPercent: 5, keyMedianMs: 16, keyP99Ms: 33, trendMbPer5Min: 5} as const;

/** What one soak measured. */
export interface SoakResult {
  minutes: number;
  alerts: number;
  /** Bytes of `GET /api/v2/alerts` with every alert firing. */
  bodyBytes: number;
  baselineRssMb: number;
  /** Every 30 s: seconds since start, VmRSS in MiB, the 1-minute load average. */
  samples: Array<{atS: number; rssMb: number; load: number}>;
  presses: Array<Press & {sincePollMs: number}>;
  /** CPU time of the dashboard over the soak after the first minute, % of one core. */
  cpuPercent: number;
  churnSteps: number;
  nodeFlags: string[];
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const yes = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The report and whether every target was met. */
export function soakReport(r: SoakResult): {text: string; met: boolean} {
  const after = r.samples.filter((s) => s.atS > 60);
  const maxRss = Math.max(...after.map((s) => s.rssMb));
  const last5 = r.samples.filter((s) => s.atS >= r.minutes * 60 - 300);
  const trend = last5.length >= 3 ? slope(last5.map((s) => s.atS), last5.map((s) => s.rssMb)) * 300 : Number.NaN;
  const timed = r.presses.filter((p) => p.latencyMs !== null);
  const all = timed.map((p) => p.latencyMs!);
  const during = timed.filter((p) => p.sincePollMs < 1500).map((p) => p.latencyMs!);
  const outside = timed.filter((p) => p.sincePollMs >= 1500).map((p) => p.latencyMs!);
  const missed = r.presses.length - timed.length;
  const fallback = r.presses.filter((p) => p.fallback).length;
  const loads = r.samples.map((s) => s.load);
  const ms = (xs: number[]) => `median ${round(median(xs))} ms, p99 ${round(quantile(xs, 0.99))} ms, max ${round(Math.max(...xs))} ms (${xs.length} presses)`;
  const checks = {
    rss: maxRss <= SOAK_TARGETS.rssMb,
    trend: trend <= SOAK_TARGETS.trendMbPer5Min,
    cpu: r.cpuPercent <= SOAK_TARGETS.cpuPercent,
    keys: median(all) <= SOAK_TARGETS.keyMedianMs && quantile(all, 0.99) <= SOAK_TARGETS.keyP99Ms,
  };
  const rows = [
    [`(f) RSS every 30 s after the first minute, ${r.alerts} churning alerts`, `max ${round(maxRss)} MiB, last ${round(r.samples.at(-1)?.rssMb ?? Number.NaN)} MiB (${after.length} samples)`, `idle bare node: ${round(r.baselineRssMb)} MiB`, `${round(maxRss / r.baselineRssMb, 2)}×`, `≤ ${SOAK_TARGETS.rssMb} MiB`, yes(checks.rss)],
    ['(f) RSS trend over the last 5 minutes (least squares)', `${trend >= 0 ? '+' : ''}${round(trend)} MiB per 5 min`, `max over the soak: ${round(maxRss)} MiB`, `${round((100 * trend) / maxRss)}%`, `≤ +${SOAK_TARGETS.trendMbPer5Min} MiB per 5 min`, yes(checks.trend)],
    ['(f) CPU after the first minute (polls, churn, clock, keys)', `${round(r.cpuPercent)}% of a core`, `load average during the soak: median ${round(median(loads), 2)}, max ${round(Math.max(...loads), 2)} (2 cores)`, '—', `≤ ${SOAK_TARGETS.cpuPercent}%`, yes(checks.cpu)],
    ['(f) keypress to frame, all presses', ms(all), `presses outside polls: ${ms(outside)}`, `${round(median(all) / median(outside), 2)}×`, `median ≤ ${SOAK_TARGETS.keyMedianMs} ms, p99 ≤ ${SOAK_TARGETS.keyP99Ms} ms`, yes(checks.keys)],
    ['(f) keypress to frame, presses in the first 1.5 s of a poll', ms(during), `presses outside polls: median ${round(median(outside))} ms`, `${round(median(during) / median(outside), 2)}×`, '—', '—'],
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'status'];
  const text = [
    `soak: ${r.minutes} min, ${r.alerts} alerts (${round(r.bodyBytes / 1e6)} MB per poll), ${r.churnSteps} churn steps of 3 %, node flags: ${r.nodeFlags.join(' ') || 'none'}; presses without a frame: ${missed}, answered by the fallback: ${fallback}`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    `RSS (MiB) at ${r.samples.map((s) => `${s.atS}s ${round(s.rssMb)}`).join(', ')}`,
  ].join('\n');
  return {text, met: Object.values(checks).every(Boolean)};
}
