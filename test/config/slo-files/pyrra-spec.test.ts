import {describe, expect, it} from 'vitest';
import {errorLines, exampleText, nativeSlos, parsedOk} from './slo-files-fixture.ts';

const HEAD = 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\n';

describe('Pyrra ServiceLevelObjective', () => {
  it('reads examples/slos/pyrra.yaml (ratio and latency) as the equivalent native SLOs', () => {
    const native = nativeSlos(
      `      - name: api-errors
        service: api
        objective: 99.5
        window: 4w
        description: API requests that do not fail with a 5xx.
        errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))'
        totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))'
      - name: api-latency
        service: api
        objective: 95
        window: 28d
        description: API requests served within 100ms.
        latency:
          bucketQuery: 'sum(rate(http_request_duration_seconds_bucket{job="api",le="0.1"}[{{.window}}]))'
          totalQuery: 'sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))'
          threshold: 100ms
`,
      'pyrra',
    );
    expect(parsedOk('pyrra.yaml', exampleText('pyrra.yaml'))).toEqual(native);
  });

  it('uses the SLO name as the service without a pyrra.dev/service label, and takes a numeric target', () => {
    const text = `${HEAD}metadata: {name: caddy-latency}
spec:
  target: 90
  window: 2w
  indicator:
    latency:
      success:
        metric: caddy_http_response_duration_seconds_bucket{ job = 'caddy', le='1.5' }
      total:
        metric: caddy_http_response_duration_seconds_count{job="caddy"}
`;
    expect(parsedOk('p.yaml', text)).toEqual([
      {
        name: 'caddy-latency',
        service: 'caddy-latency',
        objective: 90,
        window: '2w',
        source: 'pyrra',
        sli: {
          kind: 'latency',
          bucketQuery: 'sum(rate(caddy_http_response_duration_seconds_bucket{job="caddy",le="1.5"}[{{.window}}]))',
          totalQuery: 'sum(rate(caddy_http_response_duration_seconds_count{job="caddy"}[{{.window}}]))',
          threshold: '1s500ms',
        },
      },
    ]);
  });

  it('rejects a target that is not a number, with file, line and path', () => {
    const text = `${HEAD}metadata: {name: api}
spec:
  target: "abc"
  window: 28d
  indicator:
    ratio:
      errors: {metric: 'x{code="500"}'}
      total: {metric: x}
`;
    expect(errorLines('p.yaml', text)).toEqual(['p.yaml:5:11: spec.target: target must be a percentage as text, e.g. "99.5" (got "abc")']);
  });

  it('reports each broken field of a document at once', () => {
    const text = `${HEAD}metadata: {labels: {pyrra.dev/service: api}}
spec:
  target: "0"
  window: 1month
  indicator:
    ratio:
      errors: {metric: 'sum(rate(x[5m]))'}
`;
    expect(errorLines('p.yaml', text)).toEqual([
      'p.yaml:3:1: metadata.name: missing required key "name"',
      'p.yaml:5:11: spec.target: objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got 0)',
      'p.yaml:6:11: spec.window: must be a Prometheus duration greater than zero, such as 28d or 4w (got "1month")',
      'p.yaml:8:5: spec.indicator.ratio.total.metric: missing required key "total"',
      'p.yaml:9:24: spec.indicator.ratio.errors.metric: must be a metric selector such as http_requests_total{job="api"}, not a query (got "sum(rate(x[5m]))")',
    ]);
  });

  it('needs an le matcher on the latency success metric and refuses other indicators', () => {
    const latency = `${HEAD}metadata: {name: l}
spec:
  target: "99"
  window: 28d
  indicator:
    latency:
      success: {metric: x_bucket}
      total: {metric: x_count}
`;
    expect(errorLines('p.yaml', latency)).toEqual([
      'p.yaml:9:25: spec.indicator.latency.success.metric: the success metric must be a histogram bucket with a le="<seconds>" matcher, e.g. x_bucket{le="0.3"}',
    ]);
    const gauge = `${HEAD}metadata: {name: g}
spec:
  target: "99"
  window: 28d
  indicator:
    bool_gauge: {metric: probe_success}
`;
    expect(errorLines('p.yaml', gauge)).toEqual(['p.yaml:8:5: spec.indicator.bool_gauge: the bool_gauge indicator is not supported; use ratio or latency']);
  });
});
