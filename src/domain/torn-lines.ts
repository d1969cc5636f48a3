/**
 * What can still be read of a line of the action log that is no entry (a write cut short by a
 * crash or a full disk). Every line is written time first, then the action, phase, context,
 * source and target (`actionLogLine`), so a fragment usually still says when it was written and
 * often what it was. A fragment that may have been a recent rollback of the target being
 * confirmed must stop `rollback --yes` (its request may have gone out unlogged); one that is
 * older than the window of open rollbacks, or legibly another action or target, cannot be one,
 * and refusing over it would refuse every scripted rollback until the file is edited by hand.
 */
import {OPEN_ROLLBACK_MS, sameRollbackEnvironment} from './open-rollbacks.ts';

/** The legible fields of a torn line; null where the fragment stops before the value ends. */
export interface TornLine {
  /** Epoch ms of `at`. */
  at: number | null;
  /**
   * When `at` is cut off: the time of the first whole entry written after the line (the log is
   * appended to, so the line was written before it, give or take writers' clocks), else null.
   */
  before?: number | null;
  action: string | null;
  context: string | null;
  service: string | null;
  environment: string | null;
}

/** The rollback being confirmed. */
export interface RollbackTarget {
  context: string;
  service: string;
  environment: string;
}

// A JSON string value, only when its closing quote is there: a value cut short is not legible
// (`"checkout-eu` could be a cut `"checkout-eu-west"`).
const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;

function field(text: string, key: string): string | null {
  const match = new RegExp(`"${key}":${STRING}`).exec(text);
  if (match === null) return null;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return null;
  }
}

/**
 * The legible fields of `fragment`, a line (or the part of a line before a glued entry) that is
 * no entry. Top-level fields are looked for before `"target":`, the target's after it, so a
 * `context` inside `details` is never taken for the entry's.
 */
export function readTornLine(fragment: string): TornLine {
  const json = tornFromJson(fragment);
  if (json !== null) return json;
  const targetAt = fragment.indexOf('"target":{');
  const head = targetAt < 0 ? fragment : fragment.slice(0, targetAt);
  const target = targetAt < 0 ? '' : fragment.slice(targetAt);
  // The target object ends at its first `}` (its values are strings): details come after.
  const targetBody = target.slice(0, target.indexOf('}') < 0 ? undefined : target.indexOf('}'));
  const at = /^\{"at":/.test(fragment) ? field(head, 'at') : null;
  const ms = at === null ? Number.NaN : Date.parse(at);
  return {
    at: Number.isFinite(ms) ? ms : null,
    action: field(head, 'action'),
    context: field(head, 'context'),
    service: field(targetBody, 'service'),
    environment: field(targetBody, 'environment'),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

// A line that is valid JSON but no entry (edited by hand: a time mistyped, a field missing) says
// what it holds through its own fields, whatever its spacing and key order: the patterns below
// know only the log's compact form, and took a spaced note with a mistyped time for a possible
// rollback of every service (refusing each `rollback --yes`). Null when it is no JSON object.
function tornFromJson(text: string): TornLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const target = isObject(value['target']) ? value['target'] : {};
  const ms = typeof value['at'] === 'string' ? Date.parse(value['at']) : Number.NaN;
  return {at: Number.isFinite(ms) ? ms : null, action: str(value['action']), context: str(value['context']), service: str(target['service']), environment: str(target['environment'])};
}

// How far apart two writers' times may be for lines appended one after the other.
const WRITERS_SLACK_MS = 60_000;

// Whether a legible value rules the line out: it is there and it is another.
const other = (value: string | null, wanted: string): boolean => value !== null && value !== wanted;

/**
 * Whether a torn line may have been a rollback of `target` still open at `now`: written within
 * `withinMs` (or when, or whether after `now`, is not legible), and not legibly another action,
 * context, service or environment.
 */
export function mayBeOpenRollback(line: TornLine, target: RollbackTarget, now: number, withinMs = OPEN_ROLLBACK_MS): boolean {
  if (line.at !== null && line.at < now - withinMs) return false;
  // Its own time cut off, but a later entry's older than the window (with a minute for writers
  // whose clocks and appends interleave): it cannot be open, or it would refuse forever.
  if (line.at === null && line.before != null && line.before < now - withinMs - WRITERS_SLACK_MS) return false;
  if (other(line.action, 'rollback') || other(line.context, target.context)) return false;
  // An unknown environment ('') on either side is not another one (`sameRollbackEnvironment`).
  return !other(line.service, target.service) && (line.environment === null || sameRollbackEnvironment(line.environment, target.environment));
}

/** How many torn lines, and how many of them may have been an open rollback of `target`. */
export interface TornCount {
  unreadable: number;
  mayBeRollback: number;
}

/** The count of `lines` for `target` at `now` (see {@link mayBeOpenRollback}). */
export function countTornLines(lines: readonly TornLine[], target: RollbackTarget, now: number): TornCount {
  return {unreadable: lines.length, mayBeRollback: lines.filter((line) => mayBeOpenRollback(line, target, now)).length};
}

/**
 * The reason a timeline's action log part is incomplete over `[from, to]` in `context`: the torn
 * lines that may be of it (written in the range, or when is not legible; not legibly of another
 * context), counted; null when none. A note or a rollback written during the incident must not
 * vanish from the timeline and the handover with nothing saying so.
 */
export function tornLinesGap(lines: readonly TornLine[], range: {from: number; to: number}, context: string): string | null {
  const inRange = (line: TornLine): boolean => {
    if (line.at !== null) return line.at >= range.from && line.at <= range.to;
    return line.before == null || line.before >= range.from;
  };
  const n = lines.filter((line) => inRange(line) && !other(line.context, context)).length;
  if (n === 0) return null;
  return `${n} line${n === 1 ? '' : 's'} of the action log could not be read (a write cut short, or a line edited by hand): what ${n === 1 ? 'it' : 'they'} held is missing`;
}
