/** Polling of alerts from every alert source of a context, deduplicated and marked with acks. */
import type {QueryClient, QueryObserverOptions} from '@tanstack/query-core';
import type {Ack, Alert, PartialAck, Silence} from '../domain/alert.ts';
import {ackAcrossSources, anyAckSilence, NOT_ACKED, type AckJudgement, type SilenceReport} from '../domain/alert-ack.ts';
import {dedupeAlerts} from '../domain/alert-dedupe.ts';
import {pagedIncidents} from '../domain/incident.ts';
import {SourceFailure, type ContextServices, type Sourced} from '../sources/capabilities.ts';
import {recordingFailures} from './last-failure.ts';
import {alignedInterval, pollRetryDelay} from './query-client.ts';
import {AllSourcesFailed, describeFailure, type SourceOutcome} from './source-outcome.ts';

/** What the alert pane shows: deduplicated alerts and what each source answered. */
export interface AlertSnapshot {
  alerts: Alert[];
  at: number;
  /** What each source answered, with the time of its last good answer (`updatedAt`). */
  outcomes: SourceOutcome[];
  /**
   * Alerts kept from the last good answer of a source that failed this time (no peer of its
   * cluster answered for it): fingerprint → epoch ms of that answer. Shown marked stale.
   */
  staleSince: Record<string, number>;
}

/** Query key of a context's alerts; invalidate it after an ack or unack. */
export const alertKey = (context: string) => ['alerts', context] as const;

/**
 * How long the poll waits for one source's answer. Longer than one request's default timeout
 * (10 s), so a source that answers its requests in time is never cut; it bounds what stacks up
 * behind one source (a list read page by page, a queue in the request gate), which would
 * otherwise hold back every other source's alerts, a new page among them. An Alertmanager's
 * alerts and silences each have it: alerts in time are shown when it passes, their silences
 * unread for that poll, rather than held back by a slow silences list.
 */
export const ALERT_SOURCE_DEADLINE_MS = 12_000;

// Past a source's own request timeout, the time its answer may still take to be read and decoded.
const DEADLINE_SLACK_MS = 2_000;

/** A source's silences, or why they could not be read while its alerts were. */
type SilenceRead = Sourced<Silence[]> | {unread: string};
type SourceRead = [Sourced<Alert[]>, SilenceRead];
type AlertSource = ContextServices['alertSources'][number];

/** One request of a poll's read of a source (its alerts or its silences), with the count of writes to the source when it was sent. */
interface PartRead<T> {
  read: Promise<T>;
  writes: number;
}

// The dashboard's requests cut by the deadline and still in flight, by the source's capabilities
// (one object per source, whatever context or query options read it), the alerts and the
// silences apart: the silences may be late while the alerts were in time. The next poll waits
// for the one of its source rather than stacking a second request (in an incident storm the one
// that brings a 429) beside it. A request in time is never joined: a poll after an ack or unack
// must read what the source holds after the write.
const overdueAlerts = new WeakMap<object, PartRead<Sourced<Alert[]>>>();
const overdueSilences = new WeakMap<object, PartRead<SilenceRead>>();

// Writes (ack, unack, keeper extension, incident resolve) each source has settled, by its
// capabilities as above. An overdue request sent before the latest one shows the source as it
// was before it: a poll after the write sends a fresh one instead of joining it.
const writeCounts = new WeakMap<object, number>();

/**
 * Says that a write to the alert sources of `services` settled (landed, failed or unknown), just
 * before their alerts are invalidated: a poll from now on sends a read of its own rather than
 * join an overdue read sent before the write, whose answer would show the state the write changed
 * (an ack not shown until the poll after).
 */
export function noteAlertWrite(services: Pick<ContextServices, 'alertSources'>): void {
  for (const source of services.alertSources) writeCounts.set(source.capabilities, (writeCounts.get(source.capabilities) ?? 0) + 1);
}

/**
 * Reads the alerts of `context` again after a write to its sources (an ack, an unack, a keeper's
 * extension): noted as a write first ({@link noteAlertWrite}), then invalidated. A first read
 * still in flight was sent before the write, and invalidating joins it rather than starting
 * another (there is no data to keep): the alerts are then read again once it ends, or the rows
 * would show the state before the write until the next poll.
 */
export async function readAlertsAfterWrite(client: QueryClient, services: Pick<ContextServices, 'alertSources'>, context: string): Promise<void> {
  const state = client.getQueryState(alertKey(context));
  const firstInFlight = state?.fetchStatus === 'fetching' && state.data === undefined;
  noteAlertWrite(services);
  await client.invalidateQueries({queryKey: alertKey(context)});
  if (firstInFlight) await client.invalidateQueries({queryKey: alertKey(context)});
}

