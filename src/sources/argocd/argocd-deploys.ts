/**
 * Deploy history from Argo CD: the sync history of one application, or of every application of
 * a project. History holds only successful syncs (at most `revisionHistoryLimit`, 10 by default);
 * the newest entry takes its status from the application's live sync and health, and a sync of
 * another revision running or failed is a deploy of its own (`syncInFlight`). A history at
 * its limit says so (`newest`): the syncs before its oldest entry were dropped, not absent.
 */
import type {Deploy} from '../../domain/deploy.ts';
import type {DeployGaps, DeployLister, Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {decodeEach, serviceFor, skippedWarnings} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import {appDeploys, applicationListSchema, applicationSchema, fullHistoryLimit, type WireApplication} from './argocd-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';
import {urlBase} from '../../domain/url-base.ts';

/** The `deploys:` config of the argocd provider (the fields this adapter reads). */
export interface ArgocdDeploysConfig {
  provider: 'argocd';
  /** The Argo CD server, e.g. `https://argocd.example.com` (the API is under `/api/v1`). */
  apiUrl: string;
  /** One application… */
  app?: string | undefined;
  /** …or every application of a project. */
  project?: string | undefined;
  /** App name → service name. */
  services: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A deploy lister with its connections to close. */
export type ArgocdDeploySource = DeployLister & {close(how?: CloseOptions): Promise<void>};

/** The Argo CD web page of an application (a link: no credentials, query or fragment of the configured URL). */
export function argocdAppUrl(apiUrl: string, name: string): string {
  return `${urlBase(apiUrl)}/applications/${encodeURIComponent(name)}`;
}

/** Creates the Argo CD history source. */
export function createArgocdDeploySource(config: ArgocdDeploysConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): ArgocdDeploySource {
  const label = `argocd ${config.app ?? `project ${config.project ?? '?'}`}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps});

  function deploysOf(app: WireApplication, fallbackName: string) {
    const name = app.metadata?.name ?? fallbackName;
    return appDeploys(app, {name, service: serviceFor([name], config.services), url: argocdAppUrl(config.apiUrl, name)});
  }

  async function read(): Promise<Sourced<Deploy[]> & DeployGaps & {newest?: number; wholeSince?: number}> {
    if (config.app) {
      const body = await client.getJson(`/api/v1/applications/${encodeURIComponent(config.app)}`);
      const app = decodeWire(applicationSchema, body, `${label} application`);
      const {deploys, skipped} = deploysOf(app, config.app);
      const limit = fullHistoryLimit(app);
      // A skipped history entry (or application, below) may be the newest deploy.
      const warnings = skippedWarnings(label, skipped);
      return {value: deploys, warnings, ...(warnings.length > 0 ? {hiding: warnings} : {}), ...(limit === null ? {} : {newest: limit})};
    }
    const body = await client.getJson('/api/v1/applications', {projects: config.project ? [config.project] : undefined});
    const {items, skipped: badApps} = decodeEach(applicationSchema, decodeWire(applicationListSchema, body, `${label} applications`).items ?? []);
    const all = items.map((app, i) => ({...deploysOf(app, `app ${i}`), limit: fullHistoryLimit(app)}));
    const value = all.flatMap((a) => a.deploys).sort((a, b) => b.startedAt - a.startedAt);
    // Each app keeps its own history: the project's is whole only since the latest oldest entry
    // of the apps at their limit (an app's cut history may start after another's oldest deploy).
    const full = all.filter((a) => a.limit !== null);
    const cut = full.length === 0 ? {} : {newest: Math.min(...full.map((a) => a.limit!)), wholeSince: Math.max(...full.map((a) => Math.min(...a.deploys.map((d) => d.startedAt))))};
    const warnings = skippedWarnings(label, [...badApps.map((s) => `items${s}`), ...all.flatMap((a) => a.skipped)]);
    return {value, warnings, ...(warnings.length > 0 ? {hiding: warnings} : {}), ...cut};
  }

  return {
    async listDeploys() {
      try {
        return await read();
      } catch (error) {
        throw ciFailure(error, label, (f) => (f.status === 403 || f.status === 404 ? 'check the app/project name and that the token may get it' : null));
      }
    },
    close: (how) => client.close(how),
  };
}
