import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
import {NO_END} from '../../src/domain/alert.ts';
import {incidentAlertLinks, type IncidentRef} from '../../src/domain/incident.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {alertTable} from '../../src/view/rows/alert-rows.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
freshQueryClientEachTest((c) => (client = c));

const REF: IncidentRef = {source: 'pd', id: 'PINC1', number: 1234, title: 'Checkout burning', status: 'acknowledged', url: 'https://acme.pagerduty.com/incidents/PINC1', service: 'Checkout', acknowledgedBy: ['alice'], acknowledgedAt: 1};
const LABELS = {alertname: 'CheckoutHighErrorRate', service: 'checkout'};
const incidentRow = makeAlert({
  fingerprint: 'pagerduty-PINC1',
  name: 'Checkout burning',
  seenBy: ['pd'],
  source: 'pagerduty',
  incident: REF,
  incidentLinks: incidentAlertLinks({firing: 'Labels:\n - alertname = CheckoutHighErrorRate\n - service = checkout\nAnnotations:\n'}, null, undefined),
  ack: {by: 'alice', until: NO_END, silenceId: '', comment: 'acknowledged in PagerDuty'},
  partialAck: null,
});

describe('alerts with incidents', () => {
  it('keeps an incident row its own ack, and gives the alert that paged it the incident', async () => {
    const amAlerts = [makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', labels: LABELS, seenBy: ['am-1']}), makeAlert({fingerprint: 'f2', seenBy: ['am-1']})];
    const am = fakeAlertSource(() => ({value: amAlerts}));
    const pd = fakeAlertSource(() => ({value: [incidentRow]}));
    const services = emptyServices({
      alertSources: [
        {name: 'am-1', kind: 'alertmanager', capabilities: am.capabilities},
        {name: 'pd', kind: 'pagerduty', capabilities: {listAlerts: pd.capabilities.listAlerts}},
      ],
    });
    const options = alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'});
    const snap = await client.fetchQuery(options);
    const byFp = new Map(snap.alerts.map((a) => [a.fingerprint, a]));
    expect(byFp.get('pagerduty-PINC1')).toBe(incidentRow);
    expect(byFp.get('f1')?.incident).toBe(REF);
    expect(byFp.get('f2')?.incident).toBeUndefined();
    // The same answers again: the same objects (nothing rebuilt).
    const again = await client.fetchQuery({...options, staleTime: 0});
    expect(again.alerts.find((a) => a.fingerprint === 'f1')).toBe(byFp.get('f1'));
    const table = alertTable(snap.alerts, Date.UTC(2026, 4, 4), ['alertname']);
    const text = table.rows.map((r) => r.cells.map((c) => c.text).join('|'));
    expect(text).toEqual(expect.arrayContaining([expect.stringMatching(/^WARN\|firing\|  CheckoutHighErrorRate  ⚑ PD #1234 acked by alice\|checkout\|/)]));
    expect(text.some((line) => line.includes('PD #1234 Checkout burning') && line.includes('alice (PD)'))).toBe(true);
  });
});
