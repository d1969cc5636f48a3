/**
 * What a command runs against: the demo environment or a context of the loaded config, plus the
 * settings every command shares. Usage and config problems come back as messages (exit 2).
 */
import {hostname, userInfo} from 'node:os';
import type {KeyOverrides} from '../actions/registry.ts';
import type {ContextConfig, OncallConfig} from '../config/config-types.ts';
import {parseDuration} from '../domain/duration.ts';
import {sanitize} from '../domain/sanitize.ts';
import {resolveConfigPath, systemHome, userHome} from '../platform/paths.ts';
import type {PollSettings} from '../queries/status-queries.ts';
import {createDemoEnvironment} from '../sources/demo/demo-environment.ts';

import type {CliArgs} from './args.ts';
import type {Composed, Env} from './compose.ts';
import type {CloseOptions} from '../sources/http/http-client.ts';

/** One context of the selection: its services and its own settings (intervals, runbook template). */
export interface ContextMember {
  composed: Composed;
  settings: Runtime['settings'];
  /** Marked production in the config (`production: true`). */
  production: boolean;
}

/** Everything a command needs, resolved from flags, environment and config. */
export interface Runtime {
  /** The first context of the selection (the only one, unless several were selected). */
  composed: Composed;
  /** Every selected context, in the order given; one element unless several were selected. */
  members: ContextMember[];
  /** The selection as typed (`prod`, `prod-eu,prod-us`, `*`), or the one context's name. */
  selectionLabel: string;
  /**
   * Notes of the config as a whole, said before the contexts' own: the context entries left out
   * for errors of their own (not selected, so the rest runs).
   */
  configNotes?: string[];
  /** Closes every selected context's connections; `abort` destroys them without waiting for answers. */
  close(how?: CloseOptions): Promise<void>;
  config: OncallConfig | null;
  contextNames: string[];
  /** Opens another context (`:ctx NAME`); the demo has only itself. */
  openContext(name: string): Composed | string;
  /**
   * Opens a selection for the dashboard's `:ctx` (`a,b`, a group, `*`, one name), resolved as
   * `--context` is; a context already open is reused (same services, its queries keep their data).
   */
  openContexts(spec: string): ContextMember[] | string;
  themeName: string | undefined;
  settings: PollSettings & {
    ackDuration: number;
    ackAuthor: string;
    /** Labels left out of ack matchers (their values change while the problem stays). */
    ackVolatileLabels: string[];
    /** Keep extending the dashboard's own acks while their alerts still fire. */
    ackUntilResolved: boolean;
    intervals: {slos: number; history: number; alerts: number; deploys: number; panels: number; oncalls?: number};
    /** How a new page is announced (config `notify`). */
    notify: 'bell' | 'osc9' | 'osc777' | 'off';
  };
  keyOverrides: KeyOverrides;
  /**
   * What the runtime's clock (`settings.now`) adds to this machine's, in ms: the skew its
   * backends' `Date` headers show, 0 within two seconds (domain/clock-skew.ts).
   */
  clockSkew(): number;
  /** The built-in demo: its simulated actions are logged apart from real ones. */
  demo?: boolean;
}

const DEFAULT_INTERVALS = {slos: 15_000, history: 60_000, alerts: 15_000, deploys: 60_000, panels: 15_000};
const SUSPECT_WINDOW_MS = 30 * 60_000;

function defaultAuthor(env: Env): string {
  let user = env['USER'] ?? env['LOGNAME'];
  try {
    user ??= userInfo().username;
  } catch {
    user ??= 'unknown';
  }
  return `${user}@${hostname()}`;
}

/**
 * Hidden, for the benchmarks only (not in `--help` nor the README): `1` stops the demo's scenario
 * at start, so every poll returns unchanged data while the clock and the data ages run on.
 * bench/idle-refresh.ts sets it to measure the bytes of an idle refresh with unchanged data.
 */
export const FROZEN_DEMO_ENV = 'ONCALL_BENCH_FROZEN_DEMO';

/** The demo runtime: a fresh simulated environment whose incident started ~12 minutes ago. */
export function demoRuntime(args: CliArgs, env: Env, now: () => number): Runtime {
  const demo = createDemoEnvironment({now, user: defaultAuthor(env), ...(env[FROZEN_DEMO_ENV] === '1' ? {frozenAt: now()} : {})});
  const composed: Composed = {services: {...demo.services, readOnly: args.readOnly}, notes: [], close: async () => {}};
  const settings: Runtime['settings'] = {now, ackPrefix: 'ACK!', suspectWindowMs: SUSPECT_WINDOW_MS, ackDuration: 15 * 60_000, ackAuthor: defaultAuthor(env), ackVolatileLabels: [], ackUntilResolved: false, notify: 'off', intervals: {...DEFAULT_INTERVALS, slos: 5_000, alerts: 5_000, deploys: 5_000, panels: 5_000}};
  return {
    composed,
    members: [{composed, settings, production: false}],
    selectionLabel: demo.services.context,
    close: () => composed.close(),
    config: null,
    contextNames: [demo.services.context],
    openContext: (name) => (name === demo.services.context ? composed : `the demo has only the context "${demo.services.context}"`),
    openContexts: (spec) => (spec === demo.services.context || spec === '*' ? [{composed, settings, production: false}] : `the demo has only the context "${demo.services.context}"`),
    themeName: args.theme,
    settings,
    keyOverrides: {},
    // The demo's backends are in-process: one clock.
    clockSkew: () => 0,
    demo: true,
  };
}

