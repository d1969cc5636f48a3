/**
 * Ack-until-resolved, as a polled query: every 45 s (kthxbye's interval) each Alertmanager's
 * alerts and silences are read, and the user's own acks that are about to end while their alert
 * still fires are replaced by a longer silence. Alertmanager may answer a replacement with a new
 * id; the new id is what the log records and what the next run sees. The user's own ack or
 * unack of an alert in this process comes first: an ack the user is unacking, or acking anew, is
 * not extended. An extension already on its way when the user unacks is not taken back: expiring
 * it could hit the user's own ack made anew in that moment (Alertmanager updates a silence in
 * place), and a failed take-back would leave it reported as extended; the alert then shows
 * acked again, and `u` unacks it.
 */
import type {QueryClient, QueryObserverOptions} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import {keeperOwes, mergeLastExtended, type AckKeeperRun} from '../domain/ack-keeping.ts';
import {heldAckedAlerts, planExtend, unackedAckIds} from '../domain/ack-plan.ts';
import {landedAck} from '../domain/ack-targets.ts';
import type {Alert, Silence} from '../domain/alert.ts';
import {SilenceMayExist, type ContextServices} from '../sources/capabilities.ts';
import {readAlertsAfterWrite} from './alert-queries.ts';
import {describeFailure} from './source-outcome.ts';
import {failedResult, matcherTarget, recordSafely, silenceMutations, type SilenceResult} from './silence-results.ts';
import {landedLook, readBack, tryPeers} from './lost-answer.ts';
import {newestSilenceAction, takenOverSince} from './silence-retry.ts';

/** The note of an extension whose answer was lost, found in place when the silences were read back. */
export const LANDED_EXTENSION_NOTE = 'found in place: the answer to sending it was lost';

/** Query key of a context's ack keeper. */
export const ackKeeperKey = (context: string) => ['ack-keeper', context] as const;

