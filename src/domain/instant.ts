/**
 * Instants typed by a person: an RFC 3339 time (`2026-12-04T03:12:05Z`), or a duration ago
 * (`30m`, `2h`), for `--at`, `--from`, `--to` and `--since`. A time without a zone is refused
 * rather than read in the machine's zone: on a bastion host that zone is anyone's guess.
 */
import {parseDuration} from './duration.ts';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * What in an RFC 3339 time names no moment of the calendar (a 31st of November, a 29th of
 * February outside a leap year, hour 24, minute 60), or null. Checked by hand because the
 * runtime's date parser rolls such a time over into the next day or month, so a mistyped day
 * would show another day said as the one given.
 */
function calendarError(m: RegExpExecArray): string | null {
  const field = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second, offHour, offMinute] = [1, 2, 3, 4, 5, 6, 7, 8].map(field) as [number, number, number, number, number, number, number, number];
  if (month < 1 || month > 12) return `month ${m[2]} does not exist`;
  if (day < 1 || day > daysIn(year, month)) return `${MONTHS[month - 1]} ${year} has no day ${m[3]} (it has ${daysIn(year, month)} days)`;
  if (hour > 23) return `hour ${m[4]} does not exist (00 to 23)`;
  if (minute > 59) return `minute ${m[5]} does not exist (00 to 59)`;
  // A leap second (60) is not accepted either: the parser would read it as the next minute.
  if (second > 59) return `second ${m[6]} does not exist (00 to 59)`;
  if (offHour > 23 || offMinute > 59) return `zone offset ${m[7]}:${m[8]} does not exist`;
  return null;
}

/** How long ago `text` says (`30m`, `-5m`: five minutes ago, as `5m`), ms, or null when it is not a duration. */
function agoOf(text: string): number | null {
  return parseDuration(text.trim().replace(/^-(?=\d)/, ''));
}

/**
 * Whether `text` names an instant counted back from now (`30m`) rather than a time of its own
 * (`2026-12-04T03:12:05Z`): only such an instant moves with the clock it is counted from.
 */
export function isInstantAgo(text: string): boolean {
  return agoOf(text) !== null;
}

/** The instant `text` names, epoch ms, or why it names none. */
export function parseInstant(text: string, now: number): {at: number} | {error: string} {
  const t = text.trim();
  const ago = agoOf(t);
  if (ago !== null) return {at: now - ago};
  const fields = RFC3339.exec(t);
  if (fields) {
    const wrong = calendarError(fields);
    if (wrong !== null) return {error: `"${t}" is no time of the calendar: ${wrong}`};
    const at = Date.parse(t.replace(' ', 'T'));
    if (Number.isFinite(at)) return {at};
  }
  return {error: `"${t}" is neither an RFC 3339 time with a zone (2026-12-04T03:12:05Z) nor a duration ago (30m, 2h)`};
}

/**
 * The instant of `--at` (status and dashboard time travel), epoch ms, or what is wrong with it,
 * naming the flag. The past only: a future instant has no data yet, and showing it would read
 * as a calm screen.
 */
export function parseAt(text: string, now: number): {at: number} | {error: string} {
  const parsed = parseInstant(text, now);
  if ('error' in parsed) return {error: `--at: ${parsed.error}`};
  if (parsed.at > now) return {error: `--at: ${new Date(parsed.at).toISOString()} is in the future (now ${new Date(now).toISOString()}); --at looks back only`};
  return parsed;
}

/**
 * The range of `--since` or `--from`/`--to` (`to` defaults to now, `since` to `defaultSince`),
 * or why it is not one. The past only: a `--from` or a `--to` in the future is refused.
 */
export function parseRange(opts: {since?: string; from?: string; to?: string}, now: number, defaultSince: string): {from: number; to: number} | {error: string} {
  if (opts.since !== undefined && (opts.from !== undefined || opts.to !== undefined)) return {error: '--since cannot be combined with --from/--to'};
  if (opts.from === undefined && opts.to !== undefined) return {error: '--to needs --from'};
  let to = now;
  if (opts.to !== undefined) {
    const parsed = parseInstant(opts.to, now);
    if ('error' in parsed) return {error: `--to: ${parsed.error}`};
    // Refused, not cut to now: the history holds nothing past now, and its read would draw every
    // alert firing now as resolving at the first step after it, dated in the future.
    if (parsed.at > now) return {error: `--to: ${new Date(parsed.at).toISOString()} is in the future (now ${new Date(now).toISOString()}); a timeline looks back only`};
    to = parsed.at;
  }
  let from: number;
  if (opts.from !== undefined) {
    const parsed = parseInstant(opts.from, now);
    if ('error' in parsed) return {error: `--from: ${parsed.error}`};
    // Said as such: "--from must be before --to" hid that the start had not happened yet.
    if (parsed.at > now) return {error: `--from: ${new Date(parsed.at).toISOString()} is in the future (now ${new Date(now).toISOString()}); a timeline looks back only`};
    from = parsed.at;
  } else {
    const since = parseDuration((opts.since ?? defaultSince).trim().replace(/^-(?=\d)/, ''));
    if (since === null) return {error: `--since: "${opts.since}" is not a duration (30m, 2h, 12h)`};
    from = now - since;
  }
  if (from >= to) return {error: '--from must be before --to'};
  return {from, to};
}
