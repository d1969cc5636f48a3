/**
 * GitHub REST wire shapes (deployments, deployment statuses, workflow runs, the dispatch answer)
 * and their mapping into domain statuses. Only the fields we read are declared; everything else
 * GitHub sends is ignored, and every field we read may be missing.
 */
import {z} from 'zod';
import type {DeployStatus} from '../../domain/deploy.ts';
import {idField, optionalText, parseTimestamp, timeField} from '../ci/ci-wire.ts';

/** The API version we speak; `2026-03-10` has breaking changes not reviewed yet. */
export const GITHUB_API_VERSION = '2022-11-28';

/** Headers GitHub asks every REST client to send. */
export const GITHUB_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': GITHUB_API_VERSION,
  'user-agent': 'oncall-dashboard',
};

/** One deployment of `GET /repos/{o}/{r}/deployments`. */
export const deploymentSchema = z.object({
  id: idField,
  sha: optionalText,
  ref: optionalText,
  environment: optionalText,
  created_at: timeField,
  creator: z.object({login: optionalText}).nullish(),
});

/** One status of `GET /repos/{o}/{r}/deployments/{id}/statuses`. */
export const deploymentStatusSchema = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  state: z.string(),
  created_at: timeField.nullish(),
  log_url: optionalText,
  environment_url: optionalText,
  target_url: optionalText,
});

/** A workflow run (`GET …/actions/runs/{id}`, and each item of the run lists). */
export const workflowRunSchema = z.object({
  id: idField,
  name: optionalText,
  display_title: optionalText,
  status: optionalText,
  conclusion: optionalText,
  html_url: optionalText,
  created_at: timeField.nullish(),
  updated_at: timeField.nullish(),
});

// A field the history can do without: an odd value reads as missing instead of costing the run.
const lenientText = optionalText.catch(null);
const lenientTime = z
  .unknown()
  .optional()
  .transform((value) => parseTimestamp(value));
const lenientLogin = z
  .object({login: optionalText})
  .nullish()
  .transform((actor) => actor?.login ?? null)
  .catch(null);

/**
 * A workflow run read as a deploy: the run fields plus the commit, the trigger and who started
 * it. Only the id and a start time are needed; a run with neither `run_started_at` nor
 * `created_at` cannot be placed in the history and is skipped.
 */
export const workflowRunDeploySchema = workflowRunSchema
  .extend({
    created_at: lenientTime,
    // A completed run's end; an odd value costs the end, not the run.
    updated_at: lenientTime,
    head_sha: lenientText,
    head_branch: lenientText,
    event: lenientText,
    run_started_at: lenientTime,
    actor: lenientLogin,
    triggering_actor: lenientLogin,
  })
  .superRefine((run, ctx) => {
    if (run.run_started_at === null && run.created_at === null) ctx.addIssue({code: 'custom', path: ['created_at'], message: 'no run_started_at or created_at'});
  });

/** `GET …/actions/workflows/{id}/runs`; runs are decoded one by one. */
export const workflowRunListSchema = z.object({
  workflow_runs: z.array(z.unknown()).default([]),
  // How many runs match the query over all pages; absent or odd, pages are followed until a short one.
  total_count: z.number().int().nonnegative().optional().catch(undefined),
});

/** The 200 answer of a dispatch with `return_run_details: true`. */
export const dispatchDetailsSchema = z.object({workflow_run_id: idField, html_url: optionalText, run_url: optionalText});

/** Decoded types. */
export type WireDeployment = z.output<typeof deploymentSchema>;
/** A decoded deployment status. */
export type WireDeploymentStatus = z.output<typeof deploymentStatusSchema>;
/** A decoded workflow run. */
export type WireWorkflowRun = z.output<typeof workflowRunSchema>;
/** A decoded workflow run read as a deploy. */
export type WireWorkflowRunDeploy = z.output<typeof workflowRunDeploySchema>;

/**
 * A deployment's state. `inactive` is what GitHub sets on a deployment once a newer one to the
 * same environment succeeds: it *was* live, so it counts as a success in the history.
 */
export function deploymentStateStatus(state: string | null): DeployStatus {
  switch (state) {
    case 'success':
    case 'inactive':
      return 'success';
    case 'failure':
    case 'error':
      return 'failure';
    case 'queued':
    case 'pending':
      return 'queued';
    case 'in_progress':
      return 'in_progress';
    default:
      return 'unknown';
  }
}

/** The newest of a deployment's statuses; GitHub does not document the list's order. */
export function latestStatus(statuses: readonly WireDeploymentStatus[]): WireDeploymentStatus | null {
  const num = (id: unknown) => (typeof id === 'number' ? id : Number(id) || 0);
  return [...statuses].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0) || num(b.id) - num(a.id))[0] ?? null;
}

/** A workflow run's status; `conclusion` decides once the run is `completed`. */
export function runStatus(status: string | null, conclusion: string | null): DeployStatus {
  if (status === 'in_progress') return 'in_progress';
  if (status !== 'completed') return status === null ? 'unknown' : 'queued'; // queued, requested, waiting, pending
  switch (conclusion) {
    case 'success':
    case 'neutral':
      return 'success';
    case 'cancelled':
    case 'skipped':
    case 'stale':
      return 'cancelled';
    case null:
      return 'unknown';
    default:
      return 'failure'; // failure, timed_out, action_required, startup_failure
  }
}

/** The web origin of a GitHub API URL: api.github.com → github.com, GHES `…/api/v3` → its host. */
export function githubWebUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}