export type {AckExtended, AckKeeperRun} from '../domain/ack-keeping.ts';

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
  const interval = deps.intervalMs ?? 45_000;
  return {
    queryKey: ackKeeperKey(context),
    enabled: !services.readOnly && groupsOf(services).length > 0,
    refetchInterval: interval,
    // The next run is the retry: an ack ending in 5 minutes gets several more chances.
    retry: 0,
    queryFn: async ({client}) => {
      const started = deps.now();
      // When it tries again is said with what it did: "not extended" alone reads as given up.
      const run: AckKeeperRun = {
        at: started,
        extended: [],
        failed: [],
        unknown: [],
        unread: [],
        nextAt: interval === false ? null : started + interval,
        held: 0,
        actionsSeen: newestSilenceAction(client),
        // An ack on its way now may land after the read below: the read may miss its silence.
        acksInFlight: acksInFlight(client, context),
      };
      // Alerts, not silences: one ack of an alert seen by two Alertmanagers is a silence on each.
      const held = new Set<string>();
      for (const peers of groupsOf(services)) {
        const reads: Array<{handle: Handle; alerts: Alert[]; silences: Silence[]}> = [];
        const errors: string[] = [];
        // The user's acks and unacks started after this point are newer than what the read shows.
        const since = newestSilenceAction(client);
        for (const handle of peers) {
          try {
            // The silences it acts on are read by a request of its own: a poll's read in flight
            // may have been sent before an unack landed, and would show the ack still due.
            const [alerts, silences] = await Promise.all([handle.capabilities.listAlerts(), handle.capabilities.listSilences!({forAction: true})]);
            reads.push({handle, alerts: alerts.value, silences: silences.value});
          } catch (error) {
            const message = describeFailure(error);
            errors.push(message);
            // A peer after one that answered says nothing of the cluster's acks: not a failure.
            if (reads.length === 0) run.failed.push({source: handle.name, error: message});
          }
        }
        // No peer answered: its acks were not even looked at (one peer answering is enough).
        if (reads.length === 0) {
          run.unread!.push({sources: peers.map((p) => p.name), error: errors.join('; ')});
          continue;
        }
        // Every peer that answered: one gossip has not reached (or a partitioned one, holding
        // the copy `a` sent it itself) may hold an ack the others lack, which would run out there
        // and page. A silence an earlier peer holds is left to that peer only when its copy there
        // is active, ends at least as late, and is extended in this run: one copy, extended once,
        // and gossiped. Otherwise this peer's copy is extended through this peer (the write
        // carries the id, so it updates that copy, no second silence): on a partitioned cluster
        // the copy the other peer extended (updated in place with a later end, or replaced and
        // expired) said nothing of this one, which ran out and paged.
        const plans: Array<{plan: ReturnType<typeof planExtend>[number]; holder: Handle}> = [];
        // Per silence id, the latest end of an active copy an earlier peer extends in this run.
        const extending = new Map<string, number>();
        // An ack a peer shows unacked is extended on no peer, whatever a lagging one still lists.
        const unacked = new Set(reads.flatMap((read) => [...unackedAckIds(read.silences, {prefix: deps.prefix, author: deps.author})]));
        for (const read of reads) {
          for (const fp of heldAckedAlerts(read.alerts, read.silences, {prefix: deps.prefix, author: deps.author, now: deps.now()})) held.add(fp);
          for (const plan of planExtend(read.alerts, read.silences, {prefix: deps.prefix, author: deps.author, now: deps.now(), extendIfExpiringInMs: deps.extendIfExpiringInMs, extendByMs: deps.extendByMs})) {
            if (unacked.has(plan.silence.id)) continue;
            const covered = extending.get(plan.silence.id);
            if (covered !== undefined && covered >= plan.silence.endsAt) continue;
            plans.push({plan, holder: read.handle});
            // planExtend plans only active acks: this copy is active.
            extending.set(plan.silence.id, Math.max(covered ?? -Infinity, plan.silence.endsAt));
          }
        }
        run.held = held.size;
        // The peers each ack was extended on in this run: a plan whose write fell over to another
        // peer covered that peer's copy too, which is then not written again.
        const extendedOn = new Set<string>();
        const on = (peer: string, id: string) => JSON.stringify([peer, id]);
        for (const {plan, holder} of plans) {
          if (extendedOn.has(on(holder.name, plan.silence.id))) continue;
          const fingerprints = plan.alerts.map((a) => a.fingerprint);
          const concerns = {fingerprints, silenceId: plan.silence.id};
          // The user unacking this alert (or acking it anew) since, or still: that is what they
          // want. Extended, an ack just expired would come back as a new silence, and the alert
          // would stop paging again; an ack being replaced would fork.
          if (takenOverSince(client, context, concerns, since) !== null) continue;
          // Who the outcome is about, and when the ack ends if it is not extended.
          const about = {fingerprints, endsAt: plan.silence.endsAt, names: Object.fromEntries(plan.alerts.map((a) => [a.fingerprint, a.name]))};
          const base = {action: 'ack-extend', context, target: matcherTarget(plan.draft.matchers), attempt: 1};
          // The peer that holds it first, then the cluster's others (which share it by gossip)
          // when its write fails without landing: a peer refusing writes must not let it run out.
          const order = [holder.name, ...peers.filter((p) => p !== holder).map((p) => p.name)];
          const result = await tryPeers(
            order,
            undefined,
            async (name, write) => {
              const handle = peers.find((p) => p.name === name)!;
              const source = {...base, source: name};
              await recordSafely(deps.record, {...source, at: at(), phase: 'attempt', silenceId: plan.silence.id, details: {fingerprints, endsAt: new Date(plan.draft.endsAt).toISOString()}});
              const landed = async (id: string, note?: string): Promise<SilenceResult> => {
                await recordSafely(deps.record, {...source, at: at(), phase: 'success', silenceId: id, details: {previousId: plan.silence.id, fingerprints, endsAt: new Date(plan.draft.endsAt).toISOString(), ...(note ? {note} : {})}});
                return {source: name, ok: true, silenceId: id, retryable: false, attempts: 1, ...(note ? {note} : {})};
              };
              try {
                // Another peer is read first: the extension may be there already (gossiped from
                // a write whose answer was lost), and is not sent twice.
                if (handle !== holder) {
                  const found = landedAck((await handle.capabilities.listSilences!({forAction: true})).value, plan.draft, deps.prefix);
                  if (found) return await landed(found.id, LANDED_EXTENSION_NOTE);
                }
                write.sent = true;
                return await landed(await handle.capabilities.createSilence!(plan.draft));
              } catch (error) {
                if (error instanceof SilenceMayExist) {
                  // Sent, its answer lost: the silences read back say whether the extension landed,
                  // as for an ack. Not readable: unknown, neither extended nor failed.
                  const back = await readBack({source: handle, error, mayHave: 'the extension may have landed', look: landedLook(plan.draft, deps.prefix, 'the extension is not there: it did not land')});
                  if (back.outcome === 'landed') return await landed(back.found, LANDED_EXTENSION_NOTE);
                  const failed = failedResult({source: name, attempts: 1}, error);
                  if (back.outcome === 'unknown') {
                    await recordSafely(deps.record, {...source, at: at(), phase: 'unknown', silenceId: plan.silence.id, error: back.error});
                    return {...failed, unknown: true, retryable: true, error: back.error};
                  }
                  await recordSafely(deps.record, {...source, at: at(), phase: 'failure', silenceId: plan.silence.id, error: back.error});
                  return {...failed, error: back.error};
                }
                const failed = failedResult({source: name, attempts: 1}, error);
                await recordSafely(deps.record, {...source, at: at(), phase: 'failure', silenceId: plan.silence.id, error: failed.error ?? 'failed'});
                return failed;
              }
            },
            {afterUnknownWrite: 'stop'},
          );
          if (result.ok) {
            extendedOn.add(on(result.source, plan.silence.id));
            run.extended.push({source: result.source, previousId: plan.silence.id, silenceId: result.silenceId!, endsAt: plan.draft.endsAt, fingerprints});
          }
          else if (result.unknown) run.unknown.push({source: result.source, silenceId: plan.silence.id, error: result.error ?? 'unknown', ...about});
          else run.failed.push({source: result.source, silenceId: plan.silence.id, error: result.error ?? 'failed', ...about});
        }
      }
      // The last extension of each ack, carried from the run before: the details say when it was.
      const previous = client.getQueryData<AckKeeperRun>(ackKeeperKey(context));
      run.lastExtended = mergeLastExtended(previous?.lastExtended, run);
      // An extension that may have landed: the alerts read at once show the ack's end as it is.
      if (run.extended.length > 0 || run.unknown.length > 0) await readAlertsAfterWrite(client, services, context);
      return run;
    },
  };
}

