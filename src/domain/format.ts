/**
 * Number formatting for narrow terminal columns. Every character used is one cell wide, so a
 * column's width is its string length. Unknown values render as `—`, never as 0.
 */

/** Shown for a value that is not known (`null` or NaN). */
export const UNKNOWN = '—';

const BARS = '▁▂▃▄▅▆▇█';

/** A time of day in UTC to the minute, as every line that says "until" or "at" writes it: `10:42Z`. */
export function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)}Z`;
}

/**
 * When something ends, from `now`: the time of day on the same UTC day (`10:42Z`), with its date
 * otherwise (`2026-12-08 10:42Z`), so an ack of a day never reads as ending now.
 */
export function formatUntil(ms: number, now: number): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return day(ms) === day(now) ? formatClock(ms) : `${day(ms)} ${formatClock(ms)}`;
}

function unsignedZero(text: string): string {
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A fraction as a percent with fixed decimals: `0.999` → `99.90%`. A value below 1 never rounds
 * up to `100.00%` (it is truncated instead), because "100 %" reads as "perfect" to someone on call.
 */
export function formatPercent(fraction: number | null, digits = 2): string {
  if (fraction === null || Number.isNaN(fraction)) return UNKNOWN;
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞%' : '-∞%';
  const pct = fraction * 100;
  let text = pct.toFixed(digits);
  if (fraction < 1 && Number(text) >= 100) text = (Math.floor(pct * 10 ** digits) / 10 ** digits).toFixed(digits);
  return `${unsignedZero(text)}%`;
}

/** A burn rate with three significant digits at most: `0.12×`, `6.00×`, `20.1×`, `143×`, `1.5k×`, `∞`. */
export function formatBurn(x: number | null): string {
  if (x === null || Number.isNaN(x)) return UNKNOWN;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  let text: string;
  // Thresholds sit where rounding would carry into another digit (9.996 → `10.0`, not `10.00`).
  if (a >= 9_950) text = `${Math.round(a / 1000)}k`;
  else if (a >= 999.5) text = `${(a / 1000).toFixed(1)}k`;
  else if (a >= 99.95) text = a.toFixed(0);
  else if (a >= 9.995) text = a.toFixed(1);
  else text = a.toFixed(2);
  return `${unsignedZero(sign + text)}×`;
}

/**
 * Seconds as a short, floored duration for "budget exhausted in": `2d 2h`, `5h 3m`, `45m`, `30s`;
 * whole days only from 100 days on. `0m` when already exhausted, `∞` for never, `—` for unknown.
 * Flooring never promises more time than there is.
 */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || Number.isNaN(seconds)) return UNKNOWN;
  if (seconds === Infinity) return '∞';
  if (seconds <= 0) return '0m';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d >= 100) return `${d}d`;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

/**
 * Which end of a bucket a sparkline keeps: the worst, so a short excursion survives bucketing.
 * `max` for a burn rate or CPU; `min` where lower is worse (free disk), or the dip is erased.
 */
export type SparkWorst = 'max' | 'min';

// Collapses to `width` buckets keeping each bucket's worst value, so a short spike (or dip) survives.
function fit(values: ReadonlyArray<number | null>, width: number, worst: SparkWorst): Array<number | null> {
  const clean = values.map((v) => (v === null || Number.isNaN(v) ? null : v));
  if (clean.length <= width) return [...Array<null>(width - clean.length).fill(null), ...clean];
  const out: Array<number | null> = [];
  for (let i = 0; i < width; i++) {
    const bucket = clean.slice(Math.floor((i * clean.length) / width), Math.floor(((i + 1) * clean.length) / width)).filter((v) => v !== null);
    out.push(bucket.length === 0 ? null : worst === 'min' ? Math.min(...bucket) : Math.max(...bucket));
  }
  return out;
}

/**
 * A sparkline exactly `width` cells wide, newest at the right: fewer values are padded on the
 * left, more are bucketed by their `worst` (maximum unless told). `null`/NaN is a space; zero and
 * below (−∞ too) is `▁`; positive values use `▂`…`█` scaled to the largest finite value (or
 * `minScale`, e.g. 1 for burn rates so a calm service does not draw full bars), so any error at
 * all is visibly above zero; +∞ is `█`.
 */
export function sparkline(values: ReadonlyArray<number | null>, width: number, minScale = 0, worst: SparkWorst = 'max'): string {
  const w = Number.isFinite(width) ? Math.max(0, Math.floor(width)) : 0;
  if (w === 0) return '';
  const cells = fit(values, w, worst);
  const scale = Math.max(minScale, ...cells.filter((v): v is number => v !== null && Number.isFinite(v)));
  return cells
    .map((v) => {
      if (v === null) return ' ';
      if (v === Infinity) return '█';
      if (v <= 0 || scale <= 0) return '▁';
      // Seven equal bins over (0, scale]: (0, 1/7] → ▂ … (6/7, 1] → █.
      return BARS[Math.min(7, Math.max(1, Math.ceil((v * 7) / scale)))] ?? '█';
    })
    .join('');
}
