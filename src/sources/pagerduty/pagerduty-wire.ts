/**
 * PagerDuty REST API v2 wire shapes (the operations in the shared contract: `listIncidents`,
 * `listIncidentAlerts`, `updateIncident`, `listOnCalls`, `listServices`), decoded tolerantly:
 * unknown fields ignored, optional ones defaulted, so an account with more features decodes too.
 */
import {z} from 'zod';

const reference = z.object({id: z.string(), summary: z.string().nullish()});
const time = z.string().nullish();

/** `Pagination`: the offset scheme every list answer carries. */
const pagination = {
  more: z.boolean().nullish(),
  offset: z.number().nullish(),
  limit: z.number().nullish(),
};

/** `Incident`, the fields the dashboard reads. */
export const incidentSchema = z.object({
  id: z.string(),
  incident_number: z.number(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: time,
  updated_at: time,
  resolved_at: time,
  last_status_change_at: time,
  service: reference,
  escalation_policy: reference.nullish(),
  priority: z.object({summary: z.string().nullish(), name: z.string().nullish()}).nullish(),
  acknowledgements: z
    .array(z.object({at: time, acknowledger: z.object({summary: z.string().nullish(), id: z.string().nullish()})}))
    .nullish(),
  pending_actions: z.array(z.object({type: z.string(), at: time})).nullish(),
  alert_counts: z.object({all: z.number().nullish()}).nullish(),
});

/** One PagerDuty incident. */
export type WireIncident = z.output<typeof incidentSchema>;

/** `GET /incidents`. */
export const incidentListSchema = z.object({incidents: z.array(incidentSchema), ...pagination});

/** `GET /incidents/{id}/alerts`: the alerts grouped into an incident, with their details. */
export const incidentAlertListSchema = z.object({
  alerts: z.array(
    z.object({
      alert_key: z.string().nullish(),
      status: z.string().nullish(),
      // `details` is what Alertmanager's integration sends; other integrations (e-mail, some APIs) send a body without it.
      body: z.object({details: z.unknown().optional()}).nullish(),
    }),
  ),
  ...pagination,
});

/** `PUT /incidents/{id}`: the updated incident. */
export const incidentUpdateSchema = z.object({incident: incidentSchema});

/** `GET /oncalls`. */
export const oncallListSchema = z.object({
  oncalls: z.array(
    z.object({
      user: reference.nullish(),
      escalation_policy: reference.nullish(),
      schedule: reference.nullish(),
      escalation_level: z.number().nullish(),
      start: time,
      end: time,
    }),
  ),
  ...pagination,
});

/** `GET /services`: each service and its escalation policy. */
export const serviceListSchema = z.object({
  services: z.array(z.object({id: z.string(), name: z.string().nullish(), summary: z.string().nullish(), escalation_policy: reference.nullish()})),
  ...pagination,
});

/** Epoch ms of a wire time; `null` when absent or unreadable. */
export function wireTime(text: string | null | undefined): number | null {
  if (!text) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? at : null;
}