function readSource(source: AlertSource, once: boolean): Promise<SourceRead> {
  return Promise.all([
    // A one-shot command's single read is decoded the quickest way (AlertRead).
    once ? source.capabilities.listAlerts({once: true}) : source.capabilities.listAlerts(),
    // Never fails: a failure (a request timeout among them) is said as silences unread.
    readSilences(source),
  ]);
}

/**
 * The silences of `source`. Their failure alone does not fail the source: its alerts were read
 * (a proxy granting alerts:read only answers 403 to silences), and a page among them must show.
 */
async function readSilences(source: AlertSource): Promise<SilenceRead> {
  if (source.capabilities.listSilences === undefined) return {value: [], warnings: [], partial: []};
  try {
    return await source.capabilities.listSilences();
  } catch (error) {
    return {unread: describeFailure(error)};
  }
}

/** The overdue request of `key` in `overdue`, when one was sent since the source's latest write, else `send()`. */
function joinedOrSent<T>(overdue: WeakMap<object, PartRead<T>>, key: object, writes: number, send: () => Promise<T>): PartRead<T> {
  const entry = overdue.get(key);
  // One sent before the latest write is not joined: left to finish, its answer dropped.
  return entry !== undefined && entry.writes === writes ? entry : {read: send(), writes};
}

/** Keeps `entry`, cut by the deadline, for the next poll to join until it ends. */
function keepOverdue<T>(overdue: WeakMap<object, PartRead<T>>, key: object, entry: PartRead<T>): void {
  // Still one overdue request per source and part: this one takes the place of one from before a write.
  const current = overdue.get(key);
  if (current !== undefined && current.writes >= entry.writes) return;
  overdue.set(key, entry);
  const done = () => {
    if (overdue.get(key) === entry) overdue.delete(key);
  };
  entry.read.then(done, done);
}

const LATE = Symbol('late');

/** A deadline `ms` from now: `passed` resolves to {@link LATE} then; `clear` it once the read is done. */
function deadline(ms: number): {passed: Promise<typeof LATE>; clear: () => void} {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const passed = new Promise<typeof LATE>((ok) => (timer = setTimeout(() => ok(LATE), ms)));
  return {passed, clear: () => clearTimeout(timer)};
}

/**
 * A poll's read of `source` within `ms`: its alerts and its silences, each the overdue request
 * still in flight when there is one sent since the source's latest write, else a new one. Alerts
 * past the deadline fail the source; silences past it while its alerts were in time leave the
 * silences unread for this poll, the alerts shown now. The requests cut go on unawaited (their
 * answers dropped), and the next poll joins them instead of sending the source a second beside.
 */
async function pollRead(source: AlertSource, ms: number): Promise<SourceRead> {
  const key = source.capabilities;
  const writes = writeCounts.get(key) ?? 0;
  const alerts = joinedOrSent(overdueAlerts, key, writes, () => source.capabilities.listAlerts());
  const silences = joinedOrSent(overdueSilences, key, writes, () => readSilences(source));
  const due = deadline(ms);
  const late = `no answer within ${ms / 1000} s`;
  try {
    const alertsRead = await Promise.race([alerts.read, due.passed]);
    // Once the deadline passed, `due.passed` is settled: silences already answered win the race
    // (they come first), those still out lose it.
    const silencesRead = await Promise.race([silences.read, due.passed]);
    if (silencesRead === LATE) keepOverdue(overdueSilences, key, silences);
    if (alertsRead === LATE) {
      keepOverdue(overdueAlerts, key, alerts);
      throw new SourceFailure('timeout', `${source.name}: ${late}; the other sources are shown without it`);
    }
    return [alertsRead, silencesRead === LATE ? {unread: describeFailure(new SourceFailure('timeout', late))} : silencesRead];
  } finally {
    due.clear();
  }
}

/**
 * Options to poll every alert source in parallel (`once`: a one-shot command's single read). One source failing does not hide the others'
 * alerts: the snapshot carries per-source outcomes, and only when all fail does the query fail.
 * Nor does one slow source hold back a poll: each has its own deadline (`sourceDeadlineMs`,
 * {@link ALERT_SOURCE_DEADLINE_MS}), past which it is a failure of its own, its last alerts kept
 * stale, and the next poll joins its read still in flight. An Alertmanager whose alerts are in
 * by then and its silences not is read in part instead (silences unread for that poll). A
 * one-shot read (`once`) has no deadline: it waits for every source, each bounded by its request
 * timeouts (a silences request timing out leaves the silences unread, the alerts kept).
 */
