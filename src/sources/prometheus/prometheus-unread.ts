/**
 * The windows of an SLO refresh whose request failed while others were answered. The seven
 * requests of a refresh stand alone: the period's read, the heaviest, may time out on a loaded
 * server while the short windows answer, and a page those show must not be lost with it. What a
 * failed request carried is unread (unknown, never "no data") and said in a warning. So are the
 * windows of a request that refused one SLO's query, for that SLO.
 */
import type {RatioWindow} from '../../domain/slo.ts';

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

/** The name a request's refusals are remembered under: the windows it carries. */
export function requestScope(group: readonly RatioWindow[]): string {
  return group.join('+');
}

/** Each window of the requests that refused one SLO's query, with Prometheus' reason. */
export function refusedWindows(groups: readonly RatioWindow[][], errorOf: (scope: string) => string | undefined): Map<RatioWindow, string> {
  const out = new Map<RatioWindow, string>();
  for (const group of groups) {
    const why = errorOf(requestScope(group));
    if (why !== undefined) for (const w of group) out.set(w, why);
  }
  return out;
}
