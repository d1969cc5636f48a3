/**
 * An OpenSLO window shorter than the longest burn window (3d) is refused as in config.yaml: the
 * same Workbook table judges it.
 */
import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {parseConfig} from '../../../src/config/config-load.ts';

const OPENSLO = (window: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata: {name: checkout-errors}
    spec:
      ratioMetric:
        counter: true
        bad: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(e[5m]))'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(t[5m]))'}}}
  timeWindow: [{duration: ${window}, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{target: 0.999}]
`;

describe('an SLO window shorter than the 3d burn window', () => {
  it('(control) is refused in config.yaml', () => {
    const r = parseConfig(`current-context: a\ncontexts:\n  - name: a\n    prometheus: {url: "http://p:9090"}\n    slos:\n      - {name: s, service: x, objective: 99.9, window: 1d, errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))'}\n`, 'config.yaml');
    expect(r.ok).toBe(false);
  });
  it('is refused (or judged by windows inside it) when it comes from an OpenSLO file, judged by the same Workbook table', () => {
    const parsed = parseSloFiles([{file: 'slo.yaml', text: OPENSLO('1d')}], []);
    // The branch refuses window: 1d in config.yaml because the 3d&6h pair reads outside the
    // period and its scaled factor (0.033x) tickets on any error; the same SLO from a file passes.
    expect(parsed.definitions.map((d) => d.window)).toEqual([]);
    expect(parsed.errors.length).toBeGreaterThan(0);
  });
});
