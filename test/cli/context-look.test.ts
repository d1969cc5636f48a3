/**
 * The look `:ctx` draws a selection with, through the runtime and the real theme loader: as a
 * start with that selection would (`--theme`, else the first context's `theme:`, else the
 * config's, else the default), and always one, so leaving the prod theme for a context that
 * names none does not keep its PRODUCTION banner.
 */
import {symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {contextOpener, lookLoader, startLook} from '../../src/cli/dashboard-command.tsx';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import type {OpenedLook} from '../../src/view/hooks/use-context-look.ts';
import type {Look} from '../../src/view/look.ts';
import {DEFAULT_THEME} from '../../src/view/theme/builtin-themes.ts';
import {tempDir} from './cli-fixtures.ts';

let runtime: Runtime | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
});

/** `:ctx` of a config whose prod context is drawn with the prod theme and staging names none. */
async function opener(options: {globalTheme?: string; themeFlag?: string; stagingTheme?: string; context?: string} = {}) {
  tmp = tempDir();
  // A theme file that does not parse: the loader reports it and hands back the default's look.
  tmp.write('themes/broken.json', '{not json');
  const config = tmp.write(
    'config.yaml',
    `current-context: prod
${options.globalTheme ? `theme: ${options.globalTheme}\n` : ''}contexts:
  - name: prod
    production: true
    theme: prod
    prometheus: {url: http://127.0.0.1:9}
  - name: staging
${options.stagingTheme ? `    theme: ${options.stagingTheme}\n` : ''}    prometheus: {url: http://127.0.0.1:9}
`,
  );
  const args = {command: 'dashboard', config, demo: false, readOnly: false, json: false, ...(options.themeFlag ? {theme: options.themeFlag} : {}), ...(options.context ? {context: options.context} : {})} as CliArgs;
  const made = await configRuntime(args, {HOME: tmp.dir}, () => 0);
  if (typeof made === 'string') throw new Error(made);
  runtime = made;
  const load = lookLoader(args, {HOME: tmp.dir}, false).load;
  const open = contextOpener(made, args.theme, load);
  const raw = async (spec: string): Promise<OpenedLook> => {
    const opened = open(spec);
    if (typeof opened === 'string') throw new Error(opened);
    return opened.look;
  };
  return Object.assign(
    async (spec: string): Promise<Look> => {
      const look = await raw(spec);
      if (typeof look === 'string' || 'error' in look) throw new Error(typeof look === 'string' ? look : look.error);
      return look;
    },
    {raw, start: () => startLook(made, args.theme, load)},
  );
}

/** The look of an opened context and the error drawn with it; fails when there is no look. */
function fallbackOf(opened: OpenedLook): {look: Look; error: string} {
  if (typeof opened === 'string' || !('error' in opened)) throw new Error(`expected a fallback look with an error, got ${typeof opened === 'string' ? opened : opened.name}`);
  return opened;
}

describe(':ctx and the look it draws with', () => {
  it('gives a context without a theme the default look, not the PRODUCTION banner of the prod context', async () => {
    const open = await opener();
    const prod = await open('prod');
    expect(prod.name).toBe('prod');
    expect(prod.banner).toMatch(/PRODUCTION/);
    const staging = await open('staging');
    expect(staging.name).toBe(DEFAULT_THEME);
    expect(staging.banner).toBe(null);
  });

  it("gives it the config's theme when the config names one", async () => {
    const open = await opener({globalTheme: 'light'});
    expect((await open('staging')).name).toBe('light');
    expect((await open('prod')).name).toBe('prod');
  });

  it('draws a set with the theme of its first context, as a start with it would', async () => {
    const open = await opener();
    expect((await open('staging,prod')).banner).toBe(null);
    expect((await open('prod,staging')).name).toBe('prod');
  });

  it('keeps the theme named by --theme, as at start', async () => {
    const open = await opener({themeFlag: 'high-contrast'});
    expect((await open('staging')).name).toBe('high-contrast');
    expect((await open('prod')).name).toBe('high-contrast');
  });
});

