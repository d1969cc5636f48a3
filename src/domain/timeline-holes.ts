/**
 * Spans of a history where the backend held no data at all: it was down, or scraped nothing.
 * `ALERTS` alone cannot tell them: it is absent both when nothing fires and when the backend
 * was not running, so an outage read as "every alert resolved, then fired again". A heartbeat
 * read on the same grid (a series present whenever the backend scraped anything) tells them
 * apart: a step without it holds no data, and no alert resolves or fires there.
 */

/** A run of steps without data: `from` is its first step, `to` the first step with data again. */
export interface DataHole {
  from: number;
  to: number;
}

/**
 * The holes of `grid`: the runs of steps in neither `heartbeat` nor `alsoHeld` (steps where any
 * other sample proves data), bounded by steps with data on both sides. A run at the start is the
 * range beginning before the data (said by the coverage check), not a hole. Without any heartbeat
 * over the whole grid (a backend that scrapes nothing, data written by other means) the heartbeat
 * proves nothing, so there are no holes rather than one as long as the range.
 */
export function dataHoles(grid: readonly number[], heartbeat: readonly number[], alsoHeld: readonly number[] = []): DataHole[] {
  if (heartbeat.length === 0) return [];
  const held = new Set([...heartbeat, ...alsoHeld]);
  const holes: DataHole[] = [];
  let seenData = false;
  let start: number | null = null;
  for (const at of grid) {
    if (held.has(at)) {
      if (start !== null && seenData) holes.push({from: start, to: at});
      start = null;
      seenData = true;
    } else if (start === null) {
      start = at;
    }
  }
  return holes;
}

/** Per step of `grid`, whether it lies in one of `holes` (its state there is unknown). */
export function holeMask(grid: readonly number[], holes: readonly DataHole[]): boolean[] {
  return grid.map((at) => holes.some((h) => at >= h.from && at < h.to));
}

/** What a hole leaves missing, said as a gap's reason. */
export function holeReason(source: string, hole: DataHole): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return `${source} held no data from ${iso(hole.from)} to ${iso(hole.to)} (down, or scraping nothing): what happened then is unknown; an alert active on both sides is shown as active throughout`;
}
