/**
 * An objective written as a fraction where a percentage is meant (Sloth `objective: 0.999`,
 * OpenSLO `targetPercent: 0.999`) is refused as in config.yaml, not judged as a 0.999 % objective.
 */
import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';

const SLOTH = (objective: string) => `version: "prometheus/v1"
service: "checkout"
slos:
  - name: "requests-availability"
    objective: ${objective}
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`;

describe('an objective written as a fraction in a Sloth file', () => {
  it('(control) 99.9 loads', () => {
    const parsed = parseSloFiles([{file: 'sloth.yaml', text: SLOTH('99.9')}], []);
    expect(parsed.definitions.map((d) => d.objective)).toEqual([99.9]);
  });
  it('0.999 is refused as in config.yaml ("did you mean 99.9?"), not judged as a 0.999 % objective', () => {
    const parsed = parseSloFiles([{file: 'sloth.yaml', text: SLOTH('0.999')}], []);
    expect(parsed.definitions.map((d) => d.objective)).toEqual([]);
    expect(parsed.errors.map((e) => e.message).join('\n')).toContain('99.9');
  });
});

describe('an OpenSLO targetPercent written as a fraction', () => {
  it('is refused with the percent it likely meant', () => {
    const text = `apiVersion: openslo/v1
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
  timeWindow: [{duration: 28d, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{targetPercent: 0.999}]
`;
    const parsed = parseSloFiles([{file: 'slo.yaml', text}], []);
    expect(parsed.definitions).toEqual([]);
    expect(parsed.errors.map((e) => e.message).join('\n')).toContain('did you mean 99.9');
  });
});
