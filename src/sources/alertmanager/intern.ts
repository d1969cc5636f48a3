/**
 * One copy of each repeated string of the alerts the main thread keeps. Alerts that arrive from
 * the decode worker are structured clones: every `service="checkout"` among 10,000 alerts would
 * be a string of its own. Bounded: past {@link INTERN_MAX} strings the table starts afresh (the
 * strings already shared stay shared; only later ones are looked up in a new table).
 */
import type {Alert} from '../../domain/alert.ts';

/** Most strings one table holds. */
export const INTERN_MAX = 50_000;

/** Interns the strings of alerts. */
export interface Interner {
  /** `s`, or the equal string seen before. */
  string(s: string): string;
  /** The alert with its repeated strings (name, severity, label names and values, annotations, sources) interned, in place. */
  alert(a: Alert): Alert;
}

/** A new, empty table. */
export function createInterner(): Interner {
  let table = new Map<string, string>();
  const string = (s: string): string => {
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size >= INTERN_MAX) table = new Map();
    table.set(s, s);
    return s;
  };
  const record = (r: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k in r) out[string(k)] = string(r[k]!);
    return out;
  };
  return {
    string,
    alert(a) {
      a.name = string(a.name);
      a.severity = string(a.severity);
      a.labels = record(a.labels);
      a.annotations = record(a.annotations);
      a.seenBy = a.seenBy.map(string);
      return a;
    },
  };
}
