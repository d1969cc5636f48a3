/**
 * Alert events from Prometheus' `ALERTS` series: every alert's state at each step of the rule
 * evaluation, turned into pending → firing → resolved transitions. A series that ends is a
 * resolve; a sample of 0 ends one too (a backfilled history has no staleness markers). A step
 * in a hole of the data (`timeline-holes.ts`) has no state: nothing resolves or fires there.
 */
import type {RunbookFrom} from './runbook.ts';
import {endHole, holeMask, type DataHole} from './timeline-holes.ts';
import type {TimelineEvent} from './timeline.ts';

/** One `ALERTS` series of a range query: its labels and samples, oldest first. */
export interface AlertSeries {
  labels: Readonly<Record<string, string>>;
  points: ReadonlyArray<{at: number; value: number}>;
  /** When the alert became active (pending), epoch ms, where the backend records it (Prometheus' `ALERTS_FOR_STATE`); absent: unknown. */
  activeAt?: number;
}

type State = 'pending' | 'firing' | null;

/** The alert's identity: its labels without `__name__` and `alertstate`, as one key. */
function identityOf(labels: Readonly<Record<string, string>>): {key: string; labels: Record<string, string>} {
  const own: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) if (name !== '__name__' && name !== 'alertstate') own[name] = labels[name]!;
  return {key: JSON.stringify(own), labels: own};
}

/** Per alert, the state at each instant of `grid`: firing wins over pending (both appear for a step at the switch). */
export function alertStatesOnGrid(series: readonly AlertSeries[], grid: readonly number[]): Map<string, {labels: Record<string, string>; states: State[]}> {
  const index = new Map(grid.map((t, i) => [t, i] as const));
  const out = new Map<string, {labels: Record<string, string>; states: State[]}>();
  for (const s of series) {
    const state = s.labels['alertstate'];
    if (state !== 'pending' && state !== 'firing') continue;
    const {key, labels} = identityOf(s.labels);
    const entry = out.get(key) ?? {labels, states: grid.map((): State => null)};
    for (const p of s.points) {
      const i = index.get(p.at);
      if (i === undefined || !(p.value > 0)) continue;
      if (state === 'firing' || entry.states[i] === null) entry.states[i] = state;
    }
    out.set(key, entry);
  }
  return out;
}

function describe(labels: Readonly<Record<string, string>>, what: string): string {
  const name = labels['alertname'] ?? '(no alertname)';
  const severity = labels['severity'] ? ` (${labels['severity']})` : '';
  return `${name} ${what}${severity}`;
}

/**
 * The transitions of every alert over `grid`: `alert-pending`, `alert-firing` at the first step
 * in that state, `alert-resolved` at the first step without it. A state held at the first step
 * is reported there as `ongoing`. `runbook` links an alert's runbook from its labels, marked
 * when it is today's rule's. Steps inside `holes` are skipped: an alert active on both sides of
 * one did not resolve there, and one that changed is told at the first step with data again.
 * One active when the data stops for good (a hole at the end) is `alert-unknown` there: not
 * resolved, nor known to be active since, so a page ends its count there (`pagesOf`).
 */
export function alertEvents(
  series: readonly AlertSeries[],
  grid: readonly number[],
  where: {context: string; source: string; runbook?: (labels: Readonly<Record<string, string>>) => {url: string; from: RunbookFrom} | null; holes?: readonly DataHole[]},
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const unknown = holeMask(grid, where.holes ?? []);
  const stopped = endHole(where.holes ?? []);
  for (const {labels, states} of alertStatesOnGrid(series, grid).values()) {
    const runbook = where.runbook?.(labels) ?? null;
    const link = runbook === null ? {} : runbook.from === 'current-rule' ? {url: runbook.url, urlFrom: 'current-rule' as const} : {url: runbook.url};
    const base = {context: where.context, service: labels['service'] ?? '', source: where.source, subject: labels, ...link};
    let previous: State = null;
    states.forEach((state, i) => {
      const at = grid[i]!;
      if (at === stopped?.from && previous !== null) events.push({...base, at, kind: 'alert-unknown', text: describe(labels, `was ${previous} when the data stopped: state unknown`)});
      if (state === previous || unknown[i]) return;
      if (state === null) events.push({...base, at, kind: 'alert-resolved', text: describe(labels, 'resolved')});
      else events.push({...base, at, kind: state === 'firing' ? 'alert-firing' : 'alert-pending', text: describe(labels, state), ...(i === 0 ? {ongoing: true} : {})});
      previous = state;
    });
  }
  return events;
}

/** The steps at which any `ALERTS` sample was read (of any value): the backend held data there. */
export function alertSampleSteps(series: readonly AlertSeries[]): number[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))];
}

/** Alerts firing (or pending) at the last instant of the grid: what is still going on. */
export function alertsActiveAtEnd(series: readonly AlertSeries[], grid: readonly number[]): Array<{labels: Record<string, string>; state: 'pending' | 'firing'}> {
  const last = grid.length - 1;
  return [...alertStatesOnGrid(series, grid).values()].flatMap(({labels, states}) => {
    const state = states[last];
    return state ? [{labels, state}] : [];
  });
}
