/**
 * The one-shot alert commands: `oncall alerts`, `oncall ack`, `oncall unack`. They run the same
 * query options, mutations and domain planning as the dashboard keys, and record to the same
 * action log. Exit codes: 0 done, 1 something failed (or nothing matched), 2 usage, config or a
 * read-only context, 3 an alert source could not be read.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';
import {MAX_ACK_MS, MAX_ACK_TEXT, planAck, sendsNoSilence} from '../domain/ack-plan.ts';
import {incidentAckNote} from '../actions/alert-ops.ts';
import {NO_END, type Alert} from '../domain/alert.ts';
import {incidentBadge} from '../domain/incident.ts';
import {matchesFilter, parseAlertFilter, type AlertFilter} from '../domain/alert-filter.ts';
import {sortAlerts} from '../domain/alert-order.ts';
import {ageSince, formatDuration, parseDuration} from '../domain/duration.ts';
import {EXIT_ATTENTION, EXIT_OK, EXIT_SOURCE_FAILED, worstExitCode, type ExitCode} from '../domain/exit-codes.ts';
import {RUNBOOK_ANNOTATIONS, runbookUrlOf} from '../domain/runbook.ts';
import type {LoggedKeep} from '../domain/kept-log.ts';
import {notGossipedText} from '../domain/alert-ack.ts';
import {sanitize} from '../domain/sanitize.ts';
import {statusSource, type StatusDocument} from '../domain/status-document.ts';
import {createActionLog, type ActionLog} from '../platform/action-log.ts';
import {processTerminal} from './rollback-follow.ts';
import {trackTries} from './unanswered-tries.ts';
import {userActionLogPath} from '../platform/paths.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../queries/ack-mutations.ts';
import {isReadBackGone, unackMutationOptions} from '../queries/unack-mutations.ts';
import {selectForAck, selectForUnack} from './ack-select.ts';
import {lookUpSilence} from './unack-lookup.ts';
import {alertQueryOptions, type AlertSnapshot} from '../queries/alert-queries.ts';
import {AllSourcesFailed, describeFailure, readHealth, type SourceOutcome} from '../queries/source-outcome.ts';
import {INCIDENT_ALREADY_ACKED_NOTE, INCIDENT_RESOLVED_NOTE, type LeftAck, type SilenceOutcome, type SilenceResult} from '../queries/silence-results.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import {keptField, keptText, readKeptLog, sourcesWithLogWarning, type KeptLog} from './kept-log.ts';
import type {Io} from './main.ts';
import {safeJson, withClient, writeJsonStream} from './one-shot.ts';
import type {Runtime} from './runtime.ts';
import {formatClock, formatUntil} from '../domain/format.ts';

/** Retries of a one-shot ack (1 s, 2 s, 4 s): enough for a blip, short enough to wait for. */
const CLI_RETRIES = 3;



function fetchAlerts(client: QueryClient, runtime: Runtime): Promise<AlertSnapshot> {
  const {services} = runtime.composed;
  return client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: runtime.settings.now, ackPrefix: runtime.settings.ackPrefix, once: true}), staleTime: 0});
}

/** The alerts, or `null` after saying why they could not be read (`what: …` on stderr). */
export async function readAlerts(client: QueryClient, runtime: Runtime, io: Io, what: string): Promise<AlertSnapshot | null> {
  return (await readAlertsOrFailures(client, runtime, io, what)).snapshot;
}

/**
 * The alerts and what each source answered; when none could be read, `snapshot` is null (said
 * on stderr as `what: …`) and `outcomes` still names every source and why it failed, so a
 * document over several contexts can list an unreadable context's sources instead of dropping them.
 */
export async function readAlertsOrFailures(client: QueryClient, runtime: Runtime, io: Io, what: string): Promise<{snapshot: AlertSnapshot | null; outcomes: SourceOutcome[]}> {
  try {
    const snapshot = await fetchAlerts(client, runtime);
    return {snapshot, outcomes: snapshot.outcomes};
  } catch (error) {
    // The failure quotes backends (their error bodies) and config names (AllSourcesFailed): as
    // every print of a failure, sanitized here, whatever the message promised.
    io.err(`${what}: ${sanitize(describeFailure(error))}\n`);
    const outcomes = error instanceof AllSourcesFailed ? error.outcomes : runtime.composed.services.alertSources.map((s) => ({name: s.name, kind: s.kind, ok: false, error: describeFailure(error), warnings: []}));
    return {snapshot: null, outcomes};
  }
}

/**
 * The `sources` of `alerts --json`: each alert source's entry exactly as `status --json` gives it
 * (name, kind, state, ok, error, ageSeconds, retrying, warnings), so a script reads one shape from
 * both; `at` is when the alerts were read, null when none could be.
 */
export function alertSourcesJson(outcomes: readonly SourceOutcome[], at: number | null, now: number): Array<StatusDocument['sources'][number]> {
  // Every source `alerts` reads is an alert source.
  return readHealth(outcomes, at).map((h) => statusSource(h, now, true));
}

