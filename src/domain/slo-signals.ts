/** When an SLO began to burn, read from its burn-rate history, for deploy correlation. */
import type {SloReport} from './slo.ts';

type Point = {at: number; burnRate: number | null};

// The start of the latest unbroken run of points above `level` that reaches the newest point;
// null when the newest point is not above it. A gap (null) breaks the run.
function runStart(points: readonly Point[], level: number): number | null {
  let start: number | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    if (p.burnRate === null || p.burnRate <= level) break;
    start = p.at;
  }
  return start;
}

/**
 * When the SLO's current burn began, for finding the deploy that caused it; `null` when the SLO
 * is not burning now or has no history. Without history, a paging or ticketing SLO is taken to
 * have started burning at `fallbackAt`.
 *
 * The burn began where the burn rate rose above its own baseline: the start of the latest
 * unbroken run of points above twice the quietest point of the history, and at least above
 * `threshold` (1×). An SLO that idles at 0.2× starts burning where it crosses 1×, as before; one
 * whose baseline sits at or above 1× (a service that always spends a little more than its
 * budget) would otherwise be "burning" since before the history began, and no deploy could ever
 * be suspect. When the burn now is above 1× but not twice the baseline (a steady burn), the run
 * above 1× is its start.
 */
export function burnStartedAt(report: SloReport, fallbackAt: number, threshold = 1): number | null {
  const points = report.history ?? [];
  const burns = points.flatMap((p) => (p.burnRate === null || !Number.isFinite(p.burnRate) ? [] : [p.burnRate]));
  const quietest = burns.length > 0 ? Math.min(...burns) : 0;
  const start = runStart(points, Math.max(threshold, 2 * quietest)) ?? runStart(points, threshold);
  if (start !== null) return start;
  return report.status === 'page' || report.status === 'ticket' ? fallbackAt : null;
}
