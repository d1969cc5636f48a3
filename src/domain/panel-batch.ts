/**
 * Reading every panel of a context in ONE range query, as the SLO ratios are batched: each
 * panel's expression is tagged with `oncall_panel` and the parts joined with `or` (the tags keep
 * them apart), and the answer is split back per panel: one point per step, the worst series at
 * each step, and how many series the panel has.
 */
import {type PanelDefinition, unreadableValue, worseValue} from './panel.ts';
import {enclose, tag, type VectorSample} from './promql.ts';

/** Label carrying the panel a series belongs to. */
export const PANEL_LABEL = 'oncall_panel';

/** Sparkline span and resolution: the last 30 minutes in 31 points a minute apart. */
export const PANEL_SPAN_MS = 30 * 60_000;
/** Seconds between two points of a panel's history. */
export const PANEL_STEP_SECONDS = 60;

/** What the range query found for one panel. */
export interface PanelSeries {
  /** The worst value at each step of the grid, oldest first; null where no series had a number. */
  points: Array<{at: number; value: number | null}>;
  /**
   * How many series the query returns now, at the last step (several: the worst is shown): a
   * series gone since (a pod scaled away) is not counted, as `noData` is not.
   */
  series: number;
  /**
   * How many series at the last step have no value (NaN, or infinite the harmless way) while
   * another one has; absent when none. The panel is judged on the others and says how many.
   */
  noData?: number;
  /** Why this panel could not be read while the others were (Prometheus refused its query). */
  error?: string;
}

/** The PromQL reading every panel; `null` when there are none. */
export function batchPanelQuery(panels: readonly PanelDefinition[]): string | null {
  if (panels.length === 0) return null;
  // Parentheses: a panel's own `or` or `by` must bind inside its tag (and its own trailing
  // `# comment` must not swallow them: see enclose).
  return panels.map((p) => tag(enclose(p.query), PANEL_LABEL, p.name)).join(' or ');
}

/**
 * The grid of a range query ending at `to`: whole seconds, `PANEL_SPAN_MS` long, so the last point
 * is the value now and every point lands where Prometheus evaluates. A frontend that moves the
 * range onto multiples of the step answers up to a step earlier: see {@link panelsFromMatrix}.
 */
export function panelGrid(to: number, spanMs = PANEL_SPAN_MS, stepSeconds = PANEL_STEP_SECONDS): number[] {
  const end = Math.floor(to / 1000) * 1000;
  const steps = Math.floor(spanMs / (stepSeconds * 1000));
  return Array.from({length: steps + 1}, (_, i) => end - (steps - i) * stepSeconds * 1000);
}

/**
 * The answered timestamp each slot of `grid` reads: its own, else the latest one within the step
 * before it. A query frontend that aligns a range to its step (Thanos' query-frontend by default,
 * Mimir and Cortex with `align_queries_with_step`) answers at whole minutes, never at the
 * hh:mm:15 a 15-second poll asks for; matched exactly, every slot would be empty and each panel
 * `? NO DATA`. Never a point after its slot: that is the next step's value, as Prometheus itself
 * reads a sample at or before the time asked, never after it.
 */
function slotTimes(answered: Iterable<number>, grid: readonly number[], stepMs: number): Array<number | undefined> {
  const times = [...answered].sort((a, b) => a - b);
  let i = 0;
  return grid.map((slot) => {
    while (i < times.length && times[i]! <= slot) i += 1;
    const latest = times[i - 1];
    return latest !== undefined && latest > slot - stepMs ? latest : undefined;
  });
}

/**
 * Splits the answer to {@link batchPanelQuery} (samples by timestamp in ms) back per panel, on
 * `grid`, each slot reading its own timestamp or the latest answered within the step before it
 * (a step-aligning frontend's whole minutes). A panel no series answered for has only nulls and
 * `series: 0`: no data, not zero. Series and those without a value are both counted at the last
 * step, the value shown: a count over the 30 minutes beside one of now read `1/3` with two series
 * there.
 * @param stepMs the grid's step
 */
export function panelsFromMatrix(
  byTime: ReadonlyMap<number, readonly VectorSample[]>,
  panels: readonly PanelDefinition[],
  grid: readonly number[],
  stepMs = PANEL_STEP_SECONDS * 1000,
): Map<string, PanelSeries> {
  const out = new Map<string, PanelSeries>();
  const read = slotTimes(byTime.keys(), grid, stepMs);
  for (const panel of panels) {
    let series = 0;
    let unread = 0;
    const points = grid.map((at, j) => {
      const answered = read[j];
      const mine = (answered === undefined ? [] : (byTime.get(answered) ?? [])).filter((s) => s.labels[PANEL_LABEL] === panel.name);
      series = mine.length;
      unread = mine.filter((s) => unreadableValue(panel, s.value)).length;
      return {at, value: mine.reduce<number | null>((worst, s) => worseValue(panel, worst, s.value), null)};
    });
    // Counted at the last step (the value shown now), and only beside a series that has a value:
    // with none at all the panel already reads no data.
    const last = points.at(-1)?.value ?? null;
    out.set(panel.name, last !== null && unread > 0 ? {points, series, noData: unread} : {points, series});
  }
  return out;
}
