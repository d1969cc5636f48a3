/**
 * The ack work that reaches the Alertmanagers, as plain functions over the query-core mutations
 * (retried with backoff, never duplicated, every attempt logged): send a planned ack, complete a
 * partial one, unack, retry now. Each resolves with the footer message of its outcome.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import {keeperClock, runKept, type AckKeeperRun, type KeptAck} from '../domain/ack-keeping.ts';
import {sendsNoSilence, type AckPlan} from '../domain/ack-plan.ts';
import type {Alert} from '../domain/alert.ts';
import {formatDuration} from '../domain/duration.ts';
import {sanitize} from '../domain/sanitize.ts';
import {ackMutationOptions, ackVariables, completionVariables, startSilenceMutation} from '../queries/ack-mutations.ts';
import {retryAck} from '../queries/ack-state.ts';
import {INCIDENT_ALREADY_ACKED_NOTE, INCIDENT_RESOLVED_NOTE, nothingToAck, type LeftAck, type SilenceOutcome, type SilenceResult} from '../queries/silence-results.ts';
import {unackMutationOptions} from '../queries/unack-mutations.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {ActionMessage, AlertOps} from './action-record.ts';
import {defaultKeyNamer, pressKey, type KeyNamer} from './key-namer.ts';
import {formatClock} from '../domain/format.ts';

/** What the ack mutations need besides the context's services. */
export interface AlertOpsDeps {
  record: ActionRecorder;
  now: () => number;
  /** The configured default ack length: an ack of exactly that long says how to take longer. */
  ackDurationMs: number;
  prefix: string;
  /** Names the keys an outcome says to press (`press u to retry`), as bound; absent: the default keymap's. */
  keys?: KeyNamer;
}

/** Which action a footer line reports: its word when done, and the name its other outcomes lead with. */
export type OpWord = 'ack' | 'unack' | 'retried ack';
const DONE: Record<OpWord, string> = {ack: 'acked', unack: 'unacked', 'retried ack': 'retried: acked'};

// What a settled incident acknowledge did, after the incident's label (`PD #1234 acked on pd`,
// `PD #1234 on pd: resolved meanwhile, nothing to acknowledge`). Null for a silence's result.
function incidentDoneText(r: SilenceResult): string | null {
  if (!r.incident || !r.ok) return null;
  if (r.note === INCIDENT_RESOLVED_NOTE || r.note === INCIDENT_ALREADY_ACKED_NOTE) return `${r.incident} on ${r.source}: ${r.note}`;
  return `${r.incident} acked on ${r.source}`;
}

/**
 * The footer line of an ack or unack. `retrying`: the first try's outcome, while the failed
 * Alertmanagers go on being retried (the row shows it); `a` makes an ack's next try go now.
 *
 * Only a done action starts with its past tense (`acked X`). Any other outcome starts with the
 * action and the outcome in capitals (`ACK FAILED: X …`, `ACK PARTIAL`, `ACK NOT YET`, `ACK UNKNOWN`): read in
 * a hurry, a line starting `acked X for 15m` was taken for an ack whatever followed it.
 * `keys` names the key to press again, as bound.
 */
