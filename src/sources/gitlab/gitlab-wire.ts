/**
 * GitLab REST v4 wire shapes (deployments, pipelines) and their statuses. Only the fields we read
 * are declared, each optional except what identifies the item.
 */
import {z} from 'zod';
import type {DeployStatus} from '../../domain/deploy.ts';
import {ownValue} from '../../domain/own-value.ts';
import {idField, looseTime, optionalText, timeField} from '../ci/ci-wire.ts';
import {urlBase} from '../../domain/url-base.ts';

/** One item of `GET /projects/:id/deployments`. */
export const gitlabDeploymentSchema = z.object({
  id: idField,
  ref: optionalText,
  sha: optionalText,
  tag: z.boolean().nullish(),
  status: optionalText,
  created_at: timeField,
  // Changes with the status: when it was created, started, finished.
  updated_at: looseTime,
  user: z.object({username: optionalText}).nullish(),
  environment: z.object({name: optionalText, external_url: optionalText}).nullish(),
  // The job that deploys: when it started, which for a manual job is when someone ran it, and when it finished.
  deployable: z.object({web_url: optionalText, started_at: looseTime, finished_at: looseTime, pipeline: z.object({web_url: optionalText}).nullish()}).nullish(),
});

/** A pipeline, as `POST /projects/:id/pipeline` and `GET /projects/:id/pipelines/:pid` return it. */
export const gitlabPipelineSchema = z.object({
  id: idField,
  status: optionalText,
  web_url: optionalText,
  updated_at: timeField.nullish(),
});

/** A decoded deployment. */
export type GitlabDeployment = z.output<typeof gitlabDeploymentSchema>;

// The states deployments and pipelines share; each adds its own below.
const COMMON_STATUS: Record<string, DeployStatus> = {success: 'success', failed: 'failure', running: 'in_progress', created: 'queued', canceled: 'cancelled', skipped: 'cancelled'};
const DEPLOYMENT_STATUS: Record<string, DeployStatus> = {...COMMON_STATUS, blocked: 'queued'};
// `manual` waits for a person: queued. `canceling` is not the end: GitLab is stopping the jobs,
// whose `after_script` still runs; taken for finished, following stopped there and the next
// `--yes` no longer saw the pipeline as open. It runs until GitLab says `canceled`.
const PIPELINE_STATUS: Record<string, DeployStatus> = {
  ...COMMON_STATUS,
  waiting_for_resource: 'queued',
  preparing: 'queued',
  pending: 'queued',
  scheduled: 'queued',
  manual: 'queued',
  canceling: 'in_progress',
};

const statusIn = (table: Record<string, DeployStatus>, status: string | null): DeployStatus => (status === null ? undefined : ownValue(table, status)) ?? 'unknown';

/** A deployment's status. */
export function gitlabDeploymentStatus(status: string | null): DeployStatus {
  return statusIn(DEPLOYMENT_STATUS, status);
}

/** A pipeline's status; `manual` waits for a person and counts as queued, `canceling` as still running. */
export function gitlabPipelineStatus(status: string | null): DeployStatus {
  return statusIn(PIPELINE_STATUS, status);
}

/** The web root of a GitLab API URL (`https://gitlab.example/api/v4` → `https://gitlab.example`). */
export function gitlabWebUrl(apiUrl: string): string {
  return urlBase(apiUrl).replace(/\/api\/v4$/, '');
}

/** The path segment of a project: a numeric id as is, a path such as `acme/shop` URL-encoded. */
export function projectSegment(project: string): string {
  return encodeURIComponent(project);
}
