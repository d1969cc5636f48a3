/**
 * A fake CI/CD server for adapter tests: a real `node:http` server on 127.0.0.1:0 that records
 * every request, answers from routes the test sets, and checks both directions against the
 * backend's contract — GitHub and Argo CD against their API descriptions in the shared contracts,
 * GitLab and the webhook against the shapes in `fake-ci-gitlab.ts`. Every problem found lands in
 * `problems`; tests assert it is empty.
 *
 * It can also play the unhappy server: a 401 when the bearer token is wrong (`token` option), any
 * status with a provider-shaped error body, a request that is never answered (`{hang: true}`), and
 * a run that progresses from one poll to the next (`sequence`).
 */
import {createHmac, timingSafeEqual} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, expect} from 'vitest';
import {gitlabRequestProblems, gitlabResponseProblems} from './fake-ci-gitlab.ts';
import {validateRequest, validateResponse} from './openapi-operations.ts';
import {loadContract, type SchemaNode} from './openapi-schema.ts';

/** Which backend the fake plays; it decides the contract and the shape of error bodies. */
export type FakeFlavor = 'github' | 'argocd' | 'gitlab' | 'webhook' | 'pagerduty';

/** A request as the fake saw it. */
export interface FakeRequest {
  method: string;
  /** Raw path and query, as sent (`%2F` stays encoded). */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The parsed JSON body; `undefined` when the body was empty. */
  json: unknown;
}

/** An answer. JSON `body` by default; `text` for a raw body; `hang` never answers. */
export interface FakeReply {
  status?: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  /** Extra response headers, e.g. GitHub's `x-ratelimit-*`. */
  headers?: Record<string, string>;
  hang?: boolean;
  /** Answers this long after the request arrived: a backend answering in time, but not at once. */
  delayMs?: number;
  /** Drops the connection without an answer: the backend is down. */
  reset?: boolean;
  /**
   * Skips the answer's contract check: for odd data a backend without a published contract
   * (GitLab, a webhook) may send. GitHub and Argo CD answers are always checked.
   */
  offContract?: boolean;
}

/** A fixed reply or one computed from the request. */
export type Responder = FakeReply | ((req: FakeRequest) => FakeReply);

/** A running fake. */
export interface FakeCi {
  url: string;
  requests: FakeRequest[];
  /** Contract problems of requests and replies, and requests no route answered. */
  problems: string[];
  /** Answers `method` on a path template such as `/repos/{owner}/{repo}/deployments`; a later route wins. */
  route(method: string, template: string, responder: Responder): void;
  /** Requests that matched `method` and `template`. */
  calls(method: string, template: string): FakeRequest[];
  /** Moves the `Date` of every answer by this many ms (0: Node's own): a backend whose clock is not this machine's. */
  dateShiftMs: number;
  close(): Promise<void>;
}

/** Options of {@link startFakeCi}. */
export interface FakeCiOptions {
  flavor: FakeFlavor;
  /** When set, requests without `Authorization: Bearer <token>` get a provider-shaped 401. */
  token?: string;
  /** Webhook only: the HMAC key `X-Oncall-Signature` must be made with. */
  hmacSecret?: string;
}

/** Successive replies for successive calls (queued → in_progress → completed); the last one repeats. */
export function sequence(replies: readonly FakeReply[]): (req: FakeRequest) => FakeReply {
  let n = 0;
  return () => replies[Math.min(n++, replies.length - 1)] ?? {status: 500};
}

/** An error body as the provider writes it. */
export function errorBody(flavor: FakeFlavor, status: number, message: string): unknown {
  switch (flavor) {
    case 'github':
      return {message, documentation_url: 'https://docs.github.com/rest', status: String(status)};
    case 'pagerduty':
      return {error: {message, code: status === 401 ? 2006 : status === 429 ? 2020 : 2001, errors: [message]}};
    case 'argocd':
      // grpc-gateway's runtimeError: code is the gRPC code (16 unauthenticated, 9 failed precondition).
      return {error: message, code: status === 401 ? 16 : status === 400 ? 9 : 2, message, details: []};
    default:
      return {message};
  }
}

