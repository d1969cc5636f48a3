/**
 * undici's `Agent` and `request()`, loaded without the rest of undici's index. Why: the index
 * requires every part of undici when it loads (fetch, WebSocket, EventSource, the cache stores,
 * the mock agents, every interceptor), 730 KB of the bundle of which the HTTP client uses only
 * these two; the rest cost every one-shot command its load before its first request (`oncall
 * alerts --json` waits for that in full: BENCHMARKS.md). Same code, same behaviour: `request`
 * does what the index's wrapper does for a string URL (origin and path from it), then undici's
 * own request API on the dispatcher. undici has no `exports` map, so these paths are public
 * files of the package; its types are the index's.
 */
import type {Agent as AgentClass, Dispatcher} from 'undici';
// @ts-expect-error -- undici ships types for its index only; the value is the index's `Agent`.
import AgentImpl from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error -- as above: the index's `request` is this function bound to a dispatcher.
import requestImpl from 'undici/lib/api/api-request.js';

/** undici's `Agent`. */
export const Agent = AgentImpl as typeof AgentClass;

// A huge answer is a misconfiguration (wrong URL, a dump); refuse it before it eats the heap.
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** How a client's connections check TLS: the system roots (plus `caPem`), verified unless `insecureSkipVerify`. */
export interface AgentTls {
  caPem?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

/** The Agent of one backend's client: its TLS, 8 connections, answers of at most 64 MiB. */
export function createAgent(tls: AgentTls): AgentClass {
  return new Agent({
    connect: {
      rejectUnauthorized: tls.insecureSkipVerify !== true,
      // node:tls only for a custom CA: loading it costs every start a few ms, and undici
      // loads it itself when a backend is https.
      ...(tls.caPem ? {ca: [...process.getBuiltinModule('node:tls').rootCertificates, tls.caPem]} : {}),
    },
    connections: 8,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
}

/** The options of {@link request}: undici's, with the dispatcher required. */
export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {dispatcher: Dispatcher; method: Dispatcher.HttpMethod};

/** undici's `request(url, options)` for an absolute URL, on `options.dispatcher`. */
export function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const {dispatcher, ...rest} = options;
  const parsed = new URL(url);
  return (requestImpl as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>).call(dispatcher, {
    ...rest,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
  });
}
