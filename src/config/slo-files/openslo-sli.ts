/**
 * OpenSLO v1 SLIs (a `kind: SLI` document or an SLO's inline `indicator`) as oncall SLIs. Only
 * `ratioMetric` with Prometheus metric sources can be measured; anything else is refused with
 * a message that says so, rather than read as something it is not.
 */
import {enclose} from '../../domain/promql.ts';
import type {SliSpec} from '../../domain/slo.ts';
import {quote, type ConfigPath} from '../config-errors.ts';
import {present, type DocReader} from './slo-files-doc.ts';
import {rawRatioSli, windowedQuery} from './slo-files-promql.ts';

/** OpenSLO `DataSource` documents by name: their reader and `spec.type`. */
export type DataSources = ReadonlyMap<string, {r: DocReader; type: unknown}>;

/** The PromQL of one `metricSource`, as a `{{.window}}` template. */
function metricQuery(r: DocReader, path: ConfigPath, counter: boolean, sources: DataSources): string | null {
  if (r.mapping(path) === null) return null;
  let type = r.get([...path, 'type']);
  let typePath: ConfigPath = [...path, 'type'];
  const ref = r.get([...path, 'metricSourceRef']);
  if (!present(type) && present(ref)) {
    const source = typeof ref === 'string' ? sources.get(ref) : undefined;
    if (source === undefined) {
      return r.fail([...path, 'metricSourceRef'], `no DataSource named ${quote(ref)} in the SLO files; set type: Prometheus here instead`);
    }
    type = source.type;
    typePath = [...path, 'metricSourceRef'];
  }
  if (!present(type)) return r.fail(typePath, 'missing required key "type" (oncall reads type: Prometheus)');
  if (typeof type !== 'string' || type.toLowerCase() !== 'prometheus') {
    return r.fail(typePath, `metric source type ${quote(type)} is not supported; oncall reads Prometheus queries only`);
  }
  const queryPath = [...path, 'spec', 'query'];
  const text = r.string(queryPath);
  if (text === null) return null;
  const result = windowedQuery(text, counter);
  return 'error' in result ? r.fail(queryPath, result.error) : result.query;
}

/**
 * A ratio SLI. `bad` is the error query when present (it is preferred over `good`). With `good`,
 * errors are `total − good`, where a missing good series counts as zero good events: an absent
 * answer must not read as "no errors" while there is traffic.
 */
function ratioSli(r: DocReader, path: ConfigPath, sources: DataSources): SliSpec | null {
  const ratio = r.mapping(path);
  if (ratio === null) return null;
  const counter = ratio['counter'] !== false;
  if (present(ratio['raw'])) {
    const rawType = ratio['rawType'];
    if (rawType !== 'success' && rawType !== 'failure') {
      return r.fail([...path, 'rawType'], `rawType must be success or failure (got ${quote(rawType ?? null)})`);
    }
    const raw = metricQuery(r, [...path, 'raw', 'metricSource'], false, sources);
    if (raw === null) return null;
    // The worst group with a ratio; an empty or all-NaN answer stays "no data".
    return rawRatioSli(raw, rawType === 'success');
  }
  const part = present(ratio['bad']) ? 'bad' : present(ratio['good']) ? 'good' : null;
  if (part === null) return r.fail(path, 'set bad (or good) and total, or raw with rawType');
  const events = metricQuery(r, [...path, part, 'metricSource'], counter, sources);
  const total = metricQuery(r, [...path, 'total', 'metricSource'], counter, sources);
  if (events === null || total === null) return null;
  return eventsRatio(part, events, total);
}

/**
 * The ratio SLI of `bad` or `good` events over `total`. With `good`, errors are `total − good`,
 * where a missing good series counts as zero good events: an absent answer must not read as
 * "no errors" while there is traffic.
 */
export function eventsRatio(part: 'bad' | 'good', events: string, total: string): SliSpec {
  if (part === 'bad') return {kind: 'ratio', errorQuery: events, totalQuery: total};
  // `enclose`: a query ending in a `# comment` must not swallow the wrapper's `)`.
  return {kind: 'ratio', errorQuery: `${enclose(total, 'sum')} - (${enclose(events, 'sum')} or vector(0))`, totalQuery: total};
}

/** Reads the `spec` of an SLI at `path`; problems go to the reader's error list. */
export function opensloSli(r: DocReader, path: ConfigPath, sources: DataSources): SliSpec | null {
  const spec = r.mapping(path);
  if (spec === null) return null;
  if (present(spec['ratioMetric'])) return ratioSli(r, [...path, 'ratioMetric'], sources);
  if (present(spec['thresholdMetric'])) {
    return r.fail([...path, 'thresholdMetric'], 'thresholdMetric SLIs are not supported; oncall measures ratioMetric SLIs', 'key');
  }
  return r.fail(path, 'missing required key "ratioMetric"');
}
