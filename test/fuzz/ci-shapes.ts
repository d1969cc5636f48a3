/**
 * Valid CI/CD answers whose strings may be hostile: GitHub and Argo CD bodies start from the same
 * provider-shaped builders as the adapter tests (GitHub's from the examples in its own contract)
 * and are checked against the contracts by the fuzz tests; GitLab's against the shapes transcribed
 * in `fake-ci-gitlab.ts`; the JSON deploy feed against its documented fields.
 */
import fc from 'fast-check';
import {argoApp, githubDeployment, githubRun, githubRunList, githubStatus, gitlabDeployment, gitlabPipeline} from '../helpers/fake-ci-bodies.ts';
import {anyText, hostileText, isoTime} from './arbitraries.ts';

const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const sha = fc.oneof(fc.constant(SHA), fc.stringMatching(/^[0-9a-f]{40}$/), anyText);
const id = fc.integer({min: 1, max: 2 ** 31});
/** A URL a backend links to, its path maybe hostile (still a URL by the contracts' `uri` format). */
const link = fc.oneof(fc.constant('https://ci.example/logs/1'), hostileText.map((t) => `https://ci.example/${t}`));

/** `GET /repos/{o}/{r}/deployments`. */
export const githubDeployments = fc.array(
  fc.record({id, sha, ref: anyText, environment: anyText, createdAt: isoTime, login: fc.option(anyText)}).map(githubDeployment),
  {maxLength: 4},
);

/** `GET …/deployments/{id}/statuses`. */
export const githubStatuses = fc.array(
  fc
    .record({id, state: fc.constantFrom('error', 'failure', 'inactive', 'pending', 'success', 'queued', 'in_progress'), createdAt: isoTime, logUrl: link, environmentUrl: link}, {requiredKeys: ['id', 'state', 'createdAt']})
    .map(githubStatus),
  {maxLength: 3},
);

/** One workflow run, its title maybe carrying a rollback request id. */
export const githubWorkflowRun = fc
  .record({
    id,
    status: fc.constantFrom('queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'),
    conclusion: fc.option(fc.constantFrom('success', 'failure', 'cancelled', 'neutral', 'timed_out', 'skipped')),
    displayTitle: fc.oneof(anyText, anyText.map((t) => `Rollback ${t} rb-checkout-prod-v1.0.0-v0.9.0-1`)),
    name: anyText,
    createdAt: isoTime,
    headBranch: anyText,
    event: fc.constantFrom('push', 'workflow_dispatch'),
    headSha: sha,
    actor: anyText,
  })
  .map(githubRun);

/** `GET …/actions/workflows/{id}/runs`. */
export const githubRuns = fc.array(githubWorkflowRun, {maxLength: 4}).map(githubRunList);

/** `POST …/dispatches` with `return_run_details`. */
export const githubDispatch = fc.record({workflow_run_id: id, run_url: link, html_url: link});

/** `GET /projects/:id/deployments`. */
export const gitlabDeployments = fc.array(
  fc
    .record({id, ref: anyText, sha, tag: fc.boolean(), status: fc.constantFrom('created', 'running', 'success', 'failed', 'canceled', 'blocked'), createdAt: isoTime, username: anyText, environment: anyText})
    .map(gitlabDeployment),
  {maxLength: 4},
);

/** A pipeline, as created and as read. */
export const gitlabPipelineAnswer = fc
  .record({id, status: fc.constantFrom('created', 'pending', 'running', 'success', 'failed', 'canceled', 'manual'), updatedAt: isoTime})
  .map(({id: pid, status, updatedAt}) => gitlabPipeline(pid, status, updatedAt));

/** An Argo CD Application with a sync history whose revisions, names and messages may be hostile. */
export const argocdApplication = fc
  .record({
    name: anyText,
    project: anyText,
    namespace: anyText,
    history: fc.array(fc.record({id: fc.integer({min: 0, max: 50}), revision: sha, deployedAt: isoTime, username: anyText, automated: fc.boolean()}), {maxLength: 4}),
    health: fc.constantFrom('Healthy', 'Degraded', 'Progressing', 'Missing', 'Suspended', 'Unknown'),
    sync: fc.constantFrom('Synced', 'OutOfSync'),
    operationState: fc.option(fc.record({phase: fc.constantFrom('Running', 'Succeeded', 'Failed', 'Error', 'Terminating'), startedAt: isoTime, message: anyText})),
  })
  .map(argoApp);

/** `GET /api/v1/applications`. */
export const argocdApplicationList = fc.array(argocdApplication, {maxLength: 3}).map((items) => ({metadata: {resourceVersion: '1'}, items}));

/** One deploy of the JSON feed, with every documented field. */
export const jsonDeploy = fc.record(
  {
    id: fc.oneof(anyText, id),
    service: hostileText,
    version: fc.oneof(anyText.filter((t) => t !== ''), id),
    sha,
    environment: anyText,
    status: fc.oneof(fc.constantFrom('success', 'failed', 'running', 'In Progress', 'cancelled'), anyText),
    startedAt: fc.oneof(isoTime, fc.integer({min: 1_600_000_000, max: 1_900_000_000})),
    author: anyText,
    url: link,
    rollbackOf: fc.oneof(anyText, id),
  },
  {requiredKeys: ['service', 'version', 'startedAt']},
);

/** The JSON feed: a list, or an object holding it under `deploys`. */
export const jsonDeploysDocument = fc.array(jsonDeploy, {maxLength: 5}).chain((list) => fc.constantFrom<unknown>(list, {deploys: list}));