export function outcomeText(op: OpWord, what: string, outcome: SilenceOutcome, retrying = false, keys: KeyNamer = defaultKeyNamer): ActionMessage {
  const failed = outcome.results.filter((r) => !r.ok);
  // Each outcome on its own: the silence per Alertmanager, the incident acknowledged in PagerDuty.
  const ids = outcome.results.filter((r) => r.ok && (r.silenceId || r.incident)).map((r) => incidentDoneText(r) ?? `${r.source}: ${r.silenceId}`);
  // Nothing acked at all: each incident was resolved before its acknowledge went (none was sent).
  if (outcome.status === 'ok' && outcome.results.length > 0 && outcome.results.every(nothingToAck)) return {text: `nothing to ack: ${what} (${ids.join(', ')})`, tone: 'info'};
  if (outcome.status === 'ok') return {text: `${DONE[op]} ${what}${ids.length ? ` (${ids.join(', ')})` : ''}`, tone: 'ok'};
  const done = ids.length ? `done: ${ids.join(', ')}; ` : '';
  const why = `${done}${failed.map((r) => `${r.incident ? `${r.incident} on ` : ''}${r.source}: ${r.error ?? 'failed'}`).join('; ')}`;
  const name = op.toUpperCase();
  const partial = outcome.status === 'partial';
  // Sent, its answer lost, and the silences could not be read back: it may be in place. Neither
  // "failed" nor "not yet"; a retry reads them first, so it never sends a second one.
  const unknown = outcome.status === 'unknown';
  if (retrying) return {text: `${name} ${unknown ? 'UNKNOWN' : partial ? 'PARTIAL' : 'NOT YET'}: ${what}: ${why}; retrying until it answers`, tone: 'warn'};
  // An unack is tried again with u: a on it would send a new ack instead.
  const retry = pressKey(keys, op === 'unack' ? 'unack' : 'ack', 'to retry');
  if (unknown) return {text: `${name} UNKNOWN: ${what}: ${clauses(why, unknownRetry(op, failed, keys))}`, tone: 'warn'};
  if (partial) return {text: `${name} PARTIAL: ${what}: ${clauses(why, retry)}`, tone: 'warn'};
  return {text: `${name} FAILED: ${what}: ${clauses(why, retry)}`, tone: 'critical'};
}

/**
 * The footer line of a group's unack. Several silences may end differently: a partial or failed
 * one names each silence expired and each not (with why), so the user knows which members still
 * stay quiet; the other outcomes read as a single unack's. Other users' acks it left in place
 * are said after it, counted (`alice's ack still silences 2 of them until 10:42Z`): "unacked"
 * alone would read as if those alerts could notify again.
 */
export function groupUnackText(what: string, outcome: SilenceOutcome, retrying = false, keys: KeyNamer = defaultKeyNamer): ActionMessage {
  const message = groupUnackLine(what, outcome, retrying, keys);
  const still = stillHoldingSome(outcome.left ?? []);
  if (still === null) return message;
  if (outcome.status !== 'ok') return {...message, text: `${message.text} · ${still}`};
  const expired = outcome.results.filter((r) => r.ok && r.silenceId).map((r) => sanitize(`${r.source}: ${r.silenceId}`));
  const done = expired.length > 0 ? `expired your acks of ${what} (${expired.join(', ')})` : `${what}: no ack silence of yours found`;
  return {text: `${done}; ${still}`, tone: 'info'};
}

// `alice's ack still silences 2 of them until 10:42Z, bob's 1 until 11:05Z`: each other author
// once, with how many distinct alerts their silences hold and their latest end.
function stillHoldingSome(left: readonly LeftAck[]): string | null {
  const held = new Map<string, {alerts: Set<string>; endsAt: number}>();
  for (const l of left) {
    const h = held.get(l.by) ?? {alerts: new Set<string>(), endsAt: 0};
    // Every alert the silence covers: one group ack holds all of its alerts, not one.
    for (const fp of l.fingerprints) h.alerts.add(fp);
    h.endsAt = Math.max(h.endsAt, l.endsAt);
    held.set(l.by, h);
  }
  if (held.size === 0) return null;
  const parts = [...held]
    .sort((a, b) => b[1].endsAt - a[1].endsAt)
    .map(([by, h], i) => `${sanitize(by)}'s${i === 0 ? ' ack still silences' : ''} ${h.alerts.size}${i === 0 ? ' of them' : ''} until ${formatClock(h.endsAt)}`);
  return parts.join(', ');
}

