/**
 * The incident actions as records: `:resolve` resolves the selected PagerDuty incident row, after
 * the user types its service's name (as a production rollback asks for the service): a wrong name
 * is refused by the confirmation and nothing is sent. The incident is captured at the key press,
 * so a refresh cannot change what gets resolved.
 */
import type {IncidentRef} from '../domain/incident.ts';
import {sanitize} from '../domain/sanitize.ts';
import {READ_ONLY_REASON, action, readOnlyHere, refuse, type ActionRecord} from './action-record.ts';

/** Why `:resolve` cannot act on a row that is not an incident. */
export const NOT_AN_INCIDENT = 'not a PagerDuty incident (select its PD # row in the alerts pane)';

/** What a resolve acts on: the incident, and the name typed to confirm it. */
export interface ResolveIntent {
  incident: IncidentRef;
  expected: string;
}

/** The actions on incident rows, in keymap order. */
export const incidentActions: readonly ActionRecord[] = [
  action<ResolveIntent>({
    id: 'resolve', keys: [], scope: 'alerts', hint: null, group: 'Alerts', mutating: true, requires: 'a PagerDuty alert source',
    description: 'Resolve the selected PagerDuty incident (:resolve; asks you to type its service name)',
    disabledReason: (ctx) => (readOnlyHere(ctx) ? READ_ONLY_REASON : ctx.selection?.incident ? null : NOT_AN_INCIDENT),
    plan: ({target, data}) => {
      // `:resolve` reaches here without the registry: read-only is checked again.
      if (data.services.readOnly || target.readOnly) return refuse(`resolve: ${READ_ONLY_REASON}`);
      const alert = target.incident ? data.alerts.get(`a:${target.id}`) : undefined;
      const incident = alert?.source !== undefined ? alert.incident : null;
      if (!incident) return refuse(`resolve: ${NOT_AN_INCIDENT}`);
      const source = data.services.alertSources.find((s) => s.name === incident.source);
      if (!source?.capabilities.resolveIncident) return refuse(`resolve: ${sanitize(incident.source)} cannot resolve incidents`);
      const expected = sanitize(alert!.labels['service'] ?? incident.service);
      return {kind: 'confirm', intent: {incident, expected}, expected};
    },
    progress: ({incident}) => ({text: `resolving PD #${incident.number}…`, tone: 'info'}),
    run: (intent, deps) => (deps.incidents ? deps.incidents.resolve(intent.incident, intent.expected) : {text: 'resolve: not available here', tone: 'warn'}),
  }),
];
