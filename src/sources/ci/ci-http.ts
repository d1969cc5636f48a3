/**
 * What the CI/CD adapters share on the HTTP side: building a client from a provider's config and
 * resolved secrets, and turning a failure into a message that quotes the provider's own words
 * ("Bad credentials", "rollback cannot be initiated when auto-sync is enabled") behind the name
 * of the provider, never the token.
 */
import type {Dispatcher} from 'undici';
import {parseDuration} from '../../domain/duration.ts';
import {RateLimited, RollbackOutcomeUnknown, SourceFailure, type SourceErrorKind} from '../capabilities.ts';
import {createClockSkewLog, type ClockSkewLog} from '../http/clock-skew-log.ts';
import {createHttpClient, type HttpClient, type HttpClientOptions} from '../http/http-client.ts';
import {HttpFailure, mayHaveReachedServer, retryText} from '../http/http-errors.ts';
import type {RequestGate} from '../http/request-gate.ts';

/** Secrets (and file contents) the CLI resolved from `tokenEnv`/`tokenFile`, `caFile`, `secretEnv`/`secretFile`. */
export interface ProviderSecrets {
  token?: string | null;
  /** PEM contents of the configured `caFile`. */
  caPem?: string | null;
  /** HMAC key of a webhook rollback. */
  signingSecret?: string | null;
}

/**
 * Seams for tests and for the one-shot CLI: a dispatcher, a clock and a sleep; the runtime's
 * clock skew log, where the `Date` of every answer is noted; and the process's request gate.
 */
