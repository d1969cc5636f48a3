/**
 * A panel's value and thresholds as text in the panel's unit, at most {@link PANEL_VALUE_WIDTH}
 * cells: `93.4%`, `812MiB`, `250ms`, `1.84k`, `0.004/s`, `123µ/s`. Significant digits, not a fixed
 * count of decimals, so a small rate is not `0/s`; and more digits wherever fewer would contradict
 * the state beside it: a value is never rounded onto or past a threshold it has not crossed
 * (0.79996 beside `≥80.0%` reads `79.996%`, not `80.0%`), nor back from one it has; where those
 * digits would not fit, a bound that keeps the side (`<80.0%`, `<0.001/s`); a threshold reads as
 * written (`≤99.95%`, not `≤100.0%`); and a ratio below 100 % never reads `100.0%`.
 */
import {UNKNOWN} from './format.ts';
import {lowerIsWorse, type PanelDefinition, type PanelUnit} from './panel.ts';

/** Significant digits of a plain number (percentages: one decimal from 1 % up). */
const DIGITS = 3;
/** At most this many digits are added to tell a value from a threshold; then the closest text stands. */
const MAX_EXTRA = 6;

/**
 * Cells a panel value may take: the panel table's VALUE column. A longer text would be cut to `…`
 * there and lose its unit (`0.00099…` for `0.00099999/s`).
 */
export const PANEL_VALUE_WIDTH = 8;

// Every character these texts use (digits, `µ`, `≥`, `<`, `%`) takes one cell.
const cells = (text: string) => [...text].length;