/**
 * A source that answered with partial-response warnings (a store or tenant behind it did not
 * answer): what it listed may lack the very alert asked about.
 */
export const readInPart = (o: SourceOutcome): boolean => o.ok && (o.partial?.length ?? 0) > 0;

/**
 * A note on stderr for every alert source that failed or answered in part; `context` names
 * whose, over several contexts.
 */
export function sourceNotes(snapshot: AlertSnapshot, io: Io, context?: string): void {
  const whose = context === undefined ? '' : `context ${sanitize(context)}: `;
  for (const o of snapshot.outcomes) {
    if (!o.ok) io.err(`note: ${whose}${sanitize(o.name)} failed: ${sanitize(o.error ?? '')}\n`);
    else if (readInPart(o)) io.err(`note: ${whose}${sanitize(o.name)} answered in part: ${sanitize(o.partial!.join('; '))}\n`);
  }
}



function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${sanitize(k)}=${JSON.stringify(sanitize(v))}`).join(', ')}}`;
}

// The runbook of each alert, parsed once per distinct link (the alerts of one rule share it).
function runbookLookup(template: string | undefined): (a: Alert) => string | null {
  const byAnnotation = new Map<string, string | null>();
  return (a) => {
    if (template !== undefined) return runbookUrlOf(a, template);
    const key = RUNBOOK_ANNOTATIONS.map((n) => a.annotations[n] ?? '').join('\n');
    let url = byAnnotation.get(key);
    if (url === undefined) byAnnotation.set(key, (url = runbookUrlOf(a)));
    return url;
  };
}


/**
 * One alert as a line of `oncall alerts`; `kept`, what ack-until-resolved last did to its ack as
 * the action log says, follows the ack.
 */
export function alertLine(a: Alert, now: number, kept?: LoggedKeep): string {
  const service = a.labels['service'] ? ` (${sanitize(a.labels['service'])})` : '';
  const gossip = a.partialAck ? notGossipedText(a.partialAck) : null;
  const partial = a.partialAck ? `  ACK PARTIAL by ${sanitize(a.partialAck.by)}, missing on ${sanitize(a.partialAck.missing.join(', '))}${gossip === null ? '' : ` (${sanitize(gossip)})`}` : '';
  const until = a.ack && a.ack.until >= NO_END ? ' in PagerDuty' : a.ack ? ` until ${formatUntil(a.ack.until, now)}` : '';
  // Silenced on an Alertmanager whose silences went unread: by an ack or not cannot be told.
  const unknown = a.ackUnknown && a.ackUnknown.length > 0 ? `  ACK UNKNOWN (silences of ${sanitize(a.ackUnknown.join(', '))} unread)` : '';
  const ack = a.ack ? `  ACK by ${sanitize(a.ack.by)}${until}${keptText(kept)}` : partial || unknown;
  const incident = a.incident ? (a.source !== undefined ? `  PD #${a.incident.number} ${sanitize(a.incident.id)}` : `  ⚑ ${sanitize(incidentBadge(a.incident))}`) : '';
  return `  ${sanitize(a.fingerprint)}  ${sanitize(a.severity).padEnd(8)} ${a.state.padEnd(10)} ${sanitize(a.name)}${service} ${ageSince(now, a.startsAt)}${ack}${incident}`;
}

/**
 * 3 when an alert source failed or answered in part (partial-response warnings): the alert asked
 * about may be on it, or in the part it did not read, so neither "listed" nor "nothing matched"
 * can be trusted; else 1 when a filter matched nothing (as grep does); else 0.
 */
function alertsExitCode(snapshot: AlertSnapshot, listed: number, filtered: boolean): ExitCode {
  if (snapshot.outcomes.some((o) => !o.ok || readInPart(o))) return EXIT_SOURCE_FAILED;
  return filtered && listed === 0 ? EXIT_ATTENTION : EXIT_OK;
}

/**
 * How `alerts --json` writes each alert of `runtime`'s context (runbook links parsed once each);
 * an acked alert the action log `log` has a keeper outcome for gains `kept`.
 */
export function alertJson(runtime: Pick<Runtime, 'composed' | 'settings'>, log?: KeptLog): (alert: Alert) => Record<string, unknown> {
  const context = runtime.composed.services.context;
  const kinds = new Map(runtime.composed.services.alertSources.map((s) => [s.name, s.kind]));
  const runbook = runbookLookup(runtime.settings.runbookTemplate);
  // An Alertmanager's word first (it also holds Grafana's forwarded alerts); Grafana-managed
  // alerts read through Grafana's Alertmanager API say `grafana`; the rest are pending alerts
  // only Prometheus read.
  const sourceOf = (seenBy: readonly string[]): string =>
    seenBy.some((name) => kinds.get(name) === 'alertmanager') ? 'alertmanager' : seenBy.some((name) => kinds.get(name) === 'grafana') ? 'grafana' : 'prometheus';
  // `incidentLinks` set to undefined rather than left out by a rest pattern (which copies each
  // alert key by key, the slowest step per alert): JSON leaves an undefined field out, the same bytes.
  return (a) => ({
    ...a,
    incidentLinks: undefined,
    source: a.source ?? sourceOf(a.seenBy),
    incident: a.incident ? {...a.incident, acknowledgedAt: a.incident.acknowledgedAt === null ? null : new Date(a.incident.acknowledgedAt).toISOString()} : null,
    startsAt: a.startsAt === null ? null : new Date(a.startsAt).toISOString(),
    runbookUrl: runbook(a as Alert),
    // An incident's ack has no end of its own: null, not the year 275760.
    ack: a.ack ? {...a.ack, until: a.ack.until >= NO_END ? null : new Date(a.ack.until).toISOString()} : null,
    partialAck: a.partialAck ? {...a.partialAck, until: new Date(a.partialAck.until).toISOString()} : null,
    ...keptField(log, context, a),
  });
}

