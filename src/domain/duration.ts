/** Prometheus-style durations (`5m`, `1h30m`, `30d`) to and from milliseconds. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

// Units must appear largest first and at most once, as in Prometheus' own parser.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/**
 * Parses a Prometheus duration into milliseconds.
 * @returns the duration, or `null` when the text is not a valid non-zero duration
 */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return null;
  let total = 0;
  ORDER.forEach((unit, i) => {
    const n = match[i + 1];
    if (n !== undefined) total += Number(n) * (UNIT_MS[unit] ?? 0);
  });
  return total > 0 ? total : null;
}

/** Formats milliseconds as the shortest exact Prometheus duration, e.g. `90m` → `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Formats a duration the way Prometheus (and so Pyrra) writes it: `4w`, `1d1h43m`, `90d`. */
export function prometheusDurationText(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  const units: Array<[string, number, boolean]> = [
    ['y', 31_536_000_000, true],
    ['w', 604_800_000, true],
    ['d', 86_400_000, false],
    ['h', 3_600_000, false],
    ['m', 60_000, false],
    ['s', 1000, false],
    ['ms', 1, false],
  ];
  // Years and weeks only when exact, as Prometheus does (`90d`, not `12w6d`).
  for (const [unit, size, exact] of units) {
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Shown for an age that cannot be known (no readable start time). */
export const UNKNOWN_AGE = '?';

/** Formats an age or interval for a narrow column: `42s`, `12m`, `3h`, `2d`; `?` when not a number. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN_AGE;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** The age at `now` of something that started at `since`; `?` when the start is unknown. */
export function ageSince(now: number, since: number | null): string {
  return since === null ? UNKNOWN_AGE : formatAge(now - since);
}

// The units of `formatAge`, smallest first: below `below` seconds an age counts in `unit` ms.
const AGE_UNITS: ReadonlyArray<{below: number; unit: number}> = [
  {below: 60, unit: 1000},
  {below: 3600, unit: 60_000},
  {below: 86_400, unit: 3_600_000},
  {below: Number.POSITIVE_INFINITY, unit: 86_400_000},
];

/**
 * The first time after `now` at which `ageSince(·, since)` may read differently (`12m` turns
 * `13m` a minute later, `3h` an hour later): until then the age needs no drawing again. Never
 * for an unknown start; `now` itself when either time is not a number.
 */
export function ageChangesAt(now: number, since: number | null): number {
  if (since === null) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(now) || !Number.isFinite(since)) return now;
  const s = Math.max(0, Math.floor((now - since) / 1000));
  const {unit} = AGE_UNITS.find((u) => s < u.below)!;
  return since + (Math.floor((s * 1000) / unit) + 1) * unit;
}
