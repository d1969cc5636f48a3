/**
 * Panels: one PromQL number per row (CPU, memory, queue depth …) beside the SLOs, judged against
 * the configured `warn` and `crit` thresholds. What a panel is, how its level is decided, and the
 * text mark that says the level without colour (how its value reads: `panel-value.ts`).
 */

/** How a panel's value reads: `ratio` is 0..1 shown as a percentage, `percent` is already 0..100. */
export const PANEL_UNITS = ['count', 'percent', 'ratio', 'bytes', 'seconds', 'per-second'] as const;

/** One unit. */
export type PanelUnit = (typeof PANEL_UNITS)[number];

/** One configured panel. Thresholds are in the panel's own unit (a `ratio` panel warns at 0.8). */
export interface PanelDefinition {
  name: string;
  /** An instant-vector PromQL expression; several series are judged by the worst one. */
  query: string;
  unit: PanelUnit;
  warn?: number;
  crit?: number;
  /** The service it belongs to: selecting that service elsewhere highlights the panel. */
  service?: string;
}

/** How bad a panel's current value is. */
export type PanelLevel = 'crit' | 'warn' | 'ok' | 'no-data';

/** The level as text, so NO_COLOR still says it. */
export const PANEL_MARKS: Record<PanelLevel, string> = {crit: '✖ CRIT', warn: '▲ WARN', ok: '✔ OK', 'no-data': '? NO DATA'};

/**
 * True when lower values are worse (free disk, healthy replicas): said by a `crit` below `warn`.
 * With one threshold or none, higher is worse.
 */
export function lowerIsWorse(panel: Pick<PanelDefinition, 'warn' | 'crit'>): boolean {
  return panel.warn !== undefined && panel.crit !== undefined && panel.crit < panel.warn;
}

/**
 * The level of `value`: `crit` at or beyond `crit`, `warn` at or beyond `warn`, else `ok`. An
 * infinity in the worse direction (a division by zero: a queue with no consumer left) is beyond
 * every threshold. A value that is missing, NaN, or infinite without a threshold it passes is
 * `no-data`: never read as healthy.
 */
export function panelLevel(panel: Pick<PanelDefinition, 'warn' | 'crit'>, value: number | null): PanelLevel {
  if (value === null || Number.isNaN(value)) return 'no-data';
  const beyond = lowerIsWorse(panel) ? (limit: number) => value <= limit : (limit: number) => value >= limit;
  if (panel.crit !== undefined && beyond(panel.crit)) return 'crit';
  if (panel.warn !== undefined && beyond(panel.warn)) return 'warn';
  return Number.isFinite(value) ? 'ok' : 'no-data';
}

/**
 * What a panel's row says: its level, or `refused` when Prometheus refused its query (shown
 * `✖ QUERY REFUSED`). A refused query has no value, so its level reads `no-data`; it is not one.
 */
export type PanelState = PanelLevel | 'refused';

/**
 * Worst first: crit; a refused query (it cannot be read until someone fixes it, and is shown ✖
 * like crit); warn; no data (it may be burning unseen); ok.
 */
export const PANEL_STATE_ORDER: readonly PanelState[] = ['crit', 'refused', 'warn', 'no-data', 'ok'];

/**
 * True when `value` says nothing about how bad the panel is: missing, NaN, or an infinity in the
 * better direction (no threshold can be passed by it). Such a series is counted, never dropped
 * unsaid (`1 of 3 series no data`).
 */
export function unreadableValue(panel: Pick<PanelDefinition, 'warn' | 'crit'>, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return true;
  return value === (lowerIsWorse(panel) ? Infinity : -Infinity);
}

/**
 * The worse of two values of one panel (the larger, or the smaller when lower is worse); an
 * infinity in the worse direction wins, as PromQL's own `max` would say. Unreadable values lose.
 */
export function worseValue(panel: Pick<PanelDefinition, 'warn' | 'crit'>, a: number | null, b: number | null): number | null {
  const readable = [a, b].filter((v): v is number => !unreadableValue(panel, v));
  if (readable.length === 0) return null;
  return lowerIsWorse(panel) ? Math.min(...readable) : Math.max(...readable);
}

/** A panel as read now: its value (the last point), level and recent history. */
export interface PanelReading {
  definition: PanelDefinition;
  /** The worst series' value now (an infinity when one is infinite the worse way); null when no series has one. */
  value: number | null;
  level: PanelLevel;
  /**
   * Values of the last 30 minutes, oldest first, for the sparkline: an infinity the worse way is
   * kept (the sparkline draws +∞ as a full bar), one the harmless way is a gap, as no data is.
   */
  history: Array<number | null>;
  /** How many series the query returned (several: `value` is the worst). */
  series: number;
  /** How many series have no value now (NaN) beside those that do; absent when none. Said, not a level. */
  noData?: number;
  /** Why it could not be read while the other panels were. */
  error?: string;
}

/**
 * The reading of `definition` from what the batch found for it (nothing found: no data). A
 * series without a value beside others that have one (an idle route's 0/0 on a per-route error
 * ratio, every quiet night) is counted in `noData` and said beside the level, but does not turn
 * the finite, read series' `ok` into no data: that panel would read no data most nights, and
 * say nothing. An infinity the worse way is a value, and still wins.
 */
export function evaluatePanel(
  definition: PanelDefinition,
  found: {points: ReadonlyArray<{value: number | null}>; series: number; noData?: number; error?: string} | undefined,
): PanelReading {
  const points = found?.points ?? [];
  // A panel infinitely bad for 30 minutes must not draw the empty trend of one never read.
  const history = points.map((p) => (unreadableValue(definition, p.value) ? null : p.value));
  const last = points.at(-1)?.value ?? null;
  const value = last === null || Number.isNaN(last) ? null : last;
  const level = panelLevel(definition, value);
  const noData = found?.noData ?? 0;
  return {
    definition,
    value,
    level,
    history,
    series: found?.series ?? 0,
    ...(noData > 0 ? {noData} : {}),
    ...(found?.error === undefined ? {} : {error: found.error}),
  };
}

/** The state of a reading: `refused` when its query was refused, else its level. */
export function panelState(r: Pick<PanelReading, 'level' | 'error'>): PanelState {
  return r.error !== undefined ? 'refused' : r.level;
}

/** Worst state first ({@link PANEL_STATE_ORDER}); within a state, the configured order (a stable sort). */
export function sortPanelReadings(readings: readonly PanelReading[]): PanelReading[] {
  return [...readings].sort((a, b) => PANEL_STATE_ORDER.indexOf(panelState(a)) - PANEL_STATE_ORDER.indexOf(panelState(b)));
}
