/**
 * Deploy history from GitLab's deployments API, newest first. A deployment is created with its
 * pipeline, so a manual deploy job's deployment exists hours before anyone runs it: a deploy
 * starts when its job started (`deployable.started_at`), and one never run (`created`) is queued,
 * dated by its creation.
 */
import {z} from 'zod';
import {isCommitSha, type Deploy} from '../../domain/deploy.ts';
import type {DeployLister, Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {decodeEach, serviceFor, skippedWarnings, versionOf} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import {gitlabDeploymentSchema, gitlabDeploymentStatus, gitlabWebUrl, projectSegment} from './gitlab-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `deploys:` config of the gitlab provider (the fields this adapter reads). */
export interface GitlabDeploysConfig {
  provider: 'gitlab';
  /** e.g. `https://gitlab.com/api/v4`. */
  apiUrl: string;
  /** A numeric id or a path such as `acme/shop`. */
  project: string;
  environment?: string | undefined;
  /** Project name (`shop` or `acme/shop`) → service name. */
  services: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A deploy lister with its connections to close. */
export type GitlabDeploySource = DeployLister & {close(how?: CloseOptions): Promise<void>};

/** How many deployments one read lists: GitLab's newest page. */
export const GITLAB_DEPLOYS_LIMIT = 20;

/**
 * Creates the GitLab deployments source. The token travels as a bearer token, which GitLab
 * accepts for personal, project and group access tokens as well as OAuth tokens.
 */
export function createGitlabDeploySource(config: GitlabDeploysConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): GitlabDeploySource {
  const label = `gitlab ${config.project}`;
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps});
  const service = serviceFor([config.project.split('/').pop() ?? config.project, config.project], config.services);
  const environmentsPage = `${gitlabWebUrl(config.apiUrl)}/${config.project}/-/environments`;

  async function read(): Promise<Sourced<Deploy[]> & {newest?: number}> {
    const body = await client.getJson(`/projects/${projectSegment(config.project)}/deployments`, {
      environment: config.environment,
      order_by: 'created_at',
      sort: 'desc',
      per_page: GITLAB_DEPLOYS_LIMIT,
    });
    const list = decodeWire(z.array(z.unknown()), body, `${label} deployments`);
    const {items, skipped} = decodeEach(gitlabDeploymentSchema, list);
    const value = items
      .map((d): Deploy => ({
        id: d.id,
        service,
        version: versionOf(d.ref, d.sha, {shaLength: 8, ...(typeof d.tag === 'boolean' ? {isTag: d.tag} : {})}),
        ...(isCommitSha(d.sha) ? {sha: d.sha} : {}),
        environment: d.environment?.name ?? config.environment ?? '',
        status: gitlabDeploymentStatus(d.status),
        startedAt: d.deployable?.started_at ?? d.created_at,
        author: d.user?.username ?? '',
        url: d.deployable?.web_url ?? d.deployable?.pipeline?.web_url ?? d.environment?.external_url ?? environmentsPage,
      }))
      .sort((a, b) => b.startedAt - a.startedAt);
    // A full page: older deployments exist, unread (the timeline says so when it reaches further back).
    return {value, warnings: skippedWarnings(`${label} deployments`, skipped), ...(list.length >= GITLAB_DEPLOYS_LIMIT ? {newest: GITLAB_DEPLOYS_LIMIT} : {})};
  }

  return {
    async listDeploys() {
      try {
        return await read();
      } catch (error) {
        throw ciFailure(error, label, (f) => (f.status === 404 ? 'check the project path or id, and that the token can read it' : null));
      }
    },
    close: (how) => client.close(how),
  };
}
