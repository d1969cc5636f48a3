/**
 * Types of a loaded config, inferred from the schema so the two cannot drift apart. Defaults are
 * applied and relative file paths are already absolute (resolved against the config's folder).
 * Durations stay as written (`15m`); they are known to parse with `parseDuration`.
 */
import type {z} from 'zod';
import type {
  ackSchema,
  alertmanagerSchema,
  configSchema,
  contextSchema,
  prometheusSchema,
  refreshSchema,
  sloSchema,
} from './config-schema.ts';
import type {alertSourceSchema} from './config-schema-alert-sources.ts';
import type {deploysSchema, rollbackSchema} from './config-schema-deploys.ts';
import type {panelSchema} from './config-schema-panels.ts';
import type {ConfigError} from './config-errors.ts';

/** The whole config file. */
export type OncallConfig = z.output<typeof configSchema>;

/** One named environment: its sources, SLOs, CI/CD and whether actions are allowed. */
export type ContextConfig = z.output<typeof contextSchema>;

/** A Prometheus-compatible query endpoint. */
export type PrometheusConfig = z.output<typeof prometheusSchema>;

/** One Alertmanager peer; `name` is always set (defaults to the URL's host). */
export type AlertmanagerConfig = z.output<typeof alertmanagerSchema>;

/** What every HTTP endpoint shares: URL, headers, auth references and TLS. */
export type EndpointConfig = Omit<PrometheusConfig, 'partialResponse' | 'externalLabels' | 'alertRelabelConfigs'>;

/** HTTP basic auth of an endpoint. */
export type BasicAuthConfig = NonNullable<EndpointConfig['basicAuth']>;

/** An entry of `alertSources:` (PagerDuty …), by kind. */
export type AlertSourceEntryConfig = z.output<typeof alertSourceSchema>;

/** A native SLO as written in the config. */
export type SloConfig = z.output<typeof sloSchema>;

/** A panel as written in the config (`unit` defaulted). */
export type PanelConfig = z.output<typeof panelSchema>;

/** Where deploys are read from, by provider. */
export type DeploysConfig = z.output<typeof deploysSchema>;

/** How a rollback is triggered, by provider. */
export type RollbackConfig = z.output<typeof rollbackSchema>;

/** Ack (silence) settings. */
export type AckConfig = z.output<typeof ackSchema>;

/** Polling intervals per pane, as Prometheus durations. */
export type RefreshConfig = z.output<typeof refreshSchema>;

/** A context entry left out of a loaded config for errors of its own (`keepGoodContexts`). */
export interface SkippedContext {
  name: string;
  /** Where it stood in the file's list of contexts. */
  index: number;
  errors: ConfigError[];
}

/** A context group left out of a loaded config for an error in its own name (`keepGoodContexts`). */
export interface SkippedGroup {
  name: string;
  /** The contexts it lists, so a selection naming it resolves (and is refused with `errors`). */
  members: string[];
  errors: ConfigError[];
}

/**
 * The result of loading or parsing a config: the config, or every error found in it. `skipped`
 * and `skippedGroups` (only with `keepGoodContexts`) list the context entries and groups left out
 * of `config` for their errors.
 */
export type ConfigResult = {ok: true; config: OncallConfig; skipped?: SkippedContext[]; skippedGroups?: SkippedGroup[]} | {ok: false; errors: ConfigError[]};
