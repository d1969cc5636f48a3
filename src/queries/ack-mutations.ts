/**
 * Ack as a query-core mutation. One execution posts every planned silence to every Alertmanager
 * of the context (one peer per HA cluster) in parallel; on each it replaces our own earlier ack
 * of the same alert instead of stacking another. A failed Alertmanager is retried with backoff
 * while those that already hold their silence are never asked again (the progress lives in the
 * mutation variables). Every attempt and outcome goes to the action log through the recorder.
 */
import {MutationObserver, type MutationFunctionContext, type MutationOptions, type QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {AckDraft} from '../domain/ack-plan.ts';
import {incidentGroup, landedAck, missingGroups, ownAcks, replacing, shareIncidents, silenceGroups, silenceGroupsFor, type IncidentCover, type SilenceGroup} from '../domain/ack-targets.ts';
import {ACK_PREFIX} from '../domain/alert-ack.ts';
import type {Alert, PartialAck, SilenceDraft} from '../domain/alert.ts';
import {IncidentUpdateMayHaveLanded, SilenceMayExist, SourceFailure, type ContextServices, type IncidentReader} from '../sources/capabilities.ts';
import {readAlertsAfterWrite} from './alert-queries.ts';
import {failedResult, INCIDENT_ALREADY_ACKED_NOTE, INCIDENT_RESOLVED_NOTE, matcherTarget, pruneSuperseded, recordSafely, SilenceFailure, statusOf, type SilenceOutcome, type SilenceProgress, type SilenceResult} from './silence-results.ts';
import {readIncidentBack, readIncidentStatus, type IncidentStatus} from './incident-read-back.ts';
import {landedLook, readBack, settledResult, tryPeers} from './lost-answer.ts';
import {landedAckUnackedElsewhere} from './unacked-elsewhere.ts';
import {closedOutcome, isSuperseded, STOPPED_BY_UNACK, retainedRetries, startAttempt, takenOverAlerts, takeOverOlder, waitToRetry, type RetrySettings} from './silence-retry.ts';

/** The note of an ack whose answer was lost, found in place when the silences were read back. */
export const LANDED_NOTE = 'found in place: the answer to sending it was lost';
/** The note of an incident acknowledge whose answer was lost, found acknowledged when read back. */
export const INCIDENT_LANDED_NOTE = 'found acknowledged: the answer was lost';
// What a failed try says when an earlier one may have landed and this one could not look.
const EARLIER_MAY_EXIST = 'the silence an earlier try sent may exist';
const EARLIER_ACK_MAY_HAVE_LANDED = 'the acknowledge an earlier try sent may have landed';
export {INCIDENT_ALREADY_ACKED_NOTE, INCIDENT_RESOLVED_NOTE} from './silence-results.ts';
/** How a retry whose read before sending failed begins its error: `reading PD #4217 before acknowledging failed; nothing was sent: `. */
export const readBeforeSendingFailed = (incident: string) => `reading ${incident} before acknowledging failed; nothing was sent: `;
/** What an unknown ack says once its end has passed: no try is left to settle it. */
export const ENDED_UNKNOWN = "the ack's time is over; whether it landed is unknown";

/** Mutation key of a context's acks. */
export const ackKey = (context: string) => ['ack', context] as const;

/** What one ack sends: the planned silences and, per draft alert fingerprint, where they go. */
export interface AckVariables {
  drafts: AckDraft[];
  /** Draft alert fingerprint → the Alertmanagers (or clusters) it goes to (see {@link ackTargets}). */
  targets: Record<string, SilenceGroup[]>;
  /**
   * Draft alert fingerprint → the incidents it leads to that another draft acknowledges (an
   * incident row selected with the alert that paged it): its outcome is that draft's result.
   */
  covered?: Record<string, IncidentCover[]>;
  /** Filled in by the mutation: what is done so far. Leave unset. */
  progress?: SilenceProgress;
}

/** The key of a draft's result on one target in the progress (`fingerprint|group`). */
export function ackResultKey(fingerprint: string, groupKey: string): string {
  return `${fingerprint}|${groupKey}`;
}

/** What the ack and unack mutations need besides the services. */
export interface SilenceMutationDeps extends RetrySettings {
  record: ActionRecorder;
  /** The context name written to the log; defaults to `services.context`. */
  context?: string;
  /** The ack comment prefix: which silences are acks (ours to replace, or to expire). Default `ACK!`. */
  prefix?: string;
}

/** Where silences of `services` go: each Alertmanager that can hold them, one group per declared cluster. */
export function ackGroups(services: ContextServices): SilenceGroup[] {
  const sources = services.alertSources.map((s) => ({name: s.name, canSilence: typeof s.capabilities.createSilence === 'function'}));
  return silenceGroups(sources, Object.fromEntries(services.alertSources.map((s) => [s.name, s.cluster])));
}

/**
 * The targets of every draft: every Alertmanager of the context, whether or not it reported the
 * alert yet (Prometheus sends the alert to all of them; one left out would notify), one per
 * declared cluster (`SourceHandle.cluster`); a source holding only its own alerts (Grafana) gets
 * exactly the alerts it reported (`silenceGroupsFor`). An incident several drafts lead to is
 * acknowledged by the first of them only ({@link shareIncidents}).
 */
export function ackTargets(services: ContextServices, drafts: readonly AckDraft[]): Record<string, SilenceGroup[]> {
  return planTargets(services, drafts).targets;
}

function planTargets(services: ContextServices, drafts: readonly AckDraft[]): Pick<AckVariables, 'targets' | 'covered'> {
  const groups = ackGroups(services);
  // Grafana's own alerts are acked at Grafana, and only Grafana's there.
  const ownOnly = new Set(services.alertSources.filter((s) => s.ownAlertsOnly).map((s) => s.name));
  // One ack for both: the incident an alert paged is acknowledged with its silence, once however
  // many of the selected rows lead to it (the alerts that paged it, its own incident row).
  const incidents = shareIncidents(
    drafts.map((d) => ({
      fingerprint: d.alert.fingerprint,
      incidents: d.covers.flatMap((a) => (a.incident && a.incident.status !== 'resolved' && canAckIncident(services, a.incident.source) ? [incidentGroup(a.incident)] : [])),
    })),
  );
  const targets = Object.fromEntries(
    drafts.map((d) => {
      const silences = ownOnly.size === 0 ? groups : silenceGroupsFor(groups, d.alert.seenBy, ownOnly);
      const sends = incidents.sends[d.alert.fingerprint] ?? [];
      // An incident row is only acknowledged.
      return [d.alert.fingerprint, d.alert.source !== undefined ? sends : [...silences, ...sends]];
    }),
  );
  return Object.keys(incidents.covered).length === 0 ? {targets} : {targets, covered: incidents.covered};
}

function canAckIncident(services: ContextServices, source: string): boolean {
  return typeof services.alertSources.find((s) => s.name === source)?.capabilities.acknowledgeIncident === 'function';
}

/** The variables of an ack of `drafts`, targets chosen by {@link ackTargets}. */
export function ackVariables(services: ContextServices, drafts: AckDraft[]): AckVariables {
  return {drafts, ...planTargets(services, drafts)};
}

/**
 * The variables that complete a partial ack: the same silence (matchers, author, comment, end)
 * sent only to the Alertmanagers that report the alert without it, one per cluster.
 */
export function completionVariables(services: ContextServices, alert: Alert, partial: PartialAck, now: number): AckVariables {
  const draft = {matchers: partial.matchers.map((m) => ({...m})), startsAt: now, endsAt: partial.until, createdBy: partial.by, comment: partial.comment};
  return {drafts: [{alert, covers: [alert], draft}], targets: {[alert.fingerprint]: missingGroups(ackGroups(services), partial.missing, partial.holding)}};
}

/** The outcome recorded so far in the variables' progress, in draft and target order. */
export function ackOutcome(variables: AckVariables): SilenceOutcome {
  const results = Object.values(variables.progress?.results ?? {});
  return {status: statusOf(results), results};
}

// Whether a target is still to be tried: only then is another process's unack worth a read.
function retriesLeft(variables: AckVariables): boolean {
  const results = variables.progress?.results ?? {};
  return variables.drafts.some((d) => (variables.targets[d.alert.fingerprint] ?? []).some((g) => {
    const r = results[ackResultKey(d.alert.fingerprint, g.key)];
    return !r || (!r.ok && r.retryable);
  }));
}

// The sources of the groups that still lack their silence: the alert poll seeing one answer ends the wait.
function waitingOn(variables: AckVariables): string[] {
  const results = variables.progress?.results ?? {};
  return variables.drafts.flatMap((d) => (variables.targets[d.alert.fingerprint] ?? []).filter((g) => !results[ackResultKey(d.alert.fingerprint, g.key)]?.ok).flatMap((g) => g.sources));
}

/**
 * Options of the ack mutation (`mutationKey: ['ack', context]`). Resolves with an `ok` outcome;
 * rejects with a {@link SilenceFailure} carrying a `partial` or `failed` outcome. On settle the
 * context's alerts are invalidated, so the ACK (from the new silences) shows.
 */
export function ackMutationOptions(services: ContextServices, deps: SilenceMutationDeps): MutationOptions<SilenceOutcome, Error, AckVariables> {
  const context = deps.context ?? services.context;
  const prefix = deps.prefix ?? ACK_PREFIX;
  const at = () => new Date(deps.now()).toISOString();

  // One peer's try; `post.sent` is set once a POST went out (whatever its outcome).
  async function attemptOne(d: AckDraft, name: string, attempt: number, prior: SilenceResult | undefined, post: {sent: boolean}): Promise<SilenceResult> {
    const fingerprint = d.alert.fingerprint;
    const now = deps.now();
    // A retry keeps the chosen end, so every Alertmanager ends the ack at the same time.
    const draft = {...d.draft, startsAt: Math.max(d.draft.startsAt, now)};
    const handle = services.alertSources.find((s) => s.name === name);
    const base = {action: 'ack', context, target: matcherTarget(draft.matchers), source: name, attempt};
    const details = {fingerprint, covers: d.covers.map((a) => a.fingerprint), createdBy: draft.createdBy, comment: draft.comment, endsAt: new Date(draft.endsAt).toISOString()};
    // This ack's silence found in place after an answer was lost: done, nothing sent again.
    const found = async (id: string): Promise<SilenceResult> => {
      await recordSafely(deps.record, {...base, at: at(), phase: 'success', silenceId: id, details: {note: LANDED_NOTE}});
      return {fingerprint, source: name, ok: true, silenceId: id, retryable: false, attempts: attempt, note: LANDED_NOTE};
    };
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt', details});
    // Whether this try read the silences: then an earlier try's fate is known, whatever fails next.
    let read = false;
    try {
      const create = handle?.capabilities.createSilence;
      if (!handle || !create) throw new SourceFailure('bad-response', `${name} cannot create silences`);
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      if (draft.endsAt <= now) throw new SourceFailure('bad-response', `the ack ended before ${name} could take it`);
      const silences = handle.capabilities.listSilences ? (await handle.capabilities.listSilences({forAction: true})).value : null;
      read = silences !== null;
      // This very ack already there: an earlier try whose answer was lost landed. Sent again it
      // would be a second silence (or a needless update): it is done.
      const landed = silences ? landedAck(silences, draft, prefix) : undefined;
      if (landed) return await found(landed.id);
      // Our own earlier ack of this alert already there: replace it, and expire any stacked
      // duplicates, instead of adding one more.
      const own = silences ? ownAcks(silences, draft, prefix) : [];
      const replaced = own[0];
      let id: string;
      try {
        post.sent = true;
        id = await create.call(handle.capabilities, replaced ? replacing(draft, replaced) : draft);
      } catch (error) {
        if (error instanceof SilenceMayExist) return await settle(handle, draft, error);
        throw error;
      }
      const expired: string[] = [];
      for (const extra of own.slice(1)) {
        if (extra.id === id) continue;
        await handle.capabilities.expireSilence?.call(handle.capabilities, extra.id).then(() => expired.push(extra.id), () => undefined);
      }
      const more = {...(replaced ? {replaced: replaced.id} : {}), ...(expired.length ? {expired} : {})};
      await recordSafely(deps.record, {...base, at: at(), phase: 'success', silenceId: id, ...(replaced ? {details: more} : {})});
      return {fingerprint, source: name, ok: true, silenceId: id, retryable: false, attempts: attempt, ...(replaced ? {note: `replaced ${replaced.id}`} : {})};
    } catch (error) {
      const failed = failedResult({fingerprint, source: name, attempts: attempt}, error);
      // An earlier try here may have landed, and this one could not look: still unknown, not
      // failed, for the reason that try gave (this try's failure is in the log). Retried while a
      // retry may get past this failure; a refusal of the read (403, 400) makes it final, still
      // unknown: retrying into the same refusal for as long as the dashboard runs changes nothing.
      if (prior?.unknown && prior.source === name && !read) {
        await recordSafely(deps.record, {...base, at: at(), phase: 'unknown', error: `${failed.error}; ${EARLIER_MAY_EXIST}`});
        return {...prior, attempts: attempt, retryable: failed.retryable};
      }
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: failed.error ?? 'failed'});
      return failed;
    }

    // A POST that failed after it was sent: the silences read back say whether it landed. Only
    // when they cannot be read is the outcome unknown (retried: the next try reads them first).
    async function settle(h: NonNullable<typeof handle>, sent: SilenceDraft, error: SilenceMayExist): Promise<SilenceResult> {
      const back = await readBack({source: h, error, mayHave: 'the silence may exist', look: landedLook(sent, prefix, 'the silence is not there: it did not land')});
      return settledResult(failedResult({fingerprint, source: name, attempts: attempt}, error), back, found, (phase, why) => recordSafely(deps.record, {...base, at: at(), phase, error: why}));
    }
  }

  // The incident an ack also acknowledges (PagerDuty): logged and retried like a silence. Read
  // before each acknowledge is sent: PagerDuty reopens a resolved incident it is asked to
  // acknowledge, and one resolved since the row was polled, or while a retry waited, must stay
  // resolved (reopened, it would page again when its ack timeout runs out). The first try sends
  // on the row just polled when that read fails (statusBeforeSending).
  async function attemptIncident(d: AckDraft, group: SilenceGroup, incident: {id: string; number: number}, attempt: number, prior: SilenceResult | undefined): Promise<SilenceResult> {
    const fingerprint = d.alert.fingerprint;
    const name = group.sources[0]!;
    const label = `PD #${incident.number}`;
    const base = {action: 'ack', context, target: {incident: label, id: incident.id}, source: name, attempt};
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt', details: {fingerprint, covers: d.covers.map((a) => a.fingerprint)}});
    const capabilities = services.alertSources.find((s) => s.name === name)?.capabilities;
    // Settled without sending (or found done after a lost answer): said by its note, never "acked".
    const settled = async (note: string): Promise<SilenceResult> => {
      await recordSafely(deps.record, {...base, at: at(), phase: 'success', details: {note}});
      return {fingerprint, source: name, ok: true, retryable: false, attempts: attempt, incident: label, note};
    };
    // What the row said when the key was pressed.
    const shown = d.covers.find((a) => a.incident?.source === name && a.incident.id === incident.id)?.incident?.status;
    let sent = false;
    try {
      const acknowledge = capabilities?.acknowledgeIncident;
      if (!acknowledge) throw new SourceFailure('bad-response', `${name} cannot acknowledge incidents`);
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      const status = await statusBeforeSending(capabilities, incident.id, attempt);
      if (status === 'resolved') return await settled(INCIDENT_RESOLVED_NOTE);
      // Acknowledged since the row was read, or by an earlier try whose answer was lost: done.
      // The first try on a row shown acknowledged sends it still: the user acks it again.
      if (status === 'acknowledged' && !(attempt === 1 && shown === 'acknowledged')) return await settled(prior?.unknown ? INCIDENT_LANDED_NOTE : INCIDENT_ALREADY_ACKED_NOTE);
      sent = true;
      await acknowledge(incident.id);
      await recordSafely(deps.record, {...base, at: at(), phase: 'success'});
      return {fingerprint, source: name, ok: true, retryable: false, attempts: attempt, incident: label};
    } catch (error) {
      const unread = error instanceof ReadBeforeSendingFailed;
      const failed = failedResult({fingerprint, source: name, attempts: attempt}, unread ? error.error : error);
      const result = {...failed, incident: label, ...(unread ? {error: `${readBeforeSendingFailed(label)}${failed.error}`} : {})};
      if (error instanceof IncidentUpdateMayHaveLanded) {
        // The answer was lost after sending: the incident read back says whether it was
        // acknowledged. Resolved, it was not (an acknowledge that landed would have reopened
        // it), and nothing is left to acknowledge. Unreadable, it is unknown: retried (the next
        // try reads it first), said and logged as unknown.
        const back = await readIncidentBack({name, capabilities}, incident.id, error, ['acknowledged'], 'may be acknowledged');
        if (back.outcome === 'landed') return await settled(INCIDENT_LANDED_NOTE);
        if (back.outcome === 'failed' && back.status === 'resolved') return await settled(INCIDENT_RESOLVED_NOTE);
        await recordSafely(deps.record, {...base, at: at(), phase: back.outcome === 'unknown' ? 'unknown' : 'failure', error: back.error});
        return {...result, error: back.error, ...(back.outcome === 'unknown' ? {unknown: true, retryable: true} : {})};
      }
      // An earlier try's acknowledge may have landed, and this one could not read the incident:
      // still unknown, for the reason that try gave (this try's failure is in the log).
      if (prior?.unknown && !sent) {
        await recordSafely(deps.record, {...base, at: at(), phase: 'unknown', error: `${result.error}; ${EARLIER_ACK_MAY_HAVE_LANDED}`});
        return {...prior, attempts: attempt, retryable: result.retryable};
      }
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: result.error ?? 'failed'});
      return result;
    }
  }

  // One group: its peers in order, the next one only when a peer did not answer (`tryPeers`).
  async function attemptGroup(d: AckDraft, group: SilenceGroup, prior: SilenceResult | undefined): Promise<SilenceResult> {
    const attempt = (prior?.attempts ?? 0) + 1;
    if (group.incident) return attemptIncident(d, group, group.incident, attempt, prior);
    // An unknown ack whose end has passed: nothing sent now could be this ack, and whether the
    // earlier POST landed no longer matters to the alert. Settled as unknown, for good, logged
    // once: retried, it would never settle and would log every try for as long as it runs.
    if (prior?.unknown && d.draft.endsAt <= deps.now()) {
      const error = `${ENDED_UNKNOWN} (${prior.error ?? 'its answer was lost'})`;
      const base = {action: 'ack', context, target: matcherTarget(d.draft.matchers), source: prior.source, attempt};
      await recordSafely(deps.record, {...base, at: at(), phase: 'unknown', error});
      return {...prior, attempts: attempt, retryable: false, error};
    }
    // A POST just lost on a peer, in any try: its silence may be there and not yet gossiped, so
    // no other peer is asked in this try (a second silence for one ack).
    return tryPeers(group.sources, prior, (name, write) => attemptOne(d, name, attempt, prior, write), {afterUnknownWrite: 'stop'});
  }

  return {
    ...retainedRetries(ackKey(context), deps),
    mutationFn: async (variables, ctx) => {
      const progress = startAttempt(variables, deps);
      // A new ack (`:ack 1h` over one still retrying) takes over from the older one first.
      if (progress.attempt === 1) await takeOverOlder(ctx.client, context, variables);
      if (progress.attempt > 1) await waitToRetry(ctx.client, context, waitingOn(variables), progress, deps);
      // Another process's unack shows only where this ack landed: read there before retrying.
      if (progress.attempt > 1 && !progress.closing && !progress.unacked && retriesLeft(variables) && (await landedAckUnackedElsewhere(services, variables.drafts, progress, prefix, deps.now()))) progress.unacked = true;
      // A newer unack of any of its alerts stops it whole: a retry would silence that alert again.
      const unacked = progress.attempt > 1 && progress.unacked === true;
      const superseded = progress.attempt > 1 && (unacked || isSuperseded(ctx.client, context, variables));
      // Per draft too: a group ack's draft whose every alert has a newer ack or unack stops,
      // while the others go on (the newer `:ack 1h` of one alert must not be cut back to 15m).
      const newer = progress.attempt > 1 ? takenOverAlerts(ctx.client, context, variables) : new Set<string>();
      // The dashboard closed while this ack waited to retry: no try goes; the log says where each target stands.
      const closing = progress.attempt > 1 && progress.closing === true;
      const jobs: Array<Promise<void>> = [];
      for (const d of variables.drafts) {
        const fingerprint = d.alert.fingerprint;
        const groups = variables.targets[fingerprint] ?? [];
        // Nothing of its own to send, its incident acknowledged by another draft's target (an
        // incident row selected with the alert that paged it): that result is its outcome. Not
        // a failure, and no second acknowledge.
        if (groups.length === 0 && variables.covered?.[fingerprint]?.length) continue;
        if (groups.length === 0) {
          progress.results[`${fingerprint}|`] = {fingerprint, source: 'none', ok: false, retryable: false, attempts: 0, error: d.alert.source !== undefined ? `${d.alert.source} cannot acknowledge this incident` : 'no Alertmanager that can hold silences is configured'};
          continue;
        }
        const covers = d.covers.length > 0 ? d.covers : [d.alert];
        const draftSuperseded = superseded || covers.every((a) => newer.has(a.fingerprint));
        for (const group of groups) {
          const key = ackResultKey(fingerprint, group.key);
          const prior = progress.results[key];
          // Done, or refused for good (400, auth): an automatic retry would not change the answer.
          if (prior && (prior.ok || !prior.retryable)) continue;
          if (draftSuperseded) {
            progress.results[key] = {fingerprint, source: group.sources[0]!, ok: false, attempts: 0, ...prior, retryable: false, error: unacked ? STOPPED_BY_UNACK : 'stopped: a newer ack or unack of this alert took over'};
            continue;
          }
          if (closing) {
            const closed = closedOutcome(prior);
            const source = prior?.source ?? group.sources[0]!;
            const target = group.incident ? {incident: `PD #${group.incident.number}`, id: group.incident.id} : matcherTarget(d.draft.matchers);
            progress.results[key] = {fingerprint, source, ok: false, attempts: 0, ...prior, retryable: false, error: closed.error};
            jobs.push(recordSafely(deps.record, {action: 'ack', context, target, source, ...(prior ? {attempt: prior.attempts} : {}), at: at(), ...closed}));
            continue;
          }
          // Reserve the slot now so results keep the draft/target order whatever finishes first.
          if (!prior) progress.results[key] = {fingerprint, source: group.sources[0]!, ok: false, retryable: true, attempts: 0, note: 'sending'};
          jobs.push(attemptGroup(d, group, prior).then((r) => void (progress.results[key] = r)));
        }
      }
      // Marked while sending: a newer ack of these alerts waits for the answers (takeOverOlder).
      progress.trying = Promise.allSettled(jobs);
      try {
        await Promise.all(jobs);
      } finally {
        delete progress.trying;
      }
      const outcome = ackOutcome(variables);
      if (outcome.status !== 'ok') throw new SilenceFailure(outcome);
      return outcome;
    },
    onSettled: (_data, _error, _variables, _result, ctx: MutationFunctionContext) => {
      pruneSuperseded(ctx.client, context, deps.now());
      return readAlertsAfterWrite(ctx.client, services, context);
    },
  };
}

