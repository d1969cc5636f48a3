/**
 * Alertmanager API v2 wire shapes (the OpenAPI `gettableAlert`, `gettableSilence`,
 * `postableSilence`) and their conversion to and from domain types. Decoding is tolerant: fields
 * added in later versions (`mutedBy` 0.28, silence `annotations` 0.32) may be absent, unknown
 * fields are ignored, so 0.25 and current servers both decode.
 */
import {z} from 'zod';
import type {Alert, Matcher, Silence, SilenceDraft} from '../../domain/alert.ts';
import {parseTimestamp, severityOf} from '../alert-fields.ts';

const labelSet = z.record(z.string(), z.string());
const stringList = z.array(z.string()).nullish().transform((v) => v ?? []);

/** `gettableAlert`, minus the fields the dashboard does not use. */
export const gettableAlertSchema = z.object({
  labels: labelSet,
  annotations: labelSet.nullish().transform((v) => v ?? {}),
  generatorURL: z.string().nullish(),
  fingerprint: z.string(),
  startsAt: z.string(),
  status: z.object({
    // Kept open: an unknown future state shows as firing rather than failing the whole list.
    state: z.string(),
    silencedBy: stringList,
    inhibitedBy: stringList,
  }),
});

/** `GET /api/v2/alerts` response. */
export const gettableAlertsSchema = z.array(gettableAlertSchema);

const matcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  // Defaults to true in the spec; servers before 0.22 do not send it.
  isEqual: z.boolean().nullish().transform((v) => v ?? true),
});

/** `gettableSilence`. */
export const gettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({state: z.enum(['active', 'pending', 'expired'])}),
  matchers: z.array(matcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  updatedAt: z.string().nullish(),
});

/** `GET /api/v2/silences` response. */
export const gettableSilencesSchema = z.array(gettableSilenceSchema);

/**
 * `POST /api/v2/silences` response. An empty id names no silence: the answer is taken as one
 * whose id could not be read, so the silence is looked for, never reported made as `silence `.
 */
export const postSilenceResponseSchema = z.object({silenceID: z.string().min(1, 'empty silence id')});

/** Converts one decoded alert; `source` is the configured name of this Alertmanager. */
export function alertFromWire(wire: z.output<typeof gettableAlertSchema>, source: string): Alert {
  return {
    fingerprint: wire.fingerprint,
    name: wire.labels.alertname ?? '',
    severity: severityOf(wire.labels),
    // `unprocessed` = received but not yet through the pipeline: it is firing as far as we know.
    state: wire.status.state === 'suppressed' ? 'suppressed' : 'firing',
    labels: wire.labels,
    annotations: wire.annotations,
    startsAt: parseTimestamp(wire.startsAt, null),
    generatorUrl: wire.generatorURL || null,
    silencedBy: wire.status.silencedBy,
    inhibitedBy: wire.status.inhibitedBy,
    seenBy: [source],
    ack: null,
    // Decided by the alert query, which keeps this very object when nothing acks it (no copy per alert).
    partialAck: null,
  };
}

/** Converts one decoded silence. */
export function silenceFromWire(wire: z.output<typeof gettableSilenceSchema>): Silence {
  return {
    id: wire.id,
    state: wire.status.state,
    matchers: wire.matchers.map((m): Matcher => ({name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual})),
    startsAt: parseTimestamp(wire.startsAt, 0),
    endsAt: parseTimestamp(wire.endsAt, 0),
    createdBy: wire.createdBy,
    comment: wire.comment,
    ...(wire.updatedAt ? {updatedAt: parseTimestamp(wire.updatedAt, 0)} : {}),
  };
}

/** The `postableSilence` body for a draft; `id` only when replacing an existing silence. */
export function postableSilence(draft: SilenceDraft): Record<string, unknown> {
  return {
    ...(draft.id ? {id: draft.id} : {}),
    matchers: draft.matchers.map((m) => ({name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual})),
    startsAt: new Date(draft.startsAt).toISOString(),
    endsAt: new Date(draft.endsAt).toISOString(),
    createdBy: draft.createdBy,
    comment: draft.comment,
  };
}