export function alertQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number; ackPrefix: string; once?: boolean; sourceDeadlineMs?: number},
): QueryObserverOptions<AlertSnapshot, Error, AlertSnapshot, AlertSnapshot, ReturnType<typeof alertKey>> {
  return {
    queryKey: alertKey(services.context),
    enabled: services.alertSources.length > 0,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    retryDelay: pollRetryDelay(opts.intervalMs),
    queryFn: recordingFailures(async ({client, queryKey}) => {
      const at = opts.now();
      // Nothing to read (a deploys-only context, asked by a one-shot over several): an empty
      // answer, not every source failing, which would make the reader's exit say "could not tell".
      if (services.alertSources.length === 0) return {alerts: [], at, outcomes: [], staleSince: {}};
      const previous = client.getQueryData<AlertSnapshot>(queryKey);
      const settled = await Promise.allSettled(
        services.alertSources.map(async (source) => {
          // A one-shot command waits for the source's answer, bounded by its own request
          // timeouts: nothing else is drawn meanwhile, and an answer it could have had would be
          // thrown away for an exit that says the source failed.
          const [alerts, silences] = opts.once === true
            ? await readSource(source, true)
            : await pollRead(
                source,
                // A source configured to wait longer than the default (a large Alertmanager on a
                // loaded machine) keeps that: the deadline cuts what stacks up, not one slow request.
                Math.max(opts.sourceDeadlineMs ?? ALERT_SOURCE_DEADLINE_MS, source.timeoutMs === undefined ? 0 : source.timeoutMs + DEADLINE_SLACK_MS),
              );
          if ('unread' in silences) {
            // Read in part: said as a partial answer, so every place that marks one marks this.
            const why = `silences unreadable: ${silences.unread}`;
            return {source, alerts: alerts.value, silences: null, silencesUnread: silences.unread, warnings: [...alerts.warnings, why], partial: [...(alerts.partial ?? []), why]};
          }
          return {source, alerts: alerts.value, silences: silences.value, silencesUnread: undefined, warnings: [...alerts.warnings, ...silences.warnings], partial: [...(alerts.partial ?? []), ...(silences.partial ?? [])]};
        }),
      );
      const outcomes: SourceOutcome[] = settled.map((r, i) => {
        const source = services.alertSources[i]!;
        return r.status === 'fulfilled'
          ? {
              name: source.name, kind: source.kind, ok: true, error: null, warnings: r.value.warnings,
              ...(r.value.partial.length > 0 ? {partial: r.value.partial} : {}),
              ...(r.value.silencesUnread !== undefined ? {silencesUnread: r.value.silencesUnread} : {}),
              updatedAt: at,
            }
          : {name: source.name, kind: source.kind, ok: false, error: describeFailure(r.reason), warnings: [], updatedAt: lastGood(previous, source.name)};
      });
      const answered = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (answered.length === 0) throw new AllSourcesFailed(outcomes);
      // Acks are judged per Alertmanager: one that reports the alert unsilenced still notifies.
      const holders = answered.filter((a) => typeof a.source.capabilities.listSilences === 'function');
      // No ack silence anywhere (most polls): no alert is acked, and no index of 10,000 alerts per source is built.
      // A source whose silences went unread leaves its silenced alerts' acks unknown: judged too.
      const reports: SilenceReport[] = anyAckSilence(holders, opts.ackPrefix, at) || holders.some((a) => a.silences === null)
        ? holders.map((a) => ({source: a.source.name, ...(a.source.cluster !== undefined ? {cluster: a.source.cluster} : {}), alerts: new Map(a.alerts.map((x) => [x.fingerprint, x])), silences: a.silences}))
        : [];
      // A row of a source of its own kind (a PagerDuty incident) carries its own ack; Alertmanager
      // alerts then get the incident they paged.
      const alerts = dedupeAlerts(answered.map((a) => a.alerts)).map((alert) => (alert.source !== undefined ? alert : withAck(alert, reports.length === 0 ? NOT_ACKED : ackAcrossSources(alert, reports, opts.ackPrefix, at))));
      const kept = keptFromFailed(previous, alerts, outcomes, services.alertSources);
      // Linked after the kept ones join: an incident row kept while PagerDuty is down still links.
      return {alerts: withIncidents(kept.alerts.length > 0 ? [...alerts, ...kept.alerts] : alerts), at, outcomes, staleSince: kept.staleSince};
    }, opts.now),
    // query-core's default sharing compares the new data with the old deeply: 10,000 alerts
    // walked on the main thread every poll. The sources already keep every unchanged alert as
    // the identical object; only the list is kept when nothing in it changed.
    structuralSharing: (old, next) => shareAlerts(old as AlertSnapshot | undefined, next as AlertSnapshot),
    // Only the context on screen is polled: another's alerts need not outlive a context switch.
    gcTime: ALERTS_GC_MS,
  };
}