/**
 * The `--filter` of `oncall alerts`, parsed; null (after saying why and closing the runtime)
 * when it does not parse, which is a usage error (exit 2).
 */
export async function filterArg(args: CliArgs, runtime: Runtime, io: Io): Promise<{filter: AlertFilter} | null> {
  const parsed = parseAlertFilter(args.filter ?? '');
  if (parsed.ok) return parsed;
  io.err(`--filter: ${parsed.error} (at character ${parsed.offset + 1})\n`);
  await runtime.close();
  return null;
}

/**
 * The refusal of a command that reads alerts in a context that has none to read (only deploys or
 * a rollback provider): a usage error (2), as `deploys` where there is no history, never the
 * "could not be read" (3) of a source that failed. Null when the context has an alert source.
 */
export function noAlertSourceText(runtime: Runtime, what: string): string | null {
  const {services} = runtime.composed;
  if (services.alertSources.length > 0) return null;
  return `${what}: context ${sanitize(services.context)} has no alert source (add alertmanagers:, prometheus: or alertSources: to it in the config)`;
}

/** `oncall alerts [--json] [--filter TEXT]`. */
export async function alertsCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const parsed = await filterArg(args, runtime, io);
  if (parsed === null) return 2;
  const none = noAlertSourceText(runtime, 'alerts');
  if (none !== null) {
    io.err(`${none}\n`);
    await runtime.close();
    return 2;
  }
  return withClient(runtime, async (client) => {
    // Read once, beside the alerts: the keeper's outcomes of every ack listed.
    const [read, log] = await Promise.all([readAlertsOrFailures(client, runtime, io, 'alerts'), readKeptLog(env, runtime.demo)]);
    if (log.warning !== null) io.err(`warning: ${sanitize(log.warning)}\n`);
    const context = runtime.composed.services.context;
    const head = (now: number) => ({
      context: runtime.composed.services.context,
      // After the reads, by the runtime's clock: the first answers may have set it to the backends'.
      generatedAt: new Date(now).toISOString(),
      sources: sourcesWithLogWarning(alertSourcesJson(read.outcomes, read.snapshot?.at ?? null, now), log),
    });
    const snapshot = read.snapshot;
    if (snapshot === null) {
      // No source answered: the document is still printed, each source marked failed, so a
      // script reading it during an incident gets "could not tell" rather than no JSON at all.
      if (args.json) io.out(`${safeJson({...head(runtime.settings.now()), alerts: []})}\n`);
      return EXIT_SOURCE_FAILED;
    }
    const now = runtime.settings.now();
    const alerts = sortAlerts(snapshot.alerts.filter((a) => matchesFilter(a, parsed.filter)));
    if (args.json) {
      // Streamed, alert by alert: 10,000 alerts are ~10 MB of JSON, never built as one string.
      writeJsonStream(head(now), 'alerts', alerts, alertJson(runtime, log), io.out);
      io.out('\n');
      sourceNotes(snapshot, io);
    } else {
      sourceNotes(snapshot, io);
      const firing = alerts.filter((a) => a.state === 'firing').length;
      io.out(`context ${sanitize(runtime.composed.services.context)}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'} (${firing} firing)\n`);
      for (const a of alerts) io.out(`${alertLine(a, now, keptField(log, context, a).kept)}\n`);
    }
    return alertsExitCode(snapshot, alerts.length, (args.filter ?? '').trim() !== '');
  });
}

/** Says why a read-only context changes nothing (and returns 2), or null when it may act. */
export function refusal(runtime: Runtime, what: string, io: Io): number | null {
  if (!runtime.composed.services.readOnly) return null;
  io.err(`${what}: context ${sanitize(runtime.composed.services.context)} is read-only (readOnly: true in the config, or --read-only); nothing was changed\n`);
  return 2;
}

