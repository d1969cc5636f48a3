import {describe, expect, it} from 'vitest';
import {parseSloFiles} from '../../../src/config/slo-files/slo-files-parse.ts';
import {errorLines, exampleText, linesOf, nativeSlos, parsedOk} from './slo-files-fixture.ts';

describe('Sloth prometheus/v1 specs', () => {
  it('reads examples/slos/sloth.yaml (two specs in one file) as the equivalent native SLOs', () => {
    const native = nativeSlos(
      `      - name: checkout-requests-availability
        service: checkout
        objective: 99.9
        window: 30d
        description: 99.9% of checkout requests do not fail with a 5xx.
        errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))'
        totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'
      - name: checkout-requests-latency
        service: checkout
        objective: 99
        window: 30d
        description: 99% of checkout requests are served within 300ms.
        errorQuery: '( sum(rate(http_request_duration_seconds_count{service="checkout"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.3"}[{{.window}}])) )'
        totalQuery: 'sum(rate(http_request_duration_seconds_count{service="checkout"}[{{.window}}]))'
      - name: search-query-errors
        service: search
        objective: 99.5
        window: 30d
        errorQuery: 'max((sum(rate(search_queries_failed_total[{{.window}}])) / sum(rate(search_queries_total[{{.window}}]))) >= 0)'
        totalQuery: 'clamp_max(count((sum(rate(search_queries_failed_total[{{.window}}])) / sum(rate(search_queries_total[{{.window}}]))) >= 0), 1) or 0 * count(sum(rate(search_queries_failed_total[{{.window}}])) / sum(rate(search_queries_total[{{.window}}])))'
`,
      'sloth',
    );
    expect(parsedOk('sloth.yaml', exampleText('sloth.yaml'))).toEqual(native);
  });

  it('names the SLO <service>-<name> and uses the 30d default period', () => {
    const text = `version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(e[{{ .window }}]))
        total_query: sum(rate(t[{{.window}}]))
`;
    expect(parsedOk('s.yaml', text)).toEqual([
      {
        name: 'api-availability',
        service: 'api',
        objective: 99.9,
        window: '30d',
        source: 'sloth',
        sli: {kind: 'ratio', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))'},
      },
    ]);
  });

  it('reports every problem of a broken spec with line, column and path, and keeps the good SLOs', () => {
    const text = `version: prometheus/v1
service: api
slos:
  - name: no-objective
    sli:
      events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}
  - name: text-objective
    objective: "99.9"
    sli:
      events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}
  - name: hundred
    objective: 100
    sli:
      events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}
  - name: camel
    objective: 99
    sli:
      events: {errorQuery: 'e[{{.window}}]', total_query: 't[5m]'}
  - name: plugin
    objective: 99
    sli:
      plugin: {id: sloth-common/availability}
  - name: good
    objective: 99
    sli:
      raw: {error_ratio_query: 'r[{{.window}}]'}
`;
    const result = parseSloFiles([{file: 's.yaml', text}]);
    expect(linesOf(result)).toEqual([
      's.yaml:4:5: slos[0].objective: missing required key "objective"',
      's.yaml:8:16: slos[1].objective: objective must be a number in percent, e.g. 99.9 (got string "99.9")',
      's.yaml:12:16: slos[2].objective: objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 100)',
      's.yaml:18:16: slos[3].sli.events.errorQuery: this Sloth format writes keys in snake_case: use "error_query", not "errorQuery"',
      's.yaml:18:59: slos[3].sli.events.total_query: query must contain {{.window}} in its range selector, e.g. rate(x[{{.window}}]), so each burn-rate window can be measured',
      's.yaml:22:7: slos[4].sli.plugin: Sloth SLI plugins are not supported: oncall needs the queries; use events or raw',
    ]);
    const good = nativeSlos(
      `      - {name: api-good, service: api, objective: 99, window: 30d, errorQuery: 'max((r[{{.window}}]) >= 0)', totalQuery: 'clamp_max(count((r[{{.window}}]) >= 0), 1) or 0 * count(r[{{.window}}])'}\n`,
      'sloth',
    );
    expect(result.definitions).toEqual(good);
  });

  it('requires service and a non-empty slos list', () => {
    expect(errorLines('s.yaml', 'version: prometheus/v1\nslos: []\n')).toEqual([
      's.yaml:1:1: service: missing required key "service"',
      's.yaml:2:7: slos: must not be empty',
    ]);
  });
});

describe('Sloth PrometheusServiceLevel (Kubernetes)', () => {
  it('reads examples/slos/sloth-k8s.yaml (camelCase keys under spec) as the equivalent native SLOs', () => {
    const ratio = '1 - ( sum(rate(webhook_deliveries_total{result="ok"}[{{.window}}])) / sum(rate(webhook_deliveries_total[{{.window}}])) )';
    const native = nativeSlos(
      `      - name: payments-gateway-requests-availability
        service: payments-gateway
        objective: 99.95
        window: 30d
        description: Payment authorisations that do not fail on our side.
        errorQuery: 'sum(rate(grpc_server_handled_total{grpc_service="payments.Gateway",grpc_code=~"Internal|Unavailable|DeadlineExceeded"}[{{.window}}]))'
        totalQuery: 'sum(rate(grpc_server_handled_total{grpc_service="payments.Gateway"}[{{.window}}]))'
      - name: payments-gateway-webhook-delivery
        service: payments-gateway
        objective: 99
        window: 30d
        errorQuery: 'max((${ratio}) >= 0)'
        totalQuery: 'clamp_max(count((${ratio}) >= 0), 1) or 0 * count(${ratio})'
`,
      'sloth',
    );
    expect(parsedOk('sloth-k8s.yaml', exampleText('sloth-k8s.yaml'))).toEqual(native);
  });

  it('points at snake_case keys in the Kubernetes resource', () => {
    const text = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: {name: x}
spec:
  service: x
  slos:
    - name: a
      objective: 99
      sli:
        raw: {error_ratio_query: 'r[{{.window}}]'}
`;
    expect(errorLines('k.yaml', text)).toEqual([
      'k.yaml:10:15: spec.slos[0].sli.raw.error_ratio_query: this Sloth format writes keys in camelCase: use "errorRatioQuery", not "error_ratio_query"',
    ]);
  });
});