/** How long the alerts of a context no longer observed (after `:ctx`) are kept. */
export const ALERTS_GC_MS = 5 * 60_000;

// The acked copy made for an alert object, so that an acked alert that did not change stays
// the identical object too. Weak: a copy goes with its alert.
const ackedCopies = new WeakMap<Alert, Alert>();

function sameAck(a: Ack | null, b: Ack | null): boolean {
  return a === b || (a !== null && b !== null && a.by === b.by && a.until === b.until && a.silenceId === b.silenceId && a.comment === b.comment);
}

// A partial ack is rare (an ack sent to some peers only): compared as data.
function samePartial(a: PartialAck | null, b: PartialAck | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

type AckState = AckJudgement;
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).join('\n') === (b ?? []).join('\n');
// An alert straight from a source has no `partialAck` yet: it gets its copy (made once, then kept).
const sameState = (alert: Alert, s: AckState) =>
  alert.partialAck !== undefined && sameAck(alert.ack, s.ack) && samePartial(alert.partialAck, s.partialAck) && sameList(alert.ackUnknown, s.ackUnknown) && sameList(alert.ackers, s.ackers) && sameList(alert.ackSilenceIds, s.ackSilenceIds);

function withAck(alert: Alert, state: AckState): Alert {
  if (sameState(alert, state)) return alert;
  const copy = ackedCopies.get(alert);
  if (copy !== undefined && sameState(copy, state)) return copy;
  // A copy never keeps the ackers or ack silences of an earlier answer.
  const {ackers: _earlier, ackSilenceIds: _earlierIds, ...rest} = alert;
  const made = {...rest, ...state};
  ackedCopies.set(alert, made);
  return made;
}

// The linked copy made for an alert object, kept while the incident row is the same object.
const linkedCopies = new WeakMap<Alert, Alert>();

/** The alerts, each Alertmanager alert that paged an incident carrying it (`⚑ PD #1234 …`). */
function withIncidents(alerts: Alert[]): Alert[] {
  const paged = pagedIncidents(alerts);
  if (paged.size === 0) return alerts;
  return alerts.map((alert) => {
    const incident = paged.get(alert);
    if (incident === undefined || alert.incident === incident) return alert;
    const copy = linkedCopies.get(alert);
    if (copy !== undefined && copy.incident === incident) return copy;
    const made = {...alert, incident};
    linkedCopies.set(alert, made);
    return made;
  });
}

/** `next`, with the previous alert list itself when it holds the same alert objects in the same order. */
export function shareAlerts(old: AlertSnapshot | undefined, next: AlertSnapshot): AlertSnapshot {
  if (old === undefined || old.alerts === next.alerts || old.alerts.length !== next.alerts.length) return next;
  for (let i = 0; i < next.alerts.length; i++) if (old.alerts[i] !== next.alerts[i]) return next;
  return {...next, alerts: old.alerts};
}

function lastGood(previous: AlertSnapshot | undefined, name: string): number | null {
  return previous?.outcomes.find((o) => o.name === name)?.updatedAt ?? null;
}

/**
 * Keep what you know: the alerts a failed source reported at its last good answer stay listed
 * (marked stale by the view) instead of vanishing as if resolved, unless another source answered
 * for them now, or a peer of the same HA cluster answered (it holds the same alerts).
 */
function keptFromFailed(
  previous: AlertSnapshot | undefined,
  fresh: readonly Alert[],
  outcomes: readonly SourceOutcome[],
  sources: ContextServices['alertSources'],
): {alerts: Alert[]; staleSince: Record<string, number>} {
  const staleSince: Record<string, number> = {};
  if (!previous) return {alerts: [], staleSince};
  const answeredClusters = new Set(sources.filter((s, i) => outcomes[i]!.ok && s.cluster).map((s) => s.cluster));
  const failedAt = new Map<string, number>();
  sources.forEach((s, i) => {
    const o = outcomes[i]!;
    if (!o.ok && o.updatedAt != null && !(s.cluster && answeredClusters.has(s.cluster))) failedAt.set(s.name, o.updatedAt);
  });
  if (failedAt.size === 0) return {alerts: [], staleSince};
  const seen = new Set(fresh.map((a) => a.fingerprint));
  const alerts = previous.alerts.filter((a) => {
    if (seen.has(a.fingerprint)) return false;
    const times = a.seenBy.flatMap((name) => (failedAt.has(name) ? [failedAt.get(name)!] : []));
    if (times.length === 0) return false;
    staleSince[a.fingerprint] = Math.min(...times, previous.staleSince[a.fingerprint] ?? Number.POSITIVE_INFINITY);
    return true;
  });
  return {alerts, staleSince};
}
