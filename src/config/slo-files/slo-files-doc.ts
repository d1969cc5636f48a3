/**
 * Reading one YAML document of an SLO file defensively: every getter reports what is wrong at
 * the exact path (file, line, column) and returns `null`, so one pass over a file collects all
 * of its problems instead of stopping at the first, as the config loader does.
 */
import type {SloDefinition} from '../../domain/slo.ts';
import {describeValue, formatPath, quote, type ConfigError, type ConfigPath} from '../config-errors.ts';
import {objectiveProblem} from '../config-fields.ts';
import type {LocateTarget, Locator} from '../config-locate.ts';

/** One parsed YAML document of an SLO file, with the means to point back into its text. */
export interface SpecDoc {
  file: string;
  data: unknown;
  locate: Locator;
  /** Where `data` sits in the YAML document: `[2]` for the third entry of a list-form file. */
  prefix?: ConfigPath;
}

/** An SLO read from a file, with where it was defined (for duplicate-name errors). */
export interface FoundSlo {
  definition: SloDefinition;
  origin: ConfigError;
}

/** Checked access to one document; failures are appended to the shared error list. */
export interface DocReader {
  doc: SpecDoc;
  /** The raw value at a path, or `undefined` when any part of the path is missing. */
  get(path: ConfigPath): unknown;
  /** Records a problem at a path and returns `null`, so callers can `return r.fail(...)`. */
  fail(path: ConfigPath, message: string, target?: LocateTarget): null;
  /** A required, non-empty string. */
  string(path: ConfigPath): string | null;
  /** An optional string: `undefined` when absent, `null` when present but not a string. */
  optionalString(path: ConfigPath): string | undefined | null;
  /** A required mapping. */
  mapping(path: ConfigPath): Record<string, unknown> | null;
  /** A required, non-empty list. */
  list(path: ConfigPath): unknown[] | null;
  /** Where a path is (file, line, column, path; no message), used as the origin of an SLO. */
  origin(path: ConfigPath): ConfigError;
}

/** True for a YAML mapping (a plain object after `toJS`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a key is set to something other than an empty value. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The first key of a path that is missing: `total` rather than `metric` when all of `total` is. */
function missingKey(path: ConfigPath, get: (p: ConfigPath) => unknown): string {
  const i = path.findIndex((seg, n) => typeof seg === 'string' && !present(get(path.slice(0, n + 1))));
  return String(path[i] ?? path.at(-1) ?? '');
}

/** Creates the reader of one document. */
export function docReader(doc: SpecDoc, errors: ConfigError[]): DocReader {
  const get = (path: ConfigPath): unknown => {
    let value: unknown = doc.data;
    for (const seg of path) {
      if (typeof seg === 'number' ? !Array.isArray(value) : !isRecord(value)) return undefined;
      value = (value as Record<string | number, unknown>)[seg];
    }
    return value;
  };
  const at = (path: ConfigPath, message: string, target?: LocateTarget): ConfigError => {
    const full = [...(doc.prefix ?? []), ...path];
    return {file: doc.file, ...doc.locate(full, target), path: formatPath(full), message};
  };
  const fail = (path: ConfigPath, message: string, target?: LocateTarget): null => {
    errors.push(at(path, message, target));
    return null;
  };
  const typed = <T>(path: ConfigPath, ok: (v: unknown) => v is T, expected: string): T | null => {
    const value = get(path);
    if (!present(value)) return fail(path, `missing required key ${quote(missingKey(path, get))}`);
    return ok(value) ? value : fail(path, `expected ${expected}, got ${describeValue(value)}`);
  };
  return {
    doc,
    get,
    fail,
    origin: (path) => at(path, ''),
    string: (path) => {
      const value = typed(path, (v): v is string => typeof v === 'string', 'a string');
      return value === '' ? fail(path, 'must not be empty') : value;
    },
    optionalString: (path) => {
      const value = get(path);
      if (!present(value)) return undefined;
      return typeof value === 'string' ? value : fail(path, `expected a string, got ${describeValue(value)}`);
    },
    mapping: (path) => typed(path, isRecord, 'a mapping'),
    list: (path) => {
      const value = typed(path, (v): v is unknown[] => Array.isArray(v), 'a list');
      return value?.length === 0 ? fail(path, 'must not be empty') : value;
    },
  };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Parses a decimal number written as text (Pyrra's `"99.5"`); anything else is `null`. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : null;
}

/**
 * Checks an objective written in percent, strictly between 0 and 100 (100 leaves no error
 * budget) and at least 1 (below is a fraction written for a percentage, whose budget never burns
 * fast enough to page), with the same message as the config's `objective`.
 */
export function checkObjective(r: DocReader, path: ConfigPath, percent: number): number | null {
  const problem = objectiveProblem(percent);
  return problem === null ? percent : r.fail(path, problem);
}