/**
 * Whether the keeper of `context` still has acks to look after (see `keeperOwes`), with the
 * user's acks of that context in this process counted: one in flight now or when `run` began,
 * or started after it began, is one the run may not have seen.
 */
export function keeperOwesContext(client: QueryClient, context: string, run: AckKeeperRun | undefined): boolean {
  return keeperOwes(run, ackedSinceRun(client, context, run));
}

/**
 * Whether the user acked in `context` after `run` began, has an ack of it in flight, or had one
 * in flight when `run` began: that one may have landed after the run's read, which then did not
 * see its silence (the keeper is kept until a run that began after it landed).
 */
export function ackedSinceRun(client: QueryClient, context: string, run: AckKeeperRun | undefined): boolean {
  if ((run?.acksInFlight?.length ?? 0) > 0) return true;
  const seen = run?.actionsSeen ?? 0;
  return silenceMutations(client, context).some((m) => m.options.mutationKey?.[0] === 'ack' && (m.mutationId > seen || isInFlight(m)));
}

// Not settled: sending (pending), or built and not yet started (idle).
const isInFlight = (m: {state: {status: string}}) => m.state.status === 'pending' || m.state.status === 'idle';

/** The mutation ids of the user's acks of `context` in flight in this process now. */
function acksInFlight(client: QueryClient, context: string): number[] {
  return silenceMutations(client, context)
    .filter((m) => m.options.mutationKey?.[0] === 'ack' && isInFlight(m))
    .map((m) => m.mutationId);
}
