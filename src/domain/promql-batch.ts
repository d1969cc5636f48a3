/**
 * Batching the SLO ratio queries of one refresh: which windows share a request, the PromQL of a
 * request (computed ratios and recorded series side by side, tagged so every series says which
 * SLO, part and window it is), and the decoding of the answer back into per-window ratios.
 */
import {combinedRatioQuery, IDLE, PART_LABEL, promqlString, ratiosFromVector, SLO_LABEL, totalsFromVector, type RatioReading, type VectorSample} from './promql.ts';
import {ratioOrigin} from './recorded-rules.ts';
import {BURN_WINDOWS, type RatioWindow, type SloDefinition} from './slo.ts';
import {readsWindow} from './slo-windows.ts';

/** Label carrying the window in a request that covers several windows. */
export const WINDOW_LABEL = 'oncall_window';
/** `oncall_part` of a recorded series: its value is already the error ratio. */
export const RATIO_PART = 'ratio';

const WORKBOOK: readonly string[] = BURN_WINDOWS;

/**
 * Splits the windows of a refresh into requests: one per burn window, and the period folded into
 * the least urgent one, the 3d window's (else the longest of the seven asked). The period query
 * reads the most samples and is the slowest request, the one that times out on a loaded server;
 * a failed request loses only the windows it carries, and the 3d window feeds only the slowest
 * ticket pair, so a slow period read never takes a page pair's window with it. Folded, it adds
 * no request: N SLOs × 7 windows + the period cost 7 instant queries, and a window only some
 * SLOs need (Pyrra's `4d`) one more.
 */
export function planRatioRequests(windows: readonly RatioWindow[]): RatioWindow[][] {
  const unique = [...new Set(windows)];
  const burn = unique.filter((w) => w !== 'period');
  const groups: RatioWindow[][] = burn.map((w) => [w]);
  if (unique.includes('period')) {
    // The seven are in BURN_WINDOWS order, shortest first: the longest present is the least urgent.
    const rank = (g: RatioWindow[]) => WORKBOOK.indexOf(g[0]!);
    const host = groups.reduce<RatioWindow[] | undefined>((best, g) => (best === undefined || rank(g) > rank(best) ? g : best), undefined);
    if (host) host.push('period');
    else groups.push(['period']);
  }
  return groups;
}

// label_replace expands `$1` in its replacement; `$$` keeps a literal dollar.
function labelled(expr: string, label: string, value: string): string {
  return `label_replace(${expr}, "${label}", ${promqlString(value.replaceAll('$', '$$$$'))}, "", "")`;
}

function windowQuery(slos: readonly SloDefinition[], window: RatioWindow, periodReadApart: boolean): string | null {
  const computed: SloDefinition[] = [];
  const recorded: string[] = [];
  for (const slo of slos) {
    // A window beyond the seven (Pyrra's 4d) is read only for the SLOs whose table needs it.
    if (!readsWindow(slo, window)) continue;
    const origin = ratioOrigin(slo, window);
    if (origin?.kind === 'computed') computed.push(slo);
    // max(): one series per SLO, and for a Pyrra SLO with `grouping` the worst group.
    else if (origin?.kind === 'recorded') recorded.push(labelled(labelled(`max(${origin.selector})`, SLO_LABEL, slo.name), PART_LABEL, RATIO_PART));
  }
  const parts = [combinedRatioQuery(computed, window, periodReadApart), ...recorded].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(' or ');
}

/**
 * The PromQL of one request. A single window reads exactly as {@link combinedRatioQuery} (plus
 * any recorded series); several windows are each tagged with `oncall_window` and joined with
 * `or`. `null` when no SLO has anything to read.
 * @param periodReadApart another request of the same read carries the period (as
 *   {@link planRatioRequests} plans it): a denominator-corrected SLO's windows then take their
 *   period total from it ({@link ratiosFromRequests}) instead of reading 30 days each.
 */
export function batchRatioQuery(slos: readonly SloDefinition[], windows: readonly RatioWindow[], periodReadApart = false): string | null {
  if (windows.length === 1) return windowQuery(slos, windows[0]!, periodReadApart);
  const parts = windows.flatMap((w) => {
    const q = windowQuery(slos, w, periodReadApart);
    return q === null ? [] : [labelled(q, WINDOW_LABEL, w)];
  });
  return parts.length === 0 ? null : parts.join(' or ');
}

function ofWindow(samples: readonly VectorSample[], windows: readonly RatioWindow[], window: RatioWindow): readonly VectorSample[] {
  return windows.length === 1 ? samples : samples.filter((s) => s.labels[WINDOW_LABEL] === window);
}

/**
 * Per-window, per-SLO error ratios from the answer to {@link batchRatioQuery}. Computed parts go
 * through {@link ratiosFromVector} (no traffic = {@link IDLE}, no series = `null`); a recorded
 * ratio is taken as is, clamped to [0, 1]: NaN is the tool's 0/0 without traffic ({@link IDLE}),
 * infinite no data (`null`), and an absent series no series (`null`).
 */
export function ratiosFromBatch(
  samples: readonly VectorSample[],
  slos: readonly SloDefinition[],
  windows: readonly RatioWindow[],
  periodTotals?: ReadonlyMap<string, number>,
): Map<RatioWindow, Map<string, RatioReading>> {
  const out = new Map<RatioWindow, Map<string, RatioReading>>();
  for (const window of windows) {
    const mine = ofWindow(samples, windows, window);
    const ratios = ratiosFromVector(mine, slos, window, periodTotals);
    for (const s of mine) {
      const name = s.labels[SLO_LABEL];
      if (name === undefined || s.labels[PART_LABEL] !== RATIO_PART || !ratios.has(name)) continue;
      ratios.set(name, Number.isNaN(s.value) ? IDLE : Number.isFinite(s.value) ? Math.min(1, Math.max(0, s.value)) : null);
    }
    out.set(window, ratios);
  }
  return out;
}

/**
 * Per-window, per-SLO error ratios of one read made of several requests at the same instant (the
 * answers that came back, each with the windows its request carried). The period's `total` of
 * each SLO is the period total a denominator-corrected SLO's windows are weighed by: when the
 * period's request failed, those windows are `null` here and the reader says them unread.
 */
export function ratiosFromRequests(
  answers: ReadonlyArray<{group: readonly RatioWindow[]; samples: readonly VectorSample[]}>,
  slos: readonly SloDefinition[],
): Map<RatioWindow, Map<string, RatioReading>> {
  const totals = new Map<string, number>();
  for (const {group, samples} of answers) {
    if (!group.includes('period')) continue;
    for (const s of ofWindow(samples, group, 'period')) {
      const name = s.labels[SLO_LABEL];
      if (name !== undefined && s.labels[PART_LABEL] === 'total' && !totals.has(name)) totals.set(name, s.value);
    }
  }
  return new Map(answers.flatMap(({group, samples}) => [...ratiosFromBatch(samples, slos, group, totals)]));
}

/**
 * Per-window, per-SLO requests per second of one read made of several requests (as
 * {@link ratiosFromRequests} takes them): each computed window's `total`. A recorded ratio has
 * none, so an idle short window beside it stays undecided (see `evaluateStatus`).
 */
export function totalsFromRequests(
  answers: ReadonlyArray<{group: readonly RatioWindow[]; samples: readonly VectorSample[]}>,
  slos: readonly SloDefinition[],
): Map<RatioWindow, Map<string, number>> {
  return new Map(answers.flatMap(({group, samples}) => group.map((w) => [w, totalsFromVector(ofWindow(samples, group, w), slos)] as const)));
}
