/**
 * An alert (or SLO page) already active when a range begins is reported at the range's start with
 * `ongoing: true`. A range off the step grid (every `--since`, every handover, the dashboard's `t`)
 * reads its history from the step before `from`: the event held there is dated `from`, not dropped
 * as being before the range.
 */
import {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {readTimeline, timelineQueryOptions, type ContextTimeline} from '../../src/queries/timeline-queries.ts';
import {historyServices, makeSlo, PAGING_RATIOS} from './fakes.ts';

// As `--since 2h` gives it: not on the 15 s grid.
const NOW = Date.UTC(2026, 11, 6, 8, 0, 7, 321);
const FROM = NOW - 2 * 3_600_000;

function firingThroughout() {
  const slo = makeSlo({name: 'checkout-availability'});
  return historyServices(
    [],
    {
      readAlertHistory: async (from, to, step) => {
        const grid = historyGrid(from, to, step);
        const s: AlertSeries = {labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', severity: 'critical', service: 'checkout'}, points: grid.map((at) => ({at, value: 1}))};
        return {value: [s], warnings: [], heartbeat: grid};
      },
      readRatioHistory: async (_slos, _w, from, to, step) => ({value: historyGrid(from, to, step).map((at) => ({at, measurements: [{slo: slo.name, at, ratios: [...PAGING_RATIOS]}]})), warnings: []}),
      countLabelNames: async () => ({value: 25, warnings: []}),
      countAlertSeries: async () => ({value: 1, warnings: []}),
    },
    {slos: [slo]},
  );
}

describe('a page held all through a range that starts off the step grid', () => {
  it('timeline and handover: the alert and the SLO page are reported as ongoing, at the range start', async () => {
    const {timeline, alertsAtEnd, slosAtEnd} = await readTimeline(firingThroughout(), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
    expect(alertsAtEnd).toHaveLength(1);
    expect(slosAtEnd.map((s) => s.status)).toEqual(['page']);
    expect(timeline.events.map((e) => [e.kind, e.ongoing ?? false, e.at]).sort()).toEqual([
      ['alert-firing', true, FROM],
      ['slo-page', true, FROM],
    ]);
  });

  it("the dashboard's `t` (six hours up to now): the same events are there", async () => {
    const client = new QueryClient();
    const opts = timelineQueryOptions(firingThroughout(), {enabled: true, intervalMs: false, now: () => NOW, ackPrefix: 'ACK!'});
    const got = (await client.fetchQuery(opts as never)) as ContextTimeline;
    expect(got.events.map((e) => [e.kind, e.ongoing ?? false]).sort()).toEqual([
      ['alert-firing', true],
      ['slo-page', true],
    ]);
  });
});
