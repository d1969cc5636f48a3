import {describe, expect, it} from 'vitest';
import {NO_PAGES, checkPages} from '../../src/domain/new-pages.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {flatRatios, makeSlo, T0} from '../queries/fakes.ts';
import {makeAlert} from './alert-fixture.ts';
import type {IncidentRef} from '../../src/domain/incident.ts';

const critical = (fingerprint: string, over = {}) => makeAlert({fingerprint, name: `Alert-${fingerprint}`, severity: 'critical', ...over});
const INCIDENT: IncidentRef = {source: 'pagerduty', id: 'PINC1', number: 1234, title: 'Checkout errors', status: 'triggered', url: null, service: 'Checkout', acknowledgedBy: [], acknowledgedAt: null};
// The incident's own row, as the PagerDuty source makes it, and an Alertmanager alert linked to it.
const incidentRow = () => critical('pd-PINC1', {name: 'Checkout errors', source: 'pagerduty', incident: INCIDENT});
const slo = (name: string, ratio: number) => evaluateSlo(makeSlo({name}), {slo: name, at: T0, ratios: flatRatios(ratio)});

describe('checkPages', () => {
  it('takes the first data of each kind as the baseline: what pages then is not news', () => {
    const first = checkPages(NO_PAGES, {slos: [slo('api', 0.05)], alerts: [critical('a')]});
    expect(first.fresh).toEqual([]);
    // Later polls with the same pages: still nothing.
    expect(checkPages(first.memory, {slos: [slo('api', 0.05)], alerts: [critical('a')]}).fresh).toEqual([]);
  });

  it('reports an SLO that starts paging and a critical alert that starts firing unacked, once', () => {
    const base = checkPages(NO_PAGES, {slos: [slo('api', 0.0001)], alerts: []}).memory;
    const next = checkPages(base, {slos: [slo('api', 0.05)], alerts: [critical('b')]});
    expect(next.fresh).toEqual(['api', 'Alert-b']);
    expect(checkPages(next.memory, {slos: [slo('api', 0.05)], alerts: [critical('b')]}).fresh).toEqual([]);
  });

  it('ignores acked, silenced, inhibited, pending and non-critical alerts', () => {
    const base = checkPages(NO_PAGES, {slos: null, alerts: []}).memory;
    const quiet = [
      critical('c', {ack: {by: 'me', until: T0 + 1, silenceId: 's', comment: 'ACK!'}}),
      critical('d', {silencedBy: ['s2'], state: 'suppressed'}),
      critical('e', {inhibitedBy: ['x'], state: 'suppressed'}),
      critical('f', {state: 'pending'}),
      makeAlert({fingerprint: 'g', severity: 'warning'}),
    ];
    expect(checkPages(base, {slos: null, alerts: quiet}).fresh).toEqual([]);
  });

  it('rings for a critical alert silenced on one Alertmanager and firing through another', () => {
    const base = checkPages(NO_PAGES, {slos: null, alerts: []}).memory;
    // Merged, it carries the first peer's silence and the second peer's state.
    const halfSilenced = critical('h', {silencedBy: ['s1'], inhibitedBy: ['x'], state: 'firing'});
    expect(checkPages(base, {slos: null, alerts: [halfSilenced]}).fresh).toEqual(['Alert-h']);
  });

  it('waits for a kind with no data yet, and counts a page again after it stopped', () => {
    const noAlertsYet = checkPages(NO_PAGES, {slos: [], alerts: null});
    // The alerts' first data is their baseline, even when it comes later than the SLOs'.
    const first = checkPages(noAlertsYet.memory, {slos: [], alerts: [critical('a')]});
    expect(first.fresh).toEqual([]);
    const cleared = checkPages(first.memory, {slos: [], alerts: []});
    expect(checkPages(cleared.memory, {slos: [], alerts: [critical('a')]}).fresh).toEqual(['Alert-a']);
  });

  it('rings once for an incident and the alert that paged it, in whichever order they are first read', () => {
    const base = checkPages(NO_PAGES, {slos: null, alerts: []}).memory;
    // Both at once: one page, named after the alert that fired, not two.
    const together = checkPages(base, {slos: null, alerts: [incidentRow(), critical('a', {incident: INCIDENT})]});
    expect(together.fresh).toEqual(['Alert-a']);
    // The alert first, its incident read a poll later: the alert rang; the incident is not news.
    const alertFirst = checkPages(base, {slos: null, alerts: [critical('a')]});
    expect(alertFirst.fresh).toEqual(['Alert-a']);
    expect(checkPages(alertFirst.memory, {slos: null, alerts: [incidentRow(), critical('a', {incident: INCIDENT})]}).fresh).toEqual([]);
    // The incident first (the paging service polled sooner): its alert arriving later is the same page.
    const incidentFirst = checkPages(base, {slos: null, alerts: [incidentRow()]});
    expect(incidentFirst.fresh).toEqual(['Checkout errors']);
    expect(checkPages(incidentFirst.memory, {slos: null, alerts: [incidentRow(), critical('a', {incident: INCIDENT})]}).fresh).toEqual([]);
    // Another alert, linked to no incident, is a page of its own.
    expect(checkPages(together.memory, {slos: null, alerts: [incidentRow(), critical('a', {incident: INCIDENT}), critical('b')]}).fresh).toEqual(['Alert-b']);
  });
});
