/**
 * Prometheus HTTP API wire shapes (`/api/v1/*` envelope, instant vectors, range matrices,
 * `/api/v1/alerts`) and their decoding. Tolerant: unknown fields are ignored, `warnings` and
 * `infos` may be absent, native-histogram samples (no `value`) are skipped.
 */
import {createHash} from 'node:crypto';
import {z} from 'zod';
import {relabel, type RelabelRule} from '../../domain/alert-relabel.ts';
import type {Alert} from '../../domain/alert.ts';
import {parsePromValue, type VectorSample} from '../../domain/promql.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure} from '../capabilities.ts';
import {parseTimestamp, severityOf} from '../alert-fields.ts';
import {alertFingerprint} from '../alert-fingerprint.ts';
import {decodeWire} from '../http/decode.ts';
import {withExternalLabels} from './prometheus-external-labels.ts';
import {quickEnvelope, quickMatrix, quickVector} from './prometheus-quick.ts';

// Node's MD5, for the `hashmod` relabel action.
const md5 = (value: string): Uint8Array => createHash('md5').update(value, 'utf8').digest();

const labelSet = z.record(z.string(), z.string());
const sample = z.tuple([z.number(), z.string()]);
const messages = z.array(z.string()).nullish().transform((v) => v ?? []);

/** The `envelope` wire shape (exported for prometheus-quick.ts' property test). */
export const envelopeSchema = z.object({
  status: z.string(),
  // Optional: an error envelope carries no `data`, and zod 4 reads a bare `z.unknown()` as required.
  data: z.unknown().optional(),
  errorType: z.string().nullish(),
  error: z.string().nullish(),
  warnings: messages,
  infos: messages,
  // VictoriaMetrics cluster: `true` when some vmstorage nodes did not answer (not in `warnings`).
  // Anything but `true` is read as a whole answer: the flag only ever adds a caveat.
  isPartial: z
    .unknown()
    .optional()
    .transform((v) => v === true),
});

/** The `vector` wire shape (exported for prometheus-quick.ts' property test). */
export const vectorSchema = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({metric: labelSet.nullish().transform((v) => v ?? {}), value: sample.nullish()})),
});

/** The `matrix` wire shape (exported for prometheus-quick.ts' property test). */
export const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({metric: labelSet.nullish().transform((v) => v ?? {}), values: z.array(sample).nullish()})),
});

const alertsSchema = z.object({
  alerts: z.array(
    z.object({
      labels: labelSet,
      annotations: labelSet.nullish().transform((v) => v ?? {}),
      state: z.string(),
      activeAt: z.string().nullish(),
    }),
  ),
});

/** The note an answer flagged `isPartial` (VictoriaMetrics cluster) carries, as a warning would say it. */
export const IS_PARTIAL_NOTE = 'isPartial: some storage nodes did not answer, series may be missing';

/**
 * The envelope's payload and its messages; a `status: "error"` envelope becomes a failure.
 * `partial` holds the envelope's `warnings` alone (a store or tenant that did not answer, a
 * result cut short): they say the answer may lack series, where `infos` only annotate it. PromQL's
 * own `PromQL warning:` annotations are kept as warnings but are not `partial`. A VictoriaMetrics
 * cluster says the same with a top-level `isPartial: true` (a vmstorage node down, by default it
 * still answers) and no warning: {@link IS_PARTIAL_NOTE} then joins both lists, so it reads in
 * part exactly as Thanos' `partial response` warnings do.
 */
export function unwrapEnvelope(body: unknown, what: string): {data: unknown; warnings: string[]; partial: string[]} {
  const env = quickEnvelope(body) ?? decodeWire(envelopeSchema, body, what);
  if (env.status !== 'success') {
    const why = [env.errorType, env.error].filter(Boolean).join(': ') || `status ${env.status}`;
    throw new SourceFailure('bad-response', sanitize(`${what}: ${why}`).slice(0, 300));
  }
  // `infos` are PromQL annotations too (e.g. "metric might not be a counter"): worth showing.
  const clean = (w: string) => sanitize(w).slice(0, 300);
  const flagged = env.isPartial ? [IS_PARTIAL_NOTE] : [];
  const warnings = [...env.warnings, ...flagged, ...env.infos].map(clean);
  const missing = [...env.warnings.filter((w) => !PROMQL_NOTE.test(w)), ...flagged];
  return {data: env.data, warnings: [...new Set(warnings)], partial: [...new Set(missing.map(clean))]};
}

// PromQL's own annotations of warning level ("PromQL warning: encountered a mix of histograms and
// floats") come in `warnings` too, but describe the data that was read, not data left out.
const PROMQL_NOTE = /^PromQL (warning|info):/;

/** Decodes an instant vector into samples; NaN/±Inf values are kept as numbers. */
export function decodeVector(data: unknown, what: string): VectorSample[] {
  const vector = quickVector(data) ?? decodeWire(vectorSchema, data, what);
  const out: VectorSample[] = [];
  for (const s of vector.result) if (s.value) out.push({labels: s.metric, value: parsePromValue(s.value[1])});
  return out;
}

/** Decodes a range matrix into samples keyed by their timestamp in epoch ms. */
export function decodeMatrix(data: unknown, what: string): Map<number, VectorSample[]> {
  const matrix = quickMatrix(data) ?? decodeWire(matrixSchema, data, what);
  const byTime = new Map<number, VectorSample[]>();
  for (const series of matrix.result) {
    for (const [ts, value] of series.values ?? []) {
      const at = Math.round(ts * 1000);
      const list = byTime.get(at) ?? [];
      list.push({labels: series.metric, value: parsePromValue(value)});
      byTime.set(at, list);
    }
  }
  return byTime;
}

/**
 * Decodes `/api/v1/alerts` into domain alerts. The external labels are added and the relabel
 * rules applied, as Prometheus does when it sends alerts; the fingerprint is Alertmanager's over
 * the result, so an alert seen pending here and firing in Alertmanager has one identity and
 * deduplicates. An alert the rules drop never reaches Alertmanager; it is still listed (Prometheus
 * does evaluate it), with its labels before relabeling.
 */
export function decodeAlerts(data: unknown, what: string, source: string, externalLabels: Readonly<Record<string, string>>, relabelRules: readonly RelabelRule[] = []): Alert[] {
  const wire = decodeWire(alertsSchema, data, what);
  return wire.alerts
    .filter((a) => a.state === 'pending' || a.state === 'firing')
    .map((a) => {
      const withExternal = withExternalLabels(a.labels, externalLabels);
      const labels = relabelRules.length === 0 ? withExternal : (relabel(withExternal, relabelRules, md5) ?? withExternal);
      return {
        fingerprint: alertFingerprint(labels),
        name: labels.alertname ?? '',
        severity: severityOf(labels),
        state: a.state === 'pending' ? 'pending' : 'firing',
        labels,
        annotations: a.annotations,
        startsAt: parseTimestamp(a.activeAt ?? undefined, null),
        generatorUrl: null,
        silencedBy: [],
        inhibitedBy: [],
        seenBy: [source],
        ack: null,
      };
    });
}
