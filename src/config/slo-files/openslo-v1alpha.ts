/**
 * OpenSLO v1alpha (`apiVersion: openslo/v1alpha`, `kind: SLO`), the dialect Sloth reads: read as
 * v1 is (same names, same SLI math), from v1alpha's shapes: `timeWindows` with `count` and `unit`,
 * and per objective `ratioMetrics` whose `good`/`bad`/`total` are `{source, queryType, query}`.
 * Sloth reads only `kind: SLO` in this version, and so does oncall; other kinds are refused.
 */
import type {SliSpec} from '../../domain/slo.ts';
import {quote, type ConfigPath} from '../config-errors.ts';
import {eventsRatio} from './openslo-sli.ts';
import {budgetingOk, objectiveOf, objectiveSlo, rollingWindowOf} from './openslo-spec.ts';
import {present, type DocReader, type FoundSlo} from './slo-files-doc.ts';
import {windowedQuery} from './slo-files-promql.ts';

/** v1alpha time units oncall measures as rolling windows, as Prometheus duration units. */
const UNITS: Readonly<Record<string, string>> = {second: 's', minute: 'm', hour: 'h', day: 'd', week: 'w'};

/** The SLO period from `timeWindows` (one rolling window, `count` × `unit`), else the default. */
function windowOf(r: DocReader): string | null {
  return rollingWindowOf(r, 'timeWindows', 'e.g. count: 30, unit: Day', (path) => {
    const count = r.get([...path, 'count']);
    const unit = r.get([...path, 'unit']);
    if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) return r.fail([...path, 'count'], `count must be a whole number above 0, e.g. 30 (got ${quote(count ?? null)})`);
    // Own keys only: a unit such as `constructor` must not find Object.prototype's members.
    const suffix = typeof unit === 'string' && Object.hasOwn(UNITS, unit.toLowerCase()) ? UNITS[unit.toLowerCase()] : undefined;
    if (suffix === undefined) return r.fail([...path, 'unit'], `unit must be Day or Week (or Hour, Minute, Second), got ${quote(unit ?? null)}; months and years are calendar windows`);
    return `${count}${suffix}`;
  });
}

/** One `good`/`bad`/`total` query: a Prometheus PromQL query, as a `{{.window}}` template. */
function queryOf(r: DocReader, path: ConfigPath, counter: boolean): string | null {
  const metric = r.mapping(path);
  if (metric === null) return null;
  // Sloth accepts `prometheus` and its own `sloth` as the source.
  const source = metric['source'];
  if (typeof source !== 'string' || !['prometheus', 'sloth'].includes(source.toLowerCase())) {
    return r.fail([...path, 'source'], `source ${quote(source ?? null)} is not supported; oncall reads source: prometheus`);
  }
  const type = metric['queryType'];
  if (present(type) && (typeof type !== 'string' || type.toLowerCase() !== 'promql')) {
    return r.fail([...path, 'queryType'], `queryType ${quote(type)} is not supported; oncall reads queryType: promql`);
  }
  const text = r.string([...path, 'query']);
  if (text === null) return null;
  const result = windowedQuery(text, counter);
  return 'error' in result ? r.fail([...path, 'query'], result.error) : result.query;
}

/** The ratio SLI of one objective's `ratioMetrics`; `bad` is preferred over `good`, as in v1. */
function sliOf(r: DocReader, path: ConfigPath): SliSpec | null {
  const ratio = r.get([...path, 'ratioMetrics']);
  if (!present(ratio)) {
    const other = present(r.get([...path, 'thresholdMetric'])) ? 'thresholdMetric' : null;
    return r.fail(other ? [...path, other] : path, other ? 'thresholdMetric SLIs are not supported; oncall measures ratioMetrics' : 'missing required key "ratioMetrics"', other ? 'key' : undefined);
  }
  const metrics = r.mapping([...path, 'ratioMetrics']);
  if (metrics === null) return null;
  const counter = metrics['incremental'] !== false;
  const part = present(metrics['bad']) ? 'bad' : present(metrics['good']) ? 'good' : null;
  if (part === null) return r.fail([...path, 'ratioMetrics'], 'set bad (or good) and total');
  const events = queryOf(r, [...path, 'ratioMetrics', part], counter);
  const total = queryOf(r, [...path, 'ratioMetrics', 'total'], counter);
  return events === null || total === null ? null : eventsRatio(part, events, total);
}

/** Reads the SLOs of one v1alpha document: one per objective, named as v1 names them. */
export function opensloV1alphaSlos(r: DocReader): FoundSlo[] {
  if (r.get(['kind']) !== 'SLO') {
    return r.fail(['kind'], `OpenSLO v1alpha kind ${quote(r.get(['kind']) ?? null)} is not read; oncall reads kind: SLO from openslo/v1alpha (as Sloth does), and every kind from openslo/v1`) ?? [];
  }
  const name = r.string(['metadata', 'name']);
  const service = r.string(['spec', 'service']);
  const description = r.optionalString(['spec', 'description']);
  const window = windowOf(r);
  const method = budgetingOk(r);
  const objectives = r.list(['spec', 'objectives']) ?? [];
  const found: FoundSlo[] = [];
  objectives.forEach((_, i) => {
    const path = ['spec', 'objectives', i];
    const sli = sliOf(r, path);
    const percent = objectiveOf(r, path);
    const slo = method ? objectiveSlo(r, objectives, i, {name, service, description, window}, percent, sli) : null;
    if (slo) found.push(slo);
  });
  return found;
}
