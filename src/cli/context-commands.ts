/**
 * `oncall alerts`, `oncall deploys` and `oncall ack` over several contexts (`--context a,b`, a
 * group, `--all-contexts`). Each context is read with its own sources, as alone; the output is
 * one document (a `context` on every entry, the `contexts` at the top) or, for people, one block
 * per context. The exit code is the worst of the contexts'. One context never comes here.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {Alert} from '../domain/alert.ts';
import {matchesFilter} from '../domain/alert-filter.ts';
import {compareAlerts} from '../domain/alert-order.ts';
import {parseDuration} from '../domain/duration.ts';
import {EXIT_ATTENTION, EXIT_OK, EXIT_SOURCE_FAILED, worstExitCode, type ExitCode} from '../domain/exit-codes.ts';
import {sanitize} from '../domain/sanitize.ts';
import {mergeStatusDocuments} from '../domain/status-contexts.ts';
import type {AlertSnapshot} from '../queries/alert-queries.ts';
import type {SourceOutcome} from '../queries/source-outcome.ts';
import {collectStatusSet} from '../queries/status-queries.ts';
import {ackSelected, alertJson, alertLine, alertSourcesJson, filterArg, readAlertsOrFailures, readInPart, refusal, sourceNotes, tooLongAck, unreadIncidentNote} from './alert-commands.ts';
import {MAX_ACK_MS} from '../domain/ack-plan.ts';
import {selectForAck} from './ack-select.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {keptField, readKeptLog, sourcesWithLogWarning} from './kept-log.ts';
import type {Io} from './main.ts';
import {deployLines} from './deploy-commands.ts';
import {safeJson, withClient, writeJsonStream} from './one-shot.ts';
import {memberRuntime, type Runtime} from './runtime.ts';

/**
 * Each selected context's runtime, its alerts (null: none could be read, already said) and what
 * each of its sources answered (also when none could be read).
 */
async function readEach(client: QueryClient, runtime: Runtime, io: Io, what: string): Promise<Array<{view: Runtime; context: string; snapshot: AlertSnapshot | null; outcomes: SourceOutcome[]}>> {
  const views = runtime.members.map((m) => memberRuntime(runtime, m));
  return Promise.all(
    views.map(async (view) => {
      const context = view.composed.services.context;
      return {view, context, ...(await readAlertsOrFailures(client, view, io, `${what} (context ${sanitize(context)})`))};
    }),
  );
}

/**
 * The sources of a context that could hold an alert to ack (not Prometheus' pending alerts) and
 * could not be read: the alert asked about may fire there unseen, so an ack that went elsewhere
 * did not reach everywhere it should.
 */
function unreadAckSources(view: Runtime, outcomes: readonly SourceOutcome[]): SourceOutcome[] {
  const acking = new Set(view.composed.services.alertSources.filter((s) => typeof s.capabilities.createSilence === 'function' || typeof s.capabilities.acknowledgeIncident === 'function').map((s) => s.name));
  return outcomes.filter((o) => !o.ok && acking.has(o.name));
}

