/**
 * PagerDuty's side of HTTP: the token as `Authorization: Token token=…` (never a bearer token,
 * never printed), the versioned `Accept`, `From:` the configured user on writes, offset
 * pagination followed to the end, and rate limits honoured: a 429 stops every request of the
 * source until the reset the server named (`ratelimit-reset`, `Retry-After`), so a poll never
 * hammers a limited account; a short wait is waited out, a long one fails fast until it passes.
 */
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure} from '../capabilities.ts';
import {ciFailure, depsHttpOptions, durationMs, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {createHttpClient, type HttpClient, type Params} from '../http/http-client.ts';
import {HttpFailure, retryText} from '../http/http-errors.ts';

/** PagerDuty's REST API v2 media type. */
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** Longest rate-limit wait sat out inside one call; a longer one fails the call at once. */
export const MAX_RATE_WAIT_MS = 60_000;
/** The wait after a 429 that named no reset (PagerDuty's limits are per minute). */
const DEFAULT_RATE_WAIT_MS = 30_000;
/** Tries of one request through 429s. */
const RATE_TRIES = 3;
/** Pages read of one list at most (100 each): beyond that the list says it was cut. */
const MAX_PAGES = 20;

/** What the PagerDuty client needs of the source's config. */
export interface PagerdutyEndpoint {
  name: string;
  apiUrl: string;
  from: string;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** Reads and writes against one PagerDuty account. */
export interface PagerdutyClient {
  /** Every page of a list; `key` is the array's name in the answer (`incidents`). */
  list(path: string, query: Params, key: string): Promise<{items: unknown[]; cut: boolean}>;
  get(path: string, query: Params): Promise<unknown>;
  /** A PUT with `From:` the configured user. */
  put(path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

// PagerDuty's error body: {"error": {"message": "…", "errors": ["…"]}}.
function pagerdutyMessage(detail: string | null): string | null {
  if (detail === null || !detail.startsWith('{')) return detail;
  try {
    const error = (JSON.parse(detail) as {error?: {message?: unknown; errors?: unknown}}).error;
    const parts = [error?.message, ...(Array.isArray(error?.errors) ? error.errors : [])].filter((p): p is string => typeof p === 'string');
    return parts.length > 0 ? parts.join(': ') : detail;
  } catch {
    return detail;
  }
}

/** Creates the client of one PagerDuty source; a missing token fails every call with `auth`. */
export function createPagerdutyClient(endpoint: PagerdutyEndpoint, secrets: ProviderSecrets, deps: ProviderDeps = {}): PagerdutyClient {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const token = secrets.token ?? null;
  const options = {
    baseUrl: endpoint.apiUrl,
    ...(secrets.caPem ? {caPem: secrets.caPem} : {}),
    insecureSkipVerify: endpoint.insecureSkipVerify === true,
    timeoutMs: durationMs(endpoint.timeout),
    ...depsHttpOptions(deps),
  };
  const headers: Record<string, string> = {accept: PAGERDUTY_ACCEPT, ...(token ? {authorization: `Token token=${token}`} : {})};
  const reader: HttpClient = createHttpClient({...options, headers});
  // The writer only writes (an incident's acknowledgement), which never waits in the request
  // gate; given the gate, its other header set (`from`) would count as a second tenant of
  // PagerDuty's API and halve the share of every PagerDuty poll.
  const {gate: _gate, ...writerOptions} = options;
  const writer: HttpClient = createHttpClient({...writerOptions, headers: {...headers, from: endpoint.from}});
  const label = `${endpoint.name}`;
  let blockedUntil = 0;
  // How far the server's clock stood from this machine's in the answer that set `blockedUntil`
  // (null: unknown), to say the reset by the server's clock and never by the machine's.
  let blockedOffset: number | null = null;

  async function send<T>(call: () => Promise<T>): Promise<T> {
    if (!token) throw new SourceFailure('auth', `${label}: no API token (set tokenEnv or tokenFile)`);
    for (let attempt = 1; ; attempt++) {
      const wait = blockedUntil - now();
      if (wait > MAX_RATE_WAIT_MS) {
        // The wait by the clock `blockedUntil` was set by, as of now: true whatever this machine's clock says.
        throw new SourceFailure('unavailable', `${label}: rate limited (HTTP 429) — ${retryText(blockedUntil, now(), blockedOffset)}`);
      }
      if (wait > 0) await sleep(wait);
      try {
        return await call();
      } catch (error) {
        if (error instanceof HttpFailure && error.status === 429) {
          const until = error.retryAt ?? now() + DEFAULT_RATE_WAIT_MS;
          if (until > blockedUntil) {
            blockedUntil = until;
            blockedOffset = error.retryClock?.serverOffsetMs ?? null;
          }
          if (attempt < RATE_TRIES) continue;
        }
        if (error instanceof HttpFailure && error.detail !== null) {
          throw ciFailure(new HttpFailure(error.kind, error.message, error.status, pagerdutyMessage(error.detail), error.retryAt, error.notSent, error.retryClock), label);
        }
        throw ciFailure(error, label);
      }
    }
  }

  return {
    async list(path, query, key) {
      const items: unknown[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const body = (await send(() => reader.getJson(path, {...query, limit: 100, offset: page * 100}))) as Record<string, unknown> | null;
        const got = body !== null && typeof body === 'object' && Array.isArray(body[key]) ? (body[key] as unknown[]) : null;
        if (got === null) throw new SourceFailure('bad-response', sanitize(`${label} GET ${path}: no ${key} list in the answer`));
        items.push(...got);
        if (body?.['more'] !== true || got.length === 0) return {items, cut: false};
      }
      return {items, cut: true};
    },
    get: (path, query) => send(() => reader.getJson(path, query)),
    put: (path, body) => send(() => writer.putJson(path, body)),
    close: async () => {
      await Promise.all([reader.close(), writer.close()]);
    },
  };
}
