/**
 * `oncall timeline`: the postmortem timeline of a range, in Markdown or JSON, over every context
 * of the selection (each event names its context). Exit 0 when every part was read, 3 when a
 * part is missing (the timeline says which), 2 for a bad range or a `--service` nothing names.
 */
import {EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE} from '../domain/exit-codes.ts';
import {parseRange} from '../domain/instant.ts';
import {sanitize} from '../domain/sanitize.ts';
import {eventSpan, timelineDocument, timelineMarkdown, unreadNote, type SloBudgetSpent} from '../domain/timeline-document.ts';
import {sortEvents, type Timeline} from '../domain/timeline.ts';
import type {PagedIncident} from '../domain/handover-incidents.ts';
import {readActionLogChecked} from '../platform/action-log.ts';
import {userActionLogPath} from '../platform/paths.ts';
import {readPagedIncidents} from '../queries/paged-incidents.ts';
import {readBudgetSpent, readTimeline, type TimelineReading, type TimelineRequest} from '../queries/timeline-queries.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import type {Io} from './main.ts';
import {readByBackendsClock, safeJson} from './one-shot.ts';
import type {ContextMember, Runtime} from './runtime.ts';

/** The read of a timeline as every command asks for it: action log, runbook links, ack prefix. */
export function timelineRequest(runtime: Runtime, member: ContextMember, env: Env, range: {from: number; to: number}, service?: string): TimelineRequest {
  const {settings} = member;
  const logPath = userActionLogPath(env, runtime.demo);
  return {
    ...range,
    ...(service === undefined ? {} : {service}),
    ackPrefix: settings.ackPrefix,
    user: settings.ackAuthor,
    now: runtime.settings.now(),
    readActions: () => readActionLogChecked(logPath),
    // Alert history has labels, not annotations: today's rule of the alert's name, else the
    // configured template, links a runbook.
    runbooks: {template: settings.runbookTemplate},
  };
}

/** Parses `--since`/`--from`/`--to`, or prints why not. */
export function rangeOf(args: CliArgs, now: number, defaultSince: string, io: Io): {from: number; to: number} | null {
  const range = parseRange({since: args.since, from: args.from, to: args.until}, now, defaultSince);
  if ('error' in range) {
    io.err(`${range.error}\n`);
    return null;
  }
  return range;
}

/** The contexts of the selection, in its order. */
export function selectionContexts(runtime: Runtime): string[] {
  return runtime.members.map((m) => m.composed.services.context);
}

/** The readings of every context of the selection, joined: one timeline, the state at its end. */
export async function readSelection(runtime: Runtime, env: Env, range: {from: number; to: number}, service?: string): Promise<TimelineReading> {
  const readings = await Promise.all(runtime.members.map((m) => readTimeline(m.composed.services, timelineRequest(runtime, m, env, range, service))));
  const first = readings[0]!;
  const contexts = selectionContexts(runtime);
  // Over several contexts each note names its own, as events and gaps do: "no alert fired" of a
  // quiet context must not read as the whole timeline's beside another's pages, nor two
  // contexts' identical notes merge into one naming neither.
  const several = readings.length > 1;
  const notes = readings.flatMap((r, i) => (r.timeline.notes ?? []).map((n) => (several ? `${contexts[i]}: ${n}` : n)));
  const timeline: Timeline = {...first.timeline, events: sortEvents(readings.flatMap((r) => r.timeline.events)), gaps: readings.flatMap((r) => r.timeline.gaps), notes: [...new Set(notes)]};
  // Each context's state named by its context: two contexts may hold SLOs of one name.
  return {
    timeline,
    slosAtEnd: readings.flatMap((r, i) => r.slosAtEnd.map((s) => ({...s, context: contexts[i]}))),
    alertsAtEnd: readings.flatMap((r, i) => r.alertsAtEnd.map((a) => ({...a, context: contexts[i]}))),
    // Named by their context: an ack made before the shift is handed over with its own.
    silences: readings.flatMap((r, i) => r.silences.map((x) => ({...x, context: contexts[i]!}))),
    services: [...new Set(readings.flatMap((r) => r.services))].sort(),
    unread: readings.flatMap((r) => r.unread),
  };
}