// The log, plus a line on stderr for every failed try, so a waiting user sees the retries.
function recorderFor(env: Env, io: Io, demo = false): ActionLog & {record: (e: ActionLogEntry) => Promise<void>} {
  const log = createActionLog(userActionLogPath(env, demo));
  return {
    ...log,
    record: async (entry) => {
      if (entry.phase === 'failure') io.err(`  try ${entry.attempt ?? 1} on ${sanitize(entry.source ?? '?')} failed: ${sanitize(entry.error ?? '')}\n`);
      if (entry.phase === 'unknown') io.err(`  try ${entry.attempt ?? 1} on ${sanitize(entry.source ?? '?')}: outcome unknown: ${sanitize(entry.error ?? '')}\n`);
      await log.record(entry);
    },
  };
}

/** A send a signal stopped, and the exit code it ended with. */
interface Stopped {
  stoppedWith: number;
}

function isStopped(x: unknown): x is Stopped {
  return typeof x === 'object' && x !== null && 'stoppedWith' in x;
}

/** The exit code a shell gives a process a signal ended: Ctrl-C 130, SIGHUP 129, SIGTERM 143. */
const SIGNAL_EXIT = {SIGINT: 130, SIGHUP: 129, SIGTERM: 143} as const;

/**
 * Sends an ack or unack (`send`, given the recorder to log through) with Ctrl-C, SIGHUP and
 * SIGTERM heard while it waits: a signal there used to end the process at once, leaving the
 * action log an attempt with no outcome and the terminal no word. Each try still without an
 * answer is logged as unknown (it may have landed), said on stderr, and the process ends with the
 * signal's exit code once the log is written.
 */
async function sendHeard<T>(what: 'ack' | 'unack', log: ReturnType<typeof recorderFor>, runtime: Runtime, io: Io, send: (record: ActionRecorder) => Promise<T>): Promise<T | Stopped> {
  const tries = trackTries(log.record);
  let answered = false;
  // Once a stop has begun, it is what the user sees: an answer landing meanwhile is not printed
  // as "ack ok" beside "stopped" (its try is logged unknown, which "may have landed" covers).
  let stopping: Promise<Stopped> | null = null;
  const stop = (signal: keyof typeof SIGNAL_EXIT) => {
    // A signal after every answer came changes nothing; a second signal, nothing more.
    if (answered || stopping !== null) return;
    const by = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    stopping = (async () => {
      await tries.abandon(new Date(runtime.settings.now()).toISOString(), `oncall ${what} was stopped (${by}) before its answer; it may have landed`);
      io.err(`${what}: stopped by ${by} before every answer came; what was sent may or may not have landed: 'oncall alerts' shows it\n`);
      logNotes(log, io);
      await log.drain();
      // The request may still be in flight and hold the process: it ends here, with the code.
      process.exit(SIGNAL_EXIT[signal]);
      return {stoppedWith: SIGNAL_EXIT[signal]};
    })();
  };
  const releaseInterrupt = processTerminal.onInterrupt(() => stop('SIGINT'));
  const releaseEnd = processTerminal.onEnd((signal) => stop(signal));
  try {
    const result = await send(tries.record);
    if (stopping !== null) return await stopping;
    answered = true;
    return result;
  } finally {
    releaseInterrupt();
    releaseEnd();
  }
}

function logNotes(log: ActionLog, io: Io): void {
  for (const p of log.problems()) io.err(`warning: ${sanitize(p)}\n`);
}

function printOutcome(op: 'ack' | 'unack', outcome: SilenceOutcome, io: Io, describe: (result: SilenceResult) => string): void {
  for (const r of outcome.results) {
    const what = describe(r);
    // An incident acknowledged with the silence (one ack for both) is reported on its own line.
    // One found resolved (or acknowledged already) before sending is said so: nothing was sent.
    if (r.incident && r.ok && (r.note === INCIDENT_RESOLVED_NOTE || r.note === INCIDENT_ALREADY_ACKED_NOTE)) io.out(`  incident ${sanitize(r.incident)} on ${sanitize(r.source)}: ${r.note}\n`);
    else if (r.incident && r.ok) io.out(`  acknowledged incident ${sanitize(r.incident)} on ${sanitize(r.source)}${r.note ? ` (${r.note})` : ''}\n`);
    // Sent and its answer lost, unreadable since: it may have landed, so never "FAILED".
    else if (r.incident && r.unknown) io.out(`  UNKNOWN whether incident ${sanitize(r.incident)} was acknowledged on ${sanitize(r.source)}: ${sanitize(r.error ?? 'no answer')}\n`);
    else if (r.incident) io.out(`  FAILED to acknowledge incident ${sanitize(r.incident)} on ${sanitize(r.source)}: ${sanitize(r.error ?? 'failed')}\n`);
    else if (r.ok) io.out(`  ${what} on ${sanitize(r.source)}: silence ${sanitize(r.silenceId ?? '?')}${r.note ? ` (${r.note})` : ''}\n`);
    else if (r.unknown) io.out(`  UNKNOWN whether ${what} on ${sanitize(r.source)}${op === 'unack' && r.silenceId ? ` (silence ${sanitize(r.silenceId)})` : ''}: ${sanitize(r.error ?? 'no answer')}\n`);
    else io.out(`  FAILED ${what} on ${sanitize(r.source)}: ${sanitize(r.error ?? 'failed')}\n`);
  }
  if (outcome.status === 'partial') io.out(`  partial: ${partialWhat(outcome)} (see the action log)\n`);
  if (outcome.status === 'unknown') io.out(`  unknown: ${unknownWhat(op, outcome)}\n`);
}

