/**
 * The proxy variables of a process's environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
 * `NO_PROXY`), read as `curl` reads them, and the route each request takes under them: the one
 * rule both the dispatcher (undici-core.ts) and the messages (`… via proxy host:port`) follow.
 */
import {BlockList, isIP} from 'node:net';

/** The proxies a process's environment names, as `curl` and Go's clients read them. */
export interface ProxySettings {
  /** `scheme://[user:pass@]host:port`: the parts of the variable's URL a proxy is reached by. */
  httpProxy?: string;
  httpsProxy?: string;
  /**
   * The variable (`HTTPS_PROXY`, `http_proxy` …) of each scheme whose value is no proxy URL this
   * client can use; never the value, which may hold the proxy's password.
   */
  unusable?: {http?: string; https?: string};
  /** `NO_PROXY`, plus the loopback names: a tunnel to localhost never goes through a proxy. */
  noProxy: string;
}

// Always direct: a Prometheus port-forwarded to this machine is not behind the site's proxy
// (Go's clients, which Prometheus' own tools are, skip the proxy for loopback too). All of
// 127.0.0.0/8 is loopback: `kubectl port-forward --address 127.0.0.2` is too.
const LOOPBACK = ['localhost', '127.0.0.0/8', '::1'];

// The proxy schemes this client speaks, as written to it. curl's `socks5h` (names resolved by
// the proxy, what `ssh -D` users write) is what its `socks5` does (socks5.ts); curl's `socks` is
// SOCKS4, which it does not speak.
const PROXY_SCHEMES: Readonly<Record<string, string>> = {'http:': 'http:', 'https:': 'https:', 'socks5:': 'socks5:', 'socks5h:': 'socks5:'};

/** Whether `part` of a URL's userinfo percent-decodes (`50%off` does not; `50%25off` does). */
function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/**
 * A proxy variable's value as curl reads it: `http://` when it names no scheme
 * (`proxy.corp:3128`), port 1080 when it names none (443 for `https://`), and only its scheme,
 * credentials, host and port (curl ignores a path or a query; undici refused them, and every
 * command died of it). Null when no proxy can be made of it, a user or password that does not
 * percent-decode included.
 */
