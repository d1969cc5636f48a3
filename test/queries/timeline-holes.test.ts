/**
 * Prometheus down in the middle of a timeline: no sample of any series, the heartbeat included.
 * An alert firing on both sides did not resolve there; the hole is a missing part, not silence.
 */
import {describe, expect, it} from 'vitest';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {historyServices, makeSlo, PAGING_RATIOS} from './fakes.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = NOW - 2 * 3_600_000;
const MIN = 60_000;
const holeFrom = NOW - 60 * MIN;
const holeTo = NOW - 30 * MIN;
const inHole = (t: number) => t >= holeFrom && t < holeTo;
const grid = historyGrid(FROM, NOW, 15);
const heartbeat = grid.filter((t) => !inHole(t));
const series = (alertname: string, from: number, to: number): AlertSeries => ({
  labels: {__name__: 'ALERTS', alertname, alertstate: 'firing', service: 'checkout', severity: 'critical'},
  points: grid.filter((t) => t >= from && t < to && !inHole(t)).map((at) => ({at, value: 1})),
});
const iso = (ms: number) => new Date(ms).toISOString();
const HOLE_REASON = `prometheus held no data from ${iso(holeFrom)} to ${iso(holeTo)} (down, or scraping nothing): what happened then is unknown; an alert active on both sides is shown as active throughout`;

function services(alerts: AlertSeries[], withHeartbeat = true) {
  return historyServices(alerts, {
    readAlertHistory: async () => ({value: alerts, warnings: [], ...(withHeartbeat ? {heartbeat} : {})}),
    countLabelNames: async () => ({value: 25, warnings: []}),
    countAlertSeries: async () => ({value: 1, warnings: []}),
  });
}

describe('readTimeline: Prometheus down inside the range', () => {
  it('an alert firing before and after the outage does not resolve at it; the outage is a gap', async () => {
    const {timeline, alertsAtEnd} = await readTimeline(services([series('CheckoutDown', NOW - 90 * MIN, NOW + MIN)]), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.events.map((e) => [e.kind, iso(e.at)])).toEqual([['alert-firing', iso(NOW - 90 * MIN)]]);
    expect(timeline.gaps).toEqual([{part: 'alerts', context: 'prod', source: 'prometheus', reason: HOLE_REASON}]);
    expect(alertsAtEnd.map((a) => a.labels['alertname'])).toEqual(['CheckoutDown']);
  });

  it('an alert that ended during the outage is told resolved when the data comes back, not when it stopped', async () => {
    const {timeline} = await readTimeline(services([series('CheckoutDown', NOW - 90 * MIN, NOW - 45 * MIN)]), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.events.map((e) => [e.kind, iso(e.at)])).toEqual([
      ['alert-firing', iso(NOW - 90 * MIN)],
      ['alert-resolved', iso(holeTo)],
    ]);
    expect(timeline.gaps.map((g) => g.part)).toEqual(['alerts']);
  });

  it('the SLOs read beside the alerts share the gap, and their steps inside it change nothing', async () => {
    const slo = makeSlo({name: 'checkout-availability'});
    const base = services([series('CheckoutDown', NOW - 90 * MIN, NOW + MIN)]);
    const sloGrid = historyGrid(FROM, NOW, 60);
    // Every SLO step outside the hole reads its ratios; inside, none (no-data).
    const measurement = (at: number) => ({slo: slo.name, at, ratios: inHole(at) ? [] : [...PAGING_RATIOS]});
    const withSlo = {...base, slos: [slo], sloReader: {...base.sloReader!, capabilities: {...base.sloReader!.capabilities, readRatioHistory: async () => ({value: sloGrid.map((at) => ({at, measurements: [measurement(at)]})), warnings: []})}}} as typeof base;
    const {timeline} = await readTimeline(withSlo, {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.events.filter((e) => e.kind.startsWith('slo-')).map((e) => e.kind)).toEqual(['slo-page']);
    expect(timeline.gaps.map((g) => g.part)).toEqual(['alerts', 'slos']);
  });

  it('without a heartbeat (a backend that does not read one) nothing is taken as a hole', async () => {
    const {timeline} = await readTimeline(services([series('CheckoutDown', NOW - 90 * MIN, NOW + MIN)], false), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps).toEqual([]);
    expect(timeline.events.map((e) => e.kind)).toEqual(['alert-firing', 'alert-resolved', 'alert-firing']);
  });

  it('a heartbeat the backend would not read: the alerts are read all the same, and a gap says an outage would go untold', async () => {
    const unread = 'prometheus heartbeat unread (too many samples): a stretch where it held no data would read as every alert resolving';
    const alerts = [series('CheckoutDown', NOW - 90 * MIN, NOW + MIN)];
    const base = historyServices(alerts, {
      readAlertHistory: async () => ({value: alerts, warnings: [], heartbeatUnread: unread}),
      countLabelNames: async () => ({value: 25, warnings: []}),
      countAlertSeries: async () => ({value: 1, warnings: []}),
    });
    const {timeline} = await readTimeline(base, {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps).toEqual([{part: 'alerts', context: 'prod', source: 'prometheus', reason: unread}]);
    // Read as without a heartbeat (the outage looks like a resolve), the gap saying it may be one.
    expect(timeline.events.map((e) => e.kind)).toEqual(['alert-firing', 'alert-resolved', 'alert-firing']);
  });
});