/**
 * Where the config is looked for, for messages; `path` is null when it would be under a home
 * directory there is none of. `lookupHome` is the system's lookup, injected by tests.
 */
export function configLocation(args: CliArgs, env: Env, lookupHome: () => string | null = systemHome) {
  return resolveConfigPath({flag: args.config, env, home: userHome(env, lookupHome)});
}

/** What to do when no config was found after looking in `tried`; `path` is where one would go, if known. */
function noConfigFound(tried: string[], path: string | null): string {
  return [
    'No config found. Looked in:',
    ...tried.map((p) => `  ${p}`),
    'Try the built-in demo environment:   oncall demo',
    'Or start from the commented example: examples/config.yaml in the oncall repository',
    path === null ? '(point --config or ONCALL_CONFIG at it, or set XDG_CONFIG_HOME or HOME).' : `(copy it to ${path}, or point --config or ONCALL_CONFIG at it).`,
  ].join('\n');
}

/**
 * Loads the config and opens the chosen context.
 * @returns the runtime, or the message to print before exiting with 2
 */
export async function configRuntime(args: CliArgs, env: Env, now: () => number): Promise<Runtime | string> {
  const located = configLocation(args, env);
  // No path only when neither --config nor ONCALL_CONFIG is given and there is no home to look in.
  if (located.path === null) return noConfigFound(located.tried, null);
  const where = {...located, path: located.path};
  const {loadConfig, formatConfigErrors, loadConfigSloFiles, composeContext, selectContexts, createSharedBackends, createRequestGate, createClockSkewLog} = await import('./config-modules.ts');
  // A context broken in the file must not stop one that is fine (prod, mid-incident): its entry is
  // left out and refused only when selected.
  const result = await loadConfig(where.path, {keepGoodContexts: true});
  if (!result.ok) {
    const missing = result.errors.length === 1 && /not found|does not exist|ENOENT/i.test(result.errors[0]!.message);
    if (missing && !args.config && !env['ONCALL_CONFIG']) return noConfigFound(where.tried, where.path);
    return formatConfigErrors(result.errors);
  }
  const config = result.config;
  // Read up front: opening a context is synchronous (`:ctx NAME`), reading files is not.
  const sloFiles = await loadConfigSloFiles(config);
  const skipped = result.skipped ?? [];
  const skippedGroups = result.skippedGroups ?? [];
  const names = contextOrder(config.contexts, skipped);
  // Every group of the file too, those left out for a wrong name among them.
  const groups = {...config.contextGroups, ...Object.fromEntries(skippedGroups.map((g) => [g.name, g.members]))};
  // Selected by every name in the file, so a broken one is refused with its errors, not unknown.
  const select = (request: {context?: string | undefined; all?: boolean | undefined}) => {
    const chosen = selectContexts({...config, contextGroups: groups, contexts: names.map((name) => ({name}))}, request, where.path);
    if (typeof chosen === 'string') return chosen;
    const broken = [...skippedGroups.filter((g) => chosen.groups.includes(g.name)), ...skipped.filter((s) => chosen.names.includes(s.name))];
    return broken.length > 0 ? formatConfigErrors(broken.flatMap((s) => s.errors)) : chosen;
  };
  const selection = select({context: args.context, all: args.allContexts});
  if (typeof selection === 'string') return selection;
  const configNotes = [
    ...skipped.flatMap((s) => s.errors.map((e) => `${formatConfigErrors([e])} (context ${sanitize(s.name)} is not selected; it will not open)`)),
    ...skippedGroups.flatMap((g) => g.errors.map((e) => `${formatConfigErrors([e])} (group ${sanitize(g.name)} is not selected; selecting it is refused)`)),
  ];
  // One pool and one bound on requests for every context this process opens, and one clock: a
  // bastion whose clock drifted takes its backends' time, so acks and SLO windows are theirs.
  const clock = createClockSkewLog();
  const shared = createSharedBackends(createRequestGate(config.maxConcurrentRequests ?? DEFAULT_MAX_REQUESTS), clock);
  const machineNow = now;
  now = () => machineNow() + clock.skewMs();
  const opened: Composed[] = [];
  const open = (n: string): Composed | string => {
    const bad = skipped.find((s) => s.name === n);
    if (bad) return formatConfigErrors(bad.errors).replaceAll('\n', ' · ');
    const ctx = config.contexts.find((c) => c.name === n);
    if (!ctx) return sanitize(`${where.path}: no context named "${n}" (contexts: ${names.join(', ')})`);
    const composed = composeContext(ctx, env, sloFiles.get(ctx.name), shared);
    if (args.readOnly) composed.services = {...composed.services, readOnly: true};
    composed.themeName = ctx.theme ?? config.theme;
    opened.push(composed);
    return composed;
  };
  const memberCache = new Map<string, ContextMember>();
  const member = (name: string): ContextMember => {
    let m = memberCache.get(name);
    if (!m) {
      const ctx = config.contexts.find((c) => c.name === name)!;
      m = {composed: open(name) as Composed, settings: contextSettings(config, ctx, env, now), production: ctx.production ?? false};
      memberCache.set(name, m);
    }
    return m;
  };
  const members = selection.names.map(member);
  const first = members[0]!;
  const firstCtx = config.contexts.find((c) => c.name === selection.names[0])!;
  return {
    composed: first.composed,
    members,
    selectionLabel: selection.label,
    configNotes,
    close: async (how) => {
      await Promise.allSettled(opened.map((c) => c.close(how)));
      await shared.close(how);
    },
    config,
    contextNames: names,
    openContext: open,
    openContexts: (spec) => {
      const chosen = select({context: spec});
      // Said in the dashboard's one-line flash: a context's several errors on one line.
      return typeof chosen === 'string' ? chosen.replaceAll('\n', ' · ') : chosen.names.map(member);
    },
    themeName: args.theme ?? firstCtx.theme ?? config.theme,
    settings: first.settings,
    keyOverrides: config.keys,
    clockSkew: () => clock.skewMs(),
  };
}

