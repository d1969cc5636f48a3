/**
 * An incident as it stood at the end of a shift, not as it is now: a handover for a past range
 * reads incidents resolved since, and must hand them over as open then.
 */
import {describe, expect, it} from 'vitest';
import {incidentAckText, incidentOf, incidentOfAlert, incidentPage, openAt, type PagedIncident} from '../../src/domain/handover-incidents.ts';

const FROM = Date.parse('2026-12-06T08:00:00Z');
const TO = Date.parse('2026-12-06T20:00:00Z');
const HOUR = 3_600_000;
const incident = (over: Partial<PagedIncident>): PagedIncident => ({context: 'prod', source: 'pd', number: 7, title: 'x', service: 'payments', severity: 'critical', status: 'triggered', createdAt: FROM + HOUR, resolvedAt: null, acknowledgedBy: [], ...over});

describe('an incident at the shift\'s end', () => {
  it('resolved the next morning: still open in that handover, paging to the end', () => {
    const page = incidentPage(incident({status: 'resolved', resolvedAt: TO + 10 * HOUR}), FROM, TO);
    expect([page.ongoing, page.seconds, page.incident.status]).toEqual([true, 11 * 3600, 'triggered']);
  });

  it('resolved in the shift: closed, paging until its resolution', () => {
    const page = incidentPage(incident({status: 'resolved', resolvedAt: FROM + 2 * HOUR}), FROM, TO);
    expect([page.ongoing, page.seconds, page.incident.status]).toEqual([false, 3600, 'resolved']);
  });

  it('resolved at a time not said: taken as resolved, its duration unknown', () => {
    const page = incidentPage(incident({status: 'resolved'}), FROM, TO);
    expect([page.ongoing, page.durationUnknown]).toEqual([false, true]);
  });

  it('open at the end and resolved since with no ack left: whether it was acked is unknown, never "NOT ACKED"', () => {
    const i = incident({status: 'resolved', resolvedAt: TO + HOUR});
    expect([openAt(i, TO), incidentAckText(incidentOf(i, TO))]).toEqual([true, ', acked or not at the end unknown (resolved since)']);
    const acked = incident({status: 'resolved', resolvedAt: TO + HOUR, acknowledgedBy: ['alice']});
    expect(incidentAckText(incidentOf(acked, TO))).toBe(', acked by alice');
  });

  it('acknowledged now by acks all made after the end (left out by the source): not acked at the end', () => {
    expect(incidentAckText(incidentOf(incident({status: 'acknowledged'}), TO))).toBe(', NOT ACKED');
  });
});

describe('the incident an alert of the shift paged', () => {
  const LABELS = {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', severity: 'critical'};
  const links = (set: Record<string, string>) => ({labelSets: [set], keys: []});

  it('is none of two incidents it matches only once private labels are left out (which one it paged is unknown)', () => {
    const both = [incident({number: 101, links: links(LABELS)}), incident({number: 102, links: links(LABELS)})];
    expect(incidentOfAlert(both, 'prod', {...LABELS, __alert_rule_uid__: 'uidB'})).toBeNull();
    // The only one it matches that way, it is.
    expect(incidentOfAlert(both.slice(1), 'prod', {...LABELS, __alert_rule_uid__: 'uidB'})?.number).toBe(102);
  });

  it('is the exact match (private labels compared too) over one listed first that matches only without them', () => {
    const both = [incident({number: 101, links: links(LABELS)}), incident({number: 102, links: links({...LABELS, __alert_rule_uid__: 'uidB'})})];
    expect(incidentOfAlert(both, 'prod', {...LABELS, __alert_rule_uid__: 'uidB'})?.number).toBe(102);
  });
});
