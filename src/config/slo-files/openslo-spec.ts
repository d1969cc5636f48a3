/**
 * OpenSLO v1 (`apiVersion: openslo/v1`): `kind: SLO` documents with an inline `indicator` or an
 * `indicatorRef` to a `kind: SLI` document, in the same file or another one, and `DataSource`
 * documents that metric sources may name. Every objective becomes one oncall SLO.
 */
import {parseDuration} from '../../domain/duration.ts';
import type {SliSpec} from '../../domain/slo.ts';
import {quote, type ConfigPath} from '../config-errors.ts';
import {sloWindowProblem} from '../config-fields.ts';
import {opensloSli, type DataSources} from './openslo-sli.ts';
import {checkObjective, isRecord, present, type DocReader, type FoundSlo} from './slo-files-doc.ts';

/** The OpenSLO kinds oncall reads; the others (Service, AlertPolicy …) are valid and skipped. */
export const OPENSLO_KINDS = ['SLO', 'SLI', 'DataSource'] as const;

/** One OpenSLO document oncall reads. */
export interface OpenSloDoc {
  r: DocReader;
  kind: (typeof OPENSLO_KINDS)[number];
}

/** Indexes documents of one kind by `metadata.name`; a second use of a name is an error. */
function byName(docs: readonly OpenSloDoc[], kind: OpenSloDoc['kind']): Map<string, DocReader> {
  const out = new Map<string, DocReader>();
  for (const {r} of docs.filter((d) => d.kind === kind)) {
    const name = r.string(['metadata', 'name']);
    if (name === null) continue;
    const first = out.get(name);
    if (first === undefined) out.set(name, r);
    else r.fail(['metadata', 'name'], `duplicate ${kind} name ${quote(name)} (already defined in ${first.doc.file})`);
  }
  return out;
}

/**
 * The period of an OpenSLO SLO that names none: OpenSLO makes `timeWindow` optional, and 30 days
 * is what Sloth assumes without one (its `--default-slo-period`), as oncall does for Sloth specs.
 */
export const OPENSLO_DEFAULT_WINDOW = '30d';

/**
 * The SLO period from the one rolling window under `key` (v1 `timeWindow`, v1alpha
 * `timeWindows`), or the default when none is given. Both dialects refuse calendar windows the
 * same way; only how the duration is spelled differs, so `durationOf` reads that part. A period
 * shorter than the longest burn window is refused as in config.yaml: the same table judges it.
 */
export function rollingWindowOf(r: DocReader, key: string, example: string, durationOf: (path: ConfigPath) => string | null): string | null {
  if (!present(r.get(['spec', key]))) return OPENSLO_DEFAULT_WINDOW;
  const windows = r.list(['spec', key]);
  if (windows === null) return null;
  if (windows.length > 1) return r.fail(['spec', key], 'expected exactly one time window');
  const path = ['spec', key, 0];
  if (present(r.get([...path, 'calendar'])) || r.get([...path, 'isRolling']) === false) {
    return r.fail(path, `calendar-aligned windows are not supported; oncall measures rolling windows (${example})`);
  }
  const duration = durationOf(path);
  const problem = duration === null ? null : sloWindowProblem(duration);
  return problem === null ? duration : r.fail(path, problem);
}

/** The v1 period: a rolling window with a Prometheus duration. */
function windowOf(r: DocReader): string | null {
  return rollingWindowOf(r, 'timeWindow', 'isRolling: true, e.g. duration: 28d', (path) => {
    const duration = r.string([...path, 'duration']);
    if (duration === null || parseDuration(duration) !== null) return duration;
    return r.fail([...path, 'duration'], `must be a rolling duration in days or weeks, such as 28d or 4w (got ${quote(duration)})`);
  });
}

/** An objective's target in percent, from `target` (a fraction) or `targetPercent`. */
export function objectiveOf(r: DocReader, path: ConfigPath): number | null {
  const target = r.get([...path, 'target']);
  const percent = r.get([...path, 'targetPercent']);
  if (present(target) && present(percent)) return r.fail([...path, 'targetPercent'], 'set only one of target or targetPercent', 'key');
  if (present(percent)) {
    if (typeof percent === 'number') return checkObjective(r, [...path, 'targetPercent'], percent);
    return r.fail([...path, 'targetPercent'], `targetPercent must be a number between 0 and 100, e.g. 99.9 (got ${quote(percent)})`);
  }
  if (!present(target)) return r.fail(path, 'missing required key "target" (a fraction, e.g. 0.999) or "targetPercent"');
  if (typeof target !== 'number' || !(target > 0 && target < 1)) {
    return r.fail([...path, 'target'], `target must be a fraction between 0 and 1, exclusive, e.g. 0.999 (got ${quote(target)}); use targetPercent for percents`);
  }
  // 0.999 × 100 is not always exactly 99.9 in binary floating point.
  return Number((target * 100).toPrecision(12));
}

