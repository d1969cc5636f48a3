/**
 * The shape of `config.yaml`: kubeconfig-style named contexts, each with its own Prometheus,
 * Alertmanagers, SLOs and CI/CD. Objects are strict so a typo is an error, not a silent default.
 * Rules that span several keys (current-context, duplicates, "exactly one of") live in
 * `config-rules.ts`, which runs even when this schema fails, so every error is reported at once.
 */
import {z} from 'zod';
import {
  ackDurationField,
  alertRelabelConfigsField,
  durationField,
  envNameField,
  externalLabelsField,
  filePathField,
  nameField,
  objectiveField,
  queryField,
  refreshField,
  runbookTemplateField,
  secretFileField,
  secretHeadersShape,
  sloWindowField,
  stringMapField,
  tlsShape,
  webUrlField,
} from './config-fields.ts';
import {alertSourceSchema} from './config-schema-alert-sources.ts';
import {deploysSchema, rollbackSchema} from './config-schema-deploys.ts';
import {panelSchema} from './config-schema-panels.ts';

/** HTTP basic auth; the password comes from an env var or a file (the rules ask for one). */
const basicAuthSchema = z.strictObject({
  username: nameField,
  passwordEnv: envNameField.optional(),
  passwordFile: secretFileField.optional(),
});

