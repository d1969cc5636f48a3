/**
 * Resolving a paging incident (PagerDuty) as a query-core mutation: one confirmation sends one
 * request, never retried on its own (like a rollback: resolving is not undone by a retry storm).
 * The attempt and its outcome go to the action log; afterwards the alerts are read again, so the
 * row goes, or stays when the resolve failed. A resolve whose answer was lost is settled by
 * reading the incident back: resolved is a success, open a failure, unreadable unknown.
 */
import {MutationObserver, type MutationOptions, type QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {IncidentRef} from '../domain/incident.ts';
import {IncidentUpdateMayHaveLanded, SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import {alertKey, noteAlertWrite} from './alert-queries.ts';
import {readIncidentBack} from './incident-read-back.ts';
import {describeFailure} from './source-outcome.ts';

/** Mutation key of a context's incident resolves. */
export const resolveKey = (context: string) => ['resolve', context] as const;

/** What a resolve that went through says beside it (`found resolved: the answer was lost`), or null. */
export type ResolveNote = string | null;

/** The note of a resolve whose answer was lost, found done when read back. */
export const FOUND_RESOLVED = 'found resolved: the answer was lost';

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
      try {
        if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
        const resolve = capabilities?.resolveIncident;
        if (!resolve) throw new SourceFailure('bad-response', `${incident.source} cannot resolve incidents`);
        await resolve(incident.id);
        await deps.record({...base, at: at(), phase: 'success'});
        return null;
      } catch (error) {
        if (!(error instanceof IncidentUpdateMayHaveLanded)) {
          await deps.record({...base, at: at(), phase: 'failure', error: describeFailure(error)});
          throw error;
        }
        // The answer was lost after sending: PagerDuty may have resolved it. Read back, never guessed.
        const back = await readIncidentBack({name: incident.source, capabilities}, incident.id, error, ['resolved'], 'may be resolved');
        if (back.outcome === 'landed') {
          await deps.record({...base, at: at(), phase: 'success', details: {note: FOUND_RESOLVED}});
          return FOUND_RESOLVED;
        }
        await deps.record({...base, at: at(), phase: back.outcome === 'unknown' ? 'unknown' : 'failure', error: back.error});
        throw back.outcome === 'unknown' ? new ResolveOutcomeUnknown(back.error) : new SourceFailure(error.kind, back.error);
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
 * whether it was resolved cannot be known, else with the failure.
 */
export async function runResolve(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}, incident: IncidentRef): Promise<ResolveNote> {
  const observer = new MutationObserver(client, resolveMutationOptions(services, {...deps, invalidate: () => client.invalidateQueries({queryKey: alertKey(services.context)})}));
  try {
    return await observer.mutate(incident);
  } finally {
    observer.reset();
  }
}
