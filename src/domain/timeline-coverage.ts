/**
 * Whether a Prometheus holds the history a timeline asks for. An empty answer is ambiguous: a
 * range before its oldest data (a young Prometheus, one that was down) and one with no `ALERTS`
 * (its rules run elsewhere) read exactly like a calm range. The metadata lookups tell them
 * apart, and this decides which parts they leave missing: a gap, never a silent hole.
 */
import type {TimelineGap, TimelinePart} from './timeline.ts';

/** How far before a range an `ALERTS` series counts as the Prometheus keeping alert history. */
export const ALERT_HISTORY_SPAN_MS = 7 * 86_400_000;

/** What the metadata lookups found for one Prometheus. */
export interface HistoryCoverage {
  context: string;
  /** The Prometheus' name. */
  source: string;
  from: number;
  to: number;
  /** The parts read from it without failing (a failed one is a gap already). */
  read: readonly TimelinePart[];
  /** Whether it holds any data at the range's start; null when not known (the lookup failed or is not offered). */
  dataAtStart: boolean | null;
  /**
   * `ALERTS` series from {@link ALERT_HISTORY_SPAN_MS} before `from` to `to`, asked only when
   * the range held none: a count, the lookup's failure, or null when not asked.
   */
  alertSeries: number | {failed: string} | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The gaps a Prometheus' missing history leaves in the parts read from it. */
export function coverageGaps(c: HistoryCoverage): TimelineGap[] {
  const gap = (part: TimelinePart, reason: string): TimelineGap => ({part, context: c.context, source: c.source, reason});
  if (c.dataAtStart === false) {
    const reason = `no data at ${iso(c.from)}: the range begins before the oldest data ${c.source} holds (or it was down then), so what happened before its data begins is missing`;
    return c.read.map((part) => gap(part, reason));
  }
  if (!c.read.includes('alerts') || c.alertSeries === null) return [];
  if (typeof c.alertSeries === 'object') return [gap('alerts', `alert history not checked (${c.alertSeries.failed}): no alert events may not mean "nothing fired"`)];
  if (c.alertSeries > 0) return [];
  return [gap('alerts', `no alert history: no ALERTS series from ${iso(c.from - ALERT_HISTORY_SPAN_MS)} to ${iso(c.to)}, so no alert events is not "nothing fired"`)];
}
