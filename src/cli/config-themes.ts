/**
 * `oncall config validate` for themes: every theme the config names (the top-level `theme` and
 * each context's) loaded as the dashboard loads it, so what the dashboard would report at start
 * (an unknown name, a theme file that is not JSON or not a theme) fails validation instead.
 */
import {dirname, join} from 'node:path';
import type {ConfigError, ConfigPath} from '../config/config-errors.ts';
import type {OncallConfig} from '../config/config-types.ts';

/** Where a config's own themes live: `themes/NAME.json` beside the config file. */
export function themesDirFor(configPath: string): string {
  return join(dirname(configPath), 'themes');
}

/**
 * The themes of `config` (read from `file`) that fail to load, as config errors at the key that
 * names them (`theme`, `contexts[i].theme`), the loader's words saying what is wrong.
 */
export async function configThemeErrors(file: string, config: OncallConfig): Promise<ConfigError[]> {
  const named: Array<{path: ConfigPath; name: string}> = [];
  if (config.theme !== undefined) named.push({path: ['theme'], name: config.theme});
  config.contexts.forEach((c, i) => {
    if (c.theme !== undefined) named.push({path: ['contexts', i, 'theme'], name: c.theme});
  });
  if (named.length === 0) return [];
  // The loaders are imported here, not at the top: the dashboard imports this file for
  // themesDirFor, and loads themes lazily for its start-up time.
  const [{loadTheme}, {configFileLocator, formatPath}] = await Promise.all([import('../view/theme/theme-load.ts'), import('./config-modules.ts')]);
  const themesDir = themesDirFor(file);
  const failed = named.flatMap(({path, name}) => {
    const result = loadTheme(name, {themesDir});
    return result.ok ? [] : [{path, message: result.error}];
  });
  if (failed.length === 0) return [];
  const locate = await configFileLocator(file);
  return failed.map(({path, message}) => ({file, ...locate(path), path: formatPath(path), message}));
}
