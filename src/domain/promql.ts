/**
 * PromQL text built from SLO definitions, and the decoding of what comes back. Builders return
 * plain strings (tested for exact equality); nothing here talks to Prometheus.
 */
import type {RatioWindow, SloDefinition, SloMeasurement} from './slo.ts';

/** Label carrying the SLO name in the combined query's result. */
export const SLO_LABEL = 'oncall_slo';
/** Label carrying which part of the ratio a series is: `errors`, `good` (latency) or `total`. */
export const PART_LABEL = 'oncall_part';

/**
 * A window answered with no requests over it (its total was 0): no ratio to show, yet the
 * service's series are there, unlike a window with no series at all (a service gone). An idle
 * short window cannot trip its pair (no requests, no errors); a window with no series may hide a
 * burn (see `evaluateStatus`).
 */
export const IDLE = 'idle';

/** One SLO's reading of one window: its error ratio, {@link IDLE}, or `null` (no series, NaN, no SLI). */
export type RatioReading = number | null | typeof IDLE;

/** The ratio of a reading: `null` when idle or without one. */
export function readingRatio(reading: RatioReading | undefined): number | null {
  return typeof reading === 'number' ? reading : null;
}

/** One decoded instant-vector sample. */
export interface VectorSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Substitutes Sloth's `{{.window}}` placeholder (spaces inside the braces allowed). */
export function renderWindow(template: string, window: string): string {
  return template.replace(/\{\{\s*\.window\s*\}\}/g, () => window);
}

/** A PromQL double-quoted string literal (Go escaping): quotes, backslashes and controls escaped. */
export function promqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * `expr` with the label `label` set to `value` on every series (`label_replace`). label_replace
 * expands `$1`/`${name}` in its replacement; `$$` is a literal dollar, so a name like `pay$1`
 * stays `pay$1` instead of losing its `$1`.
 */
export function tag(expr: string, label: string, value: string): string {
  return `label_replace(${expr}, "${label}", ${promqlString(value.replaceAll('$', '$$$$'))}, "", "")`;
}

/**
 * `expr` in parentheses, after `before` (a function name, or nothing): `sum(expr)`, `(expr)`.
 * A user's query may end in a `# comment` (a YAML `query: |` block), which runs to the end of
 * the line: the closing parenthesis then goes on a line of its own, or the comment would swallow
 * it and the rest of the batch (Prometheus: `unclosed left parenthesis`).
 */
export function enclose(expr: string, before = ''): string {
  return expr.includes('#') ? `${before}(${expr}\n)` : `${before}(${expr})`;
}

/** `oncall_part` of a denominator-corrected SLO's total over its period (see {@link SliSpec}). */
export const PERIOD_TOTAL_PART = 'period_total';

function part(expr: string, slo: string, name: 'errors' | 'good' | 'total' | typeof PERIOD_TOTAL_PART): string {
  return tag(tag(enclose(expr, 'sum'), SLO_LABEL, slo), PART_LABEL, name);
}

/**
 * One instant query reading every SLO's ratio over one window: each SLO contributes its summed
 * error (latency: good, i.e. the `le` bucket) and total series, tagged with `oncall_slo` and
 * `oncall_part`, joined with `or` (the tags keep every series distinct). `'period'` uses each
 * SLO's own period. SLOs without a query (the demo) are skipped; `null` when none is left.
 * Names must be unique: two SLOs with one name would collide in the result.
 * @param periodReadApart the period is read in another request at the same instants (a refresh,
 *   a timeline): a denominator-corrected SLO's window then leaves its period total out, to be
 *   taken from that request's `total` (see {@link ratiosFromVector}). Left off, it reads it here.
 */
export function combinedRatioQuery(slos: readonly SloDefinition[], window: RatioWindow, periodReadApart = false): string | null {
  const parts: string[] = [];
  for (const slo of slos) {
    const sli = slo.sli;
    if (sli === undefined) continue;
    const w = window === 'period' ? slo.window : window;
    // Latency reads the good bucket rather than `total - bucket` in PromQL: a missing bucket would
    // make the subtraction empty, and empty errors would read as zero errors.
    if (sli.kind === 'ratio') parts.push(part(renderWindow(sli.errorQuery, w), slo.name, 'errors'));
    else parts.push(part(renderWindow(sli.bucketQuery, w), slo.name, 'good'));
    parts.push(part(renderWindow(sli.totalQuery, w), slo.name, 'total'));
    // Sloth's denominator_corrected_rules weigh a window's ratio by its share of the period's
    // traffic. That total is the period request's own `total` (the same expression at the same
    // instant, so the same number): read in every window, a slow or refused 30-day read slowed
    // or failed all seven requests, every other SLO's windows with them.
    if (sli.kind === 'ratio' && sli.denominatorCorrected && window !== 'period' && !periodReadApart) parts.push(part(renderWindow(sli.totalQuery, slo.window), slo.name, PERIOD_TOTAL_PART));
  }
  return parts.length === 0 ? null : parts.join(' or ');
}

/**
 * Per-SLO error ratio over `window` from the combined query's result. Total answered ≤ 0 →
 * {@link IDLE} (no traffic: no ratio, never "no errors", yet the series are there); total absent,
 * NaN or infinite → `null` (no series, or nothing to read). Errors absent with traffic → 0:
 * `sum(rate(x{code=~"5.."}[w]))` is an empty vector when no 5xx series exists at all, which is
 * exactly "no errors". Latency: errors = total − good; a missing good bucket is `null` (a wrong
 * `le`, not a perfect service). Ratios are clamped to [0, 1]: separate rate() extrapolations can
 * overshoot slightly. A denominator-corrected SLO's ratio (not the period's) is then multiplied
 * by total ÷ period total, as Sloth's rules do, and may exceed 1 at a traffic peak; without a
 * period total it is `null`, never the uncorrected ratio.
 * @param periodTotals each SLO's period total read in the period's request (its `total` part),
 *   for windows whose request left it out; a period total in `samples` is taken first.
 */
