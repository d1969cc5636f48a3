/**
 * The multiwindow, multi-burn-rate tables as data. A pair trips when BOTH its long and its short
 * window burn strictly faster than its factor: the long window proves the burn is significant, the
 * short one proves it is still happening (so the alert resets soon after the burn stops).
 * Pages are checked before tickets; within a severity the first tripping pair (table order) wins.
 */
import {parseDuration, prometheusDurationText} from './duration.ts';
import {BURN_WINDOWS, type BurnWindow, type SloSource} from './slo.ts';

/**
 * A window a table can name, as Prometheus writes durations: the Workbook windows, Pyrra's `4d`,
 * or Pyrra's windows scaled to another SLO period (`1h4m` for 30 days).
 */
export type TableWindow = BurnWindow | (string & {});

/** What a tripped pair asks of the on-call engineer. */
export type BurnSeverity = 'page' | 'ticket';

/** One row of a burn-rate table. */
export interface BurnPair {
  severity: BurnSeverity;
  long: TableWindow;
  short: TableWindow;
  /** Burn rate both windows must strictly exceed. */
  factor: number;
  /** `long&short`, the text shown as "tripped by". */
  label: string;
}

/** A named table; sources pick one per SLO (see {@link burnTableFor}). */
export interface BurnTable {
  name: 'workbook' | 'pyrra';
  /** Period the factors were derived for; the factors are budget fractions × period ÷ long window. */
  period: string;
  pairs: readonly BurnPair[];
}

function pair(severity: BurnSeverity, long: TableWindow, short: TableWindow, factor: number): BurnPair {
  return {severity, long, short, factor, label: `${long}&${short}`};
}

/** The Workbook's pairs: the long window, its short window, and the percent of the budget it spends. */
const WORKBOOK_PAIRS: ReadonlyArray<{severity: BurnSeverity; long: BurnWindow; short: BurnWindow; percent: number}> = [
  {severity: 'page', long: '1h', short: '5m', percent: 2}, // 2 % of the budget in 1 hour: exhausted in ~2 days (30d)
  {severity: 'page', long: '6h', short: '30m', percent: 5}, // 5 % in 6 hours: exhausted in 5 days (30d)
  {severity: 'ticket', long: '1d', short: '2h', percent: 10}, // 10 % in 1 day: exhausted in 10 days (30d)
  {severity: 'ticket', long: '3d', short: '6h', percent: 10}, // 10 % in 3 days: exhausted exactly at the period's end
];

/**
 * The factor that spends `percent` of a period's budget within `window`: percent × period ÷ long
 * window (Sloth's getBurnRateFactor). One division of two exact integers, so the result is the
 * double nearest the exact quotient: 14.4, 6, 3 and 1 for 30 days, exactly as written.
 */
function workbookFactor(percent: number, periodMs: number, windowMs: number): number {
  return (percent * periodMs) / (100 * windowMs);
}

function workbookPairs(periodMs: number): BurnPair[] {
  return WORKBOOK_PAIRS.map((p) => pair(p.severity, p.long, p.short, workbookFactor(p.percent, periodMs, parseDuration(p.long) ?? 1)));
}

const WORKBOOK_PERIOD_MS = 30 * 86_400_000;

/**
 * Google SRE Workbook, "Alerting on SLOs", recommended parameters for a 30-day SLO, with the
 * 1d/2h ticket pair Sloth adds: page 1h&5m > 14.4×, 6h&30m > 6×; ticket 1d&2h > 3×, 3d&6h > 1×.
 * For other periods see {@link workbookTable}.
 */
export const WORKBOOK_TABLE: BurnTable = {name: 'workbook', period: '30d', pairs: workbookPairs(WORKBOOK_PERIOD_MS)};

/**
 * The Workbook's table for an SLO period: the same windows, each factor spending the same share of
 * the budget (2 %, 5 %, 10 %, 10 %) as Sloth derives it, so a 28-day SLO pages at 13.44× on 1h&5m
 * and 5.6× on 6h&30m, tickets at 2.8× and 0.933×, exactly the factors of the alerts Sloth generates
 * for it; a 7-day one pages at 3.36× and 1.4×. {@link WORKBOOK_TABLE} itself for 30 days or a
 * period that does not parse.
 */
export function workbookTable(period: string): BurnTable {
  const periodMs = parseDuration(period);
  if (periodMs === null || periodMs <= 0 || periodMs === WORKBOOK_PERIOD_MS) return WORKBOOK_TABLE;
  return {name: 'workbook', period, pairs: workbookPairs(periodMs)};
}

/**
 * Pyrra's table (`Windows()` in its slo/rules.go) for its default 28-day window; Pyrra labels
 * these `critical`/`warning`, which map to page/ticket. For other SLO periods Pyrra keeps the
 * factors and scales the windows: see {@link pyrraTable}.
 */
