/**
 * How far this machine's clock is from its backends', read from the `Date` header of their
 * answers. A bastion whose clock drifted makes every absolute time it sends wrong: an ack's
 * silence starting minutes in Alertmanager's future is only "pending" there (the alert keeps
 * paging while the dashboard says it is acked), one whose end is already in Alertmanager's past
 * is refused, and SLO windows end in the future of the data. So the app's clock follows its
 * backends' when they agree it is off, and says so.
 */

/** Below this the difference is within the header's one-second resolution and a slow answer's latency: ignored. */
export const CLOCK_SKEW_MIN_MS = 2_000;
/**
 * From this on the skew is shown (header, one-shot `note:`): times on screen differ from the
 * machine's own clock. Also the change of skew for which the dashboard reads everything again.
 */
export const CLOCK_SKEW_WARN_MS = 10_000;

/**
 * The skew one answer shows, in ms to add to this machine's clock to get the server's (positive:
 * this machine is behind), or null without a valid `Date`. The header has whole seconds, so the
 * server's time at `receivedAt` lies in [date, date + 1 s): its middle is taken; a cache's `Age`
 * is added to its origin's `Date`.
 */
export function clockSkewSample(dateHeader: string | undefined, receivedAt: number, ageHeader?: string): number | null {
  if (dateHeader === undefined || dateHeader === '') return null;
  const date = Date.parse(dateHeader);
  if (!Number.isFinite(date)) return null;
  // An answer from a cache carries its origin's Date and how long it was kept (`Age`, seconds):
  // without it a cached answer would read as a clock that is behind.
  const age = ageHeader === undefined || !/^\d+$/.test(ageHeader.trim()) ? 0 : Number(ageHeader.trim()) * 1000;
  return date + age + 500 - receivedAt;
}

/**
 * The skew to apply, from the latest samples of every backend: their median (one proxy with a
 * wrong clock does not move it), or 0 when it is within {@link CLOCK_SKEW_MIN_MS} or there are no
 * samples. Rounded to whole seconds: the header cannot tell finer, and a clock that moves by a
 * few ms at every answer would redraw every age.
 */
export function clockSkew(samples: readonly number[]): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.abs(median) < CLOCK_SKEW_MIN_MS ? 0 : Math.round(median / 1000) * 1000;
}

// Two units at most, the second rounded rather than cut: a clock 86,399.6 s behind reads "1d",
// not "23h59m" (the Date header's whole seconds and the answer's travel time make an exact day
// measure a little under or over it).
function spell(ms: number): string {
  const raw = Math.abs(ms) / 1000;
  const unit = raw >= 86_400 ? 3600 : raw >= 3600 ? 60 : 1;
  const s = Math.round(raw / unit) * unit;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s % 60 || s < 60 ? `${s % 60}s` : ''].filter(Boolean);
  return parts.slice(0, 2).join('');
}

/** The header's badge for a skew worth showing (`CLOCK 5m0s AHEAD`), else null. */
export function clockSkewBadge(skewMs: number): string | null {
  if (Math.abs(skewMs) < CLOCK_SKEW_WARN_MS) return null;
  return `CLOCK ${spell(skewMs)} ${skewMs < 0 ? 'AHEAD' : 'BEHIND'}`;
}

/** The one-shot commands' note for a skew worth showing, else null. */
export function clockSkewNote(skewMs: number): string | null {
  if (Math.abs(skewMs) < CLOCK_SKEW_WARN_MS) return null;
  return `this machine's clock is ${spell(skewMs)} ${skewMs < 0 ? 'ahead of' : 'behind'} its backends' (their Date headers): times were taken from theirs, so acks start and end on Alertmanager's clock`;
}
