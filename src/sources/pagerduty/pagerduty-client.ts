/**
 * PagerDuty's side of HTTP: the token as `Authorization: Token token=…` (never a bearer token,
 * never printed), the versioned `Accept`, `From:` the configured user on writes, offset
 * pagination followed to the end, and rate limits honoured: a 429 stops every request of the
 * source until the reset the server named (`ratelimit-reset`, `Retry-After`), so a poll never
 * hammers a limited account. A poll's read never waits it out: it fails at once with the reset, so
 * the last good incidents stay shown (stale) and the other sources' alerts are drawn without
 * waiting; an engineer's action (an acknowledge or resolve, and the reads it makes of the incident)
 * waits out a short reset, and fails fast on a long one.
 */
import {sanitize} from '../../domain/sanitize.ts';
import {IncidentUpdateMayHaveLanded, IncidentUpdateRefused, SourceFailure} from '../capabilities.ts';
import {ciFailure, depsHttpOptions, durationMs, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {createHttpClient, type HttpClient, type Params} from '../http/http-client.ts';
import {HttpFailure, mayHaveReachedServer, retryText} from '../http/http-errors.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** PagerDuty's REST API v2 media type. */
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** Longest rate-limit wait an action's request sits out inside one call; a longer one fails it at once. Polls never wait. */
export const MAX_RATE_WAIT_MS = 60_000;
/** The wait after a 429 that named no reset (PagerDuty's limits are per minute). */
const DEFAULT_RATE_WAIT_MS = 30_000;
/** Tries of one action's request through 429s. */
const RATE_TRIES = 3;
/** Items read of one list at most: beyond that the list says it was cut. */
export const MAX_LIST_ITEMS = 2000;
/** Pages read of one list at most, whatever their size (a server that gives few per page). */
const MAX_PAGES = 100;

/**
 * Why a list read stopped short, or `false` when it read every entry. `cap`: past
 * {@link MAX_LIST_ITEMS} items or the page cap, so more exist than were read; `empty-page`: the
 * server sent an empty page still saying `more`, so how many remain is unknown (a proxy or cache
 * in front, a server mid-change). The two are said apart: "more than N" is true of the first only.
 */
export type ListCut = false | 'cap' | 'empty-page';

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
  /**
   * Every page of a list; `key` is the array's name in the answer (`incidents`). `enough`, given
   * the items so far after each page, ends the read early (a sorted list read down to a bound):
   * not a cut. An empty page that says `more` ends the read as an `empty-page` cut: entries
   * remain unread, how many is unknown.
   */
  list(path: string, query: Params, key: string, enough?: (items: readonly unknown[]) => boolean): Promise<{items: unknown[]; cut: ListCut}>;
  /**
   * One read; `forAction`: an action's own read (the incident read before it is acknowledged, or
   * read back after a write), which waits behind no poll and waits out a short rate limit as the
   * write it goes with does: failing it at once would fail the action a write alone would have done.
   */
  get(path: string, query: Params, forAction?: boolean): Promise<unknown>;
  /**
   * A PUT with `From:` the configured user. One that failed after it may have reached PagerDuty
   * rejects with {@link IncidentUpdateMayHaveLanded}: read the incident back to know.
   */
  put(path: string, body: unknown): Promise<unknown>;
  close(how?: CloseOptions): Promise<void>;
}

// A failure said in PagerDuty's words (its error body's message, the source's name) on a copy of
// the HTTP failure, which keeps every other field of it: whether it was sent, how the backend is
// down, its status and when to try again.
function pagerdutyFailure(error: HttpFailure, label: string): HttpFailure {
  // PagerDuty's error body, {"error": {"message": …, "errors": […]}}, is read by the HTTP client
  // (jsonErrorText): `detail` is its text, redacted and sanitized.
  const said = ciFailure(error, label);
  return error.changed({kind: said.kind, message: said.message});
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
  // An action's reads (a write read back) wait in no gate either, and carry no `From:` (a read).
  const actionReader: HttpClient = createHttpClient({...writerOptions, headers});
  const label = `${endpoint.name}`;
  let blockedUntil = 0;
  // How far the server's clock stood from this machine's in the answer that set `blockedUntil`
  // (null: unknown), to say the reset by the server's clock and never by the machine's.
  let blockedOffset: number | null = null;

  // An engineer's action (a write, or a read it makes) is worth a bounded wait through a rate
  // limit. A poll never waits: the alert poll waits for every source together, and a sleeping
  // PagerDuty read would hold back every other source's alerts, a new page among them, for as
  // long as it slept.
  async function send<T>(call: () => Promise<T>, mode: 'poll' | 'action-read' | 'write' = 'poll'): Promise<T> {
    if (!token) throw new SourceFailure('auth', `${label}: no API token (set tokenEnv or tokenFile)`);
    const write = mode === 'write';
    const waits = mode !== 'poll';
    for (let attempt = 1; ; attempt++) {
      const wait = blockedUntil - now();
      if (wait > (waits ? MAX_RATE_WAIT_MS : 0)) {
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
          if (waits && attempt < RATE_TRIES) continue;
          // A read says the reset the server named, by its clock, as a blocked read does.
          if (!write) throw new SourceFailure('unavailable', `${label}: rate limited (HTTP 429) — ${retryText(blockedUntil, now(), blockedOffset)}`);
        }
        const failure = error instanceof HttpFailure ? pagerdutyFailure(error, label) : ciFailure(error, label);
        // A write whose answer was lost may have been done: said so, never as a plain failure.
        if (write && mayHaveReachedServer(error)) throw new IncidentUpdateMayHaveLanded(failure.kind, failure.message);
        // A write PagerDuty refused (a 4xx; a 429 is the limit, not the incident) was not done.
        if (write && error instanceof HttpFailure && error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 429) throw new IncidentUpdateRefused(failure.kind, failure.message);
        throw failure;
      }
    }
  }

  return {
    async list(path, query, key, enough) {
      const items: unknown[] = [];
      // The next page starts after the items received, not at page × 100: PagerDuty lowers a
      // limit past an endpoint's maximum (and a proxy may cap it lower), and a short page
      // counted as a full one would skip the items between, unsaid.
      let offset = 0;
      for (let page = 0; page < MAX_PAGES && items.length < MAX_LIST_ITEMS; page++) {
        const body = (await send(() => reader.getJson(path, {...query, limit: 100, offset}))) as Record<string, unknown> | null;
        const got = body !== null && typeof body === 'object' && Array.isArray(body[key]) ? (body[key] as unknown[]) : null;
        if (got === null) throw new SourceFailure('bad-response', sanitize(`${label} GET ${path}: no ${key} list in the answer`));
        items.push(...got);
        // An empty page that still says `more` (a proxy or cache in front, a server mid-change)
        // ends the read, but as a cut one: the server said entries remain and none were read.
        if (got.length === 0) return {items, cut: body?.['more'] === true ? 'empty-page' : false};
        if (body?.['more'] !== true || enough?.(items) === true) return {items, cut: false};
        offset += got.length;
      }
      return {items, cut: 'cap'};
    },
    get: (path, query, forAction = false) => send(() => (forAction ? actionReader : reader).getJson(path, query), forAction ? 'action-read' : 'poll'),
    put: (path, body) => send(() => writer.putJson(path, body), 'write'),
    close: async (how) => {
      await Promise.all([reader.close(how), writer.close(how), actionReader.close(how)]);
    },
  };
}