/** `oncall alerts` over several contexts: alerts merged worst first, each naming its context. */
export async function alertsContextsCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const parsed = await filterArg(args, runtime, io);
  if (parsed === null) return 2;
  return withClient(runtime, async (client) => {
    // Read once for every context: its entries name their context.
    const [read, log] = await Promise.all([readEach(client, runtime, io, 'alerts'), readKeptLog(env, runtime.demo)]);
    if (log.warning !== null) io.err(`warning: ${sanitize(log.warning)}\n`);
    const listed = read.map((r) => ({...r, alerts: (r.snapshot?.alerts ?? []).filter((a) => matchesFilter(a, parsed.filter)).sort((a, b) => compareAlerts(a, b))}));
    // Read in part counts as not read: the alert asked about may be in the part that did not answer.
    const failed = read.some((r) => r.snapshot === null || r.snapshot.outcomes.some((o) => !o.ok || readInPart(o)));
    const total = listed.reduce((n, r) => n + r.alerts.length, 0);
    if (args.json) {
      // After the reads, by the runtime's clock: the first answers may have set it to the backends'.
      const at = runtime.settings.now();
      const head = {
        contexts: read.map((r) => r.context),
        context: runtime.selectionLabel,
        generatedAt: new Date(at).toISOString(),
        // A context none of whose sources answered is listed too, each source failed: left out, it read as not asked.
        sources: read.flatMap((r) => sourcesWithLogWarning(alertSourcesJson(r.outcomes, r.snapshot?.at ?? null, at), log).map((s) => ({...s, context: r.context}))),
      };
      // Worst first across contexts (a paging alert in one above a warning in another); a tie
      // keeps the order of the contexts.
      const merged = listed.flatMap((r) => r.alerts.map((alert) => ({alert, context: r.context})));
      merged.sort((a, b) => compareAlerts(a.alert, b.alert));
      const jsonOf = new Map(listed.map((r) => [r.context, alertJson(r.view, log)]));
      writeJsonStream(head, 'alerts', merged, (m) => ({...jsonOf.get(m.context)!(m.alert), context: m.context}), io.out);
      io.out('\n');
      for (const r of read) if (r.snapshot) sourceNotes(r.snapshot, io, r.context);
    } else {
      const now = runtime.settings.now();
      for (const r of listed) {
        if (r.snapshot) sourceNotes(r.snapshot, io, r.context);
        const firing = r.alerts.filter((a) => a.state === 'firing').length;
        const state = r.snapshot === null ? ': could not be read' : r.view.composed.services.alertSources.length === 0 ? ': no alert source configured' : `: ${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'} (${firing} firing)`;
        io.out(`context ${sanitize(r.context)}${state}\n`);
        for (const a of r.alerts) io.out(`${alertLine(a, now, keptField(log, r.context, a).kept)}\n`);
      }
    }
    if (failed) return EXIT_SOURCE_FAILED;
    return (args.filter ?? '').trim() !== '' && total === 0 ? EXIT_ATTENTION : EXIT_OK;
  });
}

/**
 * `oncall ack` over several contexts: the fingerprint or matchers are looked up in the selected
 * contexts only, and acked in each context where they match, through that context's own
 * Alertmanagers. A read-only context where they match is refused (2) while the others ack.
 */
export async function ackContextsCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const durationMs = args.duration === undefined ? runtime.settings.ackDuration : parseDuration(args.duration);
  if (durationMs === null || (args.duration !== undefined && durationMs > MAX_ACK_MS)) {
    io.err(`${durationMs === null ? `--duration: "${sanitize(args.duration ?? '')}" is not a duration, e.g. 15m, 1h, 4h` : tooLongAck()}\n`);
    await runtime.close();
    return 2;
  }
  return withClient(runtime, async (client) => {
    const read = await readEach(client, runtime, io, 'ack: could not read alerts');
    const found = read.map((r) => {
      if (r.snapshot) sourceNotes(r.snapshot, io, r.context);
      return {...r, selected: r.snapshot === null ? null : selectForAck(args.targets ?? [], r.snapshot.alerts)};
    });
    const matched = found.filter((f): f is typeof f & {snapshot: AlertSnapshot; selected: {alerts: Alert[]}} => f.selected !== null && 'alerts' in f.selected);
    if (matched.length === 0) {
      const errors = found.flatMap((f) => (f.selected && 'error' in f.selected ? [f.selected] : []));
      // One word matching no alert may be an incident of a paging service a context could not
      // read: "could not tell" (3), said per context, not a usage error. A context none of whose
      // sources answered (a regional outage) is judged as having read no alerts, so its unread
      // PagerDuty is said too, never left for the other contexts' usage error to speak over.
      const unreadIncidents = found
        .flatMap((f) => {
          const selected = f.selected ?? selectForAck(args.targets ?? [], []);
          return 'error' in selected ? [[f.context, unreadIncidentNote(args.targets ?? [], selected.code, f.view.composed.services, f.outcomes)] as const] : [];
        })
        .filter(([, note]) => note !== null);
      if (unreadIncidents.length > 0) {
        for (const [context, note] of unreadIncidents) io.err(`ack: context ${sanitize(context)}: ${note}\n`);
        io.err('ack: nothing was acked\n');
        return EXIT_SOURCE_FAILED;
      }
      // A usage mistake is the same in every context: say it once.
      const usage = errors.find((e) => e.code === 2);
      if (usage) {
        io.err(`ack: ${sanitize(usage.error)}\n`);
        return 2;
      }
      for (const f of found) {
        // A context with nothing to read is said as such, not as "none matches" (its alerts were not searched).
        if (f.view.composed.services.alertSources.length === 0) io.err(`ack: context ${sanitize(f.context)}: no alert source configured\n`);
        else if (f.selected && 'error' in f.selected) io.err(`ack: context ${sanitize(f.context)}: ${sanitize(f.selected.error)}\n`);
      }
      // Nothing found, but a context or source that could not be read may hold it.
      const failed = found.some((f) => f.snapshot === null || f.snapshot.outcomes.some((o) => !o.ok));
      return failed ? EXIT_SOURCE_FAILED : EXIT_ATTENTION;
    }
    const codes: ExitCode[] = [];
    for (const m of matched) {
      io.out(`context ${sanitize(m.context)}:\n`);
      const refused = refusal(m.view, 'ack', io);
      codes.push((refused ?? (await ackSelected(client, m.view, m.snapshot, m.selected.alerts, durationMs, args, env, io))) as ExitCode);
    }
    // A context where nothing matched because its Alertmanager could not be read may hold the
    // alert, firing unacked: the ack did not reach everywhere it should. Said, and exit 3, not 0.
    for (const f of found) {
      if (matched.includes(f as (typeof matched)[number])) continue;
      const unread = unreadAckSources(f.view, f.outcomes);
      if (unread.length === 0) continue;
      const why = [...new Set(unread.map((o) => o.error ?? 'failed'))].join('; ');
      io.err(`ack: context ${sanitize(f.context)}: NOT acked: ${sanitize(unread.map((o) => o.name).join(', '))} could not be read (${sanitize(why)}); the alert may fire there unacked, run the ack again when it answers\n`);
      codes.push(EXIT_SOURCE_FAILED);
    }
    return worstExitCode(codes);
  });
}

