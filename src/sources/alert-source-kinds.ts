/**
 * Alert-source kinds as data: each kind of alert source (Alertmanager, PagerDuty, …) is one entry
 * of {@link ALERT_SOURCE_KINDS}, the way deploy providers are in `deploy-providers.ts`. A context's
 * `alertmanagers:` and `alertSources:` entries become handles through {@link createAlertSource};
 * nothing above `sources/` names a kind. A new kind is its adapter folder, one entry here, its
 * schema and cross-key rules in `config/config-schema-alert-sources.ts` and its section in the docs.
 *
 * The config types live in `config/`, which `sources/` may not import; each adapter declares the
 * fields it reads, and {@link AlertSourceConfig} is what the config's entries must stay
 * assignable to (a type test checks it).
 */
import {createAlertmanagerSource, type AlertmanagerSourceConfig} from './alertmanager/alertmanager-source.ts';
import type {ContextServices} from './capabilities.ts';
import type {ProviderDeps, ProviderSecrets} from './ci/ci-http.ts';
import {createGrafanaAlertSource, grafanaBaseUrl, GRAFANA_ALERTMANAGER_PATH, type GrafanaSourceConfig} from './grafana/grafana-alerts.ts';
import type {HttpClientOptions} from './http/http-client.ts';
import {createPagerdutySource, type PagerdutySourceConfig} from './pagerduty/pagerduty-source.ts';
import type {CloseOptions} from './http/http-client.ts';
import {urlBase} from '../domain/url-base.ts';

/** One alert source of a context, as the rest of the app sees it. */
export type AlertSourceHandle = ContextServices['alertSources'][number];

/** An Alertmanager peer of `alertmanagers:`, tagged with its kind. */
export interface AlertmanagerKindConfig {
  kind: 'alertmanager';
  name: string;
  url: string;
  pathPrefix?: string;
  cluster?: string;
}

/** Any alert source entry, by kind. */
export type AlertSourceConfig = AlertmanagerKindConfig | GrafanaSourceConfig | PagerdutySourceConfig;

/**
 * What the CLI resolved for an entry: the HTTP options of an endpoint-style entry (`url`, bearer
 * token, basic auth, CA), or the token and CA of an API-style one (`tokenEnv`/`tokenFile`).
 */
export interface AlertSourceSecrets {
  endpoint?: Omit<HttpClientOptions, 'timeoutMs'> & {timeoutMs?: number};
  provider?: ProviderSecrets;
}

/** A created alert source: its handle and how to close its connections. */
export interface AlertSourceInstance {
  handle: AlertSourceHandle;
  close(how?: CloseOptions): Promise<void>;
}

/** One kind: how an entry of its config becomes a source. */
export interface AlertSourceKind<C extends AlertSourceConfig> {
  /** How the CLI resolves the entry's secrets: as an HTTP endpoint, or as an API token. */
  secrets: 'endpoint' | 'token';
  create(config: C, secrets: AlertSourceSecrets, deps: ProviderDeps): AlertSourceInstance;
}

function alertmanagerKind(config: AlertmanagerKindConfig, secrets: AlertSourceSecrets): AlertSourceInstance {
  const options: AlertmanagerSourceConfig = {baseUrl: config.url, ...secrets.endpoint, name: config.name};
  const source = createAlertmanagerSource(options);
  // amtool's --alertmanager.url: the configured URL and path prefix, shown and copied, so never
  // with the credentials, query string or fragment the URL may carry.
  const cliUrl = urlBase(config.url, config.pathPrefix);
  const handle: AlertSourceHandle = {name: config.name, kind: 'alertmanager', capabilities: source, cliUrl, ...(config.cluster !== undefined ? {cluster: config.cluster} : {})};
  return {handle, close: (how) => source.close(how)};
}

function pagerdutyKind(config: PagerdutySourceConfig, secrets: AlertSourceSecrets, deps: ProviderDeps): AlertSourceInstance {
  const source = createPagerdutySource(config, secrets.provider ?? {}, deps);
  return {handle: {name: config.name, kind: 'pagerduty', capabilities: source}, close: (how) => source.close(how)};
}

// Grafana's own Alertmanager, reached with a service-account token; it holds Grafana's alerts only.
function grafanaKind(config: GrafanaSourceConfig, secrets: AlertSourceSecrets, deps: ProviderDeps): AlertSourceInstance {
  const source = createGrafanaAlertSource(config, secrets.provider ?? {}, deps);
  const handle: AlertSourceHandle = {
    name: config.name,
    kind: 'grafana',
    capabilities: source,
    cliUrl: `${grafanaBaseUrl(config)}${GRAFANA_ALERTMANAGER_PATH}`,
    ownAlertsOnly: true,
    ...(config.cluster !== undefined ? {cluster: config.cluster} : {}),
  };
  return {handle, close: (how) => source.close(how)};
}

/** Every kind of alert source, by its `kind`. */
export const ALERT_SOURCE_KINDS: {[K in AlertSourceConfig['kind']]: AlertSourceKind<Extract<AlertSourceConfig, {kind: K}>>} = {
  alertmanager: {secrets: 'endpoint', create: alertmanagerKind},
  grafana: {secrets: 'token', create: grafanaKind},
  pagerduty: {secrets: 'token', create: pagerdutyKind},
};

/** How the CLI resolves the secrets of `config`'s kind. */
export function alertSourceSecretStyle(config: AlertSourceConfig): 'endpoint' | 'token' {
  return ALERT_SOURCE_KINDS[config.kind].secrets;
}

/** Creates the alert source an entry describes, through its kind's entry. */
export function createAlertSource(config: AlertSourceConfig, secrets: AlertSourceSecrets, deps: ProviderDeps = {}): AlertSourceInstance {
  const kind = ALERT_SOURCE_KINDS[config.kind] as AlertSourceKind<AlertSourceConfig>;
  return kind.create(config, secrets, deps);
}
