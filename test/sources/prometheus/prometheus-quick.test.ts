import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {quickEnvelope, quickMatrix, quickVector} from '../../../src/sources/prometheus/prometheus-quick.ts';
import {decodeMatrix, decodeVector, envelopeSchema, matrixSchema, unwrapEnvelope, vectorSchema} from '../../../src/sources/prometheus/prometheus-wire.ts';

// Each field right, absent, null, or of a wrong type, so both answers are exercised.
const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), {maxLength: 2}), fc.dictionary(fc.string(), fc.integer(), {maxKeys: 2}));
const labels = fc.oneof(
  {weight: 6, arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '__name__')), fc.string(), {maxKeys: 4})},
  {weight: 1, arbitrary: wrong},
);
const value = fc.oneof(fc.constantFrom('1', '0.5', 'NaN', '+Inf', '-Inf'), fc.double().map(String));
const sample = fc.oneof({weight: 8, arbitrary: fc.tuple(fc.double({noNaN: true, noDefaultInfinity: true}), value)}, {weight: 1, arbitrary: fc.tuple(fc.string(), value)}, {weight: 1, arbitrary: fc.array(fc.integer(), {maxLength: 3})}, {weight: 1, arbitrary: wrong});
const vectorItem = fc.record({metric: labels, value: sample}, {requiredKeys: []});
const matrixItem = fc.record({metric: labels, values: fc.oneof({weight: 6, arbitrary: fc.array(sample, {maxLength: 4})}, {weight: 1, arbitrary: wrong})}, {requiredKeys: []});
const data = (type: string, item: fc.Arbitrary<unknown>) =>
  fc.record({resultType: fc.oneof({weight: 8, arbitrary: fc.constant(type)}, {weight: 1, arbitrary: fc.constantFrom('vector', 'matrix', 'scalar')}), result: fc.oneof({weight: 8, arbitrary: fc.array(item, {maxLength: 4})}, {weight: 1, arbitrary: wrong})}, {requiredKeys: ['resultType']});
const str = fc.oneof({weight: 6, arbitrary: fc.string()}, {weight: 1, arbitrary: wrong});
const envelope = fc.record(
  {status: fc.oneof({weight: 6, arbitrary: fc.constantFrom('success', 'error')}, {weight: 1, arbitrary: wrong}), data: fc.jsonValue(), errorType: str, error: str, warnings: fc.oneof(fc.array(fc.string(), {maxLength: 2}), wrong), infos: fc.oneof(fc.array(fc.string(), {maxLength: 2}), wrong), isPartial: fc.oneof(fc.boolean(), wrong)},
  {requiredKeys: []},
);
// Through JSON, as the decoders see answers: `__proto__` an own key, no undefined.
const viaJson = <T>(a: fc.Arbitrary<T>) => a.map((x) => JSON.parse(JSON.stringify(x)) as unknown);

/** Each quick decoder against its schema: the same value, or null (the schema's turn); never a value the schema refuses. */
function sameAsSchema(name: string, quick: (v: unknown) => unknown, schema: {safeParse(v: unknown): {success: boolean; data?: unknown}}, arb: fc.Arbitrary<unknown>): void {
  it(`${name} gives exactly what its schema gives, or leaves the value to the schema (property)`, () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof({weight: 9, arbitrary: viaJson(arb)}, {weight: 1, arbitrary: fc.jsonValue()}), (v) => {
        const mine = quick(v);
        if (mine === null) return;
        taken++;
        const parsed = schema.safeParse(v);
        expect(parsed.success).toBe(true);
        expect(mine).toStrictEqual(parsed.data);
      }),
      {numRuns: 3000},
    );
    // The fast path is really taken for well-formed answers.
    expect(taken).toBeGreaterThan(200);
  });
}

describe('Prometheus quick decoders', () => {
  sameAsSchema('quickEnvelope', quickEnvelope, envelopeSchema, envelope);
  sameAsSchema('quickVector', quickVector, vectorSchema, data('vector', vectorItem));
  sameAsSchema('quickMatrix', quickMatrix, matrixSchema, data('matrix', matrixItem));

  it('decode a Prometheus answer as before, and leave a wrong one to the schema, which names the fault', () => {
    const answer = {status: 'success', data: {resultType: 'vector', result: [{metric: {slo: 'a', window: '5m'}, value: [1764900000, '0.001']}, {metric: {slo: 'b'}, value: [1764900000, 'NaN']}]}};
    const {data: vector, warnings} = unwrapEnvelope(answer, 'prom /api/v1/query');
    expect(warnings).toEqual([]);
    expect(decodeVector(vector, 'prom /api/v1/query')).toEqual([
      {labels: {slo: 'a', window: '5m'}, value: 0.001},
      {labels: {slo: 'b'}, value: Number.NaN},
    ]);
    const matrix = {resultType: 'matrix', result: [{metric: {slo: 'a'}, values: [[1764900000, '1'], [1764900300, '2']]}]};
    expect([...decodeMatrix(matrix, 'prom /api/v1/query_range')]).toEqual([
      [1764900000000, [{labels: {slo: 'a'}, value: 1}]],
      [1764900300000, [{labels: {slo: 'a'}, value: 2}]],
    ]);
    expect(() => decodeVector({resultType: 'vector', result: [{metric: {slo: 'a'}, value: [1, 2]}]}, 'prom /api/v1/query')).toThrow(/prom \/api\/v1\/query: unexpected response shape at result\.0\.value\.1/);
    expect(() => decodeMatrix({resultType: 'vector', result: []}, 'prom /api/v1/query_range')).toThrow(/unexpected response shape at resultType/);
    // A `__proto__` label is the schema's to copy, never the quick path's.
    expect(quickVector(JSON.parse('{"resultType":"vector","result":[{"metric":{"__proto__":"x"},"value":[1,"1"]}]}'))).toBeNull();
  });
});
