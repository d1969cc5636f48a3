/**
 * SLO file queries ending in a PromQL `# comment` (a YAML `query: |` block, its newline trimmed):
 * the wrappers oncall builds around them (OpenSLO `good`/`total` as `total − good`, a Sloth or
 * OpenSLO raw ratio's `max(…)` and `count(…)`) must close on a line of their own, or the comment
 * swallows the closing parenthesis and Prometheus refuses the query (`✖ QUERY REFUSED`). The
 * batch query is checked with Prometheus' own parser, `promtool check rules`.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {batchRatioQuery} from '../../../src/domain/promql-batch.ts';
import {removeDir} from '../../helpers/remove-dir.ts';

/** An OpenSLO v1 SLO counting `bad` or `good` events, each query with a trailing comment. */
function openslo(part: 'good' | 'bad'): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-${part}}
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow: [{duration: 30d, isRolling: true}]
  indicator:
    metadata: {name: checkout-${part}-sli}
    spec:
      ratioMetric:
        counter: true
        ${part}:
          metricSource:
            type: Prometheus
            spec:
              query: |
                sum(rate(http_requests_total{job="checkout",code${part === 'good' ? '!~' : '=~'}"5.."}[5m])) # ${part} requests
        total:
          metricSource:
            type: Prometheus
            spec:
              query: |
                sum(rate(http_requests_total{job="checkout"}[5m])) # all requests
  objectives: [{target: 0.999}]
`;
}

const SLOTH_RAW = `version: prometheus/v1
service: checkout
slos:
  - name: raw-ratio
    objective: 99.9
    sli:
      raw:
        error_ratio_query: |
          sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}])) / sum(rate(http_requests_total{job="checkout"}[{{.window}}])) # error ratio
`;

const OPENSLO_RAW = `apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-raw}
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow: [{duration: 30d, isRolling: true}]
  indicator:
    metadata: {name: checkout-raw-sli}
    spec:
      ratioMetric:
        rawType: success
        raw:
          metricSource:
            type: Prometheus
            spec:
              query: |
                sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m])) # success ratio
  objectives: [{target: 0.999}]
`;

const dir = mkdtempSync(join(tmpdir(), 'oncall-slo-comment-'));
afterAll(() => removeDir(dir));

/** Prometheus' parser's complaint about `expr` checked as a recording rule; null when it parses. */
function promqlError(expr: string): string | null {
  const file = join(dir, 'rules.yaml');
  const indented = expr.split('\n').map((l) => `          ${l}`).join('\n');
  writeFileSync(file, `groups:\n  - name: g\n    rules:\n      - record: x\n        expr: |\n${indented}\n`);
  const run = spawnSync('promtool', ['check', 'rules', file], {encoding: 'utf8'});
  return run.status === 0 ? null : `${run.stdout}${run.stderr}`;
}

/** The 5m batch query of the SLOs one file text defines. */
function batchOf(file: string, text: string): string {
  const {definitions, errors} = parseSloFiles([{file, text}]);
  expect(errors).toEqual([]);
  return batchRatioQuery(definitions, ['5m'])!;
}

describe('SLO file queries ending in a # comment', () => {
  it('OpenSLO good/total parses, as bad/total does', () => {
    expect(promqlError(batchOf('bad.yaml', openslo('bad'))), 'bad/total').toBeNull();
    expect(promqlError(batchOf('good.yaml', openslo('good'))), 'good/total').toBeNull();
  });

  it('a Sloth raw error_ratio_query parses', () => {
    expect(promqlError(batchOf('sloth.yaml', SLOTH_RAW))).toBeNull();
  });

  it('an OpenSLO raw success ratio parses', () => {
    expect(promqlError(batchOf('openslo-raw.yaml', OPENSLO_RAW))).toBeNull();
  });
});