/**
 * Runs an ack or unack through a MutationObserver (so it shows in the MutationCache like one
 * started by a key) and resolves with its outcome; never rejects. For one-shot commands and
 * views that only need the result.
 */
export async function runSilenceMutation<V>(client: QueryClient, options: MutationOptions<SilenceOutcome, Error, V>, variables: V): Promise<SilenceOutcome> {
  const observer = new MutationObserver(client, options);
  try {
    return await observer.mutate(variables);
  } catch (error) {
    if (error instanceof SilenceFailure) return error.outcome;
    return {status: 'failed', results: [failedResult({source: 'none', attempts: 0}, error)]};
  } finally {
    observer.reset();
  }
}

/**
 * Starts an ack or unack and resolves with the outcome of its first try, or of the whole action
 * when it ends first; never rejects. A failed Alertmanager goes on being retried in the
 * MutationCache (shown on the alert), so the caller can report at once and not wait for it.
 */
export function startSilenceMutation<V>(client: QueryClient, options: MutationOptions<SilenceOutcome, Error, V>, variables: V): Promise<{outcome: SilenceOutcome; settled: boolean}> {
  const observer = new MutationObserver(client, options);
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const finish = (outcome: SilenceOutcome, settled: boolean) => {
      unsubscribe();
      resolve({outcome, settled});
    };
    unsubscribe = observer.subscribe((result) => {
      if (result.status === 'pending' && result.failureCount > 0 && result.failureReason instanceof SilenceFailure) finish(result.failureReason.outcome, false);
    });
    observer.mutate(variables).then(
      (outcome) => finish(outcome, true),
      (error: unknown) => finish(error instanceof SilenceFailure ? error.outcome : {status: 'failed', results: [failedResult({source: 'none', attempts: 0}, error)]}, true),
    );
  });
}

/**
 * The incident's status read just before an acknowledge is sent, with the action's own read
 * (which waits out a short rate limit, as the acknowledge does); null when there is no reader.
 * On the first try a read that fails, however, lets the row just polled stand for it, as it did
 * before there was a read: the acknowledge goes and meets what it meets (it waits out a rate limit
 * of its own), so a read failing where the write would land never blocks it. On a retry the row is
 * no longer current: a failed read fails the try, said as the read's, nothing sent.
 */
async function statusBeforeSending(capabilities: Partial<IncidentReader> | undefined, id: string, attempt: number): Promise<IncidentStatus | null> {
  if (!capabilities?.readIncidentStatus) return null;
  const {status, error} = await readIncidentStatus(capabilities, id);
  if (status === null && attempt > 1) throw new ReadBeforeSendingFailed(error);
  return status;
}

// A retry's read before sending that failed: the try fails as the read did (retried alike),
// said as the read's failure so nobody takes it for the acknowledge's.
class ReadBeforeSendingFailed extends Error {
  constructor(readonly error: unknown) {
    super('reading the incident before acknowledging failed');
  }
}
