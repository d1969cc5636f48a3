/**
 * Provider-shaped bodies for the fake CI server. GitHub bodies start from the examples in the
 * GitHub contract itself (so every required field is there) and override what a test cares about;
 * Argo CD and GitLab bodies are small literals with the fields those APIs send.
 */
import {loadContract, type SchemaNode} from './openapi-schema.ts';

const github = loadContract('github-rest-deploys.openapi.json');

function example(path: string, method: string, status: string): unknown {
  const paths = github.paths as Record<string, Record<string, SchemaNode>>;
  const responses = paths[path]?.[method]?.responses as Record<string, SchemaNode>;
  const content = responses[status]?.content as Record<string, SchemaNode>;
  const examples = content['application/json']?.examples as Record<string, {value: unknown}>;
  return structuredClone(Object.values(examples)[0]?.value);
}

/** Fields of a GitHub deployment a test sets. */
export interface GithubDeploymentFields {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  login: string | null;
}

/** A deployment as `GET /repos/{o}/{r}/deployments` lists it. */
export function githubDeployment(f: GithubDeploymentFields): Record<string, unknown> {
  const base = (example('/repos/{owner}/{repo}/deployments', 'get', '200') as Array<Record<string, unknown>>)[0] ?? {};
  const creator = f.login === null ? null : {...(base.creator as Record<string, unknown>), login: f.login};
  return {
    ...base,
    id: f.id,
    url: `https://api.github.com/repos/acme/shop/deployments/${f.id}`,
    statuses_url: `https://api.github.com/repos/acme/shop/deployments/${f.id}/statuses`,
    sha: f.sha,
    ref: f.ref,
    environment: f.environment,
    original_environment: f.environment,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    creator,
  };
}

/** Fields of a GitHub deployment status a test sets. */
export interface GithubStatusFields {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress';
  createdAt: string;
  logUrl?: string;
  environmentUrl?: string;
}

