/**
 * Pyrra's `pyrra.dev/v1alpha1` `ServiceLevelObjective`. Pyrra names metric selectors, not
 * queries; the queries are built as Pyrra's own recording rules build them:
 * `sum(rate(<selector>[window]))` for errors and total (ratio), and for latency the success
 * bucket (`_bucket` with `le`) against the `_count`. `grouping` is not applied: oncall shows one
 * SLO as a whole, and its queries are summed anyway.
 */
import {formatDuration, parseDuration} from '../../domain/duration.ts';
import type {SliSpec} from '../../domain/slo.ts';
import {quote, type ConfigPath} from '../config-errors.ts';
import {checkObjective, isRecord, parseDecimal, present, type DocReader, type FoundSlo} from './slo-files-doc.ts';
import {parseSelector, rateQuery, type MetricSelector} from './slo-files-promql.ts';

/**
 * The metadata label naming the service. Pyrra copies `pyrra.dev/` labels, prefix stripped, onto
 * its alerts, so this one becomes their `service` label, which is how alerts meet their SLO.
 */
export const PYRRA_SERVICE_LABEL = 'pyrra.dev/service';

const INDICATORS = ['ratio', 'latency', 'latencyNative', 'bool_gauge'];

function selectorAt(r: DocReader, path: ConfigPath): MetricSelector | null {
  const text = r.string(path);
  if (text === null) return null;
  const selector = parseSelector(text);
  return typeof selector === 'string' ? r.fail(path, `${selector} (got ${quote(text)})`) : selector;
}

/** A number of seconds as a duration: `0.05` → `50ms`; sub-millisecond values as seconds. */
function thresholdOf(seconds: number): string {
  const ms = Number((seconds * 1000).toPrecision(12));
  return Number.isInteger(ms) ? formatDuration(ms) : `${seconds}s`;
}

function latencySli(r: DocReader, path: ConfigPath): SliSpec | null {
  const success = selectorAt(r, [...path, 'success', 'metric']);
  const total = selectorAt(r, [...path, 'total', 'metric']);
  if (success === null || total === null) return null;
  const le = success.matchers.find((m) => m.name === 'le' && m.op === '=');
  const seconds = le === undefined ? null : parseDecimal(le.value);
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) {
    return r.fail([...path, 'success', 'metric'], 'the success metric must be a histogram bucket with a le="<seconds>" matcher, e.g. x_bucket{le="0.3"}');
  }
  return {kind: 'latency', bucketQuery: rateQuery(success), totalQuery: rateQuery(total), threshold: thresholdOf(seconds)};
}

function sliOf(r: DocReader, path: ConfigPath): SliSpec | null {
  const indicator = r.mapping(path);
  if (indicator === null) return null;
  const kinds = INDICATORS.filter((k) => present(indicator[k]));
  if (kinds.length !== 1) {
    return r.fail(path, `${kinds.length === 0 ? 'set one of' : 'set only one of'} ratio or latency`);
  }
  const kind = kinds[0] ?? '';
  if (kind !== 'ratio' && kind !== 'latency') {
    return r.fail([...path, kind], `the ${kind} indicator is not supported; use ratio or latency`, 'key');
  }
  if (kind === 'latency') return latencySli(r, [...path, 'latency']);
  const errors = selectorAt(r, [...path, 'ratio', 'errors', 'metric']);
  const total = selectorAt(r, [...path, 'ratio', 'total', 'metric']);
  return errors === null || total === null ? null : {kind: 'ratio', errorQuery: rateQuery(errors), totalQuery: rateQuery(total)};
}

/** `spec.target` is a string in Pyrra (`"99.5"`); a plain number is accepted too. */
function targetOf(r: DocReader, path: ConfigPath): number | null {
  const value = r.get(path);
  if (!present(value)) return r.fail(path, 'missing required key "target"');
  const percent = typeof value === 'number' ? value : typeof value === 'string' ? parseDecimal(value) : null;
  if (percent === null) return r.fail(path, `target must be a percentage as text, e.g. "99.5" (got ${quote(value)})`);
  return checkObjective(r, path, percent);
}

function windowOf(r: DocReader, path: ConfigPath): string | null {
  const text = r.string(path);
  if (text === null || parseDuration(text) !== null) return text;
  return r.fail(path, `must be a Prometheus duration greater than zero, such as 28d or 4w (got ${quote(text)})`);
}

/** Reads the SLO of one Pyrra document; problems go to the reader's error list. */
export function pyrraSlos(r: DocReader): FoundSlo[] {
  const name = r.string(['metadata', 'name']);
  const labels = r.get(['metadata', 'labels']);
  const label = isRecord(labels) ? labels[PYRRA_SERVICE_LABEL] : undefined;
  const objective = targetOf(r, ['spec', 'target']);
  const window = windowOf(r, ['spec', 'window']);
  const description = r.optionalString(['spec', 'description']);
  const sli = sliOf(r, ['spec', 'indicator']);
  if (name === null || objective === null || window === null || description === null || sli === null) return [];
  const service = typeof label === 'string' && label !== '' ? label : name;
  return [
    {
      definition: {name, service, objective, window, source: 'pyrra', ...(description ? {description} : {}), sli},
      origin: r.origin(['metadata', 'name']),
    },
  ];
}
