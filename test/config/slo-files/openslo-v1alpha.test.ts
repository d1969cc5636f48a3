import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {errorLines, parsedOk} from './slo-files-fixture.ts';

/** A project-owned fixture modelled on Sloth's examples. */
const fixtureText = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** A v1alpha SLO document with the given spec lines (indented by two spaces). */
function slo(name: string, spec: string): string {
  return `apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: ${name}}\nspec:\n${spec}`;
}

const RATIO = `  objectives:
    - target: 0.99
      ratioMetrics:
        good: {source: prometheus, queryType: promql, query: 'sum(rate(http_requests_total{job="api",code!~"5.."}[{{.window}}]))'}
        total: {source: prometheus, queryType: promql, query: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))'}
`;

describe('OpenSLO v1alpha (the SLO kind Sloth reads)', () => {
  it('reads the getting-started SLO (v1alpha, good over total) as the same SLO as its prometheus/v1 twin', () => {
    const [alpha] = parsedOk('openslo-v1alpha-getting-started.yaml', fixtureText('openslo-v1alpha-getting-started.yaml'));
    const [twin] = parsedOk('sloth-getting-started.yaml', fixtureText('sloth-getting-started.yaml'));
    if (!alpha || !twin) throw new Error('both files must hold an SLO');
    // Same service, objective, period and description; the SLI counts the same errors from the
    // other side (total − good), which the integration test checks against a real Prometheus.
    expect(alpha).toEqual({
      name: twin.name,
      service: twin.service,
      objective: twin.objective,
      window: twin.window,
      description: twin.description,
      source: 'openslo',
      sli: {
        kind: 'ratio',
        errorQuery: `sum(${(twin.sli as {totalQuery: string}).totalQuery}) - (sum(sum(rate(http_requests_total{service="checkout",code!~"5.."}[{{.window}}]))) or vector(0))`,
        totalQuery: (twin.sli as {totalQuery: string}).totalQuery,
      },
    });
  });

  // Sloth generates this SLO's alerts with factors for 28 days (13.44× on 1h&5m, not 14.4×).
  it('judges a 28-day SLO by the factors of the alerts Sloth generates from it: 14× on 1h&5m pages', () => {
    const [api] = parsedOk('api.yaml', slo('api-availability', `  service: api
  budgetingMethod: Occurrences
  timeWindows: [{count: 28, unit: Day, isRolling: true}]
${RATIO.replace('0.99', '0.999')}`));
    expect([api?.window, api?.objective]).toEqual(['28d', 99.9]);
    const ratios = {'5m': 0.014, '30m': 0.003, '1h': 0.014, '2h': 0.0005, '6h': 0.003, '1d': 0.0005, '3d': 0.0005, period: 0.0009};
    const report = evaluateSlo(api!, {slo: api!.name, at: 0, ratios: Object.entries(ratios).map(([window, ratio]) => ({window, ratio}))});
    expect(report.burnRates['1h']).toBeCloseTo(14, 9);
    expect([report.status, report.trippedBy, report.table.pairs[0]?.factor]).toEqual(['page', '1h&5m', 13.44]);
  });

  it('takes 30d without timeWindows, reads Week and Day windows, prefers bad over good, names several objectives like v1', () => {
    expect(parsedOk('a.yaml', slo('api', `  service: api\n${RATIO}`))[0]).toMatchObject({name: 'api', window: '30d', objective: 99});
    expect(parsedOk('a.yaml', slo('api', `  service: api\n  timeWindows: [{count: 4, unit: Week}]\n${RATIO}`))[0]?.window).toBe('4w');
    const two = `  service: api
  objectives:
    - target: 0.999
      ratioMetrics:
        bad: {source: prometheus, queryType: promql, query: 'sum(rate(errors_total[{{.window}}]))'}
        good: {source: prometheus, queryType: promql, query: 'sum(rate(ok_total[{{.window}}]))'}
        total: {source: sloth, queryType: promql, query: 'sum(rate(requests_total[5m]))'}
    - name: relaxed
      target: 0.99
      ratioMetrics:
        bad: {source: prometheus, query: 'errors_total'}
        total: {source: prometheus, query: 'requests_total'}
`;
    expect(parsedOk('a.yaml', slo('api', two)).map((d) => [d.name, d.objective, d.sli])).toEqual([
      ['api-0', 99.9, {kind: 'ratio', errorQuery: 'sum(rate(errors_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))'}],
      ['api-relaxed', 99, {kind: 'ratio', errorQuery: 'sum(rate(errors_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))'}],
    ]);
  });

  it('refuses what it cannot measure, naming it: other kinds, calendar windows, other sources, thresholds', () => {
    const text = `apiVersion: openslo/v1alpha
kind: Service
metadata: {name: api}
---
${slo('cal', `  service: api\n  timeWindows: [{count: 1, unit: Month, isRolling: true}]\n${RATIO}`)}---
${slo('dd', `  service: api
  objectives:
    - target: 0.99
      ratioMetrics:
        good: {source: datadog, queryType: query, query: 'sum:requests.ok{*}'}
        total: {source: prometheus, queryType: promql, query: 'sum(rate(x[{{.window}}]))'}
    - target: 0.9
      thresholdMetric: {source: prometheus, query: 'x'}
`)}`;
    expect(errorLines('bad.yaml', text)).toEqual([
      'bad.yaml:2:7: kind: OpenSLO v1alpha kind "Service" is not read; oncall reads kind: SLO from openslo/v1alpha (as Sloth does), and every kind from openslo/v1',
      'bad.yaml:10:34: spec.timeWindows[0].unit: unit must be Day or Week (or Hour, Minute, Second), got "Month"; months and years are calendar windows',
      'bad.yaml:25:24: spec.objectives[0].ratioMetrics.good.source: source "datadog" is not supported; oncall reads source: prometheus',
      'bad.yaml:28:7: spec.objectives[1].thresholdMetric: thresholdMetric SLIs are not supported; oncall measures ratioMetrics',
    ]);
  });
});

describe('list-form SLO files (a YAML list of documents, as OpenSLO allows)', () => {
  it('reads each entry as a document and points errors at the entry', () => {
    const text = `- apiVersion: openslo/v1
  kind: SLO
  metadata: {name: api-availability}
  spec:
    service: api
    indicator:
      metadata: {name: api-errors}
      spec:
        ratioMetric:
          bad: {metricSource: {type: Prometheus, spec: {query: 'http_requests_total{code=~"5.."}'}}}
          total: {metricSource: {type: Prometheus, spec: {query: 'http_requests_total'}}}
    objectives: [{target: 0.999}]
- apiVersion: openslo/v1
  kind: Service
  metadata: {name: api}
`;
    // No timeWindow: OpenSLO v1 makes it optional; the period is 30 days.
    expect(parsedOk('list.yaml', text).map((d) => [d.name, d.window, d.objective])).toEqual([['api-availability', '30d', 99.9]]);
    expect(errorLines('list.yaml', `- apiVersion: openslo/v1alpha\n  kind: SLO\n  metadata: {name: x}\n  spec: {service: api}\n`)).toEqual([
      'list.yaml:4:3: [0].spec.objectives: missing required key "objectives"',
    ]);
  });
});
