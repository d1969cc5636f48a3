/**
 * SLO arithmetic: error budget, burn rate, budget remaining, time to exhaustion, and the
 * multiwindow status. Ratios are fractions, objectives percents. "No data" is `null` all the way
 * through and never becomes zero: a broken exporter must not look like a perfect service.
 */
import {BURN_WINDOWS, type BurnWindow, type RatioWindow, type SloDefinition, type SloMeasurement, type SloReport, type SloStatus, type WindowVerdict} from './slo.ts';
import {burnLevel, burnTableFor, extraWindows, tableWindows, type BurnPair, type BurnTable, type TableWindow} from './burn-table.ts';
import {formatBurn} from './format.ts';
import {parseDuration} from './duration.ts';

/** A window → burn-rate map; an absent key reads as no data. */
export type BurnRates = Readonly<Partial<Record<string, number | null>>>;

// The budget as an exact fraction units/denominator, both integers. Objectives are written in
// decimal (99.9), and 100 − 99.9 is 0.09999999999999432 in binary floating point; scaling by the
// objective's own decimal places first gives 1/1000, so 0.0144 burns at exactly 14.4×.
function budgetFraction(objectivePercent: number): {units: number; denominator: number} | null {
  if (!Number.isFinite(objectivePercent) || objectivePercent < 0 || objectivePercent > 100) return null;
  const text = String(objectivePercent);
  const decimals = text.includes('e') ? 15 : Math.min(15, (text.split('.')[1] ?? '').length);
  const scale = 10 ** decimals;
  return {units: Math.round(100 * scale) - Math.round(objectivePercent * scale), denominator: 100 * scale};
}

function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/** The error budget as a fraction: 99.9 → 0.001 (exactly the double nearest 0.001). `null` if the objective is not in [0, 100]. */
export function errorBudget(objectivePercent: number): number | null {
  const b = budgetFraction(objectivePercent);
  return b === null ? null : b.units / b.denominator;
}

/**
 * Burn rate = error ratio ÷ error budget; 1 spends the budget exactly over the period.
 * A `null`, NaN or infinite ratio is no data and gives `null`. With a 100 % objective any error
 * burns infinitely fast.
 */
export function burnRate(ratio: number | null, objectivePercent: number): number | null {
  const r = finiteOrNull(ratio);
  const b = budgetFraction(objectivePercent);
  if (r === null || b === null) return null;
  if (b.units === 0) return r > 0 ? Infinity : 0;
  return (r * b.denominator) / b.units;
}

/** 1 − period error ratio ÷ budget. Negative once the budget is overspent; `null` = no data. */
export function errorBudgetRemaining(periodRatio: number | null, objectivePercent: number): number | null {
  const burn = burnRate(periodRatio, objectivePercent);
  return burn === null ? null : 1 - burn;
}

/**
 * Seconds until the remaining budget is spent at `burn` (usually the 1h burn rate):
 * remaining × period ÷ burn. `null` when not burning (burn ≤ 0 or unknown) or nothing is known
 * of the budget; `0` when the budget is already gone (however far overspent, −Infinity at a
 * 100 % objective) and errors keep coming.
 */
export function exhaustsInSeconds(remaining: number | null, periodMs: number | null, burn: number | null): number | null {
  if (remaining === null || Number.isNaN(remaining) || burn === null || Number.isNaN(burn) || burn <= 0) return null;
  // Before the finite check: at a 100 % objective any error overspends the budget without end
  // (−Infinity), and that budget is as gone as any other.
  if (remaining <= 0) return 0;
  const r = finiteOrNull(remaining);
  if (r === null) return null;
  if (periodMs === null || !Number.isFinite(periodMs) || periodMs <= 0) return null;
  return (r * periodMs) / 1000 / burn;
}

/** Fraction of the period's budget a burn spends over a window: burn × window ÷ period. */
export function budgetConsumed(burn: number, windowMs: number, periodMs: number): number {
  return (burn * windowMs) / periodMs;
}