export interface ProviderDeps {
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Where this provider's answers note their server's clock (the runtime's clock follows its
   * backends', clock-skew-log.ts): a context whose only backends are PagerDuty and a CI/CD API
   * learns that the machine's clock is off as one with Prometheus does.
   */
  clock?: ClockSkewLog;
  /**
   * The bound on reads in flight shared by every context (config `maxConcurrentRequests`): a
   * PagerDuty, Grafana or CI/CD poll queues with the Prometheus and Alertmanager ones. Only the
   * client's reads wait in it (http-client.ts); the composition leaves it out of a rollback's
   * deps, so an action never waits behind polls.
   */
  gate?: RequestGate;
}

/**
 * The HTTP client options a provider's `deps` carry (dispatcher, clock log, request gate): every
 * client of a provider, CI/CD, PagerDuty or Grafana, takes them from here, so none forgets one.
 */
export function depsHttpOptions(deps: ProviderDeps = {}): Pick<HttpClientOptions, 'dispatcher' | 'clock' | 'gate'> {
  return {...(deps.dispatcher ? {dispatcher: deps.dispatcher} : {}), ...(deps.clock ? {clock: deps.clock} : {}), ...(deps.gate ? {gate: deps.gate} : {})};
}

/**
 * The clock a provider compares with its server's times (an operation's `startedAt`, a runs
 * search's `created:>=`): this machine's (`deps.now`) plus the skew of that provider's own
 * answers' `Date` headers, not the runtime's (`deps.clock`). The runtime's is the median of every
 * backend's answers, mostly Prometheus' and Alertmanager's: with Prometheus two minutes off and
 * Argo CD right, it would take the sync that ended a minute before the request for the rollback.
 * The skew is 0 until the provider itself has answered, and read when used, not once: the first
 * answer may be the very request being timed (the one-shot `oncall rollback` dispatches first).
 */
export interface BackendClock {
  /** Now, on the provider's clock. */
  now(): number;
  /** This machine's clock, to note when a request goes out before its answer tells the skew. */
  machine(): number;
  /** An instant read earlier from {@link BackendClock.machine}, on the provider's clock as known now. */
  ofMachine(machineMs: number): number;
  /**
   * The deps to build the provider's client with: each answer's `Date` is noted in the clock's
   * own log, and in the runtime's as before (the app's clock still learns from the provider).
   */
  deps: ProviderDeps;
}

/** The clock of the provider whose client is built with the returned `deps`. */
export function backendClock(deps: ProviderDeps = {}): BackendClock {
  const machine = deps.now ?? Date.now;
  const own = createClockSkewLog();
  const shared = deps.clock;
  const noted: ClockSkewLog = {
    note(dateHeader, receivedAt, ageHeader) {
      own.note(dateHeader, receivedAt, ageHeader);
      shared?.note(dateHeader, receivedAt, ageHeader);
    },
    skewMs: () => shared?.skewMs() ?? 0,
  };
  return {now: () => machine() + own.skewMs(), machine, ofMachine: (ms) => ms + own.skewMs(), deps: {...deps, clock: noted}};
}

/**
 * Now on the app's clock (this machine's plus the runtime's skew, `deps.clock`), read when used:
 * for a run whose times are made here, not the provider's (a command, a webhook, a pipeline
 * without `updated_at`), so that its age counts as every other age on screen does.
 */
export function appNow(deps: ProviderDeps = {}): () => number {
  const machine = deps.now ?? Date.now;
  return () => machine() + (deps.clock?.skewMs() ?? 0);
}

/** The endpoint part of a provider's config. */
export interface CiEndpoint {
  /** Base URL of the API, e.g. `https://api.github.com` or `https://gitlab.example/api/v4`. */
  url: string;
  insecureSkipVerify?: boolean;
  /** Request deadline as a Prometheus duration (`10s`); 10 s when absent or unreadable. */
  timeout?: string;
}

/** Default request deadline of a CI API call. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Milliseconds of a configured duration, or the fallback. */
export function durationMs(text: string | undefined, fallback = DEFAULT_TIMEOUT_MS): number {
  return (text === undefined ? null : parseDuration(text)) ?? fallback;
}

/**
 * A client for one CI API. `auth` says how the token travels: as a bearer token (GitHub, Argo CD,
 * GitLab) or not at all. `secretPaths` for a URL whose path may be its secret (a webhook's).
 */
export function createCiClient(
  endpoint: CiEndpoint,
  secrets: ProviderSecrets,
  opts: {headers?: Record<string, string>; secretHeaders?: readonly string[]; deps?: ProviderDeps; auth?: 'bearer' | 'none'; secretPaths?: boolean} = {},
): HttpClient {
  const token = opts.auth === 'none' ? null : (secrets.token ?? null);
  return createHttpClient({
    baseUrl: endpoint.url,
    headers: opts.headers,
    ...(opts.secretHeaders ? {secretHeaders: opts.secretHeaders} : {}),
    ...(token ? {bearerToken: token} : {}),
    ...(secrets.caPem ? {caPem: secrets.caPem} : {}),
    insecureSkipVerify: endpoint.insecureSkipVerify === true,
    timeoutMs: durationMs(endpoint.timeout),
    ...(opts.secretPaths === true ? {secretPaths: true} : {}),
    ...depsHttpOptions(opts.deps),
  });
}

const REASONS: Record<SourceErrorKind, string> = {
  auth: 'not authorized',
  'bad-response': 'rejected',
  timeout: 'timed out',
  unavailable: 'server error',
};

/**
 * Maps any failure of a CI call into a {@link SourceFailure} whose message starts with `label`
 * (e.g. `github acme/shop`) and quotes the provider's message. `hint` may add what to do next.
 */
export function ciFailure(error: unknown, label: string, hint?: (failure: HttpFailure) => string | null): SourceFailure {
  if (error instanceof HttpFailure && error.status !== null && error.status >= 400) {
    // The backend's own words, read out of its JSON error body by the HTTP client, which decoded
    // that body where the secrets were known, so they are redacted and sanitized already.
    const detail = error.detail;
    // GitHub and GitLab answer an exhausted rate limit with 403/429: the token is fine, and a
    // hint about its permissions would send the reader the wrong way.
    const limited = error.status === 429 || (error.status === 403 && ((detail !== null && /rate limit/i.test(detail)) || error.retryAt !== null));
    const kind: SourceErrorKind = limited ? 'unavailable' : error.kind;
    const reason = limited ? 'rate limited' : error.status === 404 ? 'not found' : REASONS[kind];
    // The wait as of the answer, by the clock the reset was read by; the machine's time of day
    // is never said (see retryText).
    const retry = error.retryAt === null ? null : retryText(error.retryAt, error.retryClock?.answeredAt ?? Date.now(), error.retryClock?.serverOffsetMs ?? null);
    const extra = [retry, limited ? null : (hint?.(error) ?? null)].filter((s) => s !== null).join('; ');
    const message = `${label}: ${reason} (HTTP ${error.status})${detail ? `: ${detail}` : ''}${extra ? ` — ${extra}` : ''}`;
    // A rate limit whose end was said: the wait as a duration from the answer, by its own clock.
    if (limited && error.retryAt !== null) return new RateLimited(kind, message, Math.max(0, error.retryAt - (error.retryClock?.answeredAt ?? Date.now())));
    return new SourceFailure(kind, message);
  }
  if (error instanceof SourceFailure) return new SourceFailure(error.kind, error.message.startsWith(label) ? error.message : `${label}: ${error.message}`);
  return new SourceFailure('unavailable', `${label}: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Maps the failure of the request that starts a rollback. One that may have reached the provider
 * (see `mayHaveReachedServer`: a timeout, a 5xx, a reset, a 303) becomes a
 * {@link RollbackOutcomeUnknown} with `check`, where to see whether it started; one that
 * certainly did not (refused, DNS, a 4xx) is the plain failure of {@link ciFailure}, safe to try
 * again. `anyRedirect` for a receiver that may answer a request it acted on with any 3xx.
 */
export function dispatchFailure(error: unknown, label: string, check: string, hint?: (failure: HttpFailure) => string | null, anyRedirect = false): SourceFailure {
  const failure = ciFailure(error, label, hint);
  return mayHaveReachedServer(error, anyRedirect) ? new RollbackOutcomeUnknown(failure.kind, failure.message, check) : failure;
}
