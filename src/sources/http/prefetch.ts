/**
 * GETs sent before a command's config is checked, and taken over by the HTTP client when it
 * sends the very same request.
 *
 * Why: Alertmanager writes nothing of its answer until it has encoded all of it (7 MB for 10,000
 * alerts: most of what a plain client of the same GET waits for), and `oncall alerts` spent
 * ~50 ms loading its schemas and adapters and checking its config before it asked. Sent as soon
 * as the config file is parsed, the request is encoded by Alertmanager while the command loads.
 *
 * Safe by construction: a prefetched answer is used only for a request identical to it (URL,
 * headers, timeout) by a client with the same Agent settings (system roots, TLS verified), and
 * anything not taken (the config turned out invalid, another context was chosen) is aborted
 * unread when the command ends. Only reads are ever sent early.
 */
import type {Dispatcher} from 'undici';
import {proxySettings, unusableProxyFor} from './proxy-settings.ts';
import {createAgent, request} from './undici-core.ts';

interface Prefetched {
  key: string;
  origin: string;
  response: Promise<Dispatcher.ResponseData>;
  controller: AbortController;
}

const pending = new Map<string, Prefetched>();
let agent: Dispatcher | null = null;

function keyOf(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number): string {
  const sorted = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return JSON.stringify([url, sorted, timeoutMs]);
}

/**
 * Sends `GET url` now, with `headers`, timed out after `timeoutMs` from now (as the client would
 * time it from its own send), on an Agent with a client's default settings. Its answer waits
 * for {@link takePrefetched}. A second call for the same request sends nothing more.
 */
export function prefetchGet(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number): void {
  const key = keyOf(url, headers, timeoutMs);
  // The client refuses what an unusable proxy variable would carry: nothing is sent early either.
  if (pending.has(key) || unusableProxyFor(url, proxySettings(process.env)) !== null) return;
  agent ??= createAgent({});
  const controller = new AbortController();
  const response = request(url, {
    dispatcher: agent,
    method: 'GET',
    headers: {...headers},
    signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), controller.signal]),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // Never taken and failed: nobody is waiting for it.
  response.catch(() => {});
  pending.set(key, {key, origin: new URL(url).origin, response, controller});
}

/**
 * The answer of a prefetched `GET url` sent with exactly `headers` and `timeoutMs`, once (it is
 * then the caller's, body included); null when there is none, and the caller sends its own.
 */
export function takePrefetched(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<Dispatcher.ResponseData> | null {
  if (pending.size === 0) return null;
  const key = keyOf(url, headers, timeoutMs);
  const found = pending.get(key);
  if (found === undefined) return null;
  pending.delete(key);
  return found.response;
}

/**
 * Resolves once every prefetched request's connection is open (its request is written in the
 * same turn), or after `maxMs`: the caller's next step may hold the event loop for a while (a
 * large module loading), and a request still waiting for its connection would wait with it.
 */
export function prefetchSent(maxMs: number): Promise<void> {
  const origins = new Set([...pending.values()].map((p) => p.origin));
  if (agent === null || origins.size === 0) return Promise.resolve();
  const watched = agent;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      watched.off('connect', onConnect);
      // The turn in which the connection's request is written.
      setImmediate(resolve);
    };
    const onConnect = (origin: URL) => {
      origins.delete(origin.origin);
      if (origins.size === 0) done();
    };
    const timer = setTimeout(done, maxMs);
    watched.on('connect', onConnect);
  });
}

/** How many prefetched answers wait to be taken: for tests. */
export function prefetchedCount(): number {
  return pending.size;
}

/**
 * Aborts every answer not taken (its body unread) and closes the connections once the taken
 * ones are read: called when the command ends, so that nothing keeps the process alive.
 */
export async function dropPrefetched(): Promise<void> {
  for (const p of pending.values()) p.controller.abort();
  pending.clear();
  const closing = agent;
  agent = null;
  await closing?.close().catch(() => {});
}
