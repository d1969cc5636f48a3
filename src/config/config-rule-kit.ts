/**
 * Small readers for the cross-key rules: they look at the raw document defensively (it may be
 * anything the YAML held), so a rule runs even where the schema failed and every mistake is
 * reported in one pass. Shared by `config-rules.ts` and the per-kind rules beside their schemas.
 */
import type {ConfigPath, Finding} from './config-errors.ts';

/** A raw mapping of the document. */
export type Obj = Record<string, unknown>;

/** True for a mapping (not null, not a list). */
export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `key` is set to something other than null. */
export function present(obj: Obj, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}

/** The value as a list, or an empty one when it is not a list. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Flags a set pair of mutually exclusive keys; optionally requires one of them. */
export function oneOf(obj: Obj, path: ConfigPath, a: string, b: string, out: Finding[], required = false): void {
  if (present(obj, a) && present(obj, b)) {
    out.push({path: [...path, b], target: 'key', message: `set only one of ${a} or ${b}`});
  } else if (required && !present(obj, a) && !present(obj, b)) {
    out.push({path, message: `set one of ${a} or ${b}`});
  }
}

/** A cross-key rule over one raw entry at `path`, adding what is wrong to `out`. */
export type EntryRule = (entry: Obj, path: ConfigPath, out: Finding[]) => void;
