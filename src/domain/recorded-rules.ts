/**
 * Sloth and Pyrra recording rules: which SLOs already have their error ratios recorded in
 * Prometheus (decoded from `/api/v1/rules`), which recorded series answers which window, and
 * the selector that reads it. Reading a recorded series is cheaper than recomputing the ratio and
 * gives exactly the numbers the tool's own alerts fire on.
 *
 *   Sloth: `slo:sli_error:ratio_rate<window>{sloth_id="<service>-<slo>", sloth_window="<window>"}`
 *   Pyrra: `<metric>:burnrate<window>{slo="<name>"}`, the error ratio despite its name
 */
import {burnTableFor, PYRRA_TABLE, scalePyrraWindow, tableWindows, type BurnTable} from './burn-table.ts';
import {parseDuration} from './duration.ts';
import {promqlString} from './promql.ts';
import type {RatioWindow, RecordedSeries, SloDefinition} from './slo.ts';

/** One SLO a tool records, as found in the rules API. */
export interface RecordedSlo {
  kind: RecordedSeries['kind'];
  /** `sloth_id` (Sloth: `<service>-<slo>`) or the `slo` label (Pyrra: the object's name). */
  id: string;
  /** Label matchers (no braces) selecting this SLO's series. */
  selector: string;
  /** Recorded windows as written in the rule names, shortest first. */
  windows: string[];
}

const SLOTH_PREFIX = 'slo:sli_error:ratio_rate';
const PYRRA_RECORD = /^(.+):burnrate(\w+)$/;
const SLOTH_ID_IN_QUERY = /\bsloth_id\s*=\s*"((?:[^"\\]|\\.)*)"/;
/** Sloth records the Workbook windows (its google-30d and google-28d window sets). */
const SLOTH_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Decodes the `data` of `GET /api/v1/rules` into the SLOs Sloth or Pyrra record. The adapter
 * checks first that the answer is a list of rule groups (a malformed answer is an error there,
 * not "none"); here any rule it does not recognise is skipped, alerting rules and rules whose last evaluation failed
 * (`health: "err"`) are ignored, unknown fields are ignored. Sorted by kind, then id.
 */
export function decodeRecordedRules(data: unknown): RecordedSlo[] {
  const found = new Map<string, RecordedSlo>();
  const add = (kind: RecordedSlo['kind'], id: string, label: string, window: string) => {
    if (parseDuration(window) === null) return;
    const key = `${kind}\u0000${id}`;
    const entry = found.get(key) ?? {kind, id, selector: `${label}=${promqlString(id)}`, windows: []};
    if (!entry.windows.includes(window)) entry.windows.push(window);
    found.set(key, entry);
  };
  for (const group of arrayOf(isRecord(data) ? data['groups'] : undefined)) {
    for (const rule of arrayOf(isRecord(group) ? group['rules'] : undefined)) {
      if (!isRecord(rule) || typeof rule['name'] !== 'string' || rule['health'] === 'err') continue;
      if (rule['type'] !== undefined && rule['type'] !== 'recording') continue;
      const name = rule['name'];
      const labels = isRecord(rule['labels']) ? rule['labels'] : {};
      // Sloth's period rule labels only `sloth_window`; its series inherit `sloth_id` from the
      // 5m series its query averages, so the id is read from the query.
      const slothId = labels['sloth_id'] ?? SLOTH_ID_IN_QUERY.exec(typeof rule['query'] === 'string' ? rule['query'] : '')?.[1];
      const pyrraSlo = labels['slo'];
      const pyrra = PYRRA_RECORD.exec(name);
      if (name.startsWith(SLOTH_PREFIX) && typeof slothId === 'string') add('sloth', slothId, 'sloth_id', name.slice(SLOTH_PREFIX.length));
      else if (pyrra && typeof pyrraSlo === 'string') add('pyrra', pyrraSlo, 'slo', pyrra[2] ?? '');
    }
  }
  const byLength = (a: string, b: string) => (parseDuration(a) ?? 0) - (parseDuration(b) ?? 0);
  return [...found.values()]
    .map((r) => ({...r, windows: r.windows.sort(byLength)}))
    .sort((a, b) => (a.kind + a.id < b.kind + b.id ? -1 : a.kind + a.id > b.kind + b.id ? 1 : 0));
}

