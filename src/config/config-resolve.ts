/**
 * Makes every file path in a validated config absolute. Relative paths are read from the config
 * file's folder, not the working directory, so `oncall` behaves the same from any directory
 * (as kubeconfig does for its certificate files). A leading `~/` means the home directory.
 */
import {isAbsolute, join} from 'node:path';
import type {ContextConfig, OncallConfig} from './config-types.ts';

/** Where relative paths start, and the home directory for `~/`. */
export interface PathBase {
  baseDir: string;
  home?: string | undefined;
}

/**
 * Resolves one path against the base; absolute paths are kept as they are. A `~/` path with no
 * home directory to expand it is kept as written too: under the config folder it would name a
 * file that is not the one meant, and the note saying it is not found would name that one.
 */
export function resolveConfigFile(path: string, base: PathBase): string {
  if (path === '~' || path.startsWith('~/')) return base.home === undefined ? path : join(base.home, path.slice(2));
  return isAbsolute(path) ? path : join(base.baseDir, path);
}

/** Resolves the optional path-valued keys of one object. */
function resolveKeys<T extends object>(obj: T, keys: ReadonlyArray<keyof T & string>, base: PathBase): T {
  const out = {...obj};
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string') out[key] = resolveConfigFile(value, base) as T[typeof key];
  }
  return out;
}

type Endpoint = NonNullable<ContextConfig['prometheus']> | ContextConfig['alertmanagers'][number];

/** The `headersFile` map of an object that has one, each path resolved. */
function resolveHeaderFiles<T extends {headersFile?: Record<string, string> | undefined}>(obj: T, base: PathBase): T {
  if (obj.headersFile === undefined) return obj;
  return {...obj, headersFile: Object.fromEntries(Object.entries(obj.headersFile).map(([name, path]) => [name, resolveConfigFile(path, base)]))};
}

function resolveEndpoint<T extends Endpoint>(ep: T, base: PathBase): T {
  const out = resolveHeaderFiles(resolveKeys(ep, ['caFile', 'bearerTokenFile'], base), base);
  if (out.basicAuth) out.basicAuth = resolveKeys(out.basicAuth, ['passwordFile'], base);
  return out;
}

// A runbook template with a URL scheme is a link; anything else names local files.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

function resolveContext(ctx: ContextConfig, base: PathBase): ContextConfig {
  const out: ContextConfig = {
    ...ctx,
    alertmanagers: ctx.alertmanagers.map((am) => resolveEndpoint(am, base)),
    sloFiles: ctx.sloFiles.map((glob) => resolveConfigFile(glob, base)),
  };
  if (ctx.prometheus) out.prometheus = resolveEndpoint(ctx.prometheus, base);
  if (ctx.alertSources) out.alertSources = ctx.alertSources.map((source) => resolveKeys(source, ['caFile', 'tokenFile'], base));
  if (ctx.deploys) {
    const deploys = resolveKeys(ctx.deploys, ['caFile', 'tokenFile'], base);
    out.deploys = deploys.provider === 'json' ? resolveHeaderFiles(resolveKeys(deploys, ['file'], base), base) : deploys;
  }
  if (ctx.rollback && ctx.rollback.provider !== 'command') {
    const rollback = resolveKeys(ctx.rollback, ['caFile'], base);
    out.rollback = rollback.provider === 'webhook' ? resolveHeaderFiles(resolveKeys(rollback, ['secretFile'], base), base) : resolveKeys(rollback, ['tokenFile'], base);
  }
  if (ctx.runbookTemplate !== undefined && !HAS_SCHEME.test(ctx.runbookTemplate)) {
    out.runbookTemplate = resolveConfigFile(ctx.runbookTemplate, base);
  }
  return out;
}

/** Returns a copy of the config with every relative file path made absolute. */
export function resolveConfigPaths(config: OncallConfig, base: PathBase): OncallConfig {
  return {...config, contexts: config.contexts.map((ctx) => resolveContext(ctx, base))};
}