/** Whether `spec.budgetingMethod` is one oncall computes (Occurrences, or absent); reports it when not. */
export function budgetingOk(r: DocReader): boolean {
  const method = r.get(['spec', 'budgetingMethod']);
  if (!present(method) || method === 'Occurrences') return true;
  r.fail(['spec', 'budgetingMethod'], `budgetingMethod ${quote(method)} is not supported; oncall computes Occurrences budgets`);
  return false;
}

function sliOf(r: DocReader, slis: ReadonlyMap<string, SliSpec | null>, sources: DataSources): SliSpec | null {
  const inline = r.get(['spec', 'indicator']);
  const ref = r.get(['spec', 'indicatorRef']);
  if (present(inline) && present(ref)) return r.fail(['spec', 'indicatorRef'], 'set only one of indicator or indicatorRef', 'key');
  if (present(inline)) return opensloSli(r, ['spec', 'indicator', 'spec'], sources);
  const name = r.string(['spec', 'indicatorRef']);
  if (name === null) return null;
  // A known but broken SLI has already been reported where it is defined.
  if (slis.has(name)) return slis.get(name) ?? null;
  return r.fail(['spec', 'indicatorRef'], `no SLI named ${quote(name)} in the SLO files; define it in a document with kind: SLI`);
}

function sloFrom(r: DocReader, slis: ReadonlyMap<string, SliSpec | null>, sources: DataSources): FoundSlo[] {
  const name = r.string(['metadata', 'name']);
  const service = r.string(['spec', 'service']);
  const description = r.optionalString(['spec', 'description']);
  const window = windowOf(r);
  const method = budgetingOk(r);
  const sli = sliOf(r, slis, sources);
  const objectives = r.list(['spec', 'objectives']) ?? [];
  const found: FoundSlo[] = [];
  objectives.forEach((_, i) => {
    const path = ['spec', 'objectives', i];
    if (present(r.get([...path, 'indicator'])) || present(r.get([...path, 'indicatorRef']))) {
      r.fail(path, 'composite SLOs (an indicator per objective) are not supported');
      return;
    }
    const percent = objectiveOf(r, path);
    const slo = method ? objectiveSlo(r, objectives, i, {name, service, description, window}, percent, sli) : null;
    if (slo) found.push(slo);
  });
  return found;
}

/** What every objective of one SLO document shares; null where it could not be read. */
export interface SloHeader {
  name: string | null;
  service: string | null;
  description: string | undefined | null;
  window: string | null;
}

/**
 * The SLO of objective `i` (v1 and v1alpha alike): named after the document when it is the only
 * objective, else `<name>-<objective name or index>`; null when any part could not be read (the
 * reader has recorded why).
 */
export function objectiveSlo(r: DocReader, objectives: readonly unknown[], i: number, header: SloHeader, percent: number | null, sli: SliSpec | null): FoundSlo | null {
  const {name, service, description, window} = header;
  if (name === null || service === null || description === null || window === null || sli === null || percent === null) return null;
  const objective = objectives[i];
  const own = isRecord(objective) ? objective['name'] : undefined;
  const sloName = objectives.length === 1 ? name : `${name}-${typeof own === 'string' && own !== '' ? own : i}`;
  return {
    definition: {name: sloName, service, objective: percent, window, source: 'openslo', ...(description ? {description} : {}), sli},
    origin: r.origin(objectives.length === 1 ? ['metadata', 'name'] : ['spec', 'objectives', i]),
  };
}

/** Reads every SLO of a set of OpenSLO documents, resolving `indicatorRef` across all of them. */
export function opensloSlos(docs: readonly OpenSloDoc[]): FoundSlo[] {
  const sources: DataSources = new Map([...byName(docs, 'DataSource')].map(([name, r]) => [name, {r, type: r.get(['spec', 'type'])}]));
  // Every SLI is checked once, referenced or not, so its problems are reported once.
  const slis = new Map([...byName(docs, 'SLI')].map(([name, r]) => [name, opensloSli(r, ['spec'], sources)]));
  return docs.filter((d) => d.kind === 'SLO').flatMap((d) => sloFrom(d.r, slis, sources));
}
