/**
 * The demo's paging service, derived from its alerts: Alertmanager pages for every critical alert
 * it holds (the scenario's routing), so `CheckoutHighErrorRate` opens an incident half a minute
 * after it fires (Alertmanager's `group_wait`). Each team of the alerts (their `team` label) has
 * an escalation policy for the services its alerts are about, with a primary and a secondary on
 * call, whose shift hands over at a fixed time after T0.
 */
import {DEMO_ALERTS, type DemoAlertSpec} from './demo-scenario-alerts.ts';
import {DAY, HOUR} from './demo-scenario.ts';

/** The paging source's name, as the header and `seenBy` show it. */
export const DEMO_PAGING_NAME = 'pagerduty';

/** Alertmanager's `group_wait`: an incident opens this long after its alert fires. */
export const DEMO_GROUP_WAIT_MS = 30_000;

/** The first incident number of the demo; each new incident takes the next. */
export const DEMO_FIRST_INCIDENT_NUMBER = 4217;

/** Where the demo's incidents would be seen on the web. */
export const demoIncidentUrl = (id: string) => `https://pagerduty.example.com/incidents/${id}`;

/** True when Alertmanager pages for the alert: critical and held by Alertmanager (not pending). */
export function pages(spec: DemoAlertSpec): boolean {
  return spec.backend === 'alertmanager' && !spec.pending && spec.labels['severity'] === 'critical';
}

/** The alerts that page, from the scenario. */
export const DEMO_PAGING_ALERTS: readonly DemoAlertSpec[] = DEMO_ALERTS.filter(pages);

/** One escalation policy of the demo: a team's, paging for the services its alerts are about. */
export interface DemoEscalationPolicy {
  id: string;
  name: string;
  team: string;
  services: string[];
  /** Who is on call per level (1 = paged first). */
  levels: Array<{level: number; user: string; schedule: string}>;
}

/** The shift on call now ends this long after T0 (started a week before that). */
export const DEMO_SHIFT_END_OFFSET_MS = 2 * DAY + 9 * HOUR;

/** Escalation policies, one per team of the scenario's alerts, in the alerts' order. */
export const DEMO_ESCALATION_POLICIES: readonly DemoEscalationPolicy[] = (() => {
  const byTeam = new Map<string, Set<string>>();
  for (const spec of DEMO_ALERTS) {
    const team = spec.labels['team'];
    const service = spec.labels['service'];
    if (team === undefined || service === undefined) continue;
    byTeam.set(team, (byTeam.get(team) ?? new Set()).add(service));
  }
  return [...byTeam].map(([team, services]) => ({
    id: `PDEMO-${team}`,
    name: `${team} escalation`,
    team,
    services: [...services].sort(),
    levels: [
      {level: 1, user: `${team}-primary`, schedule: `${team} primary`},
      {level: 2, user: `${team}-secondary`, schedule: `${team} secondary`},
    ],
  }));
})();
