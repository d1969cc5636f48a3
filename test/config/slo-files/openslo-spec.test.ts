import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {errorLines, exampleText, linesOf, nativeSlos, parsedOk} from './slo-files-fixture.ts';

const SLI = `apiVersion: openslo/v1
kind: SLI
metadata: {name: api-errors}
spec:
  ratioMetric:
    counter: true
    bad:
      metricSource:
        type: Prometheus
        spec: {query: 'http_requests_total{job="api",code=~"5.."}'}
    total:
      metricSource:
        type: Prometheus
        spec: {query: 'http_requests_total{job="api"}'}
`;

/** An SLO document with the given spec lines (indented by two spaces). */
function slo(name: string, spec: string): string {
  return `apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: ${name}}\nspec:\n${spec}`;
}

const WINDOW = '  timeWindow: [{duration: 30d, isRolling: true}]\n';

describe('OpenSLO v1', () => {
  it('reads examples/slos/openslo.yaml (indicatorRef, DataSource, inline good/total) as the equivalent native SLOs', () => {
    const total = 'sum(rate(image_cache_requests_total{service="catalog"}[{{.window}}]))';
    const good = 'sum(rate(image_cache_requests_total{service="catalog",result="hit"}[{{.window}}]))';
    const native = nativeSlos(
      `      - name: catalog-availability
        service: catalog
        objective: 99.9
        window: 28d
        description: Catalog requests that do not fail with a 5xx.
        errorQuery: 'sum(rate(http_requests_total{service="catalog",code=~"5.."}[{{.window}}]))'
        totalQuery: 'sum(rate(http_requests_total{service="catalog"}[{{.window}}]))'
      - name: catalog-image-cache
        service: catalog
        objective: 95
        window: 7d
        errorQuery: 'sum(${total}) - (sum(${good}) or vector(0))'
        totalQuery: '${total}'
`,
      'openslo',
    );
    expect(parsedOk('openslo.yaml', exampleText('openslo.yaml'))).toEqual(native);
  });

  it('resolves an indicatorRef to an SLI in another file; bare counter selectors become rates', () => {
    const result = parseSloFiles([
      {file: 'slo.yaml', text: slo('api-availability', `  service: api\n  indicatorRef: api-errors\n${WINDOW}  objectives: [{target: 0.995}]\n`)},
      {file: 'sli.yaml', text: SLI},
    ]);
    expect(result.errors).toEqual([]);
    expect(result.definitions).toEqual(
      nativeSlos(
        `      - name: api-availability
        service: api
        objective: 99.5
        window: 30d
        errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))'
        totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))'
`,
        'openslo',
      ),
    );
  });

  it('makes one SLO per objective and reads raw ratios', () => {
    const text = slo(
      'api',
      `  service: api
  indicator:
    spec:
      ratioMetric:
        rawType: success
        raw: {metricSource: {type: prometheus, spec: {query: 'avg_over_time(up{job="api"}[1h])'}}}
${WINDOW}  objectives:
    - {name: strict, targetPercent: 99.9}
    - {target: 0.99}
`,
    );
    const q = 'avg_over_time(up{job="api"}[{{.window}}])';
    expect(parsedOk('o.yaml', text)).toEqual(
      nativeSlos(
        `      - {name: api-strict, service: api, objective: 99.9, window: 30d, errorQuery: 'max(1 - ((${q}) >= 0))', totalQuery: 'clamp_max(count((${q}) >= 0), 1) or 0 * count(${q})'}
      - {name: api-1, service: api, objective: 99, window: 30d, errorQuery: 'max(1 - ((${q}) >= 0))', totalQuery: 'clamp_max(count((${q}) >= 0), 1) or 0 * count(${q})'}
`,
        'openslo',
      ),
    );
  });

  it('names a missing SLI and a non-Prometheus metric source with file, line and path', () => {
    const text = `${slo('a', `  service: api\n  indicatorRef: nope\n${WINDOW}  objectives: [{target: 0.99}]\n`)}---
${slo(
  'b',
  `  service: api
  indicator:
    spec:
      ratioMetric:
        bad: {metricSource: {type: Datadog, spec: {query: 'sum:errors{*}'}}}
        total: {metricSource: {metricSourceRef: dd, spec: {query: 'sum:requests{*}'}}}
${WINDOW}  objectives: [{target: 0.99}]
`,
)}---
apiVersion: openslo/v1
kind: DataSource
metadata: {name: dd}
spec: {type: Datadog}
`;
    expect(errorLines('o.yaml', text)).toEqual([
      'o.yaml:6:17: spec.indicatorRef: no SLI named "nope" in the SLO files; define it in a document with kind: SLI',
      'o.yaml:18:36: spec.indicator.spec.ratioMetric.bad.metricSource.type: metric source type "Datadog" is not supported; oncall reads Prometheus queries only',
      'o.yaml:19:49: spec.indicator.spec.ratioMetric.total.metricSource.metricSourceRef: metric source type "Datadog" is not supported; oncall reads Prometheus queries only',
    ]);
  });

  it('refuses what oncall cannot measure: percent targets, calendar windows, timeslices, thresholds, fixed subqueries', () => {
    const text = `${slo('a', `  service: api\n  indicatorRef: api-errors\n${WINDOW}  objectives: [{target: 99.9}]\n`)}---
${slo('b', `  service: api\n  indicatorRef: api-errors\n  timeWindow: [{duration: 1M, isRolling: false, calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}}]\n  objectives: [{target: 0.99}]\n`)}---
${slo('c', `  service: api\n  indicatorRef: api-errors\n${WINDOW}  budgetingMethod: Timeslices\n  objectives: [{target: 0.99, timeSliceTarget: 0.95}]\n`)}---
apiVersion: openslo/v1
kind: SLI
metadata: {name: threshold}
spec:
  thresholdMetric: {metricSource: {type: Prometheus, spec: {query: 'x'}}}
---
apiVersion: openslo/v1
kind: SLI
metadata: {name: subquery}
spec:
  ratioMetric:
    bad: {metricSource: {type: Prometheus, spec: {query: 'max_over_time(x[1h:1m])'}}}
    total: {metricSource: {type: Prometheus, spec: {query: 'sum(y)'}}}
---
${SLI}`;
    expect(errorLines('o.yaml', text)).toEqual([
      'o.yaml:8:25: spec.objectives[0].target: target must be a fraction between 0 and 1, exclusive, e.g. 0.999 (got 99.9); use targetPercent for percents',
      'o.yaml:16:16: spec.timeWindow[0]: calendar-aligned windows are not supported; oncall measures rolling windows (isRolling: true, e.g. duration: 28d)',
      'o.yaml:26:20: spec.budgetingMethod: budgetingMethod "Timeslices" is not supported; oncall computes Occurrences budgets',
      'o.yaml:33:3: spec.thresholdMetric: thresholdMetric SLIs are not supported; oncall measures ratioMetric SLIs',
      'o.yaml:40:58: spec.ratioMetric.bad.metricSource.spec.query: subqueries with a fixed range are not supported; write {{.window}} where the window belongs',
      'o.yaml:41:60: spec.ratioMetric.total.metricSource.spec.query: query has no range to measure over; write it with [{{.window}}], e.g. sum(rate(x[{{.window}}]))',
    ]);
  });

  it('reports a second SLI of the same name', () => {
    const result = parseSloFiles([
      {file: 'a.yaml', text: SLI},
      {file: 'b.yaml', text: SLI},
    ]);
    expect(linesOf(result)).toEqual(['b.yaml:3:18: metadata.name: duplicate SLI name "api-errors" (already defined in a.yaml)']);
  });
});
