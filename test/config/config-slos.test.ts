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

describe('toSloDefinitions with declared recorded series', () => {
  it('keeps the recording rules a native SLO declares', () => {
    const text = [
      'current-context: prod',
      'contexts:',
      '  - name: prod',
      '    prometheus: {url: http://127.0.0.1:9090}',
      '    slos:',
      '      - {name: checkout-availability, service: checkout, objective: 99.9, window: 30d,',
      "         errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))',",
      '         recorded: {tool: sloth, selector: \'sloth_id="checkout-availability"\'}}',
    ].join('\n');
    const result = parseConfig(text, 'config.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(toSloDefinitions(result.config.contexts[0]!)[0]!.recorded).toEqual({kind: 'sloth', selector: 'sloth_id="checkout-availability"'});
    const bad = parseConfig(text.replace('sloth_id="checkout-availability"', 'checkout'), 'config.yaml');
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'contexts[0].slos[0].recorded.selector: must be label matchers without braces, e.g. sloth_id="checkout-availability"',
    ]);
  });
});
