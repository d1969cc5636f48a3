/**
 * A `:resolve` that found the incident resolved by someone else sends nothing and is logged as a
 * success with the note "resolved meanwhile, nothing to resolve". Quitting while it was in flight
 * (q right after confirming), the line said on leaving read "resolve PD #4300 (checkout) on
 * pagerduty: done": it told the user their resolve was done, the very claim the footer avoids.
 */
import {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
import {createIncidentOps} from '../../src/actions/incident-ops.ts';
import {leavingActions, outcomeLine} from '../../src/cli/leaving-actions.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';

describe('leaving the dashboard with a resolve that found the incident resolved meanwhile', () => {
  it('says it was resolved meanwhile, not "done"', async () => {
    const written: ActionLogEntry[] = [];
    const leaving = leavingActions(async (e) => void written.push(e));
    let sent = 0;
    const capabilities = {
      listAlerts: async () => ({value: []}),
      resolveIncident: async () => void sent++,
      readIncidentStatus: async () => 'resolved' as const,
    };
    const services = {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [{name: 'pagerduty', kind: 'pagerduty', capabilities}], deploySource: null, rollbacker: null} as unknown as ContextServices;
    const ops = createIncidentOps(new QueryClient(), services, {record: leaving.record, now: Date.now});
    const ref = {source: 'pagerduty', id: 'PRES001', number: 4300, title: 'Checkout is down', status: 'triggered' as const, url: null, service: 'checkout', acknowledgedBy: [], acknowledgedAt: null};
    // q pressed right after the confirmation: the resolve is in flight.
    const pending = ops.resolve(ref, 'checkout');
    leaving.leave();
    const message = await pending;
    expect(message.text).toContain('resolved meanwhile');
    expect(sent).toBe(0);
    expect(leaving.settled().map(outcomeLine).join('')).toBe('oncall: resolve PD #4300 (checkout) on pagerduty: resolved meanwhile, nothing to resolve\n');
  });
});
