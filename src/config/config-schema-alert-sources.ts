/**
 * Schemas of `alertSources:`, the alert sources of a context beyond its Alertmanagers (which keep
 * their own `alertmanagers:` list): one strict object per kind, told apart by `kind`, so a key of
 * another kind is reported instead of silently ignored. A new kind adds its object here and its
 * entry in `sources/alert-source-kinds.ts`.
 */
import {z} from 'zod';
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

/** One entry of `alertSources:`, by kind. */
export const alertSourceSchema = z.discriminatedUnion('kind', [pagerdutySourceSchema, grafanaSourceSchema], {
  error: 'must have a kind: pagerduty or grafana (Alertmanagers go under alertmanagers:)',
});
