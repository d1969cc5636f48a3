import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {quickGettableAlert} from '../../../src/sources/alertmanager/alert-quick.ts';
import {gettableAlertSchema} from '../../../src/sources/alertmanager/alertmanager-wire.ts';

// Each field right, absent, null, or of a wrong type, so both answers are exercised.
const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), {maxLength: 2}), fc.dictionary(fc.string(), fc.integer(), {maxKeys: 2}));
const labels = fc.oneof(
  {weight: 6, arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), fc.string(), {maxKeys: 4})},
  {weight: 1, arbitrary: wrong},
);
const strings = fc.oneof({weight: 4, arbitrary: fc.array(fc.string(), {maxLength: 3})}, {weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), fc.integer()), {maxLength: 3})}, {weight: 1, arbitrary: wrong});
const str = fc.oneof({weight: 6, arbitrary: fc.string()}, {weight: 1, arbitrary: wrong});
const element = fc.record(
  {
    labels,
    annotations: labels,
    generatorURL: str,
    fingerprint: str,
    startsAt: str,
    endsAt: str,
    updatedAt: str,
    receivers: fc.array(fc.record({name: fc.string()}), {maxLength: 1}),
    status: fc.oneof({weight: 8, arbitrary: fc.record({state: str, silencedBy: strings, inhibitedBy: strings, mutedBy: strings}, {requiredKeys: ['state']})}, {weight: 1, arbitrary: wrong}),
  },
  {requiredKeys: ['labels', 'fingerprint', 'startsAt', 'status']},
);
// Through JSON, as the decoder sees elements: `__proto__` an own key, no undefined.
const parsed = element.map((e) => JSON.parse(JSON.stringify(e)) as unknown);

describe('quickGettableAlert', () => {
  it('gives exactly what the schema gives, or leaves the element to the schema; never accepts what the schema refuses (property)', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.oneof({weight: 9, arbitrary: parsed}, {weight: 1, arbitrary: fc.jsonValue()}), (v) => {
        const mine = quickGettableAlert(v);
        const schema = gettableAlertSchema.safeParse(v);
        if (mine === null) return;
        quick++;
        expect(schema.success).toBe(true);
        expect(mine).toStrictEqual(schema.data);
      }),
      {numRuns: 3000},
    );
    // The fast path is really taken for well-formed elements.
    expect(quick).toBeGreaterThan(300);
  });

  it('takes an Alertmanager 0.25 element, and leaves a wrong one (the schema names the fault)', () => {
    const ok = {labels: {alertname: 'A', service: 'checkout'}, annotations: {summary: 's'}, fingerprint: 'f', startsAt: '2026-11-22T03:00:00Z', endsAt: 'x', updatedAt: 'x', receivers: [{name: 'r'}], status: {state: 'active', silencedBy: [], inhibitedBy: ['i']}, generatorURL: 'http://p/graph'};
    expect(quickGettableAlert(ok)).toStrictEqual(gettableAlertSchema.parse(ok));
    expect(quickGettableAlert({...ok, annotations: null, generatorURL: null, status: {state: 'suppressed'}})).toStrictEqual({labels: ok.labels, annotations: {}, generatorURL: null, fingerprint: 'f', startsAt: ok.startsAt, status: {state: 'suppressed', silencedBy: [], inhibitedBy: []}});
    for (const bad of [{...ok, labels: {a: 1}}, {...ok, fingerprint: 7}, {...ok, status: []}, [ok], null, 'x', JSON.parse('{"labels":{"__proto__":"x"},"fingerprint":"f","startsAt":"s","status":{"state":"active"}}')]) {
      expect(quickGettableAlert(bad)).toBeNull();
    }
  });
});