function proxyUrl(value: string): string | null {
  const text = value.trim();
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = URL.parse(written);
  const scheme = url === null ? undefined : PROXY_SCHEMES[url.protocol];
  if (url === null || scheme === undefined || url.hostname === '') return null;
  // The credentials are percent-decoded on their way to the proxy (undici decodes them while the
  // Agent is built, and threw "URI malformed" for a bare `%`, which ended every command): one
  // that does not decode is no credential this client can send.
  if (!decodes(url.username) || !decodes(url.password)) return null;
  const auth = url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  // Without a port, curl's (1080, 443 for an https proxy), not the scheme's 80: the URL parser
  // drops a port that is the scheme's own, so whether one was written is read off the text.
  const authority = /^[^:]*:\/\/([^/?#\\]*)/.exec(written)?.[1] ?? '';
  const portWritten = /:\d+$/.test(authority.slice(authority.lastIndexOf('@') + 1));
  const port = portWritten ? String(urlPort(url)) : scheme === 'https:' ? '443' : '1080';
  return `${scheme}//${auth}${url.hostname}:${port}`;
}

/**
 * The proxy settings of `env` (`https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`, each
 * else `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY`; lower case first), or null when it names
 * no proxy. A bastion often reaches GitHub,
 * PagerDuty or a hosted Grafana only through one; without this every such read timed out while
 * `curl` on the same machine worked. A value no proxy can be made of is kept by its variable's
 * name ({@link ProxySettings.unusable}): what it would carry then fails, as with curl, rather
 * than going direct past a proxy the site may require.
 */
export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings | null {
  const pick = (lower: string, upper: string): [string, string] | null => (env[lower] ? [lower, env[lower]] : env[upper] ? [upper, env[upper]] : null);
  // `ALL_PROXY` for a scheme whose own variable is not set, as curl reads it.
  const all = pick('all_proxy', 'ALL_PROXY');
  const http = pick('http_proxy', 'HTTP_PROXY') ?? all;
  const https = pick('https_proxy', 'HTTPS_PROXY') ?? all;
  if (http === null && https === null) return null;
  const httpProxy = http === null ? null : proxyUrl(http[1]);
  const httpsProxy = https === null ? null : proxyUrl(https[1]);
  const unusable = {...(http !== null && httpProxy === null ? {http: http[0]} : {}), ...(https !== null && httpsProxy === null ? {https: https[0]} : {})};
  const noProxy = [pick('no_proxy', 'NO_PROXY')?.[1] ?? '', ...LOOPBACK].filter(Boolean).join(',');
  return {...(httpProxy ? {httpProxy} : {}), ...(httpsProxy ? {httpsProxy} : {}), ...(Object.keys(unusable).length > 0 ? {unusable} : {}), noProxy};
}

// The address blocks of the NO_PROXY entries written as CIDR, by entry: built once, not per request.
const blocks = new Map<string, BlockList | null>();

/**
 * The addresses a `NO_PROXY` entry written as a CIDR block names (`10.0.0.0/8`, `fd00::/8`,
 * `[fd00::]/8`), as curl and Go's clients read one; null for any other entry.
 */
function blockOf(entry: string): BlockList | null {
  if (blocks.has(entry)) return blocks.get(entry) ?? null;
  const match = /^\[?([0-9a-f.:]+)\]?\/(\d{1,3})$/i.exec(entry);
  const family = match ? isIP(match[1] ?? '') : 0;
  const prefix = Number(match?.[2]);
  let block: BlockList | null = null;
  if (match && family !== 0 && prefix <= (family === 4 ? 32 : 128)) {
    block = new BlockList();
    block.addSubnet(match[1] ?? '', prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  blocks.set(entry, block);
  return block;
}

/** A URL's port, its scheme's own (443 for https, else 80) when it names none: the parser drops a default port. */
export function urlPort(url: {port: string; protocol: string}): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** A URL's host without the brackets of an IPv6 address (`[::1]` → `::1`), as sockets take it. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.+)\]$/, '$1');
}

/**
 * Whether a request to `target` skips the proxy: undici's `EnvHttpProxyAgent`'s rule (see
 * {@link proxyFor}), and a CIDR block for an address in it (a name is not resolved for it, as
 * curl does not).
 */
function goesDirect(target: URL, noProxy: string): boolean {
  const host = bareHost(target.hostname).toLowerCase().replace(/(.)\.$/, '$1');
  const port = urlPort(target);
  const family = isIP(host);
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const block = blockOf(raw);
    if (block !== null) {
      if (family !== 0 && block.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
      continue;
    }
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(raw);
    const plain = bracketed ? null : /^([^:]+):(\d+)$/.exec(raw);
    const name = (bracketed?.[1] ?? plain?.[1] ?? raw).toLowerCase();
    const onlyPort = Number(bracketed?.[2] ?? plain?.[2] ?? 0);
    if (onlyPort !== 0 && onlyPort !== port) continue;
    if (name === '*') return true;
    const wildcard = name.startsWith('*.');
    const bare = name.replace(/^\*?\./, '');
    if ((!wildcard && host === bare) || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/**
 * Which setting carries a request to `url`: a proxy URL, the name of an unusable variable, or
 * null for direct: the route `createAgent`'s requests take (undici-core.ts). An https request
 * takes `HTTPS_PROXY`, else `HTTP_PROXY` (undici's rule); a variable that is set wins even when
 * unusable, as curl's would.
 */
export function routeOf(url: string, settings: ProxySettings | null): {proxy: string} | {unusable: string} | null {
  if (settings === null) return null;
  const target = URL.parse(url);
  if (target === null || goesDirect(target, settings.noProxy)) return null;
  const order = target.protocol === 'https:' ? (['https', 'http'] as const) : (['http'] as const);
  for (const scheme of order) {
    const proxy = scheme === 'https' ? settings.httpsProxy : settings.httpProxy;
    if (proxy !== undefined) return {proxy};
    const unusable = settings.unusable?.[scheme];
    if (unusable !== undefined) return {unusable};
  }
  return null;
}

/**
 * The proxy a request to `url` goes through under `settings`, as `host:port` (never its
 * credentials), or null when it goes direct: the route the request takes (an exact `NO_PROXY`
 * name, or one its subdomain, `*.name` for subdomains only, `*` for all, `:port` to one port,
 * `10.0.0.0/8` for the addresses in a block).
 * For messages: "connection refused" alone would blame the backend for a proxy that is down.
 */
export function proxyFor(url: string, settings: ProxySettings | null): string | null {
  const route = routeOf(url, settings);
  if (route === null || !('proxy' in route)) return null;
  const proxy = URL.parse(route.proxy);
  // Its port even when it is the scheme's own, which the URL parser leaves out of `host`.
  return proxy === null ? 'the proxy' : `${proxy.hostname}:${urlPort(proxy)}`;
}

/**
 * The variable (`HTTPS_PROXY` …) whose unusable value a request to `url` would go through, or
 * null: such a request is not sent (curl fails it too), and its error names the variable.
 */
export function unusableProxyFor(url: string, settings: ProxySettings | null): string | null {
  const route = routeOf(url, settings);
  return route !== null && 'unusable' in route ? route.unusable : null;
}
