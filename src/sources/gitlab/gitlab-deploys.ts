/**
 * Deploy history from GitLab's deployments API, newest first. A deployment is created with its
 * pipeline, so a manual deploy job's deployment exists hours before anyone runs it: a deploy
 * starts when its job started (`deployable.started_at`), and one never run (`created`) is queued,
 * dated by its creation. One page (20) is read, most recently updated first (a deploy run late is
 * updated when it runs); when it is full, the newest successful deployments are read as well.
 */
import {z} from 'zod';
import {isCommitSha, type Deploy} from '../../domain/deploy.ts';
import type {DeployGaps, DeployLister, Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {decodeEach, finishedField, serviceFor, skippedWarnings, versionOf} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import {gitlabDeploymentSchema, gitlabDeploymentStatus, gitlabWebUrl, projectSegment, type GitlabDeployment} from './gitlab-wire.ts';
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

  /** One page of the environment's deployments, most recently updated first. */
  async function readPage(status?: 'success'): Promise<{items: GitlabDeployment[]; skipped: string[]; full: boolean}> {
    const body = await client.getJson(`/projects/${projectSegment(config.project)}/deployments`, {
      environment: config.environment,
      status,
      order_by: 'updated_at',
      sort: 'desc',
      per_page: GITLAB_DEPLOYS_LIMIT,
    });
    const list = decodeWire(z.array(z.unknown()), body, `${label} deployments`);
    return {...decodeEach(gitlabDeploymentSchema, list), full: list.length >= GITLAB_DEPLOYS_LIMIT};
  }

  function deployOf(d: GitlabDeployment): Deploy {
    const status = gitlabDeploymentStatus(d.status);
    const startedAt = d.deployable?.started_at ?? d.created_at;
    // A deployment ends with its job; one made through the API, without a job, when its
    // status was last set (its updated_at changes with the status).
    const end = d.deployable ? d.deployable.finished_at : d.updated_at;
    return {
      id: d.id,
      service,
      version: versionOf(d.ref, d.sha, {shaLength: 8, ...(typeof d.tag === 'boolean' ? {isTag: d.tag} : {})}),
      ...(isCommitSha(d.sha) ? {sha: d.sha} : {}),
      environment: d.environment?.name ?? config.environment ?? '',
      status,
      startedAt,
      ...finishedField(status, startedAt, end),
      author: d.user?.username ?? '',
      url: d.deployable?.web_url ?? d.deployable?.pipeline?.web_url ?? d.environment?.external_url ?? environmentsPage,
    };
  }

  async function read(): Promise<Sourced<Deploy[]> & DeployGaps & {newest?: number; wholeSince?: number}> {
    const page = await readPage();
    const items = [...page.items];
    const skipped = [...page.skipped];
    const warnings: string[] = [];
    let cut = {};
    if (page.full) {
      // Older deployments exist, unread. Every pipeline of a manual deploy creates a deployment,
      // so twenty pipelines since the last deploy that ran fill the page with ones never run:
      // the successful ones are read apart, so the live deploy and a rollback target are there.
      try {
        const done = await readPage('success');
        const seen = new Set(items.map((d) => d.id));
        items.push(...done.items.filter((d) => !seen.has(d.id)));
        skipped.push(...done.skipped);
      } catch (error) {
        warnings.push(`${ciFailure(error, `${label} successful deployments`).message}; only the newest page is listed`);
      }
      // Whole only since the first page's oldest update: a deployment started after it was updated after it.
      const since = Math.min(...page.items.map((d) => d.updated_at ?? d.created_at));
      cut = {newest: GITLAB_DEPLOYS_LIMIT, ...(Number.isFinite(since) ? {wholeSince: since} : {})};
    }
    const value = items.map(deployOf).sort((a, b) => b.startedAt - a.startedAt);
    // A skipped deployment may be any, the newest too. The successful ones not read apart hide
    // none newer than the page: it holds every deployment updated since its oldest update, so
    // what is missing is older (a live deploy or a rollback target behind a page of ones never
    // run, which planning then fails to find, saying why, rather than plans past).
    const hiding = skippedWarnings(`${label} deployments`, skipped);
    return {value, warnings: [...hiding, ...warnings], hiding, ...cut};
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