/**
 * Attaches discovered recorded series to the definitions they belong to. Only an SLO read from
 * that tool's own file is matched (a Sloth SLO is named after its `sloth_id`, a Pyrra SLO after
 * its object), so a native SLO is never silently swapped for someone else's rules; an SLO that
 * already declares `recorded` keeps it. A Sloth spec cannot say its period (only the flag Sloth
 * generated its rules with can), but the rules do: a Sloth SLO takes the period its recorded
 * `ratio_rate<period>` series names (see {@link slothPeriod}), so a 28-day one is judged over 28
 * days and by the factors Sloth's own alerts use.
 */
export function attachRecorded(slos: readonly SloDefinition[], found: readonly RecordedSlo[]): SloDefinition[] {
  return slos.map((slo) => {
    if (slo.recorded || (slo.source !== 'sloth' && slo.source !== 'pyrra')) return slo;
    const match = found.find((r) => r.kind === slo.source && r.id === slo.name);
    if (!match) return slo;
    const period = match.kind === 'sloth' ? slothPeriod(match.windows) : null;
    const recorded = {kind: match.kind, selector: match.selector, windows: match.windows, ...(period === null ? {} : {period})};
    return {...slo, window: period ?? slo.window, recorded};
  });
}

/**
 * The SLO period Sloth generated an SLO's rules for: the one recorded window that is not a burn
 * window (`slo:sli_error:ratio_rate4w` for 28 days), the longest should there be several; `null` when none
 * is recorded.
 */
export function slothPeriod(windows: readonly string[]): string | null {
  const burn = new Set(SLOTH_WINDOWS.map((w) => parseDuration(w)));
  const periods = windows.filter((w) => !burn.has(parseDuration(w)));
  return periods.reduce<string | null>((longest, w) => (longest === null || (parseDuration(w) ?? 0) > (parseDuration(longest) ?? 0) ? w : longest), null);
}

/**
 * Pyrra's windows for an SLO period (`Windows()` in its slo/rules.go): the 28-day windows
 * scaled by period ÷ 28d and rounded to the minute, so a 28d SLO records 5m … 4d and a 30d one
 * records 5m, 32m, 1h4m, …
 */
export function pyrraWindows(periodMs: number): string[] {
  const byLength = (a: string, b: string) => (parseDuration(a) ?? 0) - (parseDuration(b) ?? 0);
  return tableWindows(PYRRA_TABLE)
    .sort(byLength)
    .map((w) => scalePyrraWindow(w, periodMs));
}

function recordedWindows(slo: SloDefinition): string[] {
  const recorded = slo.recorded;
  if (!recorded) return [];
  if (recorded.windows) return recorded.windows;
  if (recorded.kind === 'sloth') return [...SLOTH_WINDOWS, slo.window];
  return pyrraWindows(parseDuration(slo.window) ?? 0);
}

/**
 * Where the ratio of one SLO over one window comes from: a recorded series whose window is
 * exactly that long, else recomputed from the SLI's queries, else nowhere (`null`).
 * The period is recomputed whenever the SLI is known: Sloth's recorded period ratio is an
 * average of 5-minute ratios (its "optimized" rules), not the exact ratio of the period's counts.
 */
export function ratioOrigin(slo: SloDefinition, window: RatioWindow): {kind: 'recorded'; selector: string} | {kind: 'computed'} | null {
  if (window === 'period' && slo.sli) return {kind: 'computed'};
  const wanted = parseDuration(window === 'period' ? slo.window : window);
  const text = recordedWindows(slo).find((w) => wanted !== null && parseDuration(w) === wanted);
  if (slo.recorded && text !== undefined) return {kind: 'recorded', selector: recordedSelector(slo.recorded, text)};
  return slo.sli ? {kind: 'computed'} : null;
}

/** The instant-vector selector of one recorded window, e.g. `slo:sli_error:ratio_rate5m{sloth_id="a"}`. */
export function recordedSelector(recorded: RecordedSeries, windowText: string): string {
  // Pyrra's metric prefix follows the SLI's metric; the window suffix and the `slo` label suffice.
  if (recorded.kind === 'pyrra') return `{__name__=~${promqlString(`.+:burnrate${windowText}`)},${recorded.selector}}`;
  return `${SLOTH_PREFIX}${windowText}{${recorded.selector}}`;
}

/**
 * The burn-rate table an SLO is judged by: its recording tool's when it has one, else its
 * source's; Pyrra's scaled to the SLO period.
 */
export function burnTableForSlo(slo: SloDefinition): BurnTable {
  return burnTableFor(slo.recorded?.kind ?? slo.source, slo.window);
}
