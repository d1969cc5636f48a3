/**
 * Entry point: parse the command line, then run the dashboard or a one-shot command. Exit codes
 * (`domain/exit-codes.ts`): 0 fine, 1 something pages (status), nothing matched or an action failed
 * (ack, unack, rollback), 2 usage or config error (or an action refused in a read-only context),
 * 3 a source could not be read. Nothing here prints a stack trace for a user error.
 */
import {existsSync, realpathSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import pkg from '../../package.json' with {type: 'json'};
import {clockSkewNote} from '../domain/clock-skew.ts';
import {defaultKeymap} from '../actions/keymap.ts';
import {createRegistry, type KeyOverrides} from '../actions/registry.ts';
import type {ConfigError} from '../config/config-errors.ts';
import {statusExitCode, type StatusDocument} from '../domain/status-document.ts';
import type {QueryClient} from '@tanstack/query-core';
import {isInstantAgo, parseAt} from '../domain/instant.ts';
import {mergeStatusDocuments} from '../domain/status-contexts.ts';
import {collectStatusAt} from '../queries/status-at-queries.ts';
import {collectStatus, collectStatusSet} from '../queries/status-queries.ts';
import {ackCommand, alertsCommand, unackCommand} from './alert-commands.ts';
import {learnBackendsClock} from './backends-clock.ts';
import {whoisonCommand} from './whoison-command.ts';
import {deploysCommand, rollbackCommand} from './deploy-commands.ts';
import {ackContextsCommand, alertsContextsCommand, deploysContextsCommand} from './context-commands.ts';
import {applyContextFilter} from './context-filter-arg.ts';
import {processTerminal, type RollbackTerminal} from './rollback-follow.ts';
import {parseArgs, type CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {terminalState} from './terminal-state.ts';
import {configLocation, configRuntime, demoRuntime, runtimeNotes, type Runtime} from './runtime.ts';
import {configThemeErrors} from './config-themes.ts';
import {readByBackendsClock, safeJson, withClient} from './one-shot.ts';
import {readKeptLog, statusWithKept, type KeptLog} from './kept-log.ts';
import {statusText} from './status-text.ts';
import {isStandalone, versionText} from './standalone.ts';
import {glyphOutput, type GlyphOutput} from './glyph-output.ts';
import {sanitize} from '../domain/sanitize.ts';

/** Where a command writes; injectable for tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The first write error of the process' own output other than its reader closing it. */
const outputState = {failed: null as {stream: string; message: string} | null};

/**
 * Writes to `stream` until it fails. A reader that closes the pipe early (`oncall alerts --json |
 * head`) made Node throw an unhandled EPIPE with a stack trace, and could cut an ack short between
 * its retries; a terminal that hung up under `oncall rollback` gives EIO the same way: now the rest of the output is dropped and the command finishes what it does (an ack
 * still lands, and is logged), with its own exit code. Any other write error (a full disk) is said
 * once at exit, with exit 2: the output is incomplete. The listener is added at the first write:
 * the dashboard, which draws through Ink and never writes here, hears its terminal's errors itself
 * (dashboard-command.tsx: a terminal gone ends it as a hangup does).
 */
function guardedWrite(stream: NodeJS.WriteStream, name: string): (text: string) => void {
  let closed = false;
  let listening = false;
  return (text) => {
    if (!listening) {
      listening = true;
      stream.on('error', (error: NodeJS.ErrnoException) => {
        closed = true;
        // EIO: the terminal itself is gone (the SSH session dropped, the tmux pane was killed),
        // as good as a reader that closed the pipe; nobody is left to tell.
        if (error.code !== 'EPIPE' && error.code !== 'EIO') outputState.failed ??= {stream: name, message: error.message};
      });
    }
    if (!closed) stream.write(text);
  };
}

const processIo: Io = {out: guardedWrite(process.stdout, 'stdout'), err: guardedWrite(process.stderr, 'stderr')};

/** The runtimes this process opened, for the clock note at the end of a one-shot command. */
const opened: Array<{runtime: Runtime; command: string}> = [];

async function runtimeFor(args: CliArgs, env: Env, now: () => number = () => Date.now()): Promise<Runtime | string> {
  const runtime = args.command === 'demo' || args.demo ? demoRuntime(args, env, now) : await configRuntime(args, env, now);
  if (typeof runtime !== 'string') opened.push({runtime, command: args.command});
  return runtime;
}

/**
 * `--at` of `args`, epoch ms by the runtime's clock (absent: no `--at`), or the exit code 2 after
 * saying what is wrong with it and closing the runtime: the screen or document never starts.
 */
async function atOf(args: CliArgs, runtime: Runtime, io: Io): Promise<{at?: number} | {exit: number}> {
  if (args.at === undefined) return {};
  const parsed = parseAt(args.at, runtime.settings.now());
  if ('at' in parsed) return parsed;
  io.err(`${parsed.error}\n`);
  await runtime.close();
  return {exit: 2};
}

async function status(args: CliArgs, env: Env, io: Io, now?: () => number): Promise<number> {
  const runtime = await runtimeFor(args, env, now);
  if (typeof runtime === 'string') {
    io.err(`${runtime}\n`);
    return 2;
  }
  for (const note of runtimeNotes(runtime)) io.err(`note: ${note}\n`);
  const parsedAt = await atOf(args, runtime, io);
  if ('exit' in parsedAt) return parsedAt.exit;
  // The keeper's outcomes are of the acks now: read once, never for the past.
  const log = parsedAt.at === undefined ? await readKeptLog(env, runtime.demo) : undefined;
  return withClient(runtime, async (client) => {
    // The reads go out by this machine's clock, before any answer has told whether it is off. If
    // the answers show it is, they are asked again by the backends' clock: an SLO window must end
    // at Prometheus' now, and `--at 30m` count back from it.
    let at = parsedAt.at ?? null;
    let first = true;
    const collected = await readByBackendsClock(runtime, () => {
      if (!first && args.at !== undefined) {
        const again = parseAt(args.at, runtime.settings.now());
        if ('at' in again) at = again.at;
      }
      first = false;
      return collectStatusOf(client, runtime, at, log);
    });
    if ('docs' in collected) {
      // Several contexts: one document (each entry naming its context), the worst exit code.
      const {docs, merged} = collected;
      // In the past, ages are as of `at` (the document's `generatedAt` is when it was made).
      const now = at ?? Date.parse(merged.generatedAt);
      const doc = at === null ? merged : {...merged, at: new Date(at).toISOString()};
      io.out(args.json ? `${safeJson(doc)}\n` : docs.map((d, i) => statusText(d, now, deploySourceOf(runtime.members[i]!.composed))).join('\n'));
      return statusExitCode(merged);
    }
    const {doc} = collected;
    io.out(args.json ? `${safeJson(doc)}\n` : statusText(doc, at ?? runtime.settings.now(), deploySourceOf(runtime.composed)));
    return statusExitCode(doc);
  });
}

// The name of a context's deploy history, null when it has none: its `Deploys:` line says which.
const deploySourceOf = (composed: Runtime['composed']): string | null => composed.services.deploySource?.name ?? null;

/** The status document of the runtime's selection, now or at `at`: one context's, or every selected one's and their merge. */
async function collectStatusOf(client: QueryClient, runtime: Runtime, at: number | null, log: KeptLog | undefined): Promise<{doc: StatusDocument} | {docs: StatusDocument[]; merged: ReturnType<typeof mergeStatusDocuments>}> {
  if (runtime.members.length > 1) {
    const members = runtime.members.map((m) => ({services: m.composed.services, settings: m.settings}));
    const read = at === null ? await collectStatusSet(client, members) : await Promise.all(members.map((m) => collectStatusAt(client, m.services, m.settings, at)));
    const docs = read.map((d) => statusWithKept(d, log));
    return {docs, merged: mergeStatusDocuments(runtime.selectionLabel, docs)};
  }
  return {doc: statusWithKept(at === null ? await collectStatus(client, runtime.composed.services, runtime.settings) : await collectStatusAt(client, runtime.composed.services, runtime.settings, at), log)};
}

/** The `keys:` overrides the keymap refuses, as config errors at `keys.<action>`. */
async function keyOverrideErrors(file: string, overrides: KeyOverrides): Promise<ConfigError[]> {
  const {errors} = createRegistry(defaultKeymap, overrides, {readOnly: false});
  if (errors.length === 0) return [];
  const {configFileLocator, formatPath} = await import('./config-modules.ts');
  const locate = await configFileLocator(file);
  return errors.map((error) => {
    // The registry words each problem as `keys.<action>: what is wrong`.
    const [, id = '', message = error] = /^keys\.(.+?): (.*)$/s.exec(error) ?? [];
    const path = ['keys', id];
    return {file, ...locate(path), path: formatPath(path), message};
  });
}

async function configCommand(args: CliArgs, env: Env, io: Io): Promise<number> {
  const located = configLocation(args, env);
  // Under a home directory there is none of: no path to print or read, and `tried` says why.
  if (located.path === null) {
    io.err(`no config path: ${located.tried.join(', ')}; point --config or ONCALL_CONFIG at the config, or set XDG_CONFIG_HOME or HOME\n`);
    return 2;
  }
  const where = {...located, path: located.path};
  if (args.command === 'config-path') {
    io.out(`${where.path}\n`);
    if (where.tried.length > 1) io.err(`(looked in: ${where.tried.join(', ')})\n`);
    // Still exit 0: the path is the answer (where to create it); stdout stays that path alone.
    if (!existsSync(where.path)) io.err(`(${where.path} does not exist: create it, see examples/config.yaml)\n`);
    return 0;
  }
  const {loadConfig, formatConfigErrors, loadConfigSloFiles} = await import('./config-modules.ts');
  const result = await loadConfig(where.path);
  if (!result.ok) {
    io.err(`${formatConfigErrors(result.errors)}\n`);
    return 2;
  }
  // Every kind of problem is said in one run: one edit fixes them all, not one round per kind.
  // The dashboard skips a bad key override and starts; validating is where it must be said.
  const keyErrors = await keyOverrideErrors(where.path, result.config.keys);
  // A theme the dashboard would report at start (and draw with the default) is an error here.
  const themeErrors = await configThemeErrors(where.path, result.config);
  // SLO files are part of the config: a broken one fails validation (the dashboard only notes it).
  const sloFiles = [...(await loadConfigSloFiles(result.config)).values()];
  // Contexts sharing a glob would report its problems once per context.
  const sloErrors = [...new Set(sloFiles.flatMap((r) => r.errors.map((e) => formatConfigErrors([e]))))];
  if (keyErrors.length > 0) io.err(`${formatConfigErrors(keyErrors)}\n(the dashboard skips these overrides and keeps the default keys)\n`);
  if (themeErrors.length > 0) io.err(`${formatConfigErrors(themeErrors)}\n`);
  if (sloErrors.length > 0) io.err(`${sloErrors.join('\n')}\n`);
  if (keyErrors.length + themeErrors.length + sloErrors.length > 0) return 2;
  const names = result.config.contexts.map((c) => c.name);
  const fromFiles = sloFiles.length === 0 ? '' : `; ${sloFiles.reduce((n, r) => n + r.definitions.length, 0)} SLOs from sloFiles`;
  // The config rules refuse a name sanitize would change; these are shown escaped all the same,
  // as every name from the config is.
  io.out(`${where.path}: valid (${names.length} context${names.length === 1 ? '' : 's'}: ${names.map((n) => sanitize(n)).join(', ')}; current: ${sanitize(result.config['current-context'])}${fromFiles})\n`);
  return 0;
}

/** A command that acts on one context refuses a selection of several (exit 2), naming them. */
async function oneContextOnly(runtime: Runtime, command: string, io: Io): Promise<number> {
  const names = runtime.members.map((m) => m.composed.services.context);
  io.err(`${command} acts on one context; name it with --context (selected: ${names.map((n) => sanitize(n)).join(', ')})\n`);
  await runtime.close();
  return 2;
}

/** `alerts`, `ack`, `unack`: over one context or several. */
async function alertCommands(given: CliArgs, env: Env, io: Io): Promise<number> {
  const selected = await runtimeFor(given, env);
  if (typeof selected === 'string') {
    io.err(`${selected}\n`);
    return 2;
  }
  // `ctx=` chooses contexts before anything is read, as the dashboard's `/` does.
  const narrowed = await applyContextFilter(given, selected, io);
  if (typeof narrowed === 'number') return narrowed;
  const {args, runtime} = narrowed;
  if (args.command === 'unack' && runtime.members.length > 1) return oneContextOnly(runtime, 'unack', io);
  for (const note of runtimeNotes(runtime)) io.err(`note: ${note}\n`);
  // A selection of several keeps its document's shape (`contexts`, each entry's `context`) when
  // `ctx=` leaves one of them: a script reads the same shape whatever the filter.
  if (selected.members.length > 1 && args.command !== 'unack') {
    return args.command === 'alerts' ? alertsContextsCommand(args, runtime, env, io) : ackContextsCommand(args, runtime, env, io);
  }
  if (args.command === 'alerts') return alertsCommand(args, runtime, env, io);
  return args.command === 'ack' ? ackCommand(args, runtime, env, io) : unackCommand(args, runtime, env, io);
}

/** Hooks for tests and embedding; the command line never sets them. */
export interface MainOptions {
  /**
   * The clock `status` reads (default `Date.now`). Tests pin it to an instant of their synthetic
   * data, where Prometheus' numbers can be predicted exactly.
   */
  now?: () => number;
  /** What `rollback` reads its confirmation from and how it waits and hears Ctrl-C. */
  terminal?: Partial<RollbackTerminal>;
}

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function main(argv: string[], env: Env = process.env, rawIo: Io = processIo, options: MainOptions = {}): Promise<number> {
  const from = opened.length;
  // Text for a terminal without UTF-8 is made ASCII here, for every command at once; the
  // config's `glyphs:` counts once a runtime of this call has read it.
  const output = glyphOutput(rawIo, env, () => opened.slice(from).find((o) => o.runtime.config?.glyphs !== undefined)?.runtime.config?.glyphs);
  const {io} = output;
  try {
    return await command(argv, env, io, options, output);
  } finally {
    // After the reads: a one-shot command says once that its times are its backends' clock (the
    // dashboard's header says it instead).
    for (const {runtime, command} of opened.splice(from)) {
      const note = clockSkewNote(runtime.clockSkew());
      if (note !== null && ONE_SHOT.has(command)) io.err(`note: ${note}\n`);
    }
  }
}

/** The commands that print and exit, which say so when the clock was taken from the backends. */
const ONE_SHOT = new Set(['status', 'alerts', 'ack', 'unack', 'whoison', 'deploys', 'rollback', 'timeline', 'handover']);

async function command(argv: string[], env: Env, io: Io, options: MainOptions, output: GlyphOutput): Promise<number> {
  const args = await parseArgs(argv, versionText(pkg.version), (text) => io.out(`${text}\n`));
  if ('message' in args) {
    io.err(`${args.message}\nRun "oncall --help" for usage.\n`);
    return 2;
  }
  output.parsed(args);
  switch (args.command) {
    case 'handled':
      return 0;
    case 'status':
      return status(args, env, io, options.now);
    case 'config-path':
    case 'config-validate':
      return configCommand(args, env, io);
    case 'alerts':
    case 'ack':
    case 'unack': {
      if (args.command !== 'alerts' || args.demo) return alertCommands(args, env, io);
      // Alertmanager encodes its answer while the rest loads (alerts-prefetch.ts).
      const {prefetchAlertReads} = await import('./alerts-prefetch.ts');
      const drop = await prefetchAlertReads(args, env);
      try {
        return await alertCommands(args, env, io);
      } finally {
        await drop();
      }
    }
    case 'whoison': {
      const runtime = await runtimeFor(args, env, options.now);
      if (typeof runtime === 'string') {
        io.err(`${runtime}\n`);
        return 2;
      }
      for (const note of runtimeNotes(runtime)) io.err(`note: ${note}\n`);
      return whoisonCommand(args, runtime, io);
    }
    case 'deploys':
    case 'rollback': {
      const runtime = await runtimeFor(args, env, options.now);
      if (typeof runtime === 'string') {
        io.err(`${runtime}\n`);
        return 2;
      }
      if (args.command === 'rollback' && runtime.members.length > 1) return oneContextOnly(runtime, 'rollback', io);
      for (const note of runtimeNotes(runtime)) io.err(`note: ${note}\n`);
      if (args.command === 'deploys' && runtime.members.length > 1) return deploysContextsCommand(args, runtime, io);
      if (args.command === 'deploys') return deploysCommand(args, runtime, io);
      return rollbackCommand(args, runtime, env, io, {...processTerminal, ...options.terminal});
    }
    case 'timeline':
    case 'handover': {
      const runtime = await runtimeFor(args, env, options.now);
      if (typeof runtime === 'string') {
        io.err(`${runtime}\n`);
        return 2;
      }
      for (const note of runtimeNotes(runtime)) io.err(`note: ${note}\n`);
      if (args.command === 'timeline') return (await import('./timeline-command.ts')).timelineCommand(args, runtime, env, io);
      return (await import('./handover-command.ts')).handoverCommand(args, runtime, env, io);
    }
    case 'dashboard':
    case 'demo': {
      const runtime = await runtimeFor(args, env);
      if (typeof runtime === 'string') {
        io.err(`${runtime}\n`);
        return 2;
      }
      // `--at`: the dashboard starts in the past, parsed as `status --at` parses it. `--at 30m`
      // counts back from the backends' clock: the past view never polls live, so an instant
      // counted by this machine's clock would stay off by its skew all session (status reads
      // again instead). A time of its own (`--at 2026-12-06T10:00Z`) needs no clock.
      if (args.at !== undefined && isInstantAgo(args.at)) await learnBackendsClock(runtime);
      const parsedAt = await atOf(args, runtime, io);
      if ('exit' in parsedAt) return parsedAt.exit;
      // Ink, React and the keymap load only for the dashboard: one-shot commands never need them.
      const {runDashboard} = await import('./dashboard-command.tsx');
      return runDashboard(runtime, args, env, parsedAt.at);
    }
    default:
      return 2;
  }
}

/**
 * The line an error nothing else caught leaves on stderr. Sanitized: its message can carry a
 * backend's words (a body quoted by a library), and stderr is the user's terminal.
 */
export function unexpectedErrorLine(error: unknown): string {
  return `oncall: unexpected error: ${sanitize(error instanceof Error ? error.message : String(error))}\n`;
}

/** Whether `oncall` is running this process' command line already (it runs once). */
let commandLineStarted = false;

/**
 * Runs the process' own command line (`process.argv`) and sets the exit code. Called by whoever
 * starts oncall: the launcher (`dist/oncall.mjs`, which bin/oncall.mjs imports), and this file
 * itself when it is the program (tsx, or the standalone build). Never on import: tests import
 * this file. Once per process.
 */
export function runCommandLine(): void {
  if (commandLineStarted) return;
  commandLineStarted = true;
  // At exit, not when main resolves: a write error is told after the writes (a file's as late as
  // the turn after them).
  process.once('exit', () => {
    const failed = outputState.failed;
    if (failed === null) return;
    // A failed stderr cannot carry the message; the exit code still says the output is incomplete.
    if (failed.stream !== 'stderr') process.stderr.write(`oncall: the output could not be written (${failed.stream}: ${sanitize(failed.message)})\n`);
    process.exitCode = 2;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Its work done (the log drained), a dashboard whose terminal is gone ends here: the failed
      // tty can keep the event loop alive, and the process would linger with no one to see it.
      if (terminalState.gone) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(unexpectedErrorLine(error));
      process.exitCode = 2;
    },
  );
}

/**
 * True when the script Node was started with is this very file (`tsx src/cli/main.ts`), through
 * any link. Compared as real paths, not by name: a link called `oc` or `oncall-prod` made every
 * command a silent no-op when the name decided.
 */
function startedAsThisFile(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// The single executable's entry only imports this file (argv[1] is the executable itself).
if (isStandalone() || startedAsThisFile()) runCommandLine();