/**
 * `oncall deploys` over several contexts: one JSON document (`contexts`, `sources` with each
 * context's deploy source and whether it was read, `deploys` each with its `context`; suspects
 * judged within their own context), or one block per context, a context whose history failed
 * saying so with the error. A context without a deploy history is noted and left out; none
 * having one is a usage error (2).
 */
export async function deploysContextsCommand(args: CliArgs, runtime: Runtime, io: Io): Promise<number> {
  const members = runtime.members.filter((m) => {
    if (m.composed.services.deploySource) return true;
    io.err(`note: context ${sanitize(m.composed.services.context)} has no deploy history (add deploys: to it in the config)\n`);
    return false;
  });
  if (members.length === 0) {
    await runtime.close();
    return 2;
  }
  return withClient(runtime, async (client) => {
    const docs = await collectStatusSet(client, members.map((m) => ({services: m.composed.services, settings: m.settings})));
    const codes: ExitCode[] = docs.map((doc, i) => {
      const own = doc.sources.find((s) => s.name === members[i]!.composed.services.deploySource!.name);
      const context = sanitize(doc.context);
      if (own && !own.ok) io.err(`deploys: context ${context}: ${sanitize(own.error ?? 'failed')}\n`);
      const failed = doc.sources.filter((s) => !s.ok && s !== own);
      for (const s of failed) io.err(`note: context ${context}: ${sanitize(s.name)} failed (${sanitize(s.error ?? '')}); suspect marks may be missing\n`);
      for (const w of own?.warnings ?? []) io.err(`warning: context ${context}: ${sanitize(w)}\n`);
      return (own && !own.ok) || failed.length > 0 || (own?.warnings.length ?? 0) > 0 ? EXIT_SOURCE_FAILED : EXIT_OK;
    });
    if (args.json) {
      // A document, as `alerts --json` with several contexts: a bare array could not say that a
      // context's history is missing from it, and a script would read its absence as no deploys.
      const {contexts, context, generatedAt, sources, deploys} = mergeStatusDocuments(runtime.selectionLabel, docs);
      io.out(`${safeJson({contexts, context, generatedAt, sources, deploys})}\n`);
      return worstExitCode(codes);
    }
    const now = runtime.settings.now();
    docs.forEach((doc, i) => io.out(deployLines(doc, now, members[i]!.composed.services.deploySource!.name)));
    return worstExitCode(codes);
  });
}