function groupUnackLine(what: string, outcome: SilenceOutcome, retrying: boolean, keys: KeyNamer): ActionMessage {
  if (retrying || (outcome.status !== 'partial' && outcome.status !== 'failed')) return outcomeText('unack', what, outcome, retrying, keys);
  const silences = outcome.results.filter((r) => r.silenceId);
  const expired = silences.filter((r) => r.ok).map((r) => `${r.source}: ${r.silenceId}`);
  const kept = silences.filter((r) => !r.ok).map((r) => `${r.source}: ${r.silenceId} (${r.unknown ? 'unknown: ' : ''}${r.error ?? 'failed'})`);
  // A listing that failed names no silence: its Alertmanager's acks were not even found.
  const unlisted = outcome.results.filter((r) => !r.silenceId && !r.ok).map((r) => `${r.source}: ${r.error ?? 'failed'} (silences not listed)`);
  const notExpired = [...kept, ...unlisted].join('; ');
  const retry = pressKey(keys, 'unack', 'to retry');
  if (expired.length === 0) return {text: sanitize(`UNACK FAILED: ${what}: none expired; ${clauses(`not expired: ${notExpired}`, retry)}`), tone: 'critical'};
  return {text: sanitize(`UNACK PARTIAL: ${what}: expired ${expired.join(', ')}; ${clauses(`NOT expired: ${notExpired}`, retry)}`), tone: 'warn'};
}

/**
 * The footer line of one alert's unack, which expires one author's ack silences only. Another
 * user's ack still in place is named with its end: the row goes on showing it acked, and
 * "unacked X" alone would read as if the alert could notify again.
 * @param whose the author whose ack was expired, sanitized, when not the user's own
 */
export function oneUnackText(what: string, outcome: SilenceOutcome, retrying = false, whose?: string, keys: KeyNamer = defaultKeyNamer): ActionMessage {
  const message = outcomeText('unack', what, outcome, retrying, keys);
  const still = stillHolding(outcome.left ?? []);
  // Nothing expired and nothing failed: no ack silence was found on any peer. Never "unacked X":
  // whatever the row showed acked, this unack changed nothing.
  if (still === null && outcome.status === 'ok' && !outcome.results.some((r) => r.ok && r.silenceId)) return {text: `${what}: no ack silence of ${whose ?? 'yours'} found`, tone: 'info'};
  if (still === null) return message;
  if (outcome.status !== 'ok') return {...message, text: `${message.text} · ${still}`};
  const expired = outcome.results.filter((r) => r.ok && r.silenceId).map((r) => sanitize(`${r.source}: ${r.silenceId}`));
  const ack = whose === undefined ? 'your ack' : `${whose}'s ack`;
  const done = expired.length > 0 ? `expired ${ack} of ${what} (${expired.join(', ')})` : `${what}: no ack silence of ${whose ?? 'yours'} found`;
  return {text: `${done}; ${still}`, tone: 'info'};
}

// `alice's ack still silences it until 10:42Z`: each other author once, with their latest end.
function stillHolding(left: readonly LeftAck[]): string | null {
  const ends = new Map<string, number>();
  for (const l of left) ends.set(l.by, Math.max(ends.get(l.by) ?? 0, l.endsAt));
  if (ends.size === 0) return null;
  const parts = [...ends].sort((a, b) => b[1] - a[1]).map(([by, endsAt], i) => `${sanitize(by)}'s ack${i === 0 ? ' still silences it' : ''} until ${formatClock(endsAt)}`);
  return parts.join(', ');
}


/**
 * What the key does again after an unknown outcome (`a` for an ack, `u` for an unack), for what is
 * unknown: a retried ack reads the silences back first, so it finds one that landed; a retried
 * unack expires it again, which an expired silence takes as done; a retried incident acknowledge
 * reads the incident first, so it sends nothing to one acknowledged or resolved meanwhile (an
 * acknowledge would reopen a resolved incident). Null when that key is unbound.
 */
