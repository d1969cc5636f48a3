/**
 * Deploy history from a JSON document served over HTTP (`url`) or kept in a file (`file`), for CI
 * systems without an adapter of their own. The document's shape is in `json-deploys-wire.ts`.
 */
import {readFile} from 'node:fs/promises';
import type {Deploy} from '../../domain/deploy.ts';
import {SourceFailure, type DeployGaps, type DeployLister, type Sourced} from '../capabilities.ts';
import {ciFailure, createCiClient, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {skippedWarnings} from '../ci/ci-wire.ts';
import {decodeWire} from '../http/decode.ts';
import type {HttpClient, Params} from '../http/http-client.ts';
import {jsonDeploys, jsonDeploysDocumentSchema} from './json-deploys-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `deploys:` config of the json provider (the fields this adapter reads). */
export interface JsonDeploysConfig {
  provider: 'json';
  url?: string | undefined;
  /** An absolute path (the config loader resolves relative ones). */
  file?: string | undefined;
  headers: Readonly<Record<string, string>>;
  /** Names among `headers` given by reference, credentials whatever their names: never shown. */
  secretHeaders?: readonly string[];
  /** Name in the document → service name. */
  services: Readonly<Record<string, string>>;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A deploy lister with its connections to close. */
export type JsonDeploySource = DeployLister & {close(how?: CloseOptions): Promise<void>};

/** A warning about `sha` fields left out because they are not commit shas; empty when none. */
function badShaWarnings(label: string, badShas: readonly string[]): string[] {
  if (badShas.length === 0) return [];
  const shown = `${badShas.slice(0, 3).join('; ')}${badShas.length > 3 ? '; …' : ''}`;
  return [`${label}: ignored ${badShas.length} sha ${badShas.length === 1 ? 'field' : 'fields'} that ${badShas.length === 1 ? 'is' : 'are'} not a commit sha of 7–40 hex digits (${shown}); {{sha}} is not filled from them`];
}

/** Creates the source; `url` wins when both are set (the config rules allow only one). */
export function createJsonDeploySource(config: JsonDeploysConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): JsonDeploySource {
  let client: HttpClient | null = null;
  let path = '';
  let query: Params = {};
  let label = `json ${config.file ?? ''}`;
  if (config.url) {
    // The client keeps only origin + path of its base URL: carry the query string ourselves.
    const url = new URL(config.url);
    // The path may be the document's secret (a signed or token-bearing link): messages name the
    // origin and the config entry only.
    label = `json deploys ${url.origin}`;
    path = url.pathname;
    query = Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)]));
    client = createCiClient({url: url.origin, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {headers: {...config.headers}, secretHeaders: config.secretHeaders ?? [], deps, secretPaths: true});
  }

  async function load(): Promise<unknown> {
    if (client) return client.getJson(path, query);
    if (!config.file) throw new SourceFailure('bad-response', 'json deploys: neither url nor file is set');
    let text: string;
    try {
      text = await readFile(config.file, 'utf8');
    } catch (error) {
      const code = (error as {code?: unknown}).code;
      throw new SourceFailure('unavailable', code === 'ENOENT' ? 'file not found' : `cannot read the file (${String(code ?? error)})`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SourceFailure('bad-response', `not valid JSON: ${(error as Error).message}`);
    }
  }

  return {
    async listDeploys(): Promise<Sourced<Deploy[]> & DeployGaps> {
      try {
        const list = decodeWire(jsonDeploysDocumentSchema, await load(), 'deploy list');
        const {items, skipped, badShas} = jsonDeploys(list, config.services);
        // Nothing readable at all is a wrong document, not a few odd entries.
        if (items.length === 0 && skipped.length > 0) throw new SourceFailure('bad-response', `no deploy could be read: ${skipped.slice(0, 3).join('; ')}`);
        // A skipped entry may be any deploy, the newest too; an ignored sha leaves its entry in.
        const hiding = skippedWarnings(label, skipped);
        return {value: items.sort((a, b) => b.startedAt - a.startedAt), warnings: [...hiding, ...badShaWarnings(label, badShas)], hiding};
      } catch (error) {
        throw ciFailure(error, label);
      }
    },
    close: async (how) => {
      await client?.close(how);
    },
  };
}
