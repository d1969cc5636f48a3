/**
 * `oncall alerts` asks its Alertmanagers before it has loaded its schemas and adapters and checked
 * its config (sources/http/prefetch.ts says why). Which GETs: those of the contexts the command
 * line selects in the config file as parsed, from each Alertmanager entry that needs nothing
 * resolved (no credentials, CA file or TLS exception; a URL, maybe a path prefix, headers and a
 * timeout). The HTTP client takes an answer only for the identical request, so a config that
 * turns out invalid, or an entry read differently here, costs at most a read that is dropped.
 */
import {readFile} from 'node:fs/promises';
import {parse} from 'yaml';
import {selectContexts} from '../config/context-selection.ts';
import {parseDuration} from '../domain/duration.ts';
import {clientRoot, requestUrl} from '../sources/http/http-client.ts';
import {dropPrefetched, prefetchGet, prefetchSent} from '../sources/http/prefetch.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {configLocation} from './runtime.ts';

/** What `oncall alerts` reads from each Alertmanager. */
const ALERT_READS = ['/api/v2/alerts', '/api/v2/silences'];
// The keys of an entry this reads as the real config does; any other key (a token, a CA, …)
// means the client would send something else, and nothing is sent early for it.
const PLAIN_KEYS = new Set(['name', 'cluster', 'silenceRetention', 'url', 'pathPrefix', 'headers', 'timeout', 'insecureSkipVerify']);
const DEFAULT_TIMEOUT = '10s';
// How long the command waits for the connections before it loads the rest (which holds the
// event loop ~50 ms): a nearby Alertmanager connects well within it, a far one's request is
// written as soon as the loading lets it.
const SEND_WAIT_MS = 10;

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

/** `GET`s of one plain Alertmanager entry: URL, headers and timeout, as its client would send them; null for any other entry. */
export function plainAlertReads(entry: unknown): Array<{url: string; headers: Record<string, string>; timeoutMs: number}> | null {
  if (!isRecord(entry) || !Object.keys(entry).every((k) => PLAIN_KEYS.has(k))) return null;
  const {url, pathPrefix, headers = {}, timeout = DEFAULT_TIMEOUT, insecureSkipVerify = false} = entry;
  if (typeof url !== 'string' || insecureSkipVerify !== false || !isStringMap(headers) || typeof timeout !== 'string') return null;
  if (pathPrefix !== undefined && (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/'))) return null;
  const base = URL.parse(url);
  // Credentials in the URL become a header the client adds: not a plain entry.
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:') || base.username !== '' || base.password !== '') return null;
  const timeoutMs = parseDuration(timeout);
  if (timeoutMs === null) return null;
  const root = clientRoot(base, pathPrefix);
  return ALERT_READS.map((path) => ({url: requestUrl(root, path), headers: {accept: 'application/json', ...headers}, timeoutMs}));
}

/** The plain Alertmanager entries of the contexts `args` selects in the parsed config `raw`. */
export function selectedAlertmanagers(raw: unknown, args: Pick<CliArgs, 'context' | 'allContexts'>): unknown[] {
  if (!isRecord(raw) || !Array.isArray(raw.contexts)) return [];
  const contexts = raw.contexts.filter((c): c is Raw => isRecord(c) && typeof c.name === 'string');
  const current = raw['current-context'];
  const groups = raw.contextGroups;
  if (typeof current !== 'string' || (groups !== undefined && !(isRecord(groups) && Object.values(groups).every((g) => Array.isArray(g) && g.every((n) => typeof n === 'string'))))) return [];
  const pick = {contexts: contexts.map((c) => ({name: c.name as string})), 'current-context': current, contextGroups: groups as Record<string, string[]> | undefined};
  const selection = selectContexts(pick as Parameters<typeof selectContexts>[0], {context: args.context, all: args.allContexts}, '');
  if (typeof selection === 'string') return [];
  return selection.names.flatMap((name) => {
    const ams = contexts.find((c) => c.name === name)?.alertmanagers;
    return Array.isArray(ams) ? ams : [];
  });
}

/**
 * Sends the alert reads of the selected contexts' plain Alertmanagers now, and resolves once
 * they are on their way with what to call when the command ends (it drops whatever was not
 * taken). Any trouble reading the config here sends nothing: the command then finds it itself.
 */
export async function prefetchAlertReads(args: CliArgs, env: Env): Promise<() => Promise<void>> {
  try {
    const path = configLocation(args, env).path;
    // No place to look: the command says so itself.
    if (path === null) return async () => {};
    const text = await readFile(path, 'utf8');
    const raw: unknown = parse(text, {merge: true, uniqueKeys: true, maxAliasCount: 100});
    for (const entry of selectedAlertmanagers(raw, args)) {
      for (const read of plainAlertReads(entry) ?? []) prefetchGet(read.url, read.headers, read.timeoutMs);
    }
    await prefetchSent(SEND_WAIT_MS);
  } catch {
    // Unreadable or not YAML: the command reports it, with the file and the line.
  }
  return dropPrefetched;
}
