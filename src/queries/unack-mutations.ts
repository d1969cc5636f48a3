/**
 * Unack as a query-core mutation: expires ack silences on every Alertmanager of the context,
 * through one peer per HA cluster (an expired silence is gossiped like a new one, so a cluster
 * with one peer down is still fully unacked through the other). Retries like the ack, only the
 * Alertmanagers that failed.
 */
import type {MutationFunctionContext, MutationOptions} from '@tanstack/query-core';
import {matchesSilence} from '../domain/ack-plan.ts';
import {silenceGroups, silenceGroupsFor, type SilenceGroup} from '../domain/ack-targets.ts';
import {ACK_PREFIX} from '../domain/alert-ack.ts';
import type {Alert, Silence} from '../domain/alert.ts';
import {SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import type {SilenceMutationDeps} from './ack-mutations.ts';
import {alertKey} from './alert-queries.ts';
import {failedResult, isGone, pruneSuperseded, recordSafely, SilenceFailure, statusOf, type SilenceOutcome, type SilenceProgress, type SilenceResult} from './silence-results.ts';
import {isSuperseded, retainedRetries, startAttempt, waitToRetry} from './silence-retry.ts';

/** Mutation key of a context's unacks. */
export const unackKey = (context: string) => ['unack', context] as const;

/** What one unack expires: given silence ids, and/or the ack silences of given alerts. */
export interface UnackVariables {
  /** Expired on every Alertmanager (or cluster); an unknown id there counts as already gone. */
  silenceIds?: string[];
  /** Their ack silences (comment prefix; silencing them, or matching them where they are not yet) are expired everywhere. */
  alerts?: Alert[];
  /** Filled in by the mutation. Leave unset. */
  progress?: SilenceProgress;
}

type Handle = ContextServices['alertSources'][number];

/** The ack silences of `alerts` among one Alertmanager's silences, each with the alert it is for. */
function acksOf(alerts: readonly Alert[], silences: readonly Silence[], prefix: string): Array<{id: string; fingerprint: string}> {
  const out: Array<{id: string; fingerprint: string}> = [];
  for (const alert of alerts) {
    for (const s of silences) {
      if (s.state === 'expired' || !s.comment.startsWith(prefix)) continue;
      // An ack sent to an Alertmanager the alert has not reached yet silences nothing there yet.
      if (!alert.silencedBy.includes(s.id) && !matchesSilence(alert, s.matchers)) continue;
      if (!out.some((p) => p.id === s.id)) out.push({id: s.id, fingerprint: alert.fingerprint});
    }
  }
  return out;
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

  async function expireOne(peer: Handle, id: string, fingerprint: string | undefined, attempt: number): Promise<SilenceResult> {
    const base = {action: 'unack', context, target: {silenceId: id}, source: peer.name, attempt, silenceId: id, ...(fingerprint ? {details: {fingerprint}} : {})};
    const fp = fingerprint ? {fingerprint} : {};
    await recordSafely(deps.record, {...base, at: at(), phase: 'attempt'});
    try {
      if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
      try {
        await peer.capabilities.expireSilence!.call(peer.capabilities, id);
      } catch (error) {
        if (!isGone(error)) throw error;
        await recordSafely(deps.record, {...base, at: at(), phase: 'success', details: {...base.details, note: 'already gone'}});
        return {...fp, source: peer.name, ok: true, silenceId: id, retryable: false, attempts: attempt, note: 'already gone'};
      }
      await recordSafely(deps.record, {...base, at: at(), phase: 'success'});
      return {...fp, source: peer.name, ok: true, silenceId: id, retryable: false, attempts: attempt};
    } catch (error) {
      const result = failedResult({...fp, source: peer.name, silenceId: id, attempts: attempt}, error);
      await recordSafely(deps.record, {...base, at: at(), phase: 'failure', error: result.error ?? 'failed'});
      return result;
    }
  }

  // One silence on one group: its peers in order until one answers.
  async function expireInGroup(group: SilenceGroup, id: string, fingerprint: string | undefined, prior: SilenceResult | undefined): Promise<SilenceResult> {
    let result: SilenceResult | null = null;
    for (const name of group.sources) {
      result = await expireOne(handle(name), id, fingerprint, (prior?.attempts ?? 0) + 1);
      if (result.ok || !result.retryable) break;
    }
    return result!;
  }

  // The ack silences of the alerts in one group, read through the first peer that answers.
  async function listInGroup(group: SilenceGroup, alerts: readonly Alert[], progress: SilenceProgress): Promise<Array<{id: string; fingerprint: string}>> {
    const key = `${group.key}|*`;
    let failure: SilenceResult | null = null;
    for (const name of group.sources) {
      const list = handle(name).capabilities.listSilences;
      if (!list) continue;
      try {
        const silences = (await list.call(handle(name).capabilities, {forAction: true})).value;
        delete progress.results[key];
        return acksOf(alerts, silences, prefix);
      } catch (error) {
        failure = failedResult({source: name, attempts: (progress.results[key]?.attempts ?? 0) + 1, note: 'listing silences'}, error);
        await recordSafely(deps.record, {action: 'unack', context, phase: 'failure', at: at(), source: name, attempt: failure.attempts, target: {alerts: alerts.map((a) => a.fingerprint).join(',')}, error: failure.error ?? 'failed'});
        if (!failure.retryable) break;
      }
    }
    if (failure) progress.results[key] = failure;
    return [];
  }

  return {
    ...retainedRetries(unackKey(context), deps),
    mutationFn: async (variables, ctx) => {
      const progress = startAttempt(variables, deps);
      if (progress.attempt > 1) {
        const failed = new Set(Object.values(progress.results).filter((r) => !r.ok).map((r) => r.source));
        await waitToRetry(ctx.client, context, groups.filter((g) => g.sources.some((s) => failed.has(s))).flatMap((g) => g.sources), progress, deps);
        if (isSuperseded(ctx.client, context, variables)) {
          for (const [key, r] of Object.entries(progress.results)) if (!r.ok) progress.results[key] = {...r, retryable: false, error: 'stopped: a newer ack or unack of this alert took over'};
          throw new SilenceFailure({status: statusOf(Object.values(progress.results)), results: Object.values(progress.results)});
        }
      }
      const alerts = variables.alerts ?? [];
      await Promise.all(
        groups.map(async (group) => {
          const pairs = (variables.silenceIds ?? []).map((id) => ({id, fingerprint: undefined as string | undefined}));
          // Grafana holds only its own alerts' acks, and they are only there.
          const mine = ownOnly.size === 0 ? alerts : alerts.filter((a) => silenceGroupsFor(groups, a.seenBy, ownOnly).includes(group));
          if (mine.length > 0) pairs.push(...(await listInGroup(group, mine, progress)));
          for (const {id, fingerprint} of pairs) {
            const key = `${group.key}|${id}`;
            const prior = progress.results[key];
            if (prior && (prior.ok || !prior.retryable)) continue;
            if (!prior) progress.results[key] = {...(fingerprint ? {fingerprint} : {}), source: group.sources[0]!, silenceId: id, ok: false, retryable: true, attempts: 0, note: 'sending'};
            progress.results[key] = await expireInGroup(group, id, fingerprint, prior);
          }
        }),
      );
      // In config order, whichever Alertmanager answered first.
      const rank = (r: SilenceResult) => groups.findIndex((g) => g.sources.includes(r.source));
      const results = Object.values(progress.results).sort((a, b) => rank(a) - rank(b));
      const outcome: SilenceOutcome = {status: statusOf(results), results};
      if (outcome.status !== 'ok') throw new SilenceFailure(outcome);
      return outcome;
    },
    onSettled: (_data, _error, _variables, _result, ctx: MutationFunctionContext) => {
      pruneSuperseded(ctx.client, context, deps.now());
      return ctx.client.invalidateQueries({queryKey: alertKey(context)});
    },
  };
}
