/**
 * `panels:` of a context: PromQL numbers shown in the Panels pane against warn/crit thresholds.
 * Cross-key rules (unique names, warn ≠ crit, a Prometheus to read them) are in `config-rules.ts`.
 */
import {z} from 'zod';
import {PANEL_UNITS} from '../domain/panel.ts';
import {nameField} from './config-fields.ts';

/** A panel's PromQL: an instant-vector expression, read as a range for the sparkline. */
const panelQueryField = z
  .string()
  .trim()
  .min(1, 'must be a PromQL expression, e.g. max(rate(container_cpu_usage_seconds_total{service="checkout"}[5m]))')
  .superRefine((text, ctx) => {
    // An SLO query template pasted here would be sent with the placeholder and refused.
    if (text.includes('{{.window}}')) ctx.addIssue({code: 'custom', message: 'a panel query is plain PromQL: write the range, e.g. [5m], instead of {{.window}}'});
  });

/** A threshold in the panel's unit (0.8 for 80 % of a `ratio` panel, 80 for a `percent` one). */
const thresholdField = z.number({error: "must be a number in the panel's unit, e.g. 0.8 for a ratio panel"}).refine(Number.isFinite, 'must be a finite number');

/** One panel. */
export const panelSchema = z.strictObject({
  name: nameField,
  query: panelQueryField,
  unit: z.enum(PANEL_UNITS, {error: `must be one of ${PANEL_UNITS.join(', ')}`}).default('count'),
  warn: thresholdField.optional(),
  crit: thresholdField.optional(),
  // Selecting this service's SLO, alert or deploy highlights the panel.
  service: nameField.optional(),
});