export function ratiosFromVector(
  samples: readonly VectorSample[],
  slos: readonly SloDefinition[],
  window: RatioWindow,
  periodTotals?: ReadonlyMap<string, number>,
): Map<string, RatioReading> {
  const found = new Map<string, Partial<Record<string, number>>>();
  for (const s of samples) {
    const slo = s.labels[SLO_LABEL];
    const name = s.labels[PART_LABEL];
    if (slo === undefined || name === undefined) continue;
    const entry = found.get(slo) ?? {};
    entry[name] ??= s.value;
    found.set(slo, entry);
  }
  const out = new Map<string, RatioReading>();
  for (const slo of slos) out.set(slo.name, correctDenominator(slo, window, decodeRatio(slo, found.get(slo.name)), found.get(slo.name), periodTotals?.get(slo.name)));
  return out;
}

/** Sloth's denominator correction: ratio × (traffic over the window ÷ traffic over the period). */
function correctDenominator(slo: SloDefinition, window: RatioWindow, ratio: RatioReading, parts: Partial<Record<string, number>> | undefined, apart: number | undefined): RatioReading {
  // An idle window weighs nothing whatever the period's traffic: it stays idle.
  if (typeof ratio !== 'number' || !weighedByPeriod(slo, window)) return ratio;
  const total = parts?.total ?? NaN;
  const periodTotal = parts?.[PERIOD_TOTAL_PART] ?? apart;
  if (periodTotal === undefined || !Number.isFinite(periodTotal) || periodTotal <= 0) return null;
  return ratio * (total / periodTotal);
}

/**
 * Whether an SLO's computed ratio over `window` is weighed by its period's traffic (Sloth's
 * `denominator_corrected_rules`): it is then unknown whenever that total is.
 */
export function weighedByPeriod(slo: SloDefinition, window: RatioWindow): boolean {
  return slo.sli?.kind === 'ratio' && slo.sli.denominatorCorrected === true && window !== 'period';
}

function decodeRatio(slo: SloDefinition, parts: Partial<Record<string, number>> | undefined): RatioReading {
  const total = parts?.total;
  if (slo.sli === undefined || total === undefined || !Number.isFinite(total)) return null;
  // Answered, and nothing was asked of the service over the window (a quiet night).
  if (total <= 0) return IDLE;
  let errors: number;
  if (slo.sli.kind === 'ratio') errors = parts?.errors ?? 0;
  else {
    const good = parts?.good;
    if (good === undefined) return null;
    errors = total - good;
  }
  if (!Number.isFinite(errors)) return null;
  return Math.min(1, Math.max(0, errors / total));
}

/**
 * Per-SLO requests per second over a window from the combined query's result: its `total` part,
 * where finite and not negative. A tool's recorded ratio has none.
 */
export function totalsFromVector(samples: readonly VectorSample[], slos: readonly SloDefinition[]): Map<string, number> {
  const names = new Set(slos.flatMap((s) => (s.sli === undefined ? [] : [s.name])));
  const out = new Map<string, number>();
  for (const s of samples) {
    const slo = s.labels[SLO_LABEL];
    if (slo === undefined || s.labels[PART_LABEL] !== 'total' || !names.has(slo) || out.has(slo)) continue;
    if (Number.isFinite(s.value) && s.value >= 0) out.set(slo, s.value);
  }
  return out;
}

/**
 * Assembles measurements from per-window ratio maps (as {@link ratiosFromVector} returns them).
 * @param totals per window, each SLO's requests per second (as {@link totalsFromVector} reads
 *   them): an idle short window decides its pair only beside a long window this low.
 */
export function measurementsFromRatios(
  slos: readonly SloDefinition[],
  byWindow: ReadonlyMap<RatioWindow, ReadonlyMap<string, RatioReading>>,
  at: number,
  originOf?: (slo: SloDefinition, window: RatioWindow) => string | null,
  totals?: ReadonlyMap<RatioWindow, ReadonlyMap<string, number>>,
): SloMeasurement[] {
  return slos.map((slo) => ({
    slo: slo.name,
    at,
    ratios: [...byWindow].map(([window, ratios]) => {
      const origin = originOf?.(slo, window) ?? null;
      const reading = ratios.get(slo.name);
      const rate = totals?.get(window)?.get(slo.name);
      return {window, ratio: readingRatio(reading), ...(reading === IDLE ? {idle: true as const} : {}), ...(rate === undefined ? {} : {totalRate: rate}), ...(origin === null ? {} : {origin})};
    }),
    ...(slo.recorded ? {recorded: slo.recorded.kind} : {}),
    ...(slo.recorded?.period ? {period: slo.recorded.period} : {}),
  }));
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parses a Prometheus sample value (a JSON string): `NaN`, `+Inf`, `-Inf` and exponent forms
 * (`1e-07`, `4.2e-01`). JS's `Number("+Inf")` is NaN and `Number("")` is 0, hence the mapping.
 * Anything unparsable is NaN, which every consumer treats as no data.
 */
export function parsePromValue(s: string): number {
  const t = s.trim();
  switch (t.toLowerCase()) {
    case 'nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
  }
  return DECIMAL.test(t) ? Number(t) : NaN;
}