describe(':ctx to a context whose theme file is broken', () => {
  it('draws it with the default look, not the PRODUCTION banner of the context left, and says why', async () => {
    const open = await opener({stagingTheme: 'broken'});
    expect((await open('prod')).banner).toMatch(/PRODUCTION/);
    const staging = fallbackOf(await open.raw('staging'));
    expect(staging.look.name).toBe(DEFAULT_THEME);
    expect(staging.look.banner).toBe(null);
    expect(staging.error).toMatch(/broken/);
  });

  it("falls back to the config's theme, as a context naming none would", async () => {
    const open = await opener({stagingTheme: 'broken', globalTheme: 'light'});
    await open('prod');
    const staging = fallbackOf(await open.raw('staging'));
    expect(staging.look.name).toBe('light');
    expect(staging.error).toMatch(/broken/);
  });
});

describe('the start with a context whose theme file is broken', () => {
  // Start and `:ctx` to the same selection must look alike: the start had fallen back to the
  // default, losing the PRODUCTION banner of the config's theme that `:ctx` then showed.
  it("draws it with the config's theme, as :ctx to the same context does, and says why", async () => {
    const open = await opener({stagingTheme: 'broken', globalTheme: 'prod', context: 'staging'});
    const start = await open.start();
    expect({name: start.look.name, banner: start.look.banner}).toEqual({name: 'prod', banner: expect.stringMatching(/PRODUCTION/)});
    expect(start.error).toMatch(/broken/);
    expect(fallbackOf(await open.raw('staging')).look.name).toBe(start.look.name);
  });

  it('keeps the default when --theme named the broken theme: the flag outranks the config', async () => {
    const open = await opener({globalTheme: 'prod', themeFlag: 'broken', context: 'staging'});
    const start = await open.start();
    expect(start.look.name).toBe(DEFAULT_THEME);
    expect(start.error).toMatch(/broken/);
  });
});

describe(':ctx and the notes of the contexts it opens', () => {
  it('hands back what could not be set up (a token not found), as a start with them would note', async () => {
    tmp = tempDir();
    const config = tmp.write(
      'config.yaml',
      `current-context: prod
contexts:
  - name: prod
    alertmanagers: [{name: am-prod, url: "http://127.0.0.1:9"}]
  - name: staging
    alertmanagers: [{name: am-staging, url: "http://127.0.0.1:9", bearerTokenEnv: STAGING_AM_TOKEN}]
`,
    );
    const args = {command: 'dashboard', config, demo: false, readOnly: false, json: false} as CliArgs;
    const made = await configRuntime(args, {HOME: tmp.dir}, () => 0);
    if (typeof made === 'string') throw new Error(made);
    runtime = made;
    const open = contextOpener(made, undefined, lookLoader(args, {HOME: tmp.dir}, false).load);
    const notesOf = (spec: string) => {
      const opened = open(spec);
      if (typeof opened === 'string') throw new Error(opened);
      return opened.notes;
    };
    expect(notesOf('prod')).toEqual([]);
    expect(notesOf('staging')).toEqual(['am-staging: bearer token not found (env var STAGING_AM_TOKEN)']);
    // Over several, each names its context, as at start.
    expect(notesOf('prod,staging')).toEqual(['staging: am-staging: bearer token not found (env var STAGING_AM_TOKEN)']);
  });
});

describe('the dashboard loader and a theme file that is a link to a missing file', () => {
  it('reports it over the built-in of that name instead of drawing the built-in unsaid', async () => {
    tmp = tempDir();
    tmp.write('themes/.keep', '');
    symlinkSync(join(tmp.dir, 'gone.json'), join(tmp.dir, 'themes', 'prod.json'));
    const config = tmp.write('config.yaml', 'current-context: a\ncontexts:\n  - name: a\n    prometheus: {url: http://127.0.0.1:9}\n');
    const args = {command: 'dashboard', config, demo: false, readOnly: false, json: false} as CliArgs;
    const loaded = await lookLoader(args, {HOME: tmp.dir}, false).load('prod');
    expect(loaded.error).toMatch(/prod\.json: cannot be read: a symbolic link to .*gone\.json, which does not exist/);
  });
});
