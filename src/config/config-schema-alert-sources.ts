/**
 * Schemas of `alertSources:`, the alert sources of a context beyond its Alertmanagers (which keep
 * their own `alertmanagers:` list): one strict object per kind, told apart by `kind`, so a key of
 * another kind is reported instead of silently ignored. A new kind adds its object and its
 * cross-key rules here, and its entry in `sources/alert-source-kinds.ts`.
 */
import {z} from 'zod';
import {list, oneOf, type EntryRule} from './config-rule-kit.ts';
import {nameField, stringMapField, tlsShape, tokenShape, webUrlField} from './config-fields.ts';

const PAGERDUTY_API = 'https://api.pagerduty.com';

/** PagerDuty (REST API v2): incidents as alert rows, acks and resolves, who is on call. */
export const pagerdutySourceSchema = z.strictObject({
  kind: z.literal('pagerduty'),
  name: nameField.default('pagerduty'),
  apiUrl: webUrlField.default(PAGERDUTY_API),
  ...tokenShape,
  // PagerDuty refuses a write without the acting user's e-mail in `From:`.
  from: z.email({error: 'must be the e-mail address of the PagerDuty user acks are made as'}),
  serviceIds: z.array(nameField).default([]),
  teamIds: z.array(nameField).default([]),
  // PagerDuty service (id or name) → our service, as SLOs and alert labels name it.
  services: stringMapField.default({}),
  // An alert label whose value is the dedup key (or a detail of the same name) of the incident it paged.
  linkLabel: nameField.optional(),
  // Priority name → severity, over the built-in P1/P2 critical, P3 warning, P4/P5 info.
  severities: stringMapField.optional(),
  ...tlsShape,
});

/** Grafana-managed alerts, read and silenced through Grafana's Alertmanager-compatible API. */
export const grafanaSourceSchema = z.strictObject({
  kind: z.literal('grafana'),
  name: nameField.default('grafana'),
  // Grafana's base URL; alerts link to its dashboards and panels.
  url: webUrlField,
  // The sub-path Grafana is served from (its root_url path), e.g. /grafana.
  pathPrefix: z.string().regex(/^\//, 'must start with /, e.g. /grafana').optional(),
  // A service-account token with the alerting reader and silence writer permissions.
  ...tokenShape,
  // Grafana instances of one HA setup share silences: an ack goes to one of them.
  cluster: nameField.optional(),
  ...tlsShape,
});

/** The schema of every kind, in the order the docs list them. */
const KIND_SCHEMAS = [pagerdutySourceSchema, grafanaSourceSchema] as const;

/** One kind's name, as `kind:` spells it. */
export type AlertSourceKindName = (typeof KIND_SCHEMAS)[number]['shape']['kind']['value'];

const KIND_NAMES = KIND_SCHEMAS.map((s) => s.shape.kind.value);

/** One entry of `alertSources:`, by kind. */
export const alertSourceSchema = z.discriminatedUnion('kind', KIND_SCHEMAS, {
  error: `must have a kind: ${KIND_NAMES.join(' or ')} (Alertmanagers go under alertmanagers:)`,
});

/**
 * Each kind's rules that span keys, run by `config-rules.ts` on the raw entry even where the
 * schema failed (so a missing token and a bad key are reported in one pass). The compiler asks
 * for one per kind.
 */
export const ALERT_SOURCE_RULES: Record<AlertSourceKindName, EntryRule> = {
  pagerduty(source, path, out) {
    oneOf(source, path, 'tokenEnv', 'tokenFile', out, true);
    if (list(source['serviceIds']).length === 0 && list(source['teamIds']).length === 0) {
      out.push({path: [...path, 'serviceIds'], message: 'set serviceIds or teamIds: which PagerDuty incidents belong to this context'});
    }
  },
  // Grafana's alerting API needs a service-account token as much as PagerDuty's does.
  grafana: (source, path, out) => oneOf(source, path, 'tokenEnv', 'tokenFile', out, true),
};