/** The burn rate that spends `fraction` of the budget within `windowMs`: the table's factors. */
export function factorForConsumption(fraction: number, windowMs: number, periodMs: number): number {
  return (fraction * periodMs) / windowMs;
}

/** The outcome of the multiwindow table for one SLO. */
export interface StatusEvaluation {
  status: SloStatus;
  /** Label of the pair that set the status (`1h&5m`); `null` when ok, unknown or no data. */
  trippedBy: string | null;
  /**
   * Set when the status is `unknown` because pairs could not be decided: their long window burns
   * above the pair's factor while their short one has no series.
   */
  undecided?: UndecidedPair[];
}

/** A pair whose long window burns above its factor while its short one has no ratio. */
export interface UndecidedPair {
  pair: BurnPair;
  /** The long window's burn rate, above the pair's factor. */
  longBurn: number;
  /** Set when the short window answered 0 requests, which the long window's traffic does not explain. */
  shortIdle?: true;
  /** The long window's requests per second, where known. */
  longRate?: number;
}

/**
 * Below this many requests expected over the short window (the long window's requests per
 * second × the short window's seconds), an empty short window is plausible: a low-traffic
 * service between requests, whose traffic tapers at night so the long window's mean overstates
 * it (2 requests a minute expect about 10 in 5m). A busy service answering 0 (1000 a minute
 * expect 5000) has hung: its counters are scraped, flat, while it burned.
 */
export const PLAUSIBLY_EMPTY = 30;

/**
 * Whether a pair cannot be decided: its long window burns above the factor and its short one has
 * no series, so the burn may well still be going on. The short window is the one that empties when
 * a service stops reporting (crash-looping pods export nothing), while the long one still holds
 * the burn. An idle short window (answered, no requests over it: a quiet night after a burst)
 * decides the pair only when the long window's traffic makes it plausible (see
 * {@link PLAUSIBLY_EMPTY}): no requests, no errors, so it cannot trip. A busy service answering 0
 * has hung mid-burn, and a long window whose traffic is not known (a tool's recorded ratio) cannot
 * say which: both stay undecided. A short window with no data while the long one is under the
 * factor decides the pair, and so does a missing long window: it holds all the short window
 * holds, so it is missing only when nothing of the pair can be said to burn.
 */
function undecidedPair(p: BurnPair, long: number | null, short: number | null, shortIdle: boolean, longRate: number | undefined): UndecidedPair | null {
  if (short !== null || long === null || !(long > p.factor)) return null;
  if (!shortIdle) return {pair: p, longBurn: long};
  const shortMs = parseDuration(p.short);
  if (longRate !== undefined && shortMs !== null && (longRate * shortMs) / 1000 < PLAUSIBLY_EMPTY) return null;
  return {pair: p, longBurn: long, shortIdle: true, ...(longRate === undefined ? {} : {longRate})};
}

// Requests per second as read: three significant digits, no exponent for the usual range.
function formatRate(rate: number): string {
  return String(Number(rate.toPrecision(3)));
}

/**
 * Why undecided pairs leave a status untold: `5m has no series while 1h burns 30.0× (1h&5m may
 * page)`, or `5m answered 0 requests while 1h had 16.7/s and burns 30.0× (…)`; a short window in
 * `unread` (its request failed, said beside) gives only the long one's burn, `1h burns 30.0× (…)`.
 */
export function undecidedReason(pairs: readonly UndecidedPair[], unread: ReadonlySet<string> = new Set()): string {
  return pairs
    .map(({pair: p, longBurn, shortIdle, longRate}) => {
      if (unread.has(p.short)) return `${p.long} burns ${formatBurn(longBurn)} (${p.label} may ${p.severity === 'page' ? 'page' : 'open a ticket'})`;
      const short = !shortIdle ? `${p.short} has no series` : `${p.short} answered 0 requests`;
      const had = shortIdle && longRate !== undefined ? ` had ${formatRate(longRate)}/s and` : '';
      return `${short} while ${p.long}${had} burns ${formatBurn(longBurn)} (${p.label} may ${p.severity === 'page' ? 'page' : 'open a ticket'})`;
    })
    .join('; ');
}

