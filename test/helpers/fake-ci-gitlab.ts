/**
 * The GitLab side of the fake CI server's checks. The shared contracts hold no GitLab API
 * description, so the endpoints we use are transcribed here from GitLab's REST documentation
 * (deployments, pipelines; see the protocol notes, §5.2): the query parameters each accepts,
 * the pipeline-creation body, and the fields we read from the answers.
 */
import {z} from 'zod';
import type {FakeRequest} from './fake-ci.ts';

const PROJECT = '/api/v4/projects/(?:\\d+|[^/]*%2F[^/]*)';
const DEPLOYMENT_STATUSES = ['created', 'running', 'success', 'failed', 'canceled', 'blocked'] as const;
const PIPELINE_STATUSES = ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'success', 'failed', 'canceled', 'canceling', 'skipped', 'manual', 'scheduled'] as const;

const deploymentsQuery = z.strictObject({
  order_by: z.enum(['id', 'iid', 'created_at', 'updated_at', 'finished_at', 'ref']).optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  environment: z.string().min(1).optional(),
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
  updated_after: z.iso.datetime().optional(),
  updated_before: z.iso.datetime().optional(),
  per_page: z.string().regex(/^\d+$/).optional(),
  page: z.string().regex(/^\d+$/).optional(),
});

const createPipelineBody = z.strictObject({
  ref: z.string().min(1),
  variables: z.array(z.strictObject({key: z.string().regex(/^[A-Za-z0-9_]+$/), value: z.string(), variable_type: z.enum(['env_var', 'file']).optional()})).optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
});

const user = z.object({id: z.number(), username: z.string(), name: z.string()});
const deployment = z.object({
  id: z.number(),
  iid: z.number(),
  ref: z.string(),
  sha: z.string(),
  status: z.enum(DEPLOYMENT_STATUSES),
  created_at: z.iso.datetime({offset: true}),
  updated_at: z.iso.datetime({offset: true}),
  user,
  environment: z.object({id: z.number(), name: z.string(), external_url: z.string().nullable().optional()}),
});
const pipeline = z.object({
  id: z.number(),
  iid: z.number(),
  project_id: z.number(),
  sha: z.string(),
  ref: z.string(),
  status: z.enum(PIPELINE_STATUSES),
  source: z.string(),
  web_url: z.url(),
  created_at: z.iso.datetime({offset: true}),
  updated_at: z.iso.datetime({offset: true}),
});

function issues(where: string, result: z.ZodSafeParseResult<unknown>): string[] {
  return result.success ? [] : result.error.issues.map((i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Problems of a request to one of the GitLab endpoints we use; any other endpoint is a problem. */
export function gitlabRequestProblems(req: FakeRequest): string[] {
  const where = `${req.method} ${req.url}`;
  const query = Object.fromEntries(req.query);
  if (req.method === 'GET' && new RegExp(`^${PROJECT}/deployments$`).test(req.path)) return issues(where, deploymentsQuery.safeParse(query));
  if (req.method === 'POST' && new RegExp(`^${PROJECT}/pipeline$`).test(req.path)) return issues(where, createPipelineBody.safeParse(req.json));
  if (req.method === 'GET' && new RegExp(`^${PROJECT}/pipelines/\\d+$`).test(req.path)) return issues(where, z.strictObject({}).safeParse(query));
  return [`${where}: not a GitLab endpoint the adapters use (a path project must be URL-encoded)`];
}

/** Problems of a successful answer the test serves. */
export function gitlabResponseProblems(req: FakeRequest, body: unknown): string[] {
  const where = `${req.method} ${req.path} answer`;
  if (req.path.endsWith('/deployments')) return issues(where, z.array(deployment).safeParse(body));
  return issues(where, pipeline.safeParse(body));
}
