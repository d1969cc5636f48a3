/**
 * The incident work that reaches a paging service: resolve, through its query-core mutation
 * (one request, logged), resolving with the footer message of its outcome.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {IncidentRef} from '../domain/incident.ts';
import {sanitize} from '../domain/sanitize.ts';
import {RESOLVED_MEANWHILE, ResolveFailed, ResolveOutcomeUnknown, runResolve} from '../queries/incident-mutations.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {ActionMessage} from './action-record.ts';

/** Incident operations of one context. */
export interface IncidentOps {
  /** `service`: our name of its service, as the user typed it to confirm. */
  resolve(incident: IncidentRef, service: string): Promise<ActionMessage>;
}

/** The incident operations of `services`. */
export function createIncidentOps(client: QueryClient, services: ContextServices, deps: {record: ActionRecorder; now: () => number}): IncidentOps {
  return {
    async resolve(incident, service) {
      const what = sanitize(`PD #${incident.number} (${service})`);
      try {
        const note = await runResolve(client, services, deps, incident);
        // Resolved by someone else before this one: said as what happened, never "resolved".
        if (note === RESOLVED_MEANWHILE) return {text: `${what} on ${sanitize(incident.source)}: ${note}`, tone: 'info'};
        return {text: `resolved ${what} on ${sanitize(incident.source)}${note !== null ? ` (${note})` : ''}`, tone: 'ok'};
      } catch (error) {
        // Its answer lost and the incident unreadable: it may be resolved. Never said "still open".
        if (error instanceof ResolveOutcomeUnknown) {
          return {text: `resolve ${what}: ${sanitize(error.message)} (check the incident before :resolve again)`, tone: 'warn'};
        }
        // Nothing is retried on its own: the row stays, the log has the try, :resolve sends again.
        // "Still open" only of an incident a read of this resolve saw open: one not read may
        // have been resolved elsewhere meanwhile.
        const open = error instanceof ResolveFailed && error.status !== null;
        return {text: `resolve ${what} FAILED: ${sanitize(describeFailure(error))}; ${open ? 'the incident is still open' : 'nothing was resolved'} (:resolve to try again)`, tone: 'critical'};
      }
    },
  };
}
