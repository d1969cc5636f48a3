/**
 * Starts the interactive dashboard: alternate screen and incremental rendering (fewer bytes per
 * refresh over SSH, scrollback untouched), and resolves with the exit code when the user quits.
 */
import {logClaimer} from './rollback-claim.ts';
import {join} from 'node:path';
import {render} from 'ink';
import {DEFAULT_GROUP_BY} from '../domain/alert-order.ts';
import {createActionLog, readActionLogChecked} from '../platform/action-log.ts';
import {asciiStream} from '../platform/ascii-stream.ts';
import {colorEnabled} from '../platform/color.ts';
import {glyphMode, glyphNote, glyphWarning} from '../platform/glyph-mode.ts';
import {stopPagers} from '../platform/pager.ts';
import {userActionLogPath} from '../platform/paths.ts';
import {createQueryClient} from '../queries/query-client.ts';
import {Dashboard} from '../view/Dashboard.tsx';
import {lookFromTheme, type Look} from '../view/look.ts';
import {builtinThemes, DEFAULT_THEME} from '../view/theme/builtin-themes.ts';
import {hasThemeEntry} from '../view/theme/theme-entry.ts';
import type {Theme} from '../view/theme/theme-load.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {closeConnections, endRequests, settleActions, settleBound} from './dashboard-shutdown.ts';
import {trackTries} from './unanswered-tries.ts';
import {leavingActions, outcomeLine, waitingLine} from './leaving-actions.ts';
import {terminalState} from './terminal-state.ts';
import {configLocation, memberNotes, runtimeNotes, type ContextMember, type Runtime} from './runtime.ts';
import {themesDirFor} from './config-themes.ts';
import type {DashboardContext} from '../view/context-set.ts';
import type {OpenedContexts, OpenedLook} from '../view/hooks/use-context-look.ts';

// One object per member, so a context kept by `:ctx` keeps its feed (and its hooks' memos).
const asDashboardContext = new WeakMap<ContextMember, DashboardContext>();

/** A selected context as the dashboard takes it: services, production mark, own cadences and runbook template. */
export function dashboardContext(member: ContextMember): DashboardContext {
  let made = asDashboardContext.get(member);
  if (!made) {
    const {settings} = member;
    made = {services: member.composed.services, production: member.production, intervals: settings.intervals, ...(settings.runbookTemplate === undefined ? {} : {runbookTemplate: settings.runbookTemplate})};
    asDashboardContext.set(member, made);
  }
  return made;
}

type ThemeLoader = typeof import('../view/theme/theme-load.ts');
/** A theme as loaded: its look (the default's when it failed) and why it failed. */
export type LoadedLook = {look: Look; error: string | null};

/**
 * Built-in theme `name` straight from its JSON, as the theme loader makes it, without the
 * validator: the built-ins are checked by the tests, and the validator (zod) would put ~30 ms
 * before the first frame. `null` when `name` is not a built-in.
 */
export function builtinTheme(name: string, noColor: boolean): Theme | null {
  if (!Object.hasOwn(builtinThemes, name)) return null;
  const file = builtinThemes[name] as {name: string; description: string; banner?: string; tokens: Record<string, string>};
  const colors = Object.fromEntries(Object.entries(file.tokens).map(([token, value]) => [token, noColor || value === 'default' ? undefined : value]));
  return {name: file.name, description: file.description, banner: file.banner ?? null, color: !noColor, colors: colors as Theme['colors']};
}

/**
 * Loads themes into Looks; an `undefined` name is the default; errors come back as text. A
 * built-in loads at once unless a file in the themes folder overrides it; anything else goes
 * through the theme loader, imported on first need or by `preload()` after the first frames.
 */