function unknownRetry(op: OpWord, failed: readonly SilenceResult[], keys: KeyNamer): string | null {
  const unknown = failed.filter((r) => r.unknown);
  const incidents = unknown.some((r) => r.incident);
  const silences = unknown.some((r) => !r.incident);
  const silence = op === 'unack' ? 'expiring it again is harmless' : 'it finds the silence if it landed';
  const incident = 'it reads the incident first: sent again only if still unacknowledged';
  if (incidents && !silences) return pressKey(keys, 'ack', `to try again (${incident})`);
  if (incidents) return pressKey(keys, 'ack', `to retry (${silence}; ${incident})`);
  return pressKey(keys, op === 'unack' ? 'unack' : 'ack', `to retry (${silence})`);
}

// `why; press u to retry`, or `why` alone when the key to press has none.
function clauses(...parts: Array<string | null>): string {
  return parts.filter((p) => p !== null).join('; ');
}

/**
 * The footer line of a keeper run that left acks not extended or unknown, null when every ack
 * it looked at is kept. Said once per run (not every frame); the row keeps showing it meanwhile.
 * Leads with `ACK NOT EXTENDED` / `ACK EXTENSION UNKNOWN`, like the other ack outcomes.
 * @param kept the run's state per alert fingerprint (see keptAcks)
 * @param nameOf the alert's name, when the alert list has it
 */
export function keeperRunText(kept: ReadonlyMap<string, KeptAck>, nameOf: (fingerprint: string) => string | undefined): ActionMessage | null {
  const part = (status: 'failed' | 'unknown') => {
    const entries = [...kept].filter(([, k]) => k.status === status);
    if (entries.length === 0) return null;
    const names = [...new Set(entries.map(([fp, k]) => `${nameOf(fp) ?? fp}${k.endsAt === null ? '' : ` (ends ${keeperClock(k.endsAt)})`}`))];
    const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
    const why = [...new Set(entries.map(([, k]) => k.error ?? 'failed'))].join('; ');
    const nextAt = entries[0]![1].nextAt;
    const next = nextAt === null ? '' : status === 'failed' ? `; tried again at ${keeperClock(nextAt)}` : `; the run at ${keeperClock(nextAt)} finds out`;
    return sanitize(`${status === 'failed' ? 'ACK NOT EXTENDED' : 'ACK EXTENSION UNKNOWN'}: ${shown.join(', ')}: ${why}${next}`);
  };
  const failed = part('failed');
  const unknown = part('unknown');
  if (failed === null && unknown === null) return null;
  return {text: [failed, unknown].filter((t) => t !== null).join(' · '), tone: failed !== null ? 'critical' : 'warn'};
}

/**
 * The footer line of a keeper run of a context not shown (left by `:ctx`, its acks still kept):
 * the failed and unknown extensions as {@link keeperRunText} says them, named by the run's own
 * read, and the Alertmanagers it could not read (the acks there were not looked at); led by the
 * context, as nothing on screen is of it. Null when the run left nothing to say.
 */
export function keeperUnshownText(context: string, run: AckKeeperRun): ActionMessage | null {
  const names = new Map([...run.failed, ...run.unknown].flatMap((e) => Object.entries(e.names ?? {})));
  const kept = keeperRunText(runKept(run), (fp) => names.get(fp));
  const unread = (run.unread ?? []).map((u) => `${u.sources.join(', ')}: ${u.error}`);
  const next = run.nextAt === null || run.nextAt === undefined ? '' : `; tried again at ${keeperClock(run.nextAt)}`;
  const parts = [...(kept ? [kept.text] : []), ...(unread.length > 0 ? [`ACKS NOT LOOKED AT: ${unread.join('; ')}${next}`] : [])];
  if (parts.length === 0) return null;
  return {text: sanitize(`${context} (not shown): ${parts.join(' · ')}`), tone: unread.length > 0 || kept?.tone === 'critical' ? 'critical' : 'warn'};
}

/**
 * What `:ctx` says of a context it leaves whose keeper goes on: its acks are still extended.
 * @param held the user's acks its last run saw still kept; null when not known (none run yet, or an ack since)
 */
