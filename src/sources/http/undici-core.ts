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