export function lookLoader(args: CliArgs, env: Env, noColor: boolean) {
  const configPath = configLocation(args, env).path;
  // No config directory (no home to put it under): the built-in themes only.
  const themesDir = configPath === null ? undefined : themesDirFor(configPath);
  let loading: Promise<ThemeLoader> | null = null;
  const importLoader = () => (loading ??= import('../view/theme/theme-load.ts'));
  // A file there, even a link to a missing one, overrides the built-in: the loader reads or reports it.
  const builtin = (name: string) => (themesDir !== undefined && hasThemeEntry(join(themesDir, `${name}.json`)) ? null : builtinTheme(name, noColor));
  const fromLoader = (m: ThemeLoader, name: string): LoadedLook => {
    const result = m.loadTheme(name, {themesDir, noColor});
    return {look: lookFromTheme(result.theme), error: result.error};
  };
  return {
    /** The theme `name` (the default when undefined); waits for the loader when it is not in yet. */
    async load(name: string | undefined): Promise<LoadedLook> {
      const wanted = name ?? DEFAULT_THEME;
      const theme = builtin(wanted);
      return theme ? {look: lookFromTheme(theme), error: null} : fromLoader(await importLoader(), wanted);
    },
    preload(): void {
      void importLoader();
    },
  };
}

/**
 * `:ctx SPEC` for the dashboard: the contexts chosen, and the look a start with them would have:
 * `--theme` (`themeFlag`), else the first context's `theme:`, else the config's, else the
 * default. Always a look: leaving a context drawn with the prod theme for one that names none
 * must not keep the PRODUCTION banner over rows that are not production's. A theme that fails
 * to load (a broken file) is reported, and the context is drawn as one naming no theme would be
 * (the config's theme, else the default), never with the look of the context just left.
 */
export function contextOpener(
  runtime: Pick<Runtime, 'openContexts' | 'config'>,
  themeFlag: string | undefined,
  load: (name: string | undefined) => Promise<LoadedLook>,
  onOpened: (members: ContextMember[]) => void = () => {},
) {
  const withFallback = lookWithFallback(themeFlag, runtime.config?.theme, load);
  return (spec: string): OpenedContexts | string => {
    const opened = runtime.openContexts(spec);
    if (typeof opened === 'string') return opened;
    onOpened(opened);
    const look = withFallback(themeFlag ?? opened[0]?.composed.themeName).then((loaded): OpenedLook => (loaded.error === null ? loaded.look : {look: loaded.look, error: loaded.error}));
    return {contexts: opened.map(dashboardContext), look, notes: memberNotes(opened)};
  };
}

/**
 * Loads a theme as a start or `:ctx` draws a selection with it: a failed load brings the
 * default's look. `--theme` (`themeFlag`) outranks every other theme, so when it failed the
 * default is what is left; a context's own broken theme gives way to the config's (`configTheme`),
 * as a context naming none would be drawn. Both errors are said when that fails too.
 */
export function lookWithFallback(themeFlag: string | undefined, configTheme: string | undefined, load: (name: string | undefined) => Promise<LoadedLook>) {
  return async (name: string | undefined): Promise<LoadedLook> => {
    const loaded = await load(name);
    if (loaded.error === null || themeFlag !== undefined || configTheme === undefined || configTheme === name) return loaded;
    const other = await load(configTheme);
    return {look: other.look, error: other.error === null ? loaded.error : `${loaded.error}; ${other.error}`};
  };
}

/** The look the dashboard starts with: the start selection's theme, with `:ctx`'s fallback. */
export function startLook(runtime: Pick<Runtime, 'themeName' | 'config'>, themeFlag: string | undefined, load: (name: string | undefined) => Promise<LoadedLook>): Promise<LoadedLook> {
  return lookWithFallback(themeFlag, runtime.config?.theme, load)(runtime.themeName);
}

/**
 * How long the end waits for answers: the bound of every context's alert sources, those opened
 * with `:ctx` as much as those of the start (an ack sent in either waits its own timeout).
 */
export function shutdownBound(members: Iterable<ContextMember>): number {
  return settleBound([...members].flatMap((m) => m.composed.services.alertSources.map((source) => source.timeoutMs)));
}

/** The signals that end the dashboard as `q` does: Ctrl-C without a keyboard, kill, a hangup. */
const END_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// What an error of the terminal's streams ends: the running dashboard's quit, if any.
let endOnError: (() => void) | null = null;

/** Calls `end` on any error of the terminal's streams, which from now on never crash the process. */
function endOnTerminalError(end: () => void): void {
  // Listened to once per process: a later dashboard (tests run several) only swaps what it ends.
  if (endOnError === null) {
    for (const stream of [process.stdout, process.stderr, process.stdin]) {
      stream.on('error', () => {
        terminalState.gone = true;
        endOnError?.();
      });
    }
  }
  endOnError = end;
}