export const PYRRA_TABLE: BurnTable = {
  name: 'pyrra',
  period: '28d',
  pairs: [
    pair('page', '1h', '5m', 14), // 50 % of the budget within a day
    pair('page', '6h', '30m', 7), // 100 % within 4 days
    pair('ticket', '1d', '2h', 2), // 100 % within 2 weeks
    pair('ticket', '4d', '6h', 1), // 100 % within the 4-week window
  ],
};

const PYRRA_PERIOD_MS = 28 * 86_400_000;

/**
 * One of Pyrra's 28-day windows scaled to an SLO period as Pyrra does it: the period divided by
 * the same whole divisor (28d ÷ 1h = 672), rounded to the minute, written as Prometheus writes
 * durations, which is also how Pyrra names its recording rules (`burnrate1h4m`). Never under a
 * minute: a period of a few days would round its 5m window to `0s`, which no query accepts.
 */
export function scalePyrraWindow(window28d: string, periodMs: number): string {
  const divisor = Math.round(PYRRA_PERIOD_MS / (parseDuration(window28d) ?? PYRRA_PERIOD_MS));
  return prometheusDurationText(Math.max(1, Math.round(periodMs / divisor / 60_000)) * 60_000);
}

/**
 * Pyrra's table for an SLO period: the same factors over windows scaled by period ÷ 28 days, so
 * a 30-day SLO pages on `1h4m&5m` and tickets on `4d6h51m&6h26m`, exactly the pairs its Pyrra
 * alerts use. {@link PYRRA_TABLE} itself for 28 days (`4w`) or a period that does not parse.
 */
export function pyrraTable(period: string): BurnTable {
  const periodMs = parseDuration(period);
  if (periodMs === null || periodMs === PYRRA_PERIOD_MS) return PYRRA_TABLE;
  const scale = (w: TableWindow) => scalePyrraWindow(w, periodMs);
  return {...PYRRA_TABLE, period, pairs: PYRRA_TABLE.pairs.map((p) => pair(p.severity, scale(p.long), scale(p.short), p.factor))};
}

/**
 * The table an SLO is judged by: Pyrra's (scaled to the SLO period) for SLOs defined as Pyrra
 * objects or read from Pyrra's recorded series, so the dashboard agrees with the alerts Pyrra
 * generated; the Workbook's, its factors scaled to the SLO period, for everything else (Sloth
 * derives its factors so too).
 * @param period the SLO's window, e.g. `28d`
 */
export function burnTableFor(source: SloSource, period: string): BurnTable {
  return source === 'pyrra' ? pyrraTable(period) : workbookTable(period);
}

/** The distinct windows a table reads, in table order (long before short), for building queries. */
export function tableWindows(table: BurnTable): TableWindow[] {
  const out: TableWindow[] = [];
  for (const p of table.pairs) {
    if (!out.includes(p.long)) out.push(p.long);
    if (!out.includes(p.short)) out.push(p.short);
  }
  return out;
}

/**
 * The windows a table reads beyond {@link BURN_WINDOWS} (Pyrra's `4d`), shortest first: reports
 * carry their burn rates besides the seven, and a refresh queries them only for SLOs that need them.
 */
export function extraWindows(table: BurnTable): TableWindow[] {
  const byLength = (a: string, b: string) => (parseDuration(a) ?? 0) - (parseDuration(b) ?? 0);
  return tableWindows(table)
    .filter((w) => !(BURN_WINDOWS as readonly string[]).includes(w))
    .sort(byLength);
}

/** How hot one window runs by a table: what its burn would ask for if its partner window agreed. */
export type BurnLevel = 'page' | 'ticket' | 'ok' | 'no-data';

/**
 * The level of one window's burn rate by a table's own factors: above the lowest paging factor is
 * `page`, above the lowest ticket factor `ticket` (Workbook 6× and 1×, Pyrra 7× and 1×), so a
 * Pyrra SLO at 6.5× reads as a ticket, not a page. The lowest factor of the table, not that of the
 * pairs the window is in: a 1d burn of 2.5× spends the budget in 12 days, which is not calm even
 * though the 1d&2h pair asks for 3×, and the seven columns include windows a scaled Pyrra table
 * does not read at all. `null`/NaN is no data.
 */
export function burnLevel(rate: number | null, table: BurnTable): BurnLevel {
  if (rate === null || Number.isNaN(rate)) return 'no-data';
  const lowest = (severity: BurnSeverity) => Math.min(...table.pairs.filter((p) => p.severity === severity).map((p) => p.factor));
  if (rate > lowest('page')) return 'page';
  if (rate > lowest('ticket')) return 'ticket';
  return 'ok';
}