/** A status as `GET …/deployments/{id}/statuses` lists it. */
export function githubStatus(f: GithubStatusFields): Record<string, unknown> {
  const base = (example('/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'get', '200') as Array<Record<string, unknown>>)[0] ?? {};
  return {...base, id: f.id, state: f.state, created_at: f.createdAt, updated_at: f.createdAt, log_url: f.logUrl ?? '', environment_url: f.environmentUrl ?? '', target_url: f.logUrl ?? ''};
}

/** Fields of a workflow run a test sets. */
export interface GithubRunFields {
  id: number;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion?: string | null;
  displayTitle?: string;
  createdAt?: string;
  updatedAt?: string;
  headBranch?: string;
  /** The workflow's name; `Rollback` unless set. */
  name?: string;
  event?: string;
  headSha?: string;
  /** `created_at` unless set; `null` leaves the field out (older GitHub Enterprise versions do not send it). */
  runStartedAt?: string | null;
  /** Login of `actor`; of `triggering_actor` too unless that is set. */
  actor?: string;
  triggeringActor?: string;
}

/** A workflow run as `GET …/actions/runs/{id}` returns it. */
export function githubRun(f: GithubRunFields): Record<string, unknown> {
  const base = example('/repos/{owner}/{repo}/actions/runs/{run_id}', 'get', '200') as Record<string, unknown>;
  const user = (login: string | undefined, from: unknown) => (login === undefined ? from : {...(from as Record<string, unknown>), login});
  const run: Record<string, unknown> = {
    ...base,
    id: f.id,
    status: f.status,
    conclusion: f.conclusion ?? null,
    event: f.event ?? 'workflow_dispatch',
    display_title: f.displayTitle ?? 'Rollback',
    name: f.name ?? 'Rollback',
    head_branch: f.headBranch ?? 'main',
    ...(f.headSha === undefined ? {} : {head_sha: f.headSha}),
    html_url: `https://github.com/acme/shop/actions/runs/${f.id}`,
    url: `https://api.github.com/repos/acme/shop/actions/runs/${f.id}`,
    created_at: f.createdAt ?? '2026-05-04T10:00:05Z',
    updated_at: f.updatedAt ?? f.createdAt ?? '2026-05-04T10:00:05Z',
    // A first attempt starts when it is created.
    run_started_at: f.runStartedAt ?? f.createdAt ?? '2026-05-04T10:00:05Z',
    actor: user(f.actor, base.actor),
    triggering_actor: user(f.triggeringActor ?? f.actor, base.triggering_actor),
  };
  if (f.runStartedAt === null) delete run.run_started_at;
  return run;
}

/** The list answer of `GET …/actions/workflows/{id}/runs`. */
export function githubRunList(runs: Array<Record<string, unknown>>): Record<string, unknown> {
  return {total_count: runs.length, workflow_runs: runs};
}

/** The 200 answer of a dispatch with `return_run_details`. */
export function githubDispatchDetails(runId: number): Record<string, unknown> {
  return {
    workflow_run_id: runId,
    run_url: `https://api.github.com/repos/acme/shop/actions/runs/${runId}`,
    html_url: `https://github.com/acme/shop/actions/runs/${runId}`,
  };
}

/** One Argo CD history entry. */
export interface ArgoHistoryFields {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt?: string;
  username?: string;
  automated?: boolean;
}

/** Fields of an Argo CD Application a test sets. */
export interface ArgoAppFields {
  name: string;
  project?: string;
  namespace?: string;
  history: ArgoHistoryFields[];
  health?: string;
  sync?: string;
  automated?: Record<string, unknown> | null;
  operationState?: {phase: string; startedAt: string; message?: string} | null;
  /** A requested operation not yet picked up by the controller. */
  operation?: boolean;
  /** `spec.revisionHistoryLimit` (absent: Argo CD's default, 10). */
  revisionHistoryLimit?: number;
}

/** An Argo CD Application with the fields Argo CD sends for these. */
export function argoApp(f: ArgoAppFields): Record<string, unknown> {
  const newest = [...f.history].sort((a, b) => b.id - a.id)[0];
  return {
    metadata: {name: f.name, namespace: 'argocd', resourceVersion: '12345', uid: '3c3c2f5e-8a7d-4f0a-9d0e-1f2a3b4c5d6e'},
    spec: {
      project: f.project ?? 'default',
      source: {repoURL: 'https://git.example/acme/deploy.git', path: f.name, targetRevision: 'HEAD'},
      destination: {server: 'https://kubernetes.default.svc', namespace: f.namespace ?? f.name},
      ...(f.automated === undefined || f.automated === null ? {syncPolicy: {syncOptions: ['CreateNamespace=true']}} : {syncPolicy: {automated: f.automated}}),
      ...(f.revisionHistoryLimit === undefined ? {} : {revisionHistoryLimit: f.revisionHistoryLimit}),
    },
    ...(f.operation ? {operation: {sync: {revision: newest?.revision ?? ''}, initiatedBy: {username: 'admin'}}} : {}),
    status: {
      sync: {status: f.sync ?? 'Synced', revision: newest?.revision ?? ''},
      health: {status: f.health ?? 'Healthy'},
      history: f.history.map((h) => ({
        id: h.id,
        revision: h.revision,
        deployedAt: h.deployedAt,
        ...(h.deployStartedAt ? {deployStartedAt: h.deployStartedAt} : {}),
        source: {repoURL: 'https://git.example/acme/deploy.git', path: f.name, targetRevision: 'HEAD'},
        initiatedBy: h.automated ? {automated: true} : {username: h.username ?? 'admin'},
      })),
      ...(f.operationState ? {operationState: {phase: f.operationState.phase, message: f.operationState.message ?? '', startedAt: f.operationState.startedAt}} : {}),
    },
  };
}

/** Fields of a GitLab deployment a test sets. */
export interface GitlabDeploymentFields {
  id: number;
  ref: string;
  sha: string;
  tag?: boolean;
  status: 'created' | 'running' | 'success' | 'failed' | 'canceled' | 'blocked';
  createdAt: string;
  username: string;
  environment: string;
}

/** A deployment as `GET /projects/:id/deployments` lists it. */
export function gitlabDeployment(f: GitlabDeploymentFields): Record<string, unknown> {
  return {
    id: f.id,
    iid: f.id % 1000,
    ref: f.ref,
    sha: f.sha,
    tag: f.tag ?? false,
    status: f.status,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    user: {id: 7, username: f.username, name: f.username, state: 'active', web_url: `https://gitlab.example/${f.username}`},
    environment: {id: 3, name: f.environment, external_url: `https://${f.environment}.shop.example`},
    deployable: {id: 900 + f.id, status: f.status, name: 'deploy', web_url: `https://gitlab.example/acme/shop/-/jobs/${900 + f.id}`},
  };
}

/** A pipeline as GitLab returns it on creation and on read. */
export function gitlabPipeline(id: number, status: string, updatedAt = '2026-05-04T10:00:05Z'): Record<string, unknown> {
  return {
    id,
    iid: id % 1000,
    project_id: 42,
    sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
    ref: 'main',
    status,
    source: 'api',
    web_url: `https://gitlab.example/acme/shop/-/pipelines/${id}`,
    created_at: '2026-05-04T10:00:00Z',
    updated_at: updatedAt,
  };
}
