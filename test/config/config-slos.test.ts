import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';
import {toSloDefinitions} from '../../src/config/config-slos.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';

const text = `current-context: prod
contexts:
  - name: prod
    prometheus: {url: http://127.0.0.1:9090}
    slos:
      - name: checkout-availability
        service: checkout
        objective: 99.9
        window: 30d
        description: no 5xx
        errorQuery: 'sum(rate(e[{{.window}}]))'
        totalQuery: 'sum(rate(t[{{.window}}]))'
      - name: checkout-latency
        service: checkout
        objective: 99
        window: 28d
        latency: {bucketQuery: 'b[{{.window}}]', totalQuery: 'c[{{.window}}]', threshold: 300ms}
`;

describe('toSloDefinitions', () => {
  it('maps ratio and latency SLOs to native domain definitions, in order', () => {
    const result = parseConfig(text, 'config.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const ctx = result.config.contexts[0];
    if (!ctx) throw new Error('no context');
    expect(toSloDefinitions(ctx)).toEqual([
      {
        name: 'checkout-availability',
        service: 'checkout',
        objective: 99.9,
        window: '30d',
        source: 'native',
        description: 'no 5xx',
        sli: {kind: 'ratio', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))'},
      },
      {
        name: 'checkout-latency',
        service: 'checkout',
        objective: 99,
        window: '28d',
        source: 'native',
        sli: {kind: 'latency', bucketQuery: 'b[{{.window}}]', totalQuery: 'c[{{.window}}]', threshold: '300ms'},
      },
    ] satisfies SloDefinition[]);
  });
});
