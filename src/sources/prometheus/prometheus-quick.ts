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
  const out: Envelope = {status: v['status'], warnings, infos};
  // Absent stays absent, as the schema leaves an optional field out.
  if ('data' in v) out.data = v['data'];
  if ('errorType' in v) out.errorType = v['errorType'] as string | null;
  if ('error' in v) out.error = v['error'] as string | null;
  return out;
}

// A `[time, "value"]` pair; undefined for an absent or null one (a native-histogram sample).
function quickSample(v: unknown): [number, string] | null | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string' ? (v as [number, string]) : null;
}

// A series' labels: absent or null meaning none.
const metricOf = (v: unknown) => (v === undefined || v === null ? {} : quickLabelSet(v));

/** `v` decoded as `vectorSchema` decodes it, or null when the schema must look at it. */
export function quickVector(v: unknown): Vector | null {
  if (!isObject(v) || v['resultType'] !== 'vector' || !Array.isArray(v['result'])) return null;
  const result: Vector['result'] = [];
  for (const s of v['result'] as unknown[]) {
    if (!isObject(s)) return null;
    const metric = metricOf(s['metric']);
    const value = quickSample(s['value']);
    if (metric === null || value === null) return null;
    result.push(value === undefined ? {metric, ...('value' in s ? {value: s['value'] as null} : {})} : {metric, value});
  }
  return {resultType: 'vector', result};
}

/** `v` decoded as `matrixSchema` decodes it, or null when the schema must look at it. */
export function quickMatrix(v: unknown): Matrix | null {
  if (!isObject(v) || v['resultType'] !== 'matrix' || !Array.isArray(v['result'])) return null;
  const result: Matrix['result'] = [];
  for (const s of v['result'] as unknown[]) {
    if (!isObject(s)) return null;
    const metric = metricOf(s['metric']);
    const values = s['values'];
    if (metric === null) return null;
    if (values === undefined || values === null) {
      result.push({metric, ...('values' in s ? {values: values as null} : {})});
      continue;
    }
    if (!Array.isArray(values)) return null;
    for (const pair of values) if (!quickSample(pair)) return null;
    result.push({metric, values: values as Array<[number, string]>});
  }
  return {resultType: 'matrix', result};
}
