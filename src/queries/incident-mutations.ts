/**
 * Resolving a paging incident (PagerDuty) as a query-core mutation: one confirmation sends one
 * request, never retried on its own (like a rollback: resolving is not undone by a retry storm).
 * The attempt and its outcome go to the action log; afterwards the alerts are read again, so the
 * row goes, or stays when the resolve failed. A resolve whose answer was lost is settled by
 * reading the incident back: resolved is a success, open a failure, unreadable unknown. The
 * incident is read before sending too, and after PagerDuty refuses the resolve: one a colleague
 * (or PagerDuty itself) resolved meanwhile is said so, never "failed, still open".
 */
import {MutationObserver, type MutationOptions, type QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {IncidentRef} from '../domain/incident.ts';
import {IncidentUpdateMayHaveLanded, IncidentUpdateRefused, SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import {alertKey, noteAlertWrite} from './alert-queries.ts';
import {readIncidentBack, readIncidentStatus} from './incident-read-back.ts';
import {describeFailure} from './source-outcome.ts';

/** Mutation key of a context's incident resolves. */
export const resolveKey = (context: string) => ['resolve', context] as const;

/** What a resolve that went through says beside it (`found resolved: the answer was lost`), or null. */
export type ResolveNote = string | null;

/** The note of a resolve whose answer was lost, found done when read back. */
export const FOUND_RESOLVED = 'found resolved: the answer was lost';

/**
 * The note of a resolve that found the incident resolved already (read before sending, or read
 * after PagerDuty refused the resolve): nothing was resolved by it, and nothing is left to resolve.
 */
export const RESOLVED_MEANWHILE = 'resolved meanwhile, nothing to resolve';

/**
 * A resolve that did not resolve the incident. `status`: the incident's status as a read made
 * with this resolve found it (not resolved); null when none did, so "still open" is said only of
 * an incident seen open, never of one that may have been resolved elsewhere.
 */
export class ResolveFailed extends Error {
  /** @param message what failed, as the footer and the log say it @param status the status read, or null */
  constructor(
    message: string,
    readonly status: 'triggered' | 'acknowledged' | null,
  ) {
    super(message);
    this.name = 'ResolveFailed';
  }
}

/**
 * A resolve whose answer was lost and whose incident could not be read back: it may be resolved
 * or not. Neither a success nor a failure.
 */
export class ResolveOutcomeUnknown extends Error {
  /** @param message what was lost and why the read back failed */
  constructor(message: string) {
    super(message);
    this.name = 'ResolveOutcomeUnknown';
  }
}

/** Options of the resolve mutation of `services`' incidents; the variables are the incident. */
export function resolveMutationOptions(services: ContextServices, deps: {record: ActionRecorder; now: () => number; invalidate?: () => Promise<unknown>}): MutationOptions<ResolveNote, Error, IncidentRef> {
  const context = services.context;
  return {
    mutationKey: resolveKey(context),
    retry: false,
    mutationFn: async (incident) => {
      const at = () => new Date(deps.now()).toISOString();
      const base = {action: 'resolve', context, target: {incident: `PD #${incident.number}`, id: incident.id, service: incident.service}, source: incident.source};
      await deps.record({...base, at: at(), phase: 'attempt', details: {title: incident.title}});
      const capabilities = services.alertSources.find((s) => s.name === incident.source)?.capabilities;
      // Settled without resolving anything: the incident was found resolved already.
      const meanwhile = async (): Promise<ResolveNote> => {
        await deps.record({...base, at: at(), phase: 'success', details: {note: RESOLVED_MEANWHILE}});
        return RESOLVED_MEANWHILE;
      };
      // The status the last read of this resolve found: what "still open" may rest on.
      let seen: 'triggered' | 'acknowledged' | null = null;
      try {
        if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
        const resolve = capabilities?.resolveIncident;
        if (!resolve) throw new SourceFailure('bad-response', `${incident.source} cannot resolve incidents`);
        // Resolved since the row was polled: nothing to send. A read that fails does not block
        // the resolve (the row just polled stands for it, as for an acknowledge's first try).
        const before = await readIncidentStatus(capabilities, incident.id, incident.source);
        if (before.status === 'resolved') return await meanwhile();
        seen = before.status;
        await resolve(incident.id);
        await deps.record({...base, at: at(), phase: 'success'});
        return null;
      } catch (error) {
        if (error instanceof IncidentUpdateRefused) {
          // PagerDuty refused it (400 "Incident Already Resolved" among others): what the
          // incident is now says whether it was resolved elsewhere or is still open.
          const after = await readIncidentStatus(capabilities, incident.id, incident.source);
          if (after.status === 'resolved') return await meanwhile();
          const why = after.status !== null ? `${describeFailure(error)}; read back, the incident is ${after.status}` : `${describeFailure(error)}; reading the incident back failed: ${describeFailure(after.error)}`;
          await deps.record({...base, at: at(), phase: 'failure', error: why});
          throw new ResolveFailed(why, after.status);
        }
        if (!(error instanceof IncidentUpdateMayHaveLanded)) {
          await deps.record({...base, at: at(), phase: 'failure', error: describeFailure(error)});
          throw new ResolveFailed(describeFailure(error), seen);
        }
        // The answer was lost after sending: PagerDuty may have resolved it. Read back, never guessed.
        const back = await readIncidentBack({name: incident.source, capabilities}, incident.id, error, ['resolved'], 'may be resolved');
        if (back.outcome === 'landed') {
          await deps.record({...base, at: at(), phase: 'success', details: {note: FOUND_RESOLVED}});
          return FOUND_RESOLVED;
        }
        await deps.record({...base, at: at(), phase: back.outcome === 'unknown' ? 'unknown' : 'failure', error: back.error});
        if (back.outcome === 'unknown') throw new ResolveOutcomeUnknown(back.error);
        // Read back not resolved: `done` holds `resolved` alone, so it is triggered or acknowledged.
        throw new ResolveFailed(`${error.kind}: ${back.error}`, back.status as 'triggered' | 'acknowledged');
      }
    },
    onSettled: () => {
      // Resolved or maybe: the incident rows read from now on must not come from a read sent before.
      noteAlertWrite(services);
      return deps.invalidate?.();
    },
  };
}

/**
 * Resolves `incident` once through the mutation (in the MutationCache like every action), then
 * re-reads the alerts; resolves with its note. Rejects with {@link ResolveOutcomeUnknown} when
 * whether it was resolved cannot be known, else with {@link ResolveFailed}.
 */
export async function runResolve(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}, incident: IncidentRef): Promise<ResolveNote> {
  const observer = new MutationObserver(client, resolveMutationOptions(services, {...deps, invalidate: () => client.invalidateQueries({queryKey: alertKey(services.context)})}));
  try {
    return await observer.mutate(incident);
  } finally {
    observer.reset();
  }
}