export function keptWhileHiddenText(context: string, held: number | null): string {
  const what = held === null ? 'acks' : `${held} ack${held === 1 ? '' : 's'}`;
  return sanitize(`${context}: ${what} kept until resolved still extended while not shown`);
}

/**
 * What an ack of PagerDuty incidents alone ({@link sendsNoSilence}) says in place of a length,
 * in the dashboard's footer and `oncall ack` alike: no silence was sent, and PagerDuty's own
 * acknowledgement timeout (not the length asked) decides when an incident triggers again. Null
 * when the ack did not land or found nothing to acknowledge: no ack was made to have a length.
 * @param askedMs a length the user asked for, said not to apply; undefined when none was
 */
export function incidentAckNote(outcome: SilenceOutcome, askedMs?: number): string | null {
  if (outcome.status !== 'ok' || outcome.results.every(nothingToAck)) return null;
  return `no silence: PagerDuty's own ack timeout applies${askedMs === undefined ? '' : `; ${formatDuration(askedMs)} does not apply`}`;
}

/** The ack operations of one context. */
export function createAlertOps(client: QueryClient, services: ContextServices, deps: AlertOpsDeps): AlertOps {
  const mutationDeps = {record: deps.record, now: deps.now, context: services.context, prefix: deps.prefix};
  const keys = deps.keys ?? defaultKeyNamer;
  return {
    async send(planned: AckPlan, what: string) {
      const {outcome, settled} = await startSilenceMutation(client, ackMutationOptions(services, mutationDeps), ackVariables(services, planned.drafts));
      const first = planned.drafts[0]?.draft;
      const ms = first ? first.endsAt - first.startsAt : 0;
      // Incident rows only: PagerDuty was asked to acknowledge, no silence was sent, and its own
      // acknowledgement timeout (not the draft's length) decides when the incident triggers again.
      if (sendsNoSilence(planned)) {
        const message = outcomeText('ack', what, outcome, !settled, keys);
        const note = incidentAckNote(outcome, ms > 0 && ms !== deps.ackDurationMs ? ms : undefined);
        return note === null ? message : {...message, text: `${message.text} · ${note}`};
      }
      const message = outcomeText('ack', ms > 0 ? `${what} for ${formatDuration(ms)}` : what, outcome, !settled, keys);
      // The default ack is short on purpose; say once, where it is seen, how to take longer.
      if (outcome.status === 'ok' && ms === deps.ackDurationMs) return {...message, text: `${message.text} · :ack 1h (or 4h, 30m…) for longer`};
      return message;
    },
    /** Sends a partly acked alert's ack, unchanged, to exactly the Alertmanagers missing it. */
    async complete(alert: Alert) {
      if (!alert.partialAck) return {text: 'nothing to complete', tone: 'info'};
      const variables = completionVariables(services, alert, alert.partialAck, deps.now());
      const {outcome, settled} = await startSilenceMutation(client, ackMutationOptions(services, mutationDeps), variables);
      return outcomeText('ack', `${sanitize(alert.name)} where it was missing`, outcome, !settled, keys);
    },
    async unack(alert: Alert, author: string, whose?: string) {
      const {outcome, settled} = await startSilenceMutation(client, unackMutationOptions(services, mutationDeps), {alerts: [alert], author});
      return oneUnackText(sanitize(alert.name), outcome, !settled, whose, keys);
    },
    async unackGroup(alerts: readonly Alert[], what: string, author: string) {
      const {outcome, settled} = await startSilenceMutation(client, unackMutationOptions(services, mutationDeps), {alerts: [...alerts], author});
      return groupUnackText(what, outcome, !settled, keys);
    },
    async retry(alert: Alert) {
      const outcome = await retryAck(client, alert.fingerprint, services.context);
      if (outcome === 'woken') return {text: `retrying the ack of ${sanitize(alert.name)} now`, tone: 'info'};
      return outcome ? outcomeText('retried ack', sanitize(alert.name), outcome, outcome.status !== 'ok', keys) : {text: 'nothing to retry', tone: 'info'};
    },
  };
}
