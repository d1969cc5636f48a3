/**
 * Ack-until-resolved, as a polled query: every 45 s (kthxbye's interval) each Alertmanager's
 * alerts and silences are read, and the user's own acks that are about to end while their alert
 * still fires are replaced by a longer silence. Alertmanager may answer a replacement with a new
 * id; the new id is what the log records and what the next run sees.
 */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import {planExtend} from '../domain/ack-plan.ts';
import type {Alert, Silence} from '../domain/alert.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {alertKey} from './alert-queries.ts';
import {describeFailure} from './source-outcome.ts';
import {matcherTarget, recordSafely} from './silence-results.ts';

/** Query key of a context's ack keeper. */
export const ackKeeperKey = (context: string) => ['ack-keeper', context] as const;

/** One replaced silence: the id it had and the id Alertmanager returned. */
export interface AckExtended {
  source: string;
  previousId: string;
  silenceId: string;
  endsAt: number;
  fingerprints: string[];
}

/** What one run of the keeper did. */
export interface AckKeeperRun {
  at: number;
  extended: AckExtended[];
  /** Sources that could not be read, and replacements that failed (tried again next run). */
  failed: Array<{source: string; silenceId?: string; error: string}>;
}

/** Settings of the keeper. */
export interface AckKeeperDeps {
  record: ActionRecorder;
  now: () => number;
  /** The ack comment prefix: only acks are extended. */
  prefix: string;
  /** Only this author's acks; two keepers replacing the same silence would fork it. */
  author?: string;
  context?: string;
  /** Default 45 s; `false` to run only when asked (tests, one-shot). */
  intervalMs?: number | false;
  extendIfExpiringInMs?: number;
  extendByMs?: number;
}

type Handle = ContextServices['alertSources'][number];

// Peers of one cluster share their silences: replacing one on two peers would fork it.
function groupsOf(services: ContextServices): Handle[][] {
  const groups = new Map<string, Handle[]>();
  for (const s of services.alertSources) {
    const c = s.capabilities;
    if (!c.listSilences || !c.createSilence) continue;
    const key = s.cluster !== undefined ? `cluster:${s.cluster}` : `source:${s.name}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

/** Options of the keeper query. Enabled when the context may act and has an Alertmanager. */
export function ackKeeperQueryOptions(
  services: ContextServices,
  deps: AckKeeperDeps,
): QueryObserverOptions<AckKeeperRun, Error, AckKeeperRun, AckKeeperRun, ReturnType<typeof ackKeeperKey>> {
  const context = deps.context ?? services.context;
  const at = () => new Date(deps.now()).toISOString();
  return {
    queryKey: ackKeeperKey(context),
    enabled: !services.readOnly && groupsOf(services).length > 0,
    refetchInterval: deps.intervalMs ?? 45_000,
    // The next run is the retry: an ack ending in 5 minutes gets several more chances.
    retry: 0,
    queryFn: async ({client}) => {
      const run: AckKeeperRun = {at: deps.now(), extended: [], failed: []};
      for (const peers of groupsOf(services)) {
        let read: {handle: Handle; alerts: Alert[]; silences: Silence[]} | null = null;
        for (const handle of peers) {
          try {
            const [alerts, silences] = await Promise.all([handle.capabilities.listAlerts(), handle.capabilities.listSilences!()]);
            read = {handle, alerts: alerts.value, silences: silences.value};
            break;
          } catch (error) {
            run.failed.push({source: handle.name, error: describeFailure(error)});
          }
        }
        if (!read) continue;
        const {handle} = read;
        const plans = planExtend(read.alerts, read.silences, {prefix: deps.prefix, author: deps.author, now: deps.now(), extendIfExpiringInMs: deps.extendIfExpiringInMs, extendByMs: deps.extendByMs});
        for (const plan of plans) {
          const fingerprints = plan.alerts.map((a) => a.fingerprint);
          const base = {action: 'ack-extend', context, target: matcherTarget(plan.draft.matchers), source: handle.name, attempt: 1};
          await recordSafely(deps.record, {...base, at: at(), phase: 'attempt', silenceId: plan.silence.id, details: {fingerprints, endsAt: new Date(plan.draft.endsAt).toISOString()}});
          try {
            const id = await handle.capabilities.createSilence!(plan.draft);
            await recordSafely(deps.record, {...base, at: at(), phase: 'success', silenceId: id, details: {previousId: plan.silence.id, fingerprints, endsAt: new Date(plan.draft.endsAt).toISOString()}});
            run.extended.push({source: handle.name, previousId: plan.silence.id, silenceId: id, endsAt: plan.draft.endsAt, fingerprints});
          } catch (error) {
            const message = describeFailure(error);
            await recordSafely(deps.record, {...base, at: at(), phase: 'failure', silenceId: plan.silence.id, error: message});
            run.failed.push({source: handle.name, silenceId: plan.silence.id, error: message});
          }
        }
      }
      if (run.extended.length > 0) await client.invalidateQueries({queryKey: alertKey(context)});
      return run;
    },
  };
}