// Where a silence may exist (ack) or may still be active (unack) and how to find out: `oncall
// alerts` shows the alert acked where it is. Running the ack again reads the silences first, so
// it replaces that one, never adds one; running the unack again expires it, which an expired
// silence takes as done. An incident whose acknowledge is unknown is no silence: said apart, and
// running the ack again reads it first and sends only if it is still unacknowledged.
function unknownWhat(op: 'ack' | 'unack', outcome: SilenceOutcome): string {
  const unknown = outcome.results.filter((r) => !r.ok && r.unknown);
  const sources = (rs: readonly SilenceResult[]) => [...new Set(rs.map((r) => sanitize(r.source)))].join(', ');
  const silences = sources(unknown.filter((r) => !r.incident));
  const incidents = unknown.filter((r) => r.incident);
  const parts: string[] = [];
  if (silences !== '' && op === 'unack') parts.push(`the silence may still be active on ${silences}; oncall alerts shows whether the alert is still acked there, and running the unack again expires it if it is (expiring an expired silence is harmless)`);
  if (silences !== '' && op === 'ack') parts.push(`the silence may exist on ${silences}; oncall alerts shows whether the alert is acked there, and running the ack again replaces it if it landed (it never adds a second one)`);
  const which = [...new Set(incidents.map((r) => sanitize(r.incident!)))];
  if (which.length === 1) parts.push(`the incident ${which[0]} may be acknowledged on ${sources(incidents)}; oncall alerts shows it, and running the ack again reads it first and sends only if still unacknowledged`);
  if (which.length > 1) parts.push(`the incidents ${which.join(', ')} may be acknowledged on ${sources(incidents)}; oncall alerts shows them, and running the ack again reads each first and sends only if still unacknowledged`);
  return parts.join('; ');
}

// What a partial outcome holds: the silences on some sources and not others, an incident not
// acknowledged beside silences that landed, or both. Said as it is: "some Alertmanagers hold
// the silence" read as an Alertmanager problem when only PagerDuty had refused.
function partialWhat(outcome: SilenceOutcome): string {
  const silences = outcome.results.filter((r) => !r.incident);
  const incidents = outcome.results.filter((r) => r.incident);
  const parts: string[] = [];
  if (silences.some((r) => r.ok) && silences.some((r) => !r.ok)) parts.push('some Alertmanagers hold the silence, others do not');
  else if (silences.length > 0 && silences.every((r) => !r.ok)) parts.push('no silence was created');
  if (incidents.some((r) => !r.ok)) parts.push(`${incidents.filter((r) => !r.ok).length === incidents.length ? 'no incident was' : 'not every incident was'} acknowledged`);
  else if (incidents.length > 0 && silences.some((r) => !r.ok)) parts.push('the incidents were acknowledged');
  return parts.length > 0 ? parts.join('; ') : 'not everything landed';
}

/**
 * The refusal of `--duration` over 7 days, as the dashboard refuses `:ack 8d`. The config's
 * `ack.duration` is the team's own default and is not capped, in the dashboard nor here.
 */
export function tooLongAck(): string {
  return `--duration: ${MAX_ACK_TEXT}`;
}

/** `oncall ack <fingerprint|matchers…> [--duration 15m] [--comment TEXT]`. */
export async function ackCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const refused = refusal(runtime, 'ack', io);
  const durationMs = args.duration === undefined ? runtime.settings.ackDuration : parseDuration(args.duration);
  const problem = refused !== null ? '' : durationMs === null ? `--duration: "${sanitize(args.duration ?? '')}" is not a duration, e.g. 15m, 1h, 4h` : args.duration !== undefined && durationMs > MAX_ACK_MS ? tooLongAck() : noAlertSourceText(runtime, 'ack');
  if (refused !== null || problem !== null || durationMs === null) {
    if (problem) io.err(`${problem}\n`);
    await runtime.close();
    return 2;
  }
  return withClient(runtime, async (client) => {
    const snapshot = await readAlerts(client, runtime, io, 'ack: could not read alerts');
    if (snapshot === null) return EXIT_SOURCE_FAILED;
    sourceNotes(snapshot, io);
    const selected = selectForAck(args.targets ?? [], snapshot.alerts);
    if ('error' in selected) {
      const unreadIncident = unreadIncidentNote(args.targets ?? [], selected.code, runtime.composed.services, snapshot.outcomes);
      if (unreadIncident !== null) {
        io.err(`ack: ${unreadIncident}; nothing was acked\n`);
        return EXIT_SOURCE_FAILED;
      }
      io.err(`ack: ${sanitize(selected.error)}\n`);
      // Nothing found to ack, but a source that failed may hold it: not a plain "nothing matched".
      const failed = selected.code === EXIT_ATTENTION && snapshot.outcomes.some((o) => !o.ok);
      return failed ? EXIT_SOURCE_FAILED : selected.code;
    }
    return ackSelected(client, runtime, snapshot, selected.alerts, durationMs, args, env, io);
  });
}

