/**
 * Deploy history from the GitHub Deployments API: the newest deployments of a repo (optionally
 * one environment), each with the state of its latest status. Statuses cost one request per
 * deployment, so a deployment whose state is final is not asked again while this source lives.
 */
import {z} from 'zod';
import {isCommitSha, type Deploy, type DeployStatus} from '../../domain/deploy.ts';
import type {DeployGaps, DeployLister, Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {decodeEach, finishedField, serviceFor, skippedWarnings, versionOf} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import {HttpFailure} from '../http/http-errors.ts';
import {
  deploymentSchema,
  deploymentStateStatus,
  deploymentStatusSchema,
  GITHUB_HEADERS,
  githubWebUrl,
  latestStatus,
  type WireDeployment,
} from './github-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `deploys:` config of the github provider (the fields this adapter reads). */
export interface GithubDeploysConfig {
  provider: 'github';
  apiUrl: string;
  /** `owner/name`. */
  repo: string;
  environment?: string | undefined;
  /** Repo name (`shop` or `acme/shop`) → service name. */
  services: Readonly<Record<string, string>>;
  /** Read the runs of this workflow (file name or id) instead of the Deployments API. */
  workflow?: string | undefined;
  /** Workflow runs only: runs of this branch. */
  branch?: string | undefined;
  /** Workflow runs only: runs triggered by this event (`push`, `workflow_dispatch`, …). */
  event?: string | undefined;
  /** Workflow runs only: a regular expression whose named groups read a run's title. */
  titlePattern?: string | undefined;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A deploy lister with its connections to close. */
export type GithubDeploySource = DeployLister & {close(how?: CloseOptions): Promise<void>};

/** How many deployments one refresh reads (each may cost a statuses request). */
export const GITHUB_DEPLOYS_LIMIT = 20;
const PARALLEL_STATUS_REQUESTS = 5;
const FINAL: ReadonlySet<DeployStatus> = new Set(['success', 'failure', 'cancelled']);

interface Latest {
  status: DeployStatus;
  url: string | null;
  /** When the final status was set: the deploy's end. */
  finishedAt?: number;
}

/** Creates the GitHub deployments source for one repo. */
export function createGithubDeploySource(config: GithubDeploysConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GithubDeploySource {
  const [owner = '', name = ''] = config.repo.split('/');
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const label = `github ${config.repo}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {headers: {...GITHUB_HEADERS}, deps});
  const service = serviceFor([name, config.repo], config.services);
  const webUrl = `${githubWebUrl(config.apiUrl)}/${config.repo}`;
  // Final states only: a deployment still in progress is asked again on the next refresh.
  const finalStates = new Map<string, Latest>();

  async function latestOf(deployment: WireDeployment): Promise<Latest> {
    const cached = finalStates.get(deployment.id);
    if (cached) return cached;
    let body: unknown;
    try {
      body = await client.getJson(`${repoPath}/deployments/${encodeURIComponent(deployment.id)}/statuses`, {per_page: 100});
    } catch (error) {
      // Deleted between the two calls: show it without a state rather than fail the list.
      if (error instanceof HttpFailure && error.status === 404) return {status: 'unknown', url: null};
      throw error;
    }
    const list = decodeWire(z.array(z.unknown()), body, `${label} deployment statuses`);
    const statuses = decodeEach(deploymentStatusSchema, list).items;
    const status = latestStatus(statuses);
    const latest: Latest = {
      status: deploymentStateStatus(status?.state ?? null),
      url: status ? (status.log_url ?? status.environment_url ?? status.target_url) : null,
    };
    // The end is the first final status: `inactive` comes later, when another deploy replaces it.
    const ends = statuses.flatMap((s) => (s.state !== 'inactive' && FINAL.has(deploymentStateStatus(s.state)) && typeof s.created_at === 'number' ? [s.created_at] : []));
    if (FINAL.has(latest.status) && ends.length > 0) latest.finishedAt = Math.min(...ends);
    if (FINAL.has(latest.status)) finalStates.set(deployment.id, latest);
    return latest;
  }

  async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = [];
    for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
    return out;
  }

  return {
    async listDeploys(): Promise<Sourced<Deploy[]> & DeployGaps & {newest?: number}> {
      try {
        const body = await client.getJson(`${repoPath}/deployments`, {environment: config.environment, per_page: GITHUB_DEPLOYS_LIMIT});
        const list = decodeWire(z.array(z.unknown()), body, `${label} deployments`);
        const {items, skipped} = decodeEach(deploymentSchema, list);
        // GitHub lists newest first, but does not promise it.
        const newest = items.sort((a, b) => b.created_at - a.created_at || Number(b.id) - Number(a.id)).slice(0, GITHUB_DEPLOYS_LIMIT);
        const latest = await inBatches(newest, PARALLEL_STATUS_REQUESTS, latestOf);
        const keep = new Set(newest.map((d) => d.id));
        for (const id of finalStates.keys()) if (!keep.has(id)) finalStates.delete(id);
        const value = newest.map((d, i): Deploy => ({
          id: d.id,
          service,
          version: versionOf(d.ref, d.sha),
          ...(isCommitSha(d.sha) ? {sha: d.sha} : {}),
          environment: d.environment ?? config.environment ?? '',
          status: latest[i]?.status ?? 'unknown',
          startedAt: d.created_at,
          // The one rule of every history: an end only on an ended deploy, and after its start
          // (a status dated before its deployment is bad data, not a finish).
          ...finishedField(latest[i]?.status ?? 'unknown', d.created_at, latest[i]?.finishedAt),
          author: d.creator?.login ?? '',
          url: latest[i]?.url ?? `${webUrl}/deployments`,
        }));
        // A full page: older deployments exist, unread (the timeline says so when it reaches further back).
        const full = list.length >= GITHUB_DEPLOYS_LIMIT ? {newest: GITHUB_DEPLOYS_LIMIT} : {};
        // A skipped deployment may be the newest.
        const warnings = skippedWarnings(`${label} deployments`, skipped);
        return {value, warnings, ...(warnings.length > 0 ? {hiding: warnings} : {}), ...full};
      } catch (error) {
        throw ciFailure(error, label, (f) => (f.status === 404 ? `check the repo name, and that the token can read ${config.repo}` : null));
      }
    },
    close: (how) => client.close(how),
  };
}
