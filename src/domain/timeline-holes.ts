/**
 * Spans of a history where the backend held no data at all: it was down, or scraped nothing.
 * `ALERTS` alone cannot tell them: it is absent both when nothing fires and when the backend
 * was not running, so an outage read as "every alert resolved, then fired again". A heartbeat
 * read on the same grid (a series present whenever the backend scraped anything) tells them
 * apart: a step without it holds no data, and no alert resolves or fires there.
 */

/**
 * A run of steps without data: `from` is its first step, `to` the first step with data again.
 * `edge` marks a run at an end of the grid: `start`, the run the grid begins with (`from` is
 * the grid's first step); `end`, the run it ends with (`to` is then the grid's last step, itself
 * without data).
 */
export interface DataHole {
  from: number;
  to: number;
  edge?: 'start' | 'end';
}

/**
 * The holes of `grid`: the runs of steps in neither `heartbeat` nor `alsoHeld` (steps where any
 * other sample proves data). A run at the start or the end of the grid is one too: an outage the
 * range begins or ends in would otherwise read as the alerts firing when the data came back, or
 * resolving when it stopped. Without any heartbeat over the whole grid (a backend that scrapes
 * nothing, data written by other means) the heartbeat proves nothing, so there are no holes
 * rather than one as long as the range.
 */
export function dataHoles(grid: readonly number[], heartbeat: readonly number[], alsoHeld: readonly number[] = []): DataHole[] {
  if (heartbeat.length === 0) return [];
  const held = new Set([...heartbeat, ...alsoHeld]);
  // A heartbeat outside the grid proves nothing in it: no step with data, no hole to tell apart.
  if (!grid.some((at) => held.has(at))) return [];
  const holes: DataHole[] = [];
  let start: number | null = null;
  for (const at of grid) {
    if (held.has(at)) {
      if (start !== null) holes.push(start === grid[0] ? {from: start, to: at, edge: 'start'} : {from: start, to: at});
      start = null;
    } else if (start === null) {
      start = at;
    }
  }
  if (start !== null) holes.push({from: start, to: grid.at(-1)!, edge: 'end'});
  return holes;
}

/**
 * Whether the step `at` lies in `hole` (its state there is unknown). A hole at the end takes in
 * everything after its start: the SLO history's coarser grid may end past the alerts' last step.
 */
export function inHole(at: number, hole: DataHole): boolean {
  return at >= hole.from && (hole.edge === 'end' || at < hole.to);
}

/** The hole the grid ends in, if any: from its start, the state of everything is unknown. */
export function endHole(holes: readonly DataHole[]): DataHole | undefined {
  return holes.find((h) => h.edge === 'end');
}

/** Per step of `grid`, whether it lies in one of `holes`. */
export function holeMask(grid: readonly number[], holes: readonly DataHole[]): boolean[] {
  return grid.map((at) => holes.some((h) => inHole(at, h)));
}

// What a hole does to each part read, in its own words: alerts are active or not, SLOs have a status.
const LEFT: Readonly<Record<'alerts' | 'slos', Readonly<Record<'start' | 'end' | 'inside', string>>>> = {
  alerts: {
    start: 'an alert active when the data begins may have begun before',
    end: 'an alert active when the data stops is unknown from then, not shown as resolving',
    inside: 'an alert active on both sides is shown as active throughout',
  },
  slos: {
    start: 'an SLO paging when the data begins may have paged before',
    end: "an SLO's status from then is unknown, not shown as changing",
    inside: "an SLO's status does not change inside it: one paging on both sides is shown as paging throughout",
  },
};

/**
 * What a hole leaves missing from `part` (the alerts or the SLOs read), said as a gap's reason;
 * `range` is the range asked (the grid may begin a step before it), named where the hole
 * reaches an end of it.
 */
export function holeReason(source: string, hole: DataHole, range: {from: number; to: number}, part: 'alerts' | 'slos' = 'alerts'): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const down = '(down, or scraping nothing): what happened then is unknown';
  const left = LEFT[part][hole.edge ?? 'inside'];
  if (hole.edge === 'start') return `${source} held no data from the range's start, ${iso(Math.max(hole.from, range.from))}, to ${iso(hole.to)} ${down}; ${left}`;
  if (hole.edge === 'end' && hole.from <= range.from) return `${source} held no data in the whole range, ${iso(range.from)} to ${iso(range.to)} ${down}; ${left}`;
  if (hole.edge === 'end') return `${source} held no data from ${iso(hole.from)} to the range's end, ${iso(range.to)} ${down}; ${left}`;
  return `${source} held no data from ${iso(hole.from)} to ${iso(hole.to)} ${down}; ${left}`;
}
