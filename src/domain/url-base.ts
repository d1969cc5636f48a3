/**
 * The base of a link or a command line built from a configured URL. Pure.
 */
import {urlForMessage} from './sanitize.ts';

/**
 * A configured URL as links and command lines are built on it (amtool's `--alertmanager.url`,
 * Argo CD and GitLab pages, Grafana panel links): scheme, host, port and path, then
 * `pathPrefix`, without a trailing `/`. Never its `user:password@`, query string or fragment:
 * the config refuses credentials in a URL, but a token may still ride in `?access_token=`, and
 * these lines are shown, copied to the clipboard and pasted into chat.
 */
export function urlBase(url: string, pathPrefix = ''): string {
  const parsed = URL.parse(url.trim());
  // The config only lets parsable URLs through; text that is not one keeps no userinfo or query either.
  if (parsed === null) return `${urlForMessage(url.trim()).replace(/\/+$/, '')}${pathPrefix}`;
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return `${parsed.href.replace(/\/+$/, '')}${pathPrefix}`;
}