/**
 * Applies a burn-rate table: pages before tickets, the first tripping pair in table order within
 * a severity. Both windows of a pair must strictly exceed its factor; a missing window never
 * trips. A pair whose long window burns above its factor while its short one has no series (a
 * service burning fast that then stopped reporting: its 5m window empties first) cannot be
 * decided (a short window in `idle`, answered with no requests, decides it when the long
 * window's `rates` make that plausible: it cannot trip), and the burn it saw must not read as calm: without a trip, or with only a ticket while
 * a page pair is undecided, the status is `unknown`, and `undecided` lists those pairs (an
 * undecided ticket pair never holds back a ticket another pair tripped in full). `no-data` only
 * when every window the table reads is missing.
 */
export function evaluateStatus(burnRates: BurnRates, table: BurnTable, idle: ReadonlySet<string> = new Set(), rates: Readonly<Partial<Record<string, number>>> = {}): StatusEvaluation {
  const read = (w: string): number | null => {
    const v = burnRates[w];
    return v === null || v === undefined || Number.isNaN(v) ? null : v;
  };
  const undecided: UndecidedPair[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    for (const p of table.pairs) {
      if (p.severity !== severity) continue;
      const long = read(p.long);
      const short = read(p.short);
      if (long !== null && short !== null && long > p.factor && short > p.factor) {
        // A ticket is not the whole story while a page pair may be tripping; an undecided ticket
        // pair could only add the ticket this one already is.
        if (severity === 'ticket' && undecided.some((u) => u.pair.severity === 'page')) return {status: 'unknown', trippedBy: null, undecided};
        return {status: severity, trippedBy: p.label};
      }
      const open = undecidedPair(p, long, short, idle.has(p.short), rates[p.long]);
      if (open !== null) undecided.push(open);
    }
  }
  if (undecided.length > 0) return {status: 'unknown', trippedBy: null, undecided};
  const anyData = tableWindows(table).some((w) => read(w) !== null);
  return {status: anyData ? 'ok' : 'no-data', trippedBy: null};
}

/**
 * The table an SLO's measurement is judged by: the tool's whose recorded series it was read from
 * (Sloth's or Pyrra's factors then apply, as its own alerts use), else its source's.
 */
export function tableForMeasurement(definition: SloDefinition, measurement: SloMeasurement): BurnTable {
  return burnTableFor(measurement.recorded ?? definition.source, measurement.period ?? definition.window);
}

/**
 * Evaluates one SLO from its measured ratios: the one verdict every view and `status --json`
 * read. SLI = 1 − period error ratio. A page or ticket is shown even when the period ratio is
 * missing (a slow 30-day query must not hide a fast burn), but "ok" needs the period ratio:
 * without it the budget may already be gone, so it is `no-data`. Windows the table reads beyond
 * the seven (Pyrra's `4d`) are judged like the others and reported in `extraBurnRates`; a missing
 * one is no data, which never trips its pair. A measurement that failed (`error`) is `unknown`;
 * so is one whose unread windows (`unread`: their request failed) leave its status untold,
 * with why in `error` (see {@link partialVerdict}), while a read pair that pages still pages;
 * and so is one with a pair that cannot be decided (see {@link evaluateStatus}), `error` saying
 * which window is empty while which burns.
 * The SLO period is the measurement's `period` when its tool's rules say one (a Sloth SLO
 * generated for 28 days), else the definition's; the report's `definition` carries it.
 * @param asked the SLO as defined
 * @param table the burn table to judge by; by default {@link tableForMeasurement}'s
 */
