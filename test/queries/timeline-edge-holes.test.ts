/**
 * Prometheus down at an edge of the range: the range ends (or begins) inside an outage. The run
 * without data is a hole as one between two steps with data is: no alert resolves in it, and it
 * is a missing part naming the range's edge. A range that begins before the oldest data is said
 * by the coverage check alone, not twice.
 */
import {describe, expect, it} from 'vitest';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {flatRatios, historyServices, makeSlo, PAGING_RATIOS} from './fakes.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = NOW - 2 * 3_600_000;
const MIN = 60_000;
const grid = historyGrid(FROM, NOW, 15);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * CheckoutDown firing wherever Prometheus held data, which it did only where `held` says;
 * `dataAtStart` is the label-names lookup's answer (an Error: it fails).
 */
function services(held: (t: number) => boolean, dataAtStart: boolean | Error = true) {
  const alerts: AlertSeries[] = [{labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', service: 'checkout', severity: 'critical'}, points: grid.filter(held).map((at) => ({at, value: 1}))}];
  return historyServices(alerts, {
    readAlertHistory: async () => ({value: alerts, warnings: [], heartbeat: grid.filter(held)}),
    countLabelNames: async () => {
      if (dataAtStart instanceof Error) throw dataAtStart;
      return {value: dataAtStart ? 25 : 0, warnings: []};
    },
    countAlertSeries: async () => ({value: 1, warnings: []}),
  });
}

describe('readTimeline: Prometheus down at an edge of the range', () => {
  it('ending inside an outage: the alert does not resolve there but is unknown since; the outage up to the end is a gap', async () => {
    const downFrom = NOW - 20 * MIN;
    const {timeline} = await readTimeline(services((t) => t < downFrom), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.events.map((e) => [e.kind, iso(e.at), e.ongoing ?? false])).toEqual([['alert-firing', iso(FROM), true], ['alert-unknown', iso(downFrom), false]]);
    expect(timeline.gaps.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')])).toEqual([['alerts', `prometheus held no data from ${iso(downFrom)} to the range's end, ${iso(NOW)}`]]);
  });

  it('beginning inside an outage (data held at the range start by the metadata): the outage from the start is a gap', async () => {
    const upAgain = FROM + 20 * MIN;
    const {timeline} = await readTimeline(services((t) => t >= upAgain), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')])).toEqual([['alerts', `prometheus held no data from the range's start, ${iso(FROM)}, to ${iso(upAgain)}`]]);
  });

  it('beginning inside an outage, the coverage lookup failing: the range start is said once, by the hole', async () => {
    const upAgain = FROM + 20 * MIN;
    const {timeline} = await readTimeline(services((t) => t >= upAgain, new Error('timeout: label names')), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')])).toEqual([['alerts', `prometheus held no data from the range's start, ${iso(FROM)}, to ${iso(upAgain)}`]]);
  });

  it('the coverage lookup failing with data at the start: said as not checked, as before', async () => {
    const {timeline} = await readTimeline(services(() => true, new Error('timeout: label names')), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps.map((g) => g.reason.slice(0, 33))).toEqual(['coverage not checked (timeout: la']);
  });

  it('beginning before the oldest data: said once, by the coverage check', async () => {
    const {timeline} = await readTimeline(services((t) => t >= FROM + 20 * MIN, false), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(timeline.gaps.map((g) => g.reason.slice(0, 8))).toEqual(['no data ']);
  });
});

describe('readTimeline: an SLO paging where the data begins mid-range', () => {
  const upAgain = FROM + 20 * MIN;
  function sloServices(dataAtStart: boolean) {
    const slo = makeSlo({name: 'checkout-availability'});
    const alerts: AlertSeries[] = [{labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', service: 'checkout', severity: 'critical'}, points: grid.filter((t) => t >= upAgain).map((at) => ({at, value: 1}))}];
    return historyServices(
      alerts,
      {
        readAlertHistory: async () => ({value: alerts, warnings: [], heartbeat: grid.filter((t) => t >= upAgain)}),
        readRatioHistory: async (_s, _w, from, to, step) => ({value: historyGrid(from, to, step).map((at) => ({at, measurements: [{slo: slo.name, at, ratios: at >= upAgain ? [...PAGING_RATIOS] : flatRatios(null)}]})), warnings: []}),
        countLabelNames: async () => ({value: dataAtStart ? 25 : 0, warnings: []}),
        countAlertSeries: async () => ({value: 1, warnings: []}),
      },
      {slos: [slo]},
    );
  }

  for (const dataAtStart of [true, false]) {
    it(`pages when the data begins, not "already so at the start" (data at the range's first step by the metadata: ${dataAtStart}), as the alert`, async () => {
      const {timeline} = await readTimeline(sloServices(dataAtStart), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
      expect(timeline.events.map((e) => [e.kind, iso(e.at), e.ongoing ?? false])).toEqual([
        ['alert-firing', iso(upAgain), false],
        ['slo-page', iso(upAgain), false],
      ]);
    });
  }
});