/** The budget every SLO of the selection spent over a span, and what could not be read. */
export async function selectionBudgets(runtime: Runtime, span: {from: number; to: number}, service?: string): Promise<{budgets: SloBudgetSpent[]; gaps: Timeline['gaps']}> {
  const spent = await Promise.all(
    runtime.members.map((m) => {
      const slos = m.composed.services.slos.filter((s) => service === undefined || s.service === service);
      return readBudgetSpent(m.composed.services, slos, span.from, span.to);
    }),
  );
  const contexts = selectionContexts(runtime);
  return {budgets: spent.flatMap((s, i) => s.budgets.map((b) => ({...b, context: contexts[i]}))), gaps: spent.flatMap((s) => s.gaps)};
}

/** The incidents the paging services of the selection opened over a span, and what could not be read. */
export async function selectionIncidents(runtime: Runtime, span: {from: number; to: number}): Promise<{incidents: PagedIncident[]; gaps: Timeline['gaps']; sources: Array<{context: string; source: string}>}> {
  const read = await Promise.all(runtime.members.map((m) => readPagedIncidents(m.composed.services, span.from, span.to)));
  return {incidents: read.flatMap((r) => r.incidents), gaps: read.flatMap((r) => r.gaps), sources: read.flatMap((r) => r.sources)};
}

/**
 * The services a `--service` name may mean: those the range's events and the contexts' SLOs
 * name, and those the paging sources' `services:` map to, sorted.
 */
function knownServices(runtime: Runtime, named: readonly string[]): string[] {
  const contexts = new Set(selectionContexts(runtime));
  const paging = (runtime.config?.contexts ?? []).filter((c) => contexts.has(c.name)).flatMap((c) => (c.alertSources ?? []).flatMap((s) => (s.kind === 'pagerduty' ? Object.values(s.services) : [])));
  return [...new Set([...named, ...paging])].filter((s) => s !== '').sort();
}

// At most ten names, sanitized: a long list would bury the message.
function knownList(services: readonly string[]): string {
  if (services.length === 0) return 'none';
  const shown = services.slice(0, 10).map((s) => sanitize(s)).join(', ');
  return services.length > 10 ? `${shown}, and ${services.length - 10} more` : shown;
}

/** Where a range parsed a second time says nothing: it parsed the first time. */
export const QUIET: Io = {out: () => {}, err: () => {}};

/** Runs `oncall timeline`. */
export async function timelineCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  let range = rangeOf(args, runtime.settings.now(), '2h', io);
  if (range === null) {
    await runtime.close();
    return EXIT_USAGE;
  }
  try {
    let first = true;
    const reading = await readByBackendsClock(runtime, () => {
      // Read again by the backends' clock: the range counts back from their now.
      if (!first) range = rangeOf(args, runtime.settings.now(), '2h', QUIET) ?? range!;
      first = false;
      return readSelection(runtime, env, range!, args.onlyService);
    });
    // A name nothing names, with every part read, is a typo: refused as `whoison` refuses one,
    // rather than a document saying nothing happened to a service that is not there. With a part
    // missing, that part may name it: the timeline is printed and says so.
    const known = knownServices(runtime, reading.services);
    if (args.onlyService !== undefined && reading.timeline.gaps.length === 0 && !known.includes(args.onlyService)) {
      io.err(`timeline: no configured service and no event in the range is named ${sanitize(args.onlyService)} (known: ${knownList(known)})\n`);
      return EXIT_USAGE;
    }
    const span = eventSpan(reading.timeline.events);
    const spent = span ? await selectionBudgets(runtime, span, args.onlyService) : {budgets: [], gaps: []};
    // A part no source is configured for (no Alertmanager: acks) is said beside the events, exit unchanged.
    const several = runtime.members.length > 1;
    const timeline = {...reading.timeline, gaps: [...reading.timeline.gaps, ...spent.gaps], notes: [...(reading.timeline.notes ?? []), ...reading.unread.map((u) => unreadNote(u, several))]};
    const input = {context: runtime.selectionLabel, contexts: selectionContexts(runtime), ...(args.onlyService === undefined ? {} : {service: args.onlyService}), timeline, budgets: spent.budgets};
    io.out(args.format === 'json' ? `${safeJson(timelineDocument(input))}\n` : timelineMarkdown({...input, services: known}));
    return timeline.gaps.length > 0 ? EXIT_SOURCE_FAILED : EXIT_OK;
  } finally {
    await runtime.close();
  }
}
