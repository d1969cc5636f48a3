/**
 * GitLab REST v4 wire shapes (deployments, pipelines) and their statuses. Only the fields we read
 * are declared, each optional except what identifies the item.
 */
import {z} from 'zod';
import type {DeployStatus} from '../../domain/deploy.ts';
import {idField, optionalText, timeField} from '../ci/ci-wire.ts';

/** One item of `GET /projects/:id/deployments`. */
export const gitlabDeploymentSchema = z.object({
  id: idField,
  ref: optionalText,
  sha: optionalText,
  tag: z.boolean().nullish(),
  status: optionalText,
  created_at: timeField,
  user: z.object({username: optionalText}).nullish(),
  environment: z.object({name: optionalText, external_url: optionalText}).nullish(),
  deployable: z.object({web_url: optionalText, pipeline: z.object({web_url: optionalText}).nullish()}).nullish(),
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

/** A deployment's status. */
export function gitlabDeploymentStatus(status: string | null): DeployStatus {
  switch (status) {
    case 'success':
      return 'success';
    case 'failed':
      return 'failure';
    case 'running':
      return 'in_progress';
    case 'created':
    case 'blocked':
      return 'queued';
    case 'canceled':
    case 'skipped':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** A pipeline's status; `manual` waits for a person and counts as queued. */
export function gitlabPipelineStatus(status: string | null): DeployStatus {
  switch (status) {
    case 'success':
      return 'success';
    case 'failed':
      return 'failure';
    case 'running':
      return 'in_progress';
    case 'created':
    case 'waiting_for_resource':
    case 'preparing':
    case 'pending':
    case 'scheduled':
    case 'manual':
      return 'queued';
    case 'canceled':
    case 'canceling':
    case 'skipped':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** The web root of a GitLab API URL (`https://gitlab.example/api/v4` → `https://gitlab.example`). */
export function gitlabWebUrl(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}

/** The path segment of a project: a numeric id as is, a path such as `acme/shop` URL-encoded. */
export function projectSegment(project: string): string {
  return encodeURIComponent(project);
}
