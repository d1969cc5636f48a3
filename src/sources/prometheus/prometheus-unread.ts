/**
 * The windows of an SLO refresh whose request failed while others were answered. The seven
 * requests of a refresh stand alone: the period's read, the heaviest, may time out on a loaded
 * server while the short windows answer, and a page those show must not be lost with it. What a
 * failed request carried is unread (unknown, never "no data") and said in a warning. So are the
 * windows of a request that refused one SLO's query, for that SLO.
 */
import {weighedByPeriod} from '../../domain/promql.ts';
import {ratioOrigin} from '../../domain/recorded-rules.ts';
import type {RatioWindow, SloDefinition} from '../../domain/slo.ts';

/** Each window of a failed request, with why it failed. */
export function unreadWindows(groups: readonly RatioWindow[][], settled: readonly PromiseSettledResult<unknown>[]): Map<RatioWindow, string> {
  const out = new Map<RatioWindow, string>();
  groups.forEach((group, i) => {
    const result = settled[i];
    if (result?.status !== 'rejected') return;
    const reason: unknown = result.reason;
    const why = reason instanceof Error ? reason.message : String(reason);
    for (const w of group) out.set(w, why);
  });
  return out;
}

/** The warning that says which windows could not be read, one per failure; none when all were. */
export function unreadNote(unread: ReadonlyMap<RatioWindow, string>): string[] {
  const byReason = new Map<string, RatioWindow[]>();
  for (const [w, why] of unread) byReason.set(why, [...(byReason.get(why) ?? []), w]);
  return [...byReason].map(([why, ws]) => {
    const budget = ws.includes('period') ? '; the error budget is unknown' : '';
    return `could not read the ${ws.join(', ')} window${ws.length === 1 ? '' : 's'} (${why}); SLOs are judged on the windows read${budget}`;
  });
}

/**
 * Which query a request sends: the instant read of a refresh, the sparkline's range or the
 * timeline's range. Each is its own query, refused on its own.
 */
export type RequestKind = 'instant' | 'sparkline' | 'timeline';

/**
 * The name a request's refusals are remembered under: its kind and the windows it carries. The
 * kind is part of it because a range query can be refused for what happened only in its past (a
 * duplicate series over the last day) while the instant query now is fine; keyed by windows alone,
 * the sparkline's refusal set the SLO aside from the refresh's 1h request and a page read unknown.
 */
export function requestScope(kind: RequestKind, group: readonly RatioWindow[]): string {
  return `${kind}:${group.join('+')}`;
}

/** Each window of the requests that refused one SLO's query, with Prometheus' reason. */
export function refusedWindows(kind: RequestKind, groups: readonly RatioWindow[][], errorOf: (scope: string) => string | undefined): Map<RatioWindow, string> {
  const out = new Map<RatioWindow, string>();
  for (const group of groups) {
    const why = errorOf(requestScope(kind, group));
    if (why !== undefined) for (const w of group) out.set(w, why);
  }
  return out;
}

/**
 * Why one SLO's window is unread, or `undefined` when it was read: its request failed (`failed`),
 * refused this SLO's query (`refused`), or, for a window weighed by the period's traffic (Sloth's
 * denominator correction, computed), the period's request did either: the window's ratio is
 * unknown without that total, never the uncorrected ratio nor "no data".
 */
export function whyUnread(slo: SloDefinition, window: RatioWindow, failed: ReadonlyMap<RatioWindow, string>, refused: ReadonlyMap<RatioWindow, string>): string | undefined {
  const own = failed.get(window) ?? refused.get(window);
  if (own !== undefined || !weighedByPeriod(slo, window) || ratioOrigin(slo, window)?.kind !== 'computed') return own;
  const period = failed.get('period') ?? refused.get('period');
  return period === undefined ? undefined : `the period's traffic it is weighed by was not read: ${period}`;
}