const contracts: Partial<Record<FakeFlavor, SchemaNode>> = {};
const CONTRACT_FILES: Partial<Record<FakeFlavor, string>> = {
  github: 'github-rest-deploys.openapi.json',
  argocd: 'argocd-api.swagger.json',
  pagerduty: 'pagerduty-rest-incidents.openapi.json',
};

function contractOf(flavor: FakeFlavor): SchemaNode | null {
  const file = CONTRACT_FILES[flavor];
  if (file === undefined) return null;
  contracts[flavor] ??= loadContract(file);
  return contracts[flavor] ?? null;
}

/**
 * GitHub's subset declares no 401/422 bodies on most operations; GitHub answers them with its
 * "Basic Error" object, which the contract does declare (on the deployment statuses 404).
 */
function githubErrorSchema(doc: SchemaNode): SchemaNode {
  const paths = doc.paths as Record<string, Record<string, SchemaNode>>;
  const responses = paths['/repos/{owner}/{repo}/deployments/{deployment_id}/statuses']?.get?.responses as Record<string, SchemaNode>;
  const content = responses['404']?.content as Record<string, SchemaNode>;
  return content['application/json']?.schema as SchemaNode;
}

function matches(template: string, path: string): boolean {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`).test(path);
}

function webhookProblems(req: FakeRequest, secret: string | undefined): string[] {
  const problems: string[] = [];
  const body = req.json as Record<string, unknown> | undefined;
  const keys = ['service', 'environment', 'fromVersion', 'toVersion', 'idempotencyKey'];
  if (!body || typeof body !== 'object') return ['webhook: body is not a JSON object'];
  for (const key of keys) if (typeof body[key] !== 'string') problems.push(`webhook: ${key} missing or not a string`);
  if (!body.inputs || typeof body.inputs !== 'object') problems.push('webhook: inputs missing');
  if (req.headers['idempotency-key'] !== body.idempotencyKey) problems.push('webhook: Idempotency-Key header differs from the body');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push('webhook: content-type is not JSON');
  if (secret === undefined && req.headers['x-oncall-signature'] !== undefined) problems.push('webhook: signed without a secret');
  return problems;
}

// PagerDuty's header parameters (the request validator checks path, query and body only).
function pagerdutyProblems(req: FakeRequest): string[] {
  const problems: string[] = [];
  const where = `${req.method} ${req.path}`;
  if (req.headers.accept !== 'application/vnd.pagerduty+json;version=2') problems.push(`${where}: Accept is ${String(req.headers.accept)}`);
  const from = req.headers.from;
  // `From` is required on writes (format email), and sent on nothing else.
  if (req.method === 'PUT' && !(typeof from === 'string' && /^[^@\s]+@[^@\s]+$/.test(from))) problems.push(`${where}: From is ${String(from)}, not an e-mail`);
  if (req.method === 'GET' && from !== undefined) problems.push(`${where}: From sent on a read`);
  if (req.method === 'PUT' && !String(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`${where}: content-type is not JSON`);
  return problems;
}

/** True when the request carries a valid `X-Oncall-Signature` for `secret`. */
export function signatureValid(req: FakeRequest, secret: string): boolean {
  const sent = String(req.headers['x-oncall-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(req.body, 'utf8').digest('hex')}`;
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/**
 * After each test of the calling file: asserts the fake that `current` returns saw no contract
 * problem, then closes it. A getter, because each test starts its own fake into a shared variable.
 */
export function closeFakeAfterEach(current: () => FakeCi): void {
  afterEach(async () => {
    const fake = current();
    expect(fake.problems).toEqual([]);
    await fake.close();
  });
}

/** Starts a fake CI server. */
export async function startFakeCi(options: FakeCiOptions): Promise<FakeCi> {
  const {flavor} = options;
  const doc = contractOf(flavor);
  const routes: Array<{method: string; template: string; responder: Responder}> = [];
  const requests: FakeRequest[] = [];
  const problems: string[] = [];

  function reply(req: FakeRequest): FakeReply {
    const expected = flavor === 'pagerduty' ? `Token token=${options.token}` : `Bearer ${options.token}`;
    if (options.token !== undefined && req.headers.authorization !== expected) {
      return {status: 401, body: errorBody(flavor, 401, flavor === 'github' ? 'Bad credentials' : flavor === 'gitlab' ? '401 Unauthorized' : flavor === 'pagerduty' ? 'Authentication failed' : 'invalid session: token is invalid')};
    }
    if (flavor === 'webhook' && options.hmacSecret !== undefined && !signatureValid(req, options.hmacSecret)) {
      return {status: 401, body: {message: 'signature mismatch'}};
    }
    const route = routes.find((r) => r.method === req.method && matches(r.template, req.path));
    if (!route) {
      problems.push(`${req.method} ${req.url}: no route in the test`);
      return {status: 404, body: errorBody(flavor, 404, 'Not Found')};
    }
    return typeof route.responder === 'function' ? route.responder(req) : route.responder;
  }

  function check(req: FakeRequest, answer: FakeReply, status: number): void {
    if (answer.offContract && doc) problems.push(`${req.method} ${req.path}: offContract is not allowed where a contract exists`);
    if (doc) {
      problems.push(...validateRequest(doc, {method: req.method, url: req.url, body: req.json}));
      if (!answer.hang && !answer.reset && answer.text === undefined) {
        problems.push(...validateResponse(doc, req.method, req.path, status, answer.body, flavor === 'github' ? githubErrorSchema(doc) : undefined));
      }
    }
    if (flavor === 'github') {
      if (req.headers['x-github-api-version'] !== '2022-11-28') problems.push(`${req.method} ${req.path}: X-GitHub-Api-Version is ${String(req.headers['x-github-api-version'])}`);
      if (req.headers.accept !== 'application/vnd.github+json') problems.push(`${req.method} ${req.path}: Accept is ${String(req.headers.accept)}`);
    }
    if (flavor === 'gitlab') {
      problems.push(...gitlabRequestProblems(req));
      if (!answer.hang && !answer.offContract && status < 400) problems.push(...gitlabResponseProblems(req, answer.body));
    }
    if (flavor === 'webhook') problems.push(...webhookProblems(req, options.hmacSecret));
    if (flavor === 'pagerduty') problems.push(...pagerdutyProblems(req));
  }

  const fake: FakeCi = {
    url: '',
    requests,
    problems,
    route: (method, template, responder) => void routes.unshift({method, template, responder}),
    calls: (method, template) => requests.filter((r) => r.method === method && matches(template, r.path)),
    dateShiftMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((incoming, res) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    incoming.on('end', () => {
      const url = incoming.url ?? '/';
      const parsed = new URL(url, 'http://fake.invalid');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        problems.push(`${incoming.method} ${url}: request body is not JSON`);
      }
      const req: FakeRequest = {method: incoming.method ?? '', url, path: parsed.pathname, query: parsed.searchParams, headers: incoming.headers, body, json};
      requests.push(req);
      const answer = reply(req);
      const status = answer.status ?? 200;
      check(req, answer, status);
      if (answer.hang) return; // never answered; close() drops the socket
      if (answer.reset) return void incoming.socket.destroy();
      const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      const type = answer.contentType ?? (answer.text === undefined ? 'application/json; charset=utf-8' : 'text/plain');
      const date = fake.dateShiftMs === 0 ? {} : {date: new Date(Date.now() + fake.dateShiftMs).toUTCString()};
      const send = () => {
        res.writeHead(status, {...date, ...answer.headers, ...(text === '' ? {} : {'content-type': type})});
        res.end(text);
      };
      if (answer.delayMs === undefined) send();
      else setTimeout(send, answer.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;

  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}