/**
 * Reads in flight at once across every context when the config does not say. A refresh costs a
 * Prometheus context with an Alertmanager about a dozen reads; at 16, twenty contexts' 240
 * reads went in 15 waves and their first data took twice as long as at 64 (bench (g) setup,
 * answers replayed at the servers' own latency). 64 still bounds what one process opens.
 */
const DEFAULT_MAX_REQUESTS = 64;

/** The settings of one context: the file's, with the context's runbook template and own intervals. */
function contextSettings(config: OncallConfig, ctx: ContextConfig, env: Env, now: () => number): Runtime['settings'] {
  const ms = (d: string | undefined, fallback: number) => (d === undefined ? fallback : parseDuration(d) ?? fallback);
  const refresh = {...config.refresh, ...ctx.refresh};
  return {
    now,
    ackPrefix: config.ack.commentPrefix,
    suspectWindowMs: SUSPECT_WINDOW_MS,
    runbookTemplate: ctx.runbookTemplate,
    ackDuration: ms(config.ack.duration, 15 * 60_000),
    ackAuthor: config.ack.author ?? defaultAuthor(env),
    ackVolatileLabels: config.ack.volatileLabels ?? [],
    ackUntilResolved: config.ack.untilResolved ?? false,
    notify: config.notify,
    intervals: {
      slos: ms(refresh.slos, DEFAULT_INTERVALS.slos),
      history: ms(refresh.history, DEFAULT_INTERVALS.history),
      alerts: ms(refresh.alerts, DEFAULT_INTERVALS.alerts),
      deploys: ms(refresh.deploys, DEFAULT_INTERVALS.deploys),
      panels: ms(refresh.panels, DEFAULT_INTERVALS.panels),
      ...(refresh.oncalls === undefined ? {} : {oncalls: ms(refresh.oncalls, 5 * 60_000)}),
    },
  };
}

/**
 * The config's notes, then those of every selected context; with several, each names its context.
 * Sanitized: they quote context and source names from the config, and every command prints them.
 */
export function runtimeNotes(runtime: Pick<Runtime, 'members' | 'configNotes'>): string[] {
  return [...(runtime.configNotes ?? []).map((n) => sanitize(n)), ...memberNotes(runtime.members)];
}

/** The notes of these contexts (as opened), sanitized; with several, each names its context. */
export function memberNotes(members: ContextMember[]): string[] {
  if (members.length === 1) return members[0]!.composed.notes.map((n) => sanitize(n));
  return members.flatMap((m) => m.composed.notes.map((n) => sanitize(`${m.composed.services.context}: ${n}`)));
}

/** Every context name of the file in its order: the loaded ones and those left out for errors. */
function contextOrder(loaded: ReadonlyArray<{name: string}>, skipped: ReadonlyArray<{name: string; index: number}>): string[] {
  const names = loaded.map((c) => c.name);
  for (const s of [...skipped].sort((a, b) => a.index - b.index)) names.splice(s.index, 0, s.name);
  return names;
}

/**
 * The runtime of one selected context, for the commands that run per context: its services and
 * settings in place of the first's. Closing it closes nothing (the whole runtime closes them).
 */
export function memberRuntime(runtime: Runtime, member: ContextMember): Runtime {
  return {...runtime, composed: member.composed, settings: member.settings, members: [member], selectionLabel: member.composed.services.context, close: async () => {}};
}
