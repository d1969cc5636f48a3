/**
 * Starts the interactive dashboard: alternate screen and incremental rendering (fewer bytes per
 * refresh over SSH, scrollback untouched), and resolves with the exit code when the user quits.
 */
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {render} from 'ink';
import {DEFAULT_GROUP_BY} from '../domain/alert-order.ts';
import {createActionLog} from '../platform/action-log.ts';
import {colorEnabled} from '../platform/color.ts';
import {actionLogPath} from '../platform/paths.ts';
import {createQueryClient} from '../queries/query-client.ts';
import {Dashboard} from '../view/Dashboard.tsx';
import {lookFromTheme, type Look} from '../view/look.ts';
import {DEFAULT_THEME} from '../view/theme/builtin-themes.ts';
import {loadTheme} from '../view/theme/theme-load.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {configLocation, type Runtime} from './runtime.ts';

/** Loads a theme into a Look; `null` theme name = the default. Errors come back as text. */
function lookLoader(args: CliArgs, env: Env, noColor: boolean) {
  const themesDir = join(dirname(configLocation(args, env).path), 'themes');
  return (name: string | undefined): {look: Look; error: string | null} => {
    const result = loadTheme(name ?? DEFAULT_THEME, {themesDir, noColor});
    return {look: lookFromTheme(result.theme), error: result.error};
  };
}

/** Runs the dashboard until the user quits; resolves with the exit code. */
export async function runDashboard(runtime: Runtime, args: CliArgs, env: Env): Promise<number> {
  const noColor = !colorEnabled({flag: args.color, env, isTTY: Boolean(process.stdout.isTTY)});
  const load = lookLoader(args, env, noColor);
  const first = load(runtime.themeName);
  const notes = [...runtime.composed.notes, ...(first.error ? [first.error] : [])];
  const client = createQueryClient();
  const actionLog = createActionLog(actionLogPath(env, env['HOME'] ?? homedir()));
  let quit: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const app = render(
    <Dashboard
      client={client}
      services={runtime.composed.services}
      look={first.look}
      settings={{
        ...runtime.settings,
        groupBy: DEFAULT_GROUP_BY,
        ack: {
          durationMs: runtime.settings.ackDuration,
          author: runtime.settings.ackAuthor,
          prefix: runtime.settings.ackPrefix,
          volatileLabels: runtime.settings.ackVolatileLabels,
          untilResolved: runtime.settings.ackUntilResolved,
        },
      }}
      terminal={{env, platform: process.platform, writeRaw: (bytes) => process.stdout.write(bytes)}}
      keyOverrides={runtime.keyOverrides}
      notes={notes}
      openContext={(name) => {
        const opened = runtime.openContext(name);
        if (typeof opened === 'string') return opened;
        return {services: opened.services, look: opened.themeName ? load(opened.themeName).look : undefined};
      }}
      loadLook={(name) => {
        const loaded = load(name);
        return loaded.error ?? loaded.look;
      }}
      record={actionLog.record}
      onQuit={() => quit()}
    />,
    {alternateScreen: true, incrementalRendering: true, exitOnCtrlC: false, patchConsole: true, maxFps: 20},
  );
  // Without a keyboard (stdin not a terminal) the dashboard still draws; signals end it.
  const onSignal = () => quit();
  // A stray rejection (a backend library misbehaving) must not take the screen down mid-incident.
  const onRejection = () => {};
  process.on('unhandledRejection', onRejection);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('unhandledRejection', onRejection);
  app.unmount();
  await app.waitUntilExit().catch(() => undefined);
  client.unmount();
  client.clear();
  await runtime.composed.close();
  return 0;
}