/**
 * Acks `chosen` (alerts of `snapshot`) in `runtime`'s context: plans the silences, sends them
 * with retries, prints what each Alertmanager did. 0 when every silence is in place, else 1;
 * 3 (or 1 when a silence failed too) when something the ack should have reached could not be
 * read, each such source named on stderr: by matchers, a source holding only its own alerts
 * (Grafana) or a paging service (PagerDuty), whose matching alerts or incidents went unacked; by
 * fingerprint, a paging service, where the incident the alert paged (if any) went unacknowledged.
 */
export async function ackSelected(client: QueryClient, runtime: Runtime, snapshot: AlertSnapshot, chosen: Alert[], durationMs: number, args: CliArgs, env: Env, io: Io): Promise<number> {
  const {services} = runtime.composed;
  const now = runtime.settings.now();
  const plan = planAck(chosen, snapshot.alerts, {
    volatileLabels: runtime.config?.ack.volatileLabels ?? [],
    durationMs,
    author: runtime.settings.ackAuthor,
    prefix: runtime.settings.ackPrefix,
    comment: args.comment,
    now,
  });
  if (plan.overreach.length > 0) {
    io.err(`note: the silence also matches ${plan.overreach.length} alert(s) not selected:\n`);
    for (const a of plan.overreach) io.err(`${alertLine(a, now)}\n`);
  }
  const log = recorderFor(env, io, runtime.demo);
  const outcome = await sendHeard('ack', log, runtime, io, (record) =>
    runSilenceMutation(client, ackMutationOptions(services, {record, now: runtime.settings.now, retry: CLI_RETRIES, prefix: runtime.settings.ackPrefix}), ackVariables(services, plan.drafts)),
  );
  if (isStopped(outcome)) return outcome.stoppedWith as ExitCode;
  const names = new Map(plan.drafts.map((d) => [d.alert.fingerprint, `${d.covers.map((a) => sanitize(a.name)).join(', ')} ${labelText(d.alert.labels)}`]));
  let length = ` for ${formatDuration(durationMs)}, until ${formatUntil(now + durationMs, now)}`;
  // Incidents alone get no silence: nothing ends at a time this could print. A selection holding
  // an alert does: that silence's length is the one said.
  if (sendsNoSilence(plan)) {
    const note = incidentAckNote(outcome, args.duration === undefined ? undefined : durationMs);
    length = note === null ? '' : ` (${note})`;
  }
  io.out(`ack ${outcome.status}${length}:\n`);
  printOutcome('ack', outcome, io, ({fingerprint: fp}) => `acked ${names.get(fp ?? '') ?? fp ?? ''}`);
  logNotes(log, io);
  const acked: ExitCode = outcome.status === 'ok' ? EXIT_OK : EXIT_ATTENTION;
  const unread = missedSources(services, snapshot.outcomes, chosen, byMatchers(args.targets ?? []));
  for (const u of unread) io.err(`ack: NOT acked on ${sanitize(u.name)}: it ${couldNotRead([u])}; ${u.missed}, run the ack again when it answers\n`);
  return unread.length === 0 ? acked : worstExitCode([acked, EXIT_SOURCE_FAILED]);
}

// A single word without = or ~ names one alert (a fingerprint or an incident), found where it is.
const byMatchers = (targets: readonly string[]) => !(targets.length === 1 && !/[=~]/.test(targets[0]!));

/** An unread source whose alerts were read nowhere else; `incidents`: a paging service's. */
type UnreadSource = SourceOutcome & {incidents: boolean};

/**
 * The failed sources whose alerts were read nowhere else: a source holding only its own alerts
 * (`ownAlertsOnly`, Grafana's Alertmanager) no peer of whose cluster answered, and a paging
 * service (one that acknowledges incidents, PagerDuty), whose incidents are rows of its own.
 */
function unreadOwnSources(services: Runtime['composed']['services'], outcomes: readonly SourceOutcome[]): UnreadSource[] {
  const ok = new Set(outcomes.filter((o) => o.ok).map((o) => o.name));
  const answeredClusters = new Set(services.alertSources.filter((s) => s.cluster !== undefined && ok.has(s.name)).map((s) => s.cluster));
  const own = new Set(services.alertSources.filter((s) => s.ownAlertsOnly && !(s.cluster !== undefined && answeredClusters.has(s.cluster))).map((s) => s.name));
  const paging = new Set(services.alertSources.filter((s) => typeof s.capabilities.acknowledgeIncident === 'function').map((s) => s.name));
  return outcomes.filter((o) => !o.ok && (own.has(o.name) || paging.has(o.name))).map((o) => ({...o, incidents: paging.has(o.name)}));
}

