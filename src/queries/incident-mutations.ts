/**
 * Resolving a paging incident (PagerDuty) as a query-core mutation: one confirmation sends one
 * request, never retried on its own (like a rollback: resolving is not undone by a retry storm).
 * The attempt and its outcome go to the action log; afterwards the alerts are read again, so the
 * row goes, or stays when the resolve failed.
 */
import {MutationObserver, type MutationOptions, type QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {IncidentRef} from '../domain/incident.ts';
import {SourceFailure, type ContextServices} from '../sources/capabilities.ts';
import {alertKey} from './alert-queries.ts';
import {describeFailure} from './source-outcome.ts';

/** Mutation key of a context's incident resolves. */
export const resolveKey = (context: string) => ['resolve', context] as const;

/** Options of the resolve mutation of `services`' incidents; the variables are the incident. */
export function resolveMutationOptions(services: ContextServices, deps: {record: ActionRecorder; now: () => number; invalidate?: () => Promise<unknown>}): MutationOptions<void, Error, IncidentRef> {
  const context = services.context;
  return {
    mutationKey: resolveKey(context),
    retry: false,
    mutationFn: async (incident) => {
      const at = () => new Date(deps.now()).toISOString();
      const base = {action: 'resolve', context, target: {incident: `PD #${incident.number}`, id: incident.id, service: incident.service}, source: incident.source};
      await deps.record({...base, at: at(), phase: 'attempt', details: {title: incident.title}});
      try {
        if (services.readOnly) throw new SourceFailure('bad-response', `context ${context} is read-only`);
        const resolve = services.alertSources.find((s) => s.name === incident.source)?.capabilities.resolveIncident;
        if (!resolve) throw new SourceFailure('bad-response', `${incident.source} cannot resolve incidents`);
        await resolve(incident.id);
        await deps.record({...base, at: at(), phase: 'success'});
      } catch (error) {
        await deps.record({...base, at: at(), phase: 'failure', error: describeFailure(error)});
        throw error;
      }
    },
    onSettled: () => deps.invalidate?.(),
  };
}

/** Resolves `incident` once through the mutation (in the MutationCache like every action), then re-reads the alerts. */
export async function runResolve(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}, incident: IncidentRef): Promise<void> {
  const observer = new MutationObserver(client, resolveMutationOptions(services, {...deps, invalidate: () => client.invalidateQueries({queryKey: alertKey(services.context)})}));
  try {
    await observer.mutate(incident);
  } finally {
    observer.reset();
  }
}
