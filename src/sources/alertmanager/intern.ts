/**
 * One copy of each repeated string and list of the alerts a decoder keeps. Every alert is parsed
 * from its own piece of the body, so each `service="checkout"` among 10,000 alerts, each
 * `generatorURL` (the same for every alert of a rule) and each empty `silencedBy` would be an
 * object of its own: a few MiB of duplicates held for as long as the alerts are. Bounded: past
 * {@link INTERN_MAX} entries the table starts afresh (what is already shared stays shared; only
 * later strings are looked up in the new table).
 */
import type {Alert} from '../../domain/alert.ts';

/** Most strings one table holds. */
export const INTERN_MAX = 50_000;

/** The list shared by every alert with nothing in it (frozen: no alert can change another's). */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Interns the strings of alerts. */
export interface Interner {
  /** `s`, or the equal string seen before. */
  string(s: string): string;
  /**
   * The alert with its repeated strings (name, severity, label values, annotations,
   * generator URL, sources) interned and its empty or one-source lists shared, in place.
   */
  alert(a: Alert): Alert;
}

/** A new, empty table. */
export function createInterner(): Interner {
  let table = new Map<string, string>();
  // `seenBy` of one source: the same one-element list for all its alerts.
  const single = new Map<string, string[]>();
  const string = (s: string): string => {
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size >= INTERN_MAX) table = new Map();
    table.set(s, s);
    return s;
  };
  // In place: the label set is the alert's own (parsed for it), and an object built key by key
  // would keep most of its fields in storage of its own. Keys need no table: V8 keeps one copy
  // of every property name.
  const record = (r: Record<string, string>): Record<string, string> => {
    for (const k of Object.keys(r)) r[k] = string(r[k]!);
    return r;
  };
  const list = (xs: string[]): string[] => {
    if (xs.length === 0) return NONE;
    if (xs.length > 1) return xs.map(string);
    const only = string(xs[0]!);
    let shared = single.get(only);
    if (shared === undefined) {
      if (single.size >= INTERN_MAX) single.clear();
      single.set(only, (shared = Object.freeze([only]) as unknown as string[]));
    }
    return shared;
  };
  return {
    string,
    alert(a) {
      a.name = string(a.name);
      a.severity = string(a.severity);
      a.labels = record(a.labels);
      a.annotations = record(a.annotations);
      if (a.generatorUrl !== null) a.generatorUrl = string(a.generatorUrl);
      a.silencedBy = list(a.silencedBy);
      a.inhibitedBy = list(a.inhibitedBy);
      a.seenBy = list(a.seenBy);
      return a;
    },
  };
}
