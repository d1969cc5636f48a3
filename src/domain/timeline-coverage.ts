/**
 * Whether a Prometheus holds the history a timeline asks for. An empty answer is ambiguous: a
 * range before its oldest data (a young Prometheus, one that was down) and one with no `ALERTS`
 * (its rules run elsewhere) read exactly like a calm range. The metadata lookups tell them
 * apart, and this decides which parts they leave missing: a gap, never a silent hole. An empty
 * range of a Prometheus that does evaluate alerting rules is the calm it looks like ("no alert
 * fired"), said as a note; a lookup that fails is said too, never skipped.
 */
import type {TimelineGap, TimelinePart} from './timeline.ts';

/** How far before a range an `ALERTS` series counts as the Prometheus keeping alert history. */
export const ALERT_HISTORY_SPAN_MS = 7 * 86_400_000;

/** A metadata lookup that failed, with why. */
export interface LookupFailed {
  failed: string;
}

/** What the metadata lookups found for one Prometheus. */
export interface HistoryCoverage {
  context: string;
  /** The Prometheus' name. */
  source: string;
  from: number;
  to: number;
  /** The parts read from it without failing (a failed one is a gap already). */
  read: readonly TimelinePart[];
  /** Whether it holds any data at the range's start; the lookup's failure; null when the lookup is not offered. */
  dataAtStart: boolean | LookupFailed | null;
  /**
   * `ALERTS` series from {@link ALERT_HISTORY_SPAN_MS} before `from` to `to`, asked only when
   * the range held none: a count, the lookup's failure, or null when not asked.
   */
  alertSeries: number | LookupFailed | null;
  /**
   * Alerting rules it evaluates without error, asked only when `alertSeries` is 0: a count, the
   * lookup's failure, or null when not asked (or not offered).
   */
  alertRules?: number | LookupFailed | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const failure = (v: unknown): string | null => (typeof v === 'object' && v !== null && 'failed' in v ? (v as LookupFailed).failed : null);

/**
 * No ALERTS in the range nor the span before it, while the Prometheus evaluates alerting rules
 * and holds data at the start: its rules ran and nothing fired. That is history, and empty.
 */
export function noneFired(c: HistoryCoverage): boolean {
  return c.dataAtStart !== false && c.read.includes('alerts') && c.alertSeries === 0 && typeof c.alertRules === 'number' && c.alertRules > 0;
}

/** The gaps a Prometheus' missing (or unchecked) history leaves in the parts read from it. */
export function coverageGaps(c: HistoryCoverage): TimelineGap[] {
  const gap = (part: TimelinePart, reason: string): TimelineGap => ({part, context: c.context, source: c.source, reason});
  if (c.dataAtStart === false) {
    const reason = `no data at ${iso(c.from)}: the range begins before the oldest data ${c.source} holds (or it was down then), so what happened before its data begins is missing`;
    return c.read.map((part) => gap(part, reason));
  }
  // The label-names lookup failed: whether the range begins before the data is not known.
  const startFailed = failure(c.dataAtStart);
  const unchecked = startFailed === null ? [] : c.read.map((part) => gap(part, `coverage not checked (${startFailed}): whether ${c.source} holds data at ${iso(c.from)} is unknown, so no events may not mean "nothing happened"`));
  if (!c.read.includes('alerts') || c.alertSeries === null) return unchecked;
  const seriesFailed = failure(c.alertSeries);
  if (seriesFailed !== null) return [...unchecked, gap('alerts', `alert history not checked (${seriesFailed}): no alert events may not mean "nothing fired"`)];
  if ((c.alertSeries as number) > 0 || noneFired(c)) return unchecked;
  const rulesFailed = failure(c.alertRules);
  const rules = c.alertRules === 0 ? ' and no alerting rule evaluated there' : rulesFailed !== null ? ` and its alerting rules could not be listed (${rulesFailed})` : '';
  return [...unchecked, gap('alerts', `no alert history: no ALERTS series from ${iso(c.from - ALERT_HISTORY_SPAN_MS)} to ${iso(c.to)}${rules}, so no alert events is not "nothing fired"`)];
}

/**
 * What the lookups found that is no gap but worth saying: a Prometheus whose alerting rules are
 * evaluated and held no `ALERTS` in the range nor the span before it ("no alert fired"), so the
 * empty alerts read as the calm they are, told apart from a Prometheus that keeps no alert history.
 */
export function coverageNotes(c: HistoryCoverage): string[] {
  if (!noneFired(c)) return [];
  const n = c.alertRules as number;
  return [`no alert fired: ${c.source} evaluates ${n} alerting rule${n === 1 ? '' : 's'} and held no ALERTS series from ${iso(c.from - ALERT_HISTORY_SPAN_MS)} to ${iso(c.to)}`];
}