export function evaluateSlo(asked: SloDefinition, measurement: SloMeasurement, table: BurnTable = tableForMeasurement(asked, measurement)): SloReport {
  // The period the tool's rules say (a Sloth SLO generated for 28 days) is the one the numbers are of.
  const definition = measurement.period === undefined || measurement.period === asked.window ? asked : {...asked, window: measurement.period};
  const ratioOf = (w: RatioWindow): number | null => finiteOrNull(measurement.ratios.find((r) => r.window === w)?.ratio);
  const judge = (w: TableWindow): WindowVerdict => {
    const rate = burnRate(ratioOf(w), definition.objective);
    return {window: w, ratio: ratioOf(w), burnRate: rate, level: burnLevel(rate, table)};
  };
  const extra = extraWindows(table);
  const windows = [...BURN_WINDOWS, ...extra].map(judge);
  const rateOf = new Map(windows.map((v) => [v.window, v.burnRate]));
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, rateOf.get(w) ?? null])) as Record<BurnWindow, number | null>;
  const extraBurnRates = Object.fromEntries(extra.map((w) => [w, rateOf.get(w) ?? null]));
  const periodRatio = ratioOf('period');
  const remaining = errorBudgetRemaining(periodRatio, definition.objective);
  // Answered with no requests (not unread: a failed request says nothing of the traffic).
  const idle = new Set<string>(measurement.ratios.flatMap((r) => (r.idle && r.ratio === null && r.unread === undefined ? [r.window] : [])));
  const rates = Object.fromEntries(measurement.ratios.flatMap((r) => (r.totalRate === undefined || r.unread !== undefined ? [] : [[r.window, r.totalRate]])));
  const evaluation = evaluateStatus({...burnRates, ...extraBurnRates}, table, idle, rates);
  const partial = measurement.error === undefined ? partialVerdict(measurement, table, evaluation) : null;
  const undecided = evaluation.status === 'unknown' ? (evaluation.undecided ?? []) : [];
  // A page pair whose long window burns past its factor may be paging whether its short window
  // has no series or could not be read (`partial`): both know as much of the pair, so both rank
  // with the pages. `undecided` (the "no series" windows) stays for the first alone.
  const paging = undecided.filter((u) => u.pair.severity === 'page');
  // So may one whose long window could not be read while its short one burns past the factor:
  // the long window holds all the short one holds, so it burns too, past the factor or not.
  const unreadSet = new Set<string>(unreadWindows(measurement));
  const longUnread = partial === null ? [] : table.pairs.filter((p) => p.severity === 'page' && unreadSet.has(p.long) && (rateOf.get(p.short) ?? 0) > p.factor);
  const mayPage = paging.length > 0 || longUnread.length > 0;
  // Unread and ranked with the pages, it says why beside what was not read.
  const mayPageWhy = [...(paging.length > 0 ? [undecidedReason(paging, unreadSet)] : []), ...longUnread.map((p) => `${p.short} burns ${formatBurn(rateOf.get(p.short) ?? null)} (${p.label} may page)`)];
  const unreadReason = partial !== null && mayPage ? `${partial}; ${mayPageWhy.join('; ')}` : partial;
  const error = measurement.error ?? unreadReason ?? (undecided.length > 0 ? undecidedReason(undecided) : undefined);
  const noData = measurement.error === undefined && partial === null ? [...new Set(undecided.map((u) => u.pair.short))] : [];
  const status = error !== undefined ? 'unknown' : periodRatio === null && evaluation.status === 'ok' ? 'no-data' : evaluation.status;
  const origins = Object.fromEntries(measurement.ratios.flatMap((r) => (r.origin ? [[r.window, r.origin]] : [])));
  const unread = unreadWindows(measurement);
  const unreadWhy = Object.fromEntries(unread.map((w) => [w, measurement.ratios.find((r) => r.window === w && r.unread !== undefined)!.unread!]));
  return {
    definition,
    table,
    errorBudget: errorBudget(definition.objective),
    windows,
    sli: periodRatio === null ? null : 1 - periodRatio,
    errorBudgetRemaining: remaining,
    burnRates,
    ...(extra.length > 0 ? {extraBurnRates} : {}),
    status,
    trippedBy: status === 'unknown' ? null : evaluation.trippedBy,
    exhaustsInSeconds: exhaustsInSeconds(remaining, parseDuration(definition.window), burnRates['1h']),
    ...(Object.keys(origins).length > 0 ? {origins} : {}),
    ...(error === undefined ? {} : {error}),
    ...(unread.length > 0 ? {unread, unreadWhy} : {}),
    ...(noData.length > 0 ? {undecided: noData} : {}),
    ...(mayPage ? {mayPage: true as const} : {}),
  };
}