/** Keys shared by every Prometheus-compatible and Alertmanager endpoint. */
const endpointShape = {
  url: webUrlField,
  // For APIs mounted below a path, e.g. Mimir's `/prometheus`.
  pathPrefix: z.string().regex(/^\//, 'must start with /, e.g. /prometheus').optional(),
  // Sent with every request, e.g. `X-Scope-OrgID` for a Mimir or Cortex tenant.
  headers: stringMapField.default({}),
  // Credential headers (PRIVATE-TOKEN, X-Api-Key) from env vars or files: never in `headers`.
  ...secretHeadersShape,
  bearerTokenEnv: envNameField.optional(),
  bearerTokenFile: secretFileField.optional(),
  basicAuth: basicAuthSchema.optional(),
  ...tlsShape,
};

/** A Prometheus-compatible query API (Prometheus, Thanos Query, Mimir, VictoriaMetrics). */
export const prometheusSchema = z.strictObject({
  ...endpointShape,
  // Thanos' partial_response: accept answers from a subset of stores, shown as a warning.
  partialResponse: z.boolean().optional(),
  // Prometheus adds its external labels to the alerts it sends, not to /api/v1/alerts: pending
  // alerts need them to carry the identity (labels, fingerprint) Alertmanager gives them later.
  externalLabels: externalLabelsField.optional(),
  // Its alerting.alert_relabel_configs, applied after the external labels, for the same reason.
  alertRelabelConfigs: alertRelabelConfigsField.optional(),
});

/** One Alertmanager peer; unnamed peers are named after their host, as `seenBy` shows them. */
export const alertmanagerSchema = z
  // `cluster`: peers of one HA cluster gossip silences, so an ack is sent to one peer per cluster.
  // `silenceRetention`: its --data.retention, how far back it still lists expired silences (acks).
  .strictObject({name: nameField.optional(), cluster: nameField.optional(), silenceRetention: durationField.optional(), ...endpointShape})
  .transform((am) => ({...am, name: am.name ?? new URL(am.url).host}));

/** A latency SLI: the share of requests faster than `threshold`, from histogram buckets. */
const latencySchema = z.strictObject({
  bucketQuery: queryField,
  totalQuery: queryField,
  threshold: durationField,
});

/** A native SLO; either a ratio (errorQuery + totalQuery) or `latency`, never both. */
/**
 * Recording rules of Sloth or Pyrra that already compute this SLO in Prometheus: their series
 * are read for the burn windows, and the tool's burn factors apply.
 */
const recordedSchema = z.strictObject({
  tool: z.enum(['sloth', 'pyrra']),
  // Label matchers without braces, e.g. sloth_id="checkout-availability" or slo="checkout".
  selector: z.string().regex(/^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=|!=|=~|!~)\s*"/, 'must be label matchers without braces, e.g. sloth_id="checkout-availability"'),
});

export const sloSchema = z.strictObject({
  name: nameField,
  service: nameField,
  objective: objectiveField,
  window: sloWindowField,
  description: z.string().optional(),
  errorQuery: queryField.optional(),
  totalQuery: queryField.optional(),
  latency: latencySchema.optional(),
  recorded: recordedSchema.optional(),
});

/** A context's own polling intervals: only the keys it sets differ from the file's `refresh:`. */
const contextRefreshSchema = z.strictObject({
  slos: refreshField.optional(),
  history: refreshField.optional(),
  alerts: refreshField.optional(),
  deploys: refreshField.optional(),
  panels: refreshField.optional(),
  oncalls: refreshField.optional(),
});

/** One environment the dashboard can show. */
export const contextSchema = z.strictObject({
  name: nameField,
  // Removes ack and rollback at the action registry, k9s-style, for contexts to only look at.
  readOnly: z.boolean().default(false),
  // A production context: its rows are marked on a screen showing several contexts.
  production: z.boolean().optional(),
  theme: nameField.optional(),
  // This context's own polling intervals, over the file's `refresh:` (e.g. a slower remote region).
  refresh: contextRefreshSchema.optional(),
  prometheus: prometheusSchema.optional(),
  alertmanagers: z.array(alertmanagerSchema).default([]),
  // Alert sources of other kinds (PagerDuty …), registered in sources/alert-source-kinds.ts.
  alertSources: z.array(alertSourceSchema).optional(),
  slos: z.array(sloSchema).default([]),
  // Sloth, Pyrra or OpenSLO files (globs); read by the SLO file loader, not here.
  sloFiles: z.array(filePathField).default([]),
  runbookTemplate: runbookTemplateField.optional(),
  deploys: deploysSchema.optional(),
  rollback: rollbackSchema.optional(),
  panels: z.array(panelSchema).default([]),
});

/** How an ack (a short Alertmanager silence) is written. */
export const ackSchema = z.strictObject({
  // At most 7d, as `--duration` and `:ack`: an ack is "I am on it", not a maintenance window.
  duration: ackDurationField.default('15m'),
  // Defaults to $USER@host, filled in by the cli where the host is known.
  author: nameField.optional(),
  // The prefix karma and kthxbye also use to recognise acks.
  commentPrefix: nameField.default('ACK!'),
  // Labels left out of an ack's matchers (e.g. pod): their value changes while the problem stays.
  volatileLabels: z.array(nameField).optional(),
  // Keep extending your own acks shortly before they end while the alert still fires.
  untilResolved: z.boolean().optional(),
});

/** Polling intervals per pane. */
export const refreshSchema = z.strictObject({
  slos: refreshField.default('15s'),
  history: refreshField.default('60s'),
  alerts: refreshField.default('15s'),
  deploys: refreshField.default('60s'),
  panels: refreshField.default('15s'),
  // Who is on call changes at handovers: read every 5m unless set (the queries' default).
  oncalls: refreshField.optional(),
});

/** The whole file. */
export const configSchema = z.strictObject({
  'current-context': nameField,
  theme: nameField.optional(),
  // Action id → key(s); ids, key names and the values' types are checked by the keymap layer,
  // which skips and reports a bad entry: one wrong override must not stop every command. An
  // empty `keys:` (every override commented out, which YAML reads as null) is no overrides.
  keys: z.preprocess((v) => v ?? {}, z.record(z.string(), z.unknown())),
  ack: ackSchema.prefault({}),
  refresh: refreshSchema.prefault({}),
  // How a new page is announced: the terminal bell, a desktop notification (OSC 9 or OSC 777), or not at all.
  notify: z.enum(['bell', 'osc9', 'osc777', 'off'], {error: 'must be bell, osc9, osc777 or off'}).default('off'),
  // ascii: only ASCII on the screen and in text output, for terminals without UTF-8; absent: the locale decides (over it: ONCALL_GLYPHS, --glyphs).
  glyphs: z.enum(['ascii', 'unicode'], {error: 'must be ascii or unicode'}).optional(),
  contexts: z.array(contextSchema).min(1, 'at least one context is required'),
  // Named sets of contexts shown together: `--context prod` or `:ctx prod` (members checked in config-rules).
  contextGroups: z.record(nameField, z.array(nameField).min(1, 'a group needs at least one context')).optional(),
  // At most this many polling reads in flight at once across every context and backend (actions never wait); default 64.
  maxConcurrentRequests: z.number().int().min(1, 'must be at least 1').optional(),
});
