/**
 * Grafana-managed alerts: Grafana's own Alertmanager speaks the Alertmanager v2 API below
 * `/api/alertmanager/grafana`, so this adapter is the Alertmanager one with that path and the
 * service-account token as its bearer token. Silences (acks) land there as on any Alertmanager,
 * through the same ack machinery. What it adds is the link Grafana ties a rule to: each alert
 * carries the panel (or dashboard) URL built from its `__dashboardUid__`/`__panelId__`
 * annotations and the configured Grafana.
 */
import type {Alert} from '../../domain/alert.ts';
import {parseDuration} from '../../domain/duration.ts';
import {grafanaPanelUrl} from '../../domain/grafana-links.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../alertmanager/alertmanager-source.ts';
import {depsHttpOptions, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {urlBase} from '../../domain/url-base.ts';

/** Where Grafana serves its own Alertmanager, below its base URL (and any sub-path it is served from). */
export const GRAFANA_ALERTMANAGER_PATH = '/api/alertmanager/grafana';

/** An entry `kind: grafana` of `alertSources:`, as this adapter reads it. */
export interface GrafanaSourceConfig {
  kind: 'grafana';
  /** The source's name in `seenBy`, the header and the action log. */
  name: string;
  /** Grafana's base URL, e.g. `https://grafana.example.com`. */
  url: string;
  /** The sub-path Grafana is served from, e.g. `/grafana` (its `root_url` path). */
  pathPrefix?: string;
  /** Grafana instances of one HA setup share silences: an ack goes to one of them. */
  cluster?: string;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** The Grafana base URL alerts link to: the configured URL and sub-path, without credentials, query or fragment. */
export function grafanaBaseUrl(config: Pick<GrafanaSourceConfig, 'url' | 'pathPrefix'>): string {
  return urlBase(config.url, config.pathPrefix);
}

/**
 * Creates the adapter for the alerts one Grafana manages.
 * @param secrets the service-account token (sent as `Authorization: Bearer`) and CA
 */
export function createGrafanaAlertSource(config: GrafanaSourceConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): AlertmanagerSource {
  const grafanaUrl = grafanaBaseUrl(config);
  const alertmanager = createAlertmanagerSource({
    name: config.name,
    baseUrl: config.url,
    pathPrefix: `${config.pathPrefix ?? ''}${GRAFANA_ALERTMANAGER_PATH}`,
    ...(secrets.token ? {bearerToken: secrets.token} : {}),
    ...(secrets.caPem ? {caPem: secrets.caPem} : {}),
    ...(config.insecureSkipVerify ? {insecureSkipVerify: true} : {}),
    ...(config.timeout && parseDuration(config.timeout) !== null ? {timeoutMs: parseDuration(config.timeout)!} : {}),
    ...depsHttpOptions(deps),
  });
  // The decoder keeps an unchanged alert's object from one poll to the next; so does the link (its
  // range is the alert's start to Grafana's relative `now`, no clock read), so an unchanged alert
  // stays the same object and its row is not rebuilt.
  const linked = new WeakMap<Alert, Alert>();
  const withLink = (alert: Alert): Alert => {
    let out = linked.get(alert);
    if (out === undefined) {
      const dashboardUrl = grafanaPanelUrl(alert.annotations, grafanaUrl, alert.startsAt);
      out = dashboardUrl === null ? alert : {...alert, dashboardUrl};
      linked.set(alert, out);
    }
    return out;
  };
  return {
    ...alertmanager,
    async listAlerts(read) {
      const answer = await alertmanager.listAlerts(read);
      return {...answer, value: answer.value.map(withLink)};
    },
  };
}
