/**
 * Unack as a query-core mutation: expires ack silences on every Alertmanager of the context,
 * listed through every peer of an HA cluster that answers and each expired through a peer that
 * holds it (an expired silence is gossiped like a new one, so a cluster with one peer down is
 * still fully unacked through the other). Retries like the ack, only the
 * Alertmanagers that failed.
 */
import type {MutationFunctionContext, MutationOptions} from '@tanstack/query-core';
import {matchesSilence} from '../domain/ack-plan.ts';
import {silenceGroups, silenceGroupsFor, type SilenceGroup} from '../domain/ack-targets.ts';
import {ACK_PREFIX} from '../domain/alert-ack.ts';
import type {Alert, Silence} from '../domain/alert.ts';
import {ExpiryMayHaveLanded, ExpiryNotFoundUnconfirmed, SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import type {SilenceMutationDeps} from './ack-mutations.ts';
import {readAlertsAfterWrite} from './alert-queries.ts';
import {failedResult, isGone, pruneSuperseded, recordSafely, SilenceFailure, statusOf, type LeftAck, type SilenceOutcome, type SilenceProgress, type SilenceResult} from './silence-results.ts';
import {readBack, settledResult, tryPeers, type Look} from './lost-answer.ts';
import {closedOutcome, isSuperseded, retainedRetries, startAttempt, takeOverOlder, waitToRetry} from './silence-retry.ts';

/** The note of an expiry whose answer was lost, the silence read back expired. */
export const EXPIRED_NOTE = 'read back expired: the answer to expiring it was lost';
/**
 * The note of an expiry whose answer was lost, the silence no longer there at all when read
 * back (most likely expired by that DELETE and since collected): whatever happened, it silences
 * nothing, which is what the unack is for.
 */
export const GONE_NOTE = 'the answer to expiring it was lost; read back, the silence is gone, so it silences nothing';
/**
 * The notes of an expiry answered with a 404 that is not the Alertmanager's own (a proxy's page),
 * the silence read back expired, or no longer there at all: either way it silences nothing.
 */
export const NOT_FOUND_EXPIRED_NOTE = "the expiry was answered by a 404 that is not the Alertmanager's; read back, the silence is expired";
export const NOT_FOUND_GONE_NOTE = "the expiry was answered by a 404 that is not the Alertmanager's; read back, the silence is gone, so it silences nothing";
/** Whether a result's note says the silence read back is gone (not known to be expired by this unack). */
export const isReadBackGone = (note: string | undefined): boolean => note === GONE_NOTE || note === NOT_FOUND_GONE_NOTE;
// What a failed try says when an earlier one may have landed and this one could not tell.
const EARLIER_MAY_HAVE_EXPIRED = 'the expiry an earlier try sent may have landed';

/** Mutation key of a context's unacks. */
export const unackKey = (context: string) => ['unack', context] as const;

/** What one unack expires: given silence ids, and/or the ack silences of given alerts. */
export interface UnackVariables {
  /** Expired on every Alertmanager (or cluster); an unknown id there counts as already gone. */
  silenceIds?: string[];
  /** Their ack silences (comment prefix; silencing them, or matching them where they are not yet) are expired everywhere. */
  alerts?: Alert[];
  /**
   * Only ack silences this author created (a group's unack: the user's own acks of its members,
   * never another user's ack of one of them).
   */
  author?: string;
  /** Filled in by the mutation. Leave unset. */
  progress?: SilenceProgress;
}

type Handle = ContextServices['alertSources'][number];
/** An ack silence listed in a group: its id, its alert, and the peers that listed it. */
type Listed = {id: string; fingerprint: string | undefined; holders: string[]};

/**
 * The ack silences of `alerts` among one Alertmanager's silences, each with the alert it is for;
 * with an `author`, only theirs, and the other users' active ones in `left` (not to expire), each
 * once with every alert it covers.
 */
function acksOf(alerts: readonly Alert[], silences: readonly Silence[], prefix: string, author: string | undefined, source: string): {expire: Array<{id: string; fingerprint: string}>; left: LeftAck[]} {
  const out: Array<{id: string; fingerprint: string}> = [];
  const left: LeftAck[] = [];
  for (const alert of alerts) {
    for (const s of silences) {
      if (s.state === 'expired' || !s.comment.startsWith(prefix)) continue;
      // An ack sent to an Alertmanager the alert has not reached yet silences nothing there yet.
      if (!alert.silencedBy.includes(s.id) && !matchesSilence(alert, s.matchers)) continue;
      if (author !== undefined && s.createdBy !== author) {
        // Only an active one still silences the alert; said so, it must be true. One silence
        // (another user's group ack) may cover several of the alerts: listed once, with each.
        if (s.state !== 'active') continue;
        const known = left.find((l) => l.silenceId === s.id);
        if (!known) left.push({silenceId: s.id, by: s.createdBy, endsAt: s.endsAt, source, fingerprints: [alert.fingerprint]});
        else if (!known.fingerprints.includes(alert.fingerprint)) known.fingerprints.push(alert.fingerprint);
        continue;
      }
      if (!out.some((p) => p.id === s.id)) out.push({id: s.id, fingerprint: alert.fingerprint});
    }
  }
  return {expire: out, left};
}

/**
 * Options of the unack mutation (`mutationKey: ['unack', context]`). An unknown id is already
 * gone, which is what the user wanted: ok. A cluster's peers are tried in order, the next only
 * when one does not answer.
 */
export function unackMutationOptions(services: ContextServices, deps: SilenceMutationDeps): MutationOptions<SilenceOutcome, Error, UnackVariables> {
  const context = deps.context ?? services.context;
  const prefix = deps.prefix ?? ACK_PREFIX;
  const at = () => new Date(deps.now()).toISOString();
  const sources = services.alertSources.map((s) => ({name: s.name, canSilence: typeof s.capabilities.expireSilence === 'function'}));
  const groups = silenceGroups(sources, Object.fromEntries(services.alertSources.map((s) => [s.name, s.cluster])));
  const handle = (name: string) => services.alertSources.find((s) => s.name === name)!;
  const ownOnly = new Set(services.alertSources.filter((s) => s.ownAlertsOnly).map((s) => s.name));

  // `path.broken` is set when the peer answered the DELETE with a 404 that is not the
  // Alertmanager's and the silence read back is still active: its way in does not pass the
  // expiry on, which says nothing of the cluster's other peers.
  async function expireOne(peer: Handle, id: string, fingerprint: string | undefined, attempt: number, prior: SilenceResult | undefined, path: {broken: boolean}): Promise<SilenceResult> {
    const base = {action: 'unack', context, target: {silenceId: id}, source: peer.name, attempt, silenceId: id, ...(fingerprint ? {details: {fingerprint}} : {})};
    const fp = fingerprint ? {fingerprint} : {};
    const done = async (note?: string): Promise<SilenceResult> => {
      await recordSafely(deps.record, {...base, at: at(), phase: 'success', ...(note ? {details: {...base.details, note}} : {})});
      return {...fp, source: peer.name, ok: true, silenceId: id, retryable: false, attempts: attempt, ...(note ? {note} : {})};
    };
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt'});
    try {
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      try {
        await peer.capabilities.expireSilence!.call(peer.capabilities, id);
      } catch (error) {
        if (error instanceof ExpiryMayHaveLanded) return await settle(error, {expired: EXPIRED_NOTE, gone: GONE_NOTE});
        // A proxy's 404 page is no "unknown silence": only the silence read back says whether
        // anything still silences through it (still active: failed, naming that answer).
        if (error instanceof ExpiryNotFoundUnconfirmed) {
          const settled = await settle(error, {expired: NOT_FOUND_EXPIRED_NOTE, gone: NOT_FOUND_GONE_NOTE});
          path.broken = !settled.ok && !settled.unknown;
          return settled;
        }
        if (!isGone(error)) throw error;
        return await done('already gone');
      }
      return await done();
    } catch (error) {
      const failed = failedResult({...fp, source: peer.name, silenceId: id, attempts: attempt}, error);
      // An earlier try here may have expired it, and this one could not tell: still unknown, not
      // failed, for the reason that try gave (this try's failure is in the log). A refusal (403,
      // 400) makes it final, not failed: the earlier expiry may still have landed, and retrying
      // into the same refusal for as long as the dashboard runs would change nothing.
      if (prior?.unknown && prior.source === peer.name) {
        await recordSafely(deps.record, {...base, at: at(), phase: 'unknown', error: `${failed.error}; ${EARLIER_MAY_HAVE_EXPIRED}`});
        return {...prior, attempts: attempt, retryable: failed.retryable};
      }
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: failed.error ?? 'failed'});
      return failed;
    }

    // A DELETE that failed after it was sent, or whose 404 was not the Alertmanager's: the
    // silence read back says whether it landed (expired, or gone altogether: done). Only when it
    // cannot be read is the outcome unknown; a retry sends the DELETE again, which an expired
    // silence takes as done.
    async function settle(error: SourceFailure, notes: {expired: string; gone: string}): Promise<SilenceResult> {
      const back = await readBack({source: peer, error, mayHave: 'the silence may still be active', look: (silences) => expiryLook(silences, notes)});
      return settledResult(failedResult({...fp, source: peer.name, silenceId: id, attempts: attempt}, error), back, done, (phase, why) => recordSafely(deps.record, {...base, at: at(), phase, error: why}));
    }

    // The silence read back: expired, or gone altogether, it is done (the note says which).
    function expiryLook(silences: Silence[], notes: {expired: string; gone: string}): Look<string> {
      const silence = silences.find((s) => s.id === id);
      // Not "already gone" (an id the Alertmanager never had): the silence was there to expire,
      // and this DELETE may have been what expired it; the caller must not say it was never found.
      if (!silence) return {found: notes.gone};
      if (silence.state === 'expired') return {found: notes.expired};
      return {missing: `the silence is still ${silence.state}: the expiry did not land`};
    }
  }

  // One silence on one group: its peers in order until one answers. An expiry that may have
  // landed on one peer is sent to the next too (expiring twice is harmless); what no peer
  // settles stays unknown, never made a failure. On a retry the peer an earlier expiry may have
  // landed on is asked first, as for an ack: its answer settles it, and another peer's refusal
  // can neither end the try before it is asked nor be reported in place of its unknown.
  // A peer whose path does not pass the expiry on (a proxy's 404, the silence read back still
  // active) is like a peer that is down: the next peer shares the cluster's silences and may
  // expire it. Only when none did is it failed, naming what each peer answered; retried only
  // if a peer that is not behind a broken path may answer later.
  async function expireInGroup(group: SilenceGroup, id: string, fingerprint: string | undefined, holders: readonly string[], prior: SilenceResult | undefined): Promise<SilenceResult> {
    const answers: Array<{result: SilenceResult; broken: boolean}> = [];
    const result = await tryPeers(
      [...holders, ...group.sources.filter((s) => !holders.includes(s))],
      prior,
      async (name) => {
        const path = {broken: false};
        const answer = await expireOne(handle(name), id, fingerprint, (prior?.attempts ?? 0) + 1, prior, path);
        answers.push({result: answer, broken: path.broken});
        return path.broken ? {...answer, retryable: true} : answer;
      },
      {afterUnknownWrite: 'next'},
    );
    if (result.ok || result.unknown || !answers.some((a) => a.broken)) return result;
    const last = answers[answers.length - 1]!.result;
    return {
      ...last,
      retryable: answers.some((a) => !a.broken && a.result.retryable),
      // Each answer, named by its peer (the adapters' messages already start with it); apart by
      // ` · ` since an answer read back holds a `;` of its own.
      error: answers.map(({result: r}) => (r.error?.includes(`${r.source}:`) ? r.error : `${r.source}: ${r.error ?? 'failed'}`)).join(' · '),
    };
  }

  // The ack silences of the alerts in one group, listed through every peer at once and taken
  // together: a peer gossip has not reached yet, or a partitioned one holding the copy `a` sent
  // it itself, may hold an ack the others lack, and read through one peer only it was never
  // expired while the unack said "unacked". Each is handed to `found` as soon as the first peer
  // listing it answers, with the peers that listed it (asked first to expire it: another peer
  // does not know its id yet; a later peer listing it too is added while it waits its turn), so
  // a peer that hangs until its timeout does not hold back what the others list (the unack
  // itself, and so its row's `UNACK sending…`, settles only once every listing has: the hung
  // peer may hold a copy no other lists). A peer that
  // fails (down, or its way in answering a sign-in page) says nothing of the others; only when
  // none answers is it failed.
  async function listInGroup(group: SilenceGroup, alerts: readonly Alert[], progress: SilenceProgress, author: string | undefined, left: LeftAck[], found: (listed: Listed) => void): Promise<void> {
    const key = `${group.key}|*`;
    let failure: SilenceResult | null = null;
    let answered = false;
    const out: Listed[] = [];
    await Promise.all(
      group.sources.map(async (name) => {
        const list = handle(name).capabilities.listSilences;
        if (!list) return;
        try {
          const silences = (await list.call(handle(name).capabilities, {forAction: true})).value;
          answered = true;
          const acks = acksOf(alerts, silences, prefix, author, name);
          for (const l of acks.left) if (!left.some((k) => k.silenceId === l.silenceId)) left.push(l);
          for (const e of acks.expire) {
            const known = out.find((p) => p.id === e.id);
            if (known) {
              known.holders.push(name);
              continue;
            }
            const listed = {...e, holders: [name]};
            out.push(listed);
            found(listed);
          }
        } catch (error) {
          failure = failedResult({source: name, attempts: (progress.results[key]?.attempts ?? 0) + 1, note: 'listing silences'}, error);
          await recordSafely(deps.record, {action: 'unack', context, phase: 'failure', at: at(), source: name, attempt: failure.attempts, target: {alerts: alerts.map((a) => a.fingerprint).join(',')}, error: failure.error ?? 'failed'});
        }
      }),
    );
    if (answered) delete progress.results[key];
    else if (failure) progress.results[key] = failure;
  }

  return {
    ...retainedRetries(unackKey(context), deps),
    mutationFn: async (variables, ctx) => {
      const progress = startAttempt(variables, deps);
      // An older ack of these alerts mid-request would land its silence after the listing below
      // and leave the alert silenced after "unacked": it is stopped, or its answer awaited, first.
      if (progress.attempt === 1) await takeOverOlder(ctx.client, context, variables);
      if (progress.attempt > 1) {
        const failed = new Set(Object.values(progress.results).filter((r) => !r.ok).map((r) => r.source));
        await waitToRetry(ctx.client, context, groups.filter((g) => g.sources.some((s) => failed.has(s))).flatMap((g) => g.sources), progress, deps);
        if (isSuperseded(ctx.client, context, variables)) {
          for (const [key, r] of Object.entries(progress.results)) if (!r.ok) progress.results[key] = {...r, retryable: false, error: 'stopped: a newer ack or unack of this alert took over'};
          throw new SilenceFailure({status: statusOf(Object.values(progress.results)), results: Object.values(progress.results)});
        }
        // The dashboard closed while this unack waited to retry: no try goes; the log says where each silence stands.
        if (progress.closing) {
          const entries: Array<Promise<void>> = [];
          for (const [key, r] of Object.entries(progress.results)) {
            if (r.ok) continue;
            const closed = closedOutcome(r);
            progress.results[key] = {...r, retryable: false, error: closed.error};
            const target: Record<string, string> = r.silenceId ? {silenceId: r.silenceId} : {alerts: (variables.alerts ?? []).map((a) => a.fingerprint).join(',')};
            entries.push(recordSafely(deps.record, {action: 'unack', context, target, source: r.source, attempt: r.attempts, ...(r.silenceId ? {silenceId: r.silenceId} : {}), at: at(), ...closed}));
          }
          await Promise.all(entries);
          throw new SilenceFailure({status: statusOf(Object.values(progress.results)), results: Object.values(progress.results)});
        }
      }
      const alerts = variables.alerts ?? [];
      // Listed afresh on every try: what this try saw still in place.
      const left: LeftAck[] = [];
      await Promise.all(
        groups.map(async (group) => {
          // One silence after the other within a group, as each is found: the ids given first,
          // then each listed one as soon as a peer lists it.
          const queued = new Set<string>();
          let chain: Promise<void> = Promise.resolve();
          const expire = (listed: Listed) => {
            if (queued.has(listed.id)) return;
            queued.add(listed.id);
            chain = chain.then(async () => {
              const {id, fingerprint, holders} = listed;
              const key = `${group.key}|${id}`;
              const prior = progress.results[key];
              if (prior && (prior.ok || !prior.retryable)) return;
              if (!prior) progress.results[key] = {...(fingerprint ? {fingerprint} : {}), source: group.sources[0]!, silenceId: id, ok: false, retryable: true, attempts: 0, note: 'sending'};
              progress.results[key] = await expireInGroup(group, id, fingerprint, holders, prior);
            });
          };
          for (const id of variables.silenceIds ?? []) expire({id, fingerprint: undefined, holders: []});
          // Grafana holds only its own alerts' acks, and they are only there.
          const mine = ownOnly.size === 0 ? alerts : alerts.filter((a) => silenceGroupsFor(groups, a.seenBy, ownOnly).includes(group));
          if (mine.length > 0) await listInGroup(group, mine, progress, variables.author, left, expire);
          // What an earlier try left unsettled is tried again by its id: an expiry that may have
          // landed leaves the silence expired, which the listing above no longer gives.
          for (const [key, r] of Object.entries(progress.results)) {
            if (key.startsWith(`${group.key}|`) && r.silenceId && !r.ok) expire({id: r.silenceId, fingerprint: r.fingerprint, holders: []});
          }
          await chain;
        }),
      );
      // In config order, whichever Alertmanager answered first.
      const rank = (r: SilenceResult) => groups.findIndex((g) => g.sources.includes(r.source));
      const results = Object.values(progress.results).sort((a, b) => rank(a) - rank(b));
      const outcome: SilenceOutcome = {status: statusOf(results), results, ...(left.length > 0 ? {left} : {})};
      if (outcome.status !== 'ok') throw new SilenceFailure(outcome);
      return outcome;
    },
    onSettled: (_data, _error, _variables, _result, ctx: MutationFunctionContext) => {
      pruneSuperseded(ctx.client, context, deps.now());
      return readAlertsAfterWrite(ctx.client, services, context);
    },
  };
}