/**
 * The unread sources an ack of `chosen` should have reached, each with what went unacked there.
 * Matchers select among the alerts that were read, so any such source may hold matching ones.
 * One alert (by fingerprint) is found where it is, but an incident it paged is known only from
 * the paging service: unread, that incident (if there is one) is not acknowledged with it.
 */
function missedSources(services: Runtime['composed']['services'], outcomes: readonly SourceOutcome[], chosen: readonly Alert[], matchers: boolean): Array<UnreadSource & {missed: string}> {
  const pages = chosen.some((a) => a.source === undefined);
  return unreadOwnSources(services, outcomes).flatMap((u) => {
    if (matchers) return [{...u, missed: u.incidents ? 'its incidents matching the selection, and any the acked alerts paged, stay unacknowledged' : 'its alerts matching the selection may fire unacked'}];
    return u.incidents && pages ? [{...u, missed: 'an incident the acked alert paged, if any, stays unacknowledged'}] : [];
  });
}

/**
 * Why an ack of one word that matched nothing cannot say "no such alert": the word may be an
 * incident's id or number (PT4KHLK, #1234), and a paging service that could not be read may hold
 * it. `code` is the selection's (2: not a fingerprint of any alert read). The words to say
 * (`no alert or incident X among those read, and pagerduty could not be read (…)`), or null when
 * it is a plain usage error or nothing matched.
 */
export function unreadIncidentNote(targets: readonly string[], code: number, services: Runtime['composed']['services'], outcomes: readonly SourceOutcome[]): string | null {
  if (byMatchers(targets) || code === EXIT_ATTENTION) return null;
  const paging = unreadOwnSources(services, outcomes).filter((u) => u.incidents);
  if (paging.length === 0) return null;
  return `no alert or incident ${sanitize(targets[0]!)} among those read, and ${sanitize(paging.map((u) => u.name).join(', '))} ${couldNotRead(paging)}`;
}

// `could not be read (auth: …)`, the reasons of several sources each said once.
function couldNotRead(unread: readonly SourceOutcome[]): string {
  return `could not be read (${sanitize([...new Set(unread.map((o) => o.error ?? 'failed'))].join('; '))})`;
}

/** The note of a silence listed as expired before the unack's DELETE: the DELETE changed nothing. */
export const EXPIRED_BEFORE_NOTE = 'it was already expired: nothing changed';

/** The note of a silence listed before its unack whose DELETE found it no longer there. */
export const VANISHED_NOTE = 'it was no longer there when expired: nothing is silencing the alert through it';

