/** When an SLO began to burn, read from its burn-rate history, for deploy correlation. */
import type {SloReport} from './slo.ts';

/**
 * The start of the latest unbroken run of points whose burn rate exceeds `threshold`, when the
 * newest point is still above it; `null` when the SLO is not burning now or has no history.
 * Without history, a paging or ticketing SLO is taken to have started burning at `fallbackAt`.
 */
export function burnStartedAt(report: SloReport, fallbackAt: number, threshold = 1): number | null {
  const points = report.history ?? [];
  let start: number | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    if (p.burnRate === null || p.burnRate <= threshold) break;
    start = p.at;
  }
  if (start !== null) return start;
  return report.status === 'page' || report.status === 'ticket' ? fallbackAt : null;
}