/** A text and the number it says, in the panel's own unit (`80.0%` of a ratio panel says 0.8). */
interface Text {
  text: string;
  says: number;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

// `x` to `sig` significant digits, no trailing zeros after the point: 0.004, 0.5, 12.3, 845, 1e-9.
function significant(x: number, sig: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a < 1e-6) return x.toExponential(sig - 1).replace(/\.?0*e/, 'e');
  return trimZeros(x.toFixed(Math.min(20, Math.max(0, sig - 1 - Math.floor(Math.log10(a))))));
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;
const IEC = [
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
] as const;

// Below 1, for counts and rates whose plain decimals would not fit: 0.000123/s is `123µ/s`.
const SUB = [
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
] as const;

// `x` from the largest step it reaches; `tail` (`/s`) follows the text and counts toward `width`.
function scaled(x: number, steps: ReadonlyArray<readonly [number, string]>, base: string, sig: number, tail = '', width = Infinity): Text {
  // From where `sig` digits would round up to the step (999.6 → `1k`, not `1000`).
  const reaches = (size: number) => Math.abs(x) >= size * (1 - 0.5 * 10 ** -sig);
  for (const [size, suffix] of steps) {
    if (!reaches(size)) continue;
    const n = significant(x / size, sig);
    return {text: `${n}${suffix}${tail}`, says: Number(n) * size};
  }
  const n = significant(x, sig);
  const plain = {text: `${n}${base}${tail}`, says: Number(n)};
  // Plain decimals while they fit (`0.004/s`, as a threshold is usually written); else a prefix.
  if (cells(plain.text) <= width || reaches(1)) return plain;
  const sub = SUB.find(([size]) => reaches(size));
  return sub === undefined ? plain : scaled(x, [sub], base, sig, tail);
}

function duration(seconds: number, sig: number, width: number): Text {
  const a = Math.abs(seconds);
  const as = (size: number, suffix: string): Text => {
    const n = significant(seconds / size, sig);
    return {text: `${n}${suffix}`, says: Number(n) * size};
  };
  if (a > 0 && a < 1) {
    // `0.4ms` while it fits; a microsecond or less in its own unit (`123µs`, not `0.000123ms`).
    const ms = as(0.001, 'ms');
    if (cells(ms.text) <= width || a >= 0.001) return ms;
    return a >= 1e-6 * (1 - 0.5 * 10 ** -sig) ? as(1e-6, 'µs') : as(1e-9, 'ns');
  }
  if (a < 60) return as(1, 's');
  if (a < 3600) return as(60, 'm');
  return as(3600, 'h');
}

// A percentage: one decimal from 1 % up (`93.0%`), two significant digits below (`0.40%`). Below
// 100 it never reads 100: cut, not rounded, as formatPercent does, since 100 % reads as perfect.
function percent(pct: number, extra: number): string {
  const a = Math.abs(pct);
  const decimals = (a === 0 ? 1 : Math.min(4, Math.max(1, 1 - Math.floor(Math.log10(a))))) + extra;
  let text = pct.toFixed(decimals);
  if (pct < 100 && Number(text) >= 100) text = (Math.floor(pct * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
  return Number(text) === 0 ? text.replace(/^-/, '') : text;
}

function format(value: number, unit: PanelUnit, extra: number, width = PANEL_VALUE_WIDTH): Text {
  const sig = DIGITS + extra;
  switch (unit) {
    case 'percent': {
      const t = percent(value, extra);
      return {text: `${t}%`, says: Number(t)};
    }
    case 'ratio': {
      const t = percent(value * 100, extra);
      return {text: `${t}%`, says: Number(t) / 100};
    }
    case 'bytes':
      return scaled(value, IEC, 'B', sig);
    case 'seconds':
      return duration(value, sig, width);
    case 'per-second':
      return scaled(value, SI, '', sig, '/s', width);
    case 'count':
      return scaled(value, SI, '', sig, '', width);
  }
}

/** Missing or NaN is `—`; infinities are `∞`/`-∞`; null for a finite number. */
function special(value: number | null): string | null {
  if (value === null || Number.isNaN(value)) return UNKNOWN;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  return null;
}

/**
 * `value` in `unit` with the default digits (and `extra` more): `93.4%`, `812MiB`, `250ms`,
 * `1.84k`, `12.3/s`, `0.004/s`. Missing or NaN is `—`; infinities are `∞`/`-∞`. Beside a
 * panel's thresholds, use {@link panelValueText}.
 */
export function formatPanelValue(value: number | null, unit: PanelUnit, extra = 0): string {
  return special(value) ?? format(value!, unit, extra).text;
}

// Equal within float noise: 99.95 % of a ratio says 0.9995 once divided back, or nearly.
const near = (a: number, b: number, tolerance = 1e-9) => Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));

/**
 * A threshold as written, with the digits it needs (`≤99.95%`, `≥0.001/s`), up to the cap. Bytes
 * are shown in binary units, where a decimal threshold (1.5e9) has no short exact text: to 0.01 %
 * is as written there (`1.397GiB`).
 */
export function panelThresholdText(unit: PanelUnit, threshold: number): string {
  return special(threshold) ?? thresholdText(unit, threshold, PANEL_VALUE_WIDTH).text;
}

function thresholdText(unit: PanelUnit, threshold: number, width: number): Text {
  const tolerance = unit === 'bytes' ? 1e-4 : 1e-9;
  for (let extra = 0; extra < MAX_EXTRA; extra++) {
    const t = format(threshold, unit, extra, width);
    if (near(t.says, threshold, tolerance)) return t;
  }
  return format(threshold, unit, MAX_EXTRA, width);
}

/**
 * The value as a bound on the side of `limit` it is on, in the cells there are: `<0.001/s`,
 * `<80.0%`, `≥80.0%`. The threshold as its column writes it where that fits, so the two read
 * against each other; else the most digits that fit with the bound still true (`<1.4GiB` of
 * 1.49999e9 bytes beside `≥1.397GiB`): loose, never false, never across.
 */
function bound(unit: PanelUnit, v: number, limit: number, lower: boolean): string {
  const reached = lower ? v <= limit : v >= limit;
  const sign = reached ? (lower ? '≤' : '≥') : lower ? '>' : '<';
  const holds = (x: number) => (sign === '<' ? v < x : sign === '>' ? v > x : sign === '≥' ? v >= x : v <= x);
  const width = PANEL_VALUE_WIDTH - cells(sign);
  const exact = thresholdText(unit, limit, width);
  if (cells(exact.text) <= width && holds(exact.says)) return `${sign}${exact.text}`;
  for (let extra = MAX_EXTRA; extra >= 0; extra--) {
    const t = format(limit, unit, extra, width);
    if (cells(t.text) <= width && holds(t.says)) return `${sign}${t.text}`;
  }
  return `${sign}${exact.text}`;
}

/**
 * A panel's value as its row and details show it: {@link formatPanelValue}, with digits added
 * until the text is on the same side of each threshold as the value (at or beyond it only when
 * the value is), so the number never contradicts the level beside it.
 */
export function panelValueText(panel: Pick<PanelDefinition, 'unit' | 'warn' | 'crit'>, value: number | null): string {
  const plain = special(value);
  if (plain !== null) return plain;
  const v = value!;
  const lower = lowerIsWorse(panel);
  const crossed = (x: number, limit: number) => near(x, limit) || (lower ? x < limit : x > limit);
  const limits = [panel.warn, panel.crit].filter((t): t is number => t !== undefined && Number.isFinite(t));
  const reached = (limit: number) => (lower ? v <= limit : v >= limit);
  // A threshold's text may be a hair off it (bytes): a value short of it must not read the same.
  const limitText = new Map(limits.map((limit) => [limit, panelThresholdText(panel.unit, limit)]));
  const apart = (text: string, limit: number) => reached(limit) || text !== limitText.get(limit);
  for (let extra = 0; extra <= MAX_EXTRA; extra++) {
    const t = format(v, panel.unit, extra);
    if (!limits.every((limit) => crossed(t.says, limit) === reached(limit) && apart(t.text, limit))) continue;
    if (cells(t.text) <= PANEL_VALUE_WIDTH) return t.text;
    break;
  }
  // The digits that tell it from a threshold do not fit: say the side of the nearest one.
  if (limits.length === 0) return format(v, panel.unit, 0).text;
  const nearest = limits.reduce((a, b) => (Math.abs(v - b) < Math.abs(v - a) ? b : a));
  return bound(panel.unit, v, nearest, lower);
}