/**
 * The windows of a measurement that could not be read, each once, in the order first met: a
 * window the measurement lists twice is still one window unread, said once.
 */
function unreadWindows(measurement: SloMeasurement): RatioWindow[] {
  return [...new Set(measurement.ratios.flatMap((r) => (r.unread === undefined ? [] : [r.window])))];
}

/**
 * When some windows an SLO needs could not be read (their request failed while others were
 * answered), why its status cannot be told; `null` when it can. A read pair that pages stands:
 * an unread window only ever hides a trip. A ticket stands only when every page pair was read
 * (an unread one may be paging). `ok` and `no-data` need every window of the table and the
 * period: an unread one may be burning, or the budget already gone.
 */
function partialVerdict(measurement: SloMeasurement, table: BurnTable, evaluation: StatusEvaluation): string | null {
  const unread = measurement.ratios.filter((r) => r.unread !== undefined);
  if (unread.length === 0 || evaluation.status === 'page') return null;
  const windows = unreadWindows(measurement);
  const missing = new Set<string>(windows);
  const needed = evaluation.status === 'ticket' ? table.pairs.filter((p) => p.severity === 'page').flatMap((p) => [p.long, p.short]) : [...tableWindows(table), 'period'];
  if (!needed.some((w) => missing.has(w))) return null;
  const reasons = [...new Set(unread.map((r) => r.unread))].join('; ');
  return `could not read the ${windows.join(', ')} window${windows.length === 1 ? '' : 's'}: ${reasons}`;
}

// No-data sits after page and ticket, which are confirmed burns needing action now, but before ok:
// an SLO we cannot measure (scrape failing, exporter gone, query broken) may be burning unseen,
// and an ok SLO needs no attention at all.
const STATUS_ORDER: Readonly<Record<string, number>> = {page: 0, ticket: 1, unknown: 2, 'no-data': 2, ok: 3};

/**
 * How bad an SLO's status is, 0 the worst: page, ticket, unknown or no-data, ok. An `unknown`
 * whose page pair cannot be decided (`mayPage`: its long window burns past the factor while its
 * short one has no series or was not read) ranks with the pages: it may be paging, and a ticket does not stand
 * beside it. The one rank the dashboard and `status` order by; an unheard-of status ranks last.
 */
export function sloRank(status: string, mayPage: boolean): number {
  return status === 'unknown' && mayPage ? STATUS_ORDER.page! : (STATUS_ORDER[status] ?? STATUS_ORDER.ok! + 1);
}

/** Worst first by {@link sloRank}: page (or may page), ticket, unknown or no-data, ok; then by 1h burn rate descending (unknown last); then name. */
export function compareSloReports(a: SloReport, b: SloReport): number {
  return compareSloSeverity(a, b) || (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0);
}

/** The worse of two SLO reports by status, then 1h burn rate; 0 when they are as bad (the name decides then). */
export function compareSloSeverity(a: SloReport, b: SloReport): number {
  const burn = (r: SloReport): number => r.burnRates['1h'] ?? -Infinity;
  return sloRank(a.status, a.mayPage === true) - sloRank(b.status, b.mayPage === true) || (burn(b) === burn(a) ? 0 : burn(b) > burn(a) ? 1 : -1);
}

/** The reports in {@link compareSloReports} order. */
export function sortSloReports(reports: readonly SloReport[]): SloReport[] {
  return [...reports].sort(compareSloReports);
}