/** `oncall unack <silence-id | fingerprint | matchers…>`. */
export async function unackCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io): Promise<number> {
  const refused = refusal(runtime, 'unack', io);
  const targets = args.targets ?? [];
  const none = refused === null && targets.length > 0 ? noAlertSourceText(runtime, 'unack') : null;
  if (refused !== null || targets.length === 0 || none !== null) {
    if (none !== null) io.err(`${none}\n`);
    else if (refused === null) io.err('unack: give a silence id, an alert fingerprint or label matchers (e.g. alertname=HighLatency)\n');
    await runtime.close();
    return 2;
  }
  return withClient(runtime, async (client) => {
    const {services} = runtime.composed;
    const read = await fetchAlerts(client, runtime).then(
      (snapshot) => ({snapshot, outcomes: snapshot.outcomes}),
      (error: unknown) => ({snapshot: null, outcomes: error instanceof AllSourcesFailed ? error.outcomes : services.alertSources.map((s) => ({name: s.name, kind: s.kind, ok: false, error: describeFailure(error), warnings: []}))}),
    );
    // Acks are silences: an unread source that holds them may hold the one asked about.
    const holders = new Set(services.alertSources.filter((s) => typeof s.capabilities.listSilences === 'function').map((s) => s.name));
    // Alerts read, silences not: which ack silences to expire cannot be told, and an unack by
    // id could not be read back. Refused before anything is sent.
    const silencesUnread = (read.snapshot?.outcomes ?? []).filter((o) => o.ok && o.silencesUnread !== undefined && holders.has(o.name));
    if (silencesUnread.length > 0) {
      io.err(`unack: cannot list the silences of ${silencesUnread.map((o) => `${sanitize(o.name)} (${sanitize(o.silencesUnread!)})`).join(', ')}; nothing was sent\n`);
      return EXIT_SOURCE_FAILED;
    }
    const unread = read.outcomes.filter((o) => !o.ok && holders.has(o.name));
    const selected = selectForUnack(targets, read.snapshot?.alerts ?? null, unread.length === 0 ? null : `${sanitize(unread.map((o) => o.name).join(', '))} ${couldNotRead(unread)}`);
    if ('error' in selected) {
      io.err(`unack: ${sanitize(selected.error)}\n`);
      return selected.code;
    }
    // Every source read and the word is no alert's fingerprint: a silence id only if one exists.
    // Sent as a DELETE anyway, "silence X not found" came back as if an Alertmanager had failed.
    const lookup = selected.silenceIds && read.snapshot !== null && unread.length === 0 ? await lookUpSilence(services, selected.silenceIds[0]!) : null;
    if (lookup?.state === 'absent') {
      const names = [...holders].map((n) => sanitize(n)).join(', ');
      const where = names === '' ? `: context ${sanitize(services.context)} has no Alertmanager` : ` in context ${sanitize(services.context)} (${names})`;
      io.err(`unack: no alert with fingerprint ${sanitize(targets[0]!)} and no silence with id ${sanitize(targets[0]!)}${where}; nothing was sent\n`);
      return EXIT_ATTENTION;
    }
    const log = recorderFor(env, io, runtime.demo);
    // By alert, only the user's own acks unless told otherwise: another user's ack is their
    // handling of the alert. A silence id names the silence itself, whoever made it.
    const author = selected.alerts && !args.anyAuthor ? {author: runtime.settings.ackAuthor} : {};
    const sent = await sendHeard('unack', log, runtime, io, (record) =>
      runSilenceMutation(client, unackMutationOptions(services, {record, now: runtime.settings.now, retry: CLI_RETRIES, prefix: runtime.settings.ackPrefix}), {...selected, ...author}),
    );
    if (isStopped(sent)) return sent.stoppedWith;
    logNotes(log, io);
    // A silence listed before the DELETE and "not found" by it expired or was deleted in
    // between: nothing silences the alert through it any more, which is what the unack is for.
    const sawIt = new Set(lookup?.state === 'present' ? lookup.on : []);
    const wasExpired = new Set(lookup?.state === 'present' ? lookup.expiredOn : []);
    const outcome = {
      ...sent,
      results: sent.results.map((r) => (r.ok && r.note === 'already gone' && sawIt.has(r.source) ? {...r, note: VANISHED_NOTE} : r.ok && r.note === undefined && wasExpired.has(r.source) ? {...r, note: EXPIRED_BEFORE_NOTE} : r)),
    };
    const expired = outcome.results.filter((r) => r.ok && r.note !== 'already gone');
    const names = new Map((selected.alerts ?? []).map((a) => [a.fingerprint, `${sanitize(a.name)} ${labelText(a.labels)}`]));
    const left = leftAcksText(outcome.left ?? [], names, runtime.settings.now());
    if (outcome.status === 'ok' && expired.length === 0 && left.length > 0) {
      for (const line of left) io.err(`unack: ${line}\n`);
      return 2;
    }
    if (outcome.status === 'ok' && expired.length === 0) {
      const what = selected.alerts ? `no ack silence of ${selected.alerts.map((a) => sanitize(a.fingerprint)).join(', ')} found` : `silence ${sanitize(targets[0]!)} not found on any Alertmanager`;
      io.err(`unack: ${what}\n`);
      return 1;
    }
    io.out(`unack ${outcome.status}:\n`);
    // A silence read back gone after its expiry's answer was lost is not known to be expired,
    // only to be no longer there: said so, and the unack is done.
    const describe = (r: SilenceResult) => {
      const name = r.fingerprint ? names.get(r.fingerprint) : undefined;
      if (isReadBackGone(r.note) || r.note === VANISHED_NOTE) return name ? `the ack of ${name} is gone` : 'gone';
      if (r.note === EXPIRED_BEFORE_NOTE) return name ? `nothing to do, the ack of ${name} was already expired` : 'nothing to do, it was already expired';
      return name ? `expired the ack of ${name}` : 'expired';
    };
    printOutcome('unack', {...outcome, results: outcome.results.filter((r) => !(r.ok && r.note === 'already gone'))}, io, describe);
    for (const line of left) io.err(`unack: ${line}\n`);
    // A failure is said first (1: retry it); else acks left in place are a refusal of part of
    // what was asked, as a rollback without --yes: the alerts are still acked.
    if (outcome.status !== 'ok') return 1;
    return left.length > 0 ? 2 : 0;
  });
}

/**
 * One line per other user's ack silence an unack left in place (`left alice's ack of X (silence
 * ID on am-1, until 10:42Z); pass --any-author to expire it`), naming every alert it covers
 * (`of X {…}, Y {…}`), sanitized.
 */
export function leftAcksText(left: readonly LeftAck[], names: ReadonlyMap<string, string>, now?: number): string[] {
  // In the order of the Alertmanagers, not of their answers: the same unack says the same lines.
  const ordered = [...left].sort((a, b) => a.source.localeCompare(b.source) || a.silenceId.localeCompare(b.silenceId));
  return ordered.map((l) => {
    // One silence may cover several of the alerts (a group's ack): each is named.
    const covered = l.fingerprints.flatMap((fp) => names.get(fp) ?? []);
    const name = covered.length > 0 ? covered.join(', ') : undefined;
    return sanitize(`left ${l.by}'s ack${name ? ` of ${name}` : ''} (silence ${l.silenceId} on ${l.source}, until ${now === undefined ? formatClock(l.endsAt) : formatUntil(l.endsAt, now)}); pass --any-author to expire it`);
  });
}
