/**
 * Prometheus' envelope, instant vectors and range matrices checked without zod when they are
 * plainly of the right shape, with exactly what the schemas of prometheus-wire.ts would give;
 * anything else goes to the schema, which decides and names what is wrong. Why: a refresh of
 * twenty contexts decodes 140 vectors and, once a minute, 20 sparkline matrices of 72 points per
 * SLO, and zod's parse of them was a tenth of the dashboard's own work in a twenty-context start
 * (BENCHMARKS.md, (g)), for a shape of numbers and strings. A property test holds each to its
 * schema's answer (test/sources/prometheus/prometheus-quick.test.ts).
 */
import type {z} from 'zod';
import {isObject, quickLabelSet, quickStringList} from '../quick-shape.ts';
import type {envelopeSchema, matrixSchema, vectorSchema} from './prometheus-wire.ts';

/** The envelope as `envelopeSchema` decodes it. */
export type Envelope = z.output<typeof envelopeSchema>;
/** An instant vector as `vectorSchema` decodes it. */
export type Vector = z.output<typeof vectorSchema>;
/** A range matrix as `matrixSchema` decodes it. */
export type Matrix = z.output<typeof matrixSchema>;

const nullishString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

/** `v` decoded as `envelopeSchema` decodes it, or null when the schema must look at it. */
export function quickEnvelope(v: unknown): Envelope | null {
  if (!isObject(v) || typeof v['status'] !== 'string' || !nullishString(v['errorType']) || !nullishString(v['error'])) return null;
  const warnings = quickStringList(v['warnings']);
  const infos = quickStringList(v['infos']);
  if (warnings === null || infos === null) return null;
  const out: Envelope = {status: v['status'], warnings, infos, isPartial: v['isPartial'] === true};
  // Absent stays absent, as the schema leaves an optional field out.
  if ('data' in v) out.data = v['data'];
  if ('errorType' in v) out.errorType = v['errorType'] as string | null;
  if ('error' in v) out.error = v['error'] as string | null;
  return out;
}

// A `[time, "value"]` pair, as `sample` in prometheus-wire.ts.
const isSample = (v: unknown): v is [number, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string';
const isSampleList = (v: unknown): v is Array<[number, string]> => Array.isArray(v) && v.every(isSample);

/**
 * The series of a `type` answer as its schema gives them: labels (absent or null meaning none)
 * and the `key` field (`value` or `values`) when `valid`, absent or null kept as sent (a
 * native-histogram sample has none); null when the schema must look at it.
 */
function quickSeries(v: unknown, type: 'vector' | 'matrix', key: 'value' | 'values', valid: (x: unknown) => boolean): Array<Record<string, unknown>> | null {
  if (!isObject(v) || v['resultType'] !== type || !Array.isArray(v['result'])) return null;
  const result: Array<Record<string, unknown>> = [];
  for (const s of v['result'] as unknown[]) {
    if (!isObject(s)) return null;
    const metric = s['metric'] === undefined || s['metric'] === null ? {} : quickLabelSet(s['metric']);
    const x = s[key];
    if (metric === null || (x !== undefined && x !== null && !valid(x))) return null;
    result.push(key in s ? {metric, [key]: x} : {metric});
  }
  return result;
}

/** `v` decoded as `vectorSchema` decodes it, or null when the schema must look at it. */
export function quickVector(v: unknown): Vector | null {
  const result = quickSeries(v, 'vector', 'value', isSample);
  return result === null ? null : ({resultType: 'vector', result} as Vector);
}

/** `v` decoded as `matrixSchema` decodes it, or null when the schema must look at it. */
export function quickMatrix(v: unknown): Matrix | null {
  const result = quickSeries(v, 'matrix', 'values', isSampleList);
  return result === null ? null : ({resultType: 'matrix', result} as Matrix);
}