/** What the dashboard says, and exits 2 with, when its output is not a terminal. */
export const NO_TERMINAL = 'oncall: the dashboard needs a terminal, and stdout is not one: use `ssh -t HOST oncall` over SSH, or `oncall status` for a one-shot view\n';

/**
 * Runs the dashboard until the user quits; resolves with the exit code (2 at once, said on
 * stderr, when stdout is not a terminal).
 * @param initialAt start in the past (`--at`, parsed by the caller), epoch ms
 */
export async function runDashboard(runtime: Runtime, args: CliArgs, env: Env, initialAt?: number): Promise<number> {
  // Not on a terminal (`ssh host oncall` without -t, `oncall | tee`): Ink would write only the
  // last frame, at the end, so the session looked hung; and with nothing written, a session
  // gone (the pipe's reader closed) went unnoticed, the process polling the backends forever.
  if (!process.stdout.isTTY) {
    process.stderr.write(NO_TERMINAL);
    await runtime.close();
    return 2;
  }
  const noColor = !colorEnabled({flag: args.color, env, isTTY: Boolean(process.stdout.isTTY)});
  const looks = lookLoader(args, env, noColor);
  // With `:ctx`'s fallback: a context's broken theme gives way to the config's, as it would there.
  const first = await startLook(runtime, args.theme, looks.load);
  // A terminal without UTF-8 gets every frame in ASCII of the same width: Ink draws into a
  // stream that transliterates what it writes, so no component has to know.
  const glyphs = glyphMode({flag: args.glyphs, config: runtime.config?.glyphs, env});
  const warning = glyphWarning(glyphs);
  const stdout = glyphs.mode === 'ascii' ? asciiStream(process.stdout) : process.stdout;
  const stderr = glyphs.mode === 'ascii' ? asciiStream(process.stderr) : process.stderr;
  const notes = [...runtimeNotes(runtime), ...(first.error ? [first.error] : []), ...(warning === null ? [] : [warning])];
  const client = createQueryClient();
  const logPath = userActionLogPath(env, runtime.demo);
  const actionLog = createActionLog(logPath);
  // The tries of acks and unacks still without an answer: logged as unknown if the end cannot wait for them.
  // What was in flight when the screen went, and how it ended, said on stderr (leaving-actions.ts).
  const leaving = leavingActions(actionLog.record);
  const tries = trackTries(leaving.record);
  const ends = endRequests();
  // Every context of this session, the start's and those opened with `:ctx`: the end's bound.
  const session = new Set<ContextMember>(runtime.members);
  const app = render(
    <Dashboard
      client={client}
      services={runtime.composed.services}
      contexts={runtime.members.map(dashboardContext)}
      look={first.look}
      settings={{
        ...runtime.settings,
        clockSkew: runtime.clockSkew,
        groupBy: DEFAULT_GROUP_BY,
        ack: {
          durationMs: runtime.settings.ackDuration,
          author: runtime.settings.ackAuthor,
          prefix: runtime.settings.ackPrefix,
          volatileLabels: runtime.settings.ackVolatileLabels,
          untilResolved: runtime.settings.ackUntilResolved,
        },
        // Only in ASCII mode, where the screen looks plainer than the user may expect and the
        // note says why: the line it takes off every page of `?` pushed keys of the focused
        // pane off the first page at 80x24.
        ...(glyphs.mode === 'ascii' ? {glyphsNote: glyphNote(glyphs)} : {}),
      }}
      terminal={{env, platform: process.platform, writeRaw: (bytes) => stdout.write(bytes)}}
      keyOverrides={runtime.keyOverrides}
      notes={notes}
      openContext={contextOpener(runtime, args.theme, looks.load, (opened) => opened.forEach((m) => session.add(m)))}
      loadLook={async (name) => {
        // Waits for the theme loader when it is not in yet (the first second): never "try again".
        const loaded = await looks.load(name);
        return loaded.error ?? loaded.look;
      }}
      record={tries.record}
      readActions={() => readActionLogChecked(logPath)}
      claimRollback={logClaimer(logPath, runtime.settings.now)}
      {...(initialAt === undefined ? {} : {initialAt})}
      onQuit={() => ends.quit()}
    />,
    // `interactive` from the terminal alone: Ink would take `CI` in the environment (a bastion
    // that doubles as a build agent) as "not interactive" and draw nothing until the end.
    {stdout, stderr, interactive: Boolean(process.stdout.isTTY), alternateScreen: true, incrementalRendering: true, exitOnCtrlC: false, patchConsole: true, maxFps: 20},
  );
  // What later theme changes need loads once the first frames (and data) are out: importing it
  // costs ~30 ms, and no key can have been read by then.
  const preload = setTimeout(() => looks.preload(), 1000);
  preload.unref();
  // Without a keyboard (stdin not a terminal) the dashboard still draws; signals end it. SIGHUP
  // (the SSH session dropped, the tmux pane was killed) too: Node's default would kill the
  // process before the log says which rollback it no longer follows and how an ack in flight
  // ended, the one record left of what happened on a screen nobody sees any more.
  // A signal once ending cuts the wait for answers (endRequests), except a hangup of a terminal
  // already gone: a closing terminal sends its own (an EIO, a second SIGHUP), nobody asking for haste.
  // Once the log is written and the wait was cut, a signal has nothing left to wait for: the
  // process goes at once, whatever is still closing.
  let drained = false;
  let cut = false;
  void ends.cut.then(() => (cut = true));
  const onSignal = (signal: NodeJS.Signals) => {
    if (drained && cut) process.exit(0);
    if (signal === 'SIGHUP' && terminalState.gone) return ends.quit();
    if (signal === 'SIGHUP') terminalState.gone = true;
    ends.signal();
  };
  // A stray rejection (a backend library misbehaving) must not take the screen down mid-incident.
  const onRejection = () => {};
  process.on('unhandledRejection', onRejection);
  // Listened to until the log is written: a terminal that closed answers writes with EIO before
  // its SIGHUP arrives, or sends a second one, and Node's default would still kill the shutdown.
  for (const signal of END_SIGNALS) process.on(signal, onSignal);
  // A terminal that is gone answers every write and read with EIO (EPIPE on a pipe): there is
  // nobody left to draw for, so the dashboard ends as on a hangup. Kept after the end: leaving
  // the screen (unmount) writes too, and an unheard 'error' would crash the shutdown before
  // the log is written.
  endOnTerminalError(ends.quit);
  // The keyboard's end (its session closed without an error) ends the dashboard too. Only a
  // terminal's: a stdin that is no keyboard (`</dev/null`) ends at once, and signals end that one.
  const endOfKeys = () => ends.quit();
  if (process.stdin.isTTY) process.stdin.once('end', endOfKeys);
  await ends.done;
  const inFlight = leaving.leave();
  // Quit by a signal while a runbook is open in the pager: the pager goes too.
  stopPagers();
  process.off('unhandledRejection', onRejection);
  clearTimeout(preload);
  app.unmount();
  await app.waitUntilExit().catch(() => undefined);
  // Leaving logs the rollback runs still being followed, and an ack in flight its outcome: let
  // those lines reach the file before the client goes (clearing it forgets what is in flight).
  // Bounded: a retrying ack stops at once, a request in flight gets its timeout at most, and a
  // second signal ends the wait; what has no answer then is logged as unknown.
  const boundMs = shutdownBound(session);
  // The screen is gone: without a word the wait was a blank terminal, and its end said nothing
  // of whether an ack landed. Not to a terminal that is gone: nobody would read it.
  if (client.isMutating() > 0 && !terminalState.gone) stderr.write(waitingLine(inFlight, boundMs));
  const unanswered = await settleActions(client, actionLog, {boundMs, cut: ends.cut, abandon: () => tries.abandon(new Date().toISOString())});
  if (!terminalState.gone) for (const entry of leaving.settled()) stderr.write(outcomeLine(entry));
  drained = true;
  client.unmount();
  client.clear();
  // Requests left without an answer are cut off, not waited for: the log already says unknown.
  await closeConnections((how) => runtime.close(how), unanswered, ends.cut);
  for (const signal of END_SIGNALS) process.off(signal, onSignal);
  process.stdin.off('end', endOfKeys);
  return 0;
}
