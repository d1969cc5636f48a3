/**
 * History answered in part (a Thanos store or a Mimir tenant that did not answer): the events read
 * are kept, and the part is a missing part naming the warning (exit 3), so a timeline, a handover
 * or a `status --at` never passes what it left out for a calm history.
 */
import {describe, expect, it} from 'vitest';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {servicesAt} from '../../src/queries/status-at-queries.ts';
import {readBudgetSpent, readTimeline} from '../../src/queries/timeline-queries.ts';
import {historyServices, makeSlo, PAGING_RATIOS} from './fakes.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 3_600_000;
const WARNING = 'partial response: store 10.0.0.7:10901 unavailable';
const labels = {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', severity: 'critical', service: 'checkout'};

function prometheus(partial: {alerts?: boolean; slos?: boolean}) {
  const slo = makeSlo({name: 'checkout-availability'});
  return historyServices(
    [],
    {
      readAlertHistory: async (from, to, step) => {
        const grid = historyGrid(from, to, step);
        const s: AlertSeries = {labels, points: grid.map((at) => ({at, value: 1}))};
        return {value: [s], warnings: partial.alerts ? [WARNING] : [], ...(partial.alerts ? {partial: [WARNING]} : {}), heartbeat: grid};
      },
      readRatioHistory: async (_slos, _w, from, to, step) => ({value: historyGrid(from, to, step).map((at) => ({at, measurements: [{slo: slo.name, at, ratios: [...PAGING_RATIOS]}]})), warnings: [], ...(partial.slos ? {partial: [WARNING]} : {})}),
      countLabelNames: async () => ({value: 25, warnings: []}),
      countAlertSeries: async () => ({value: 1, warnings: []}),
      readAlertsAt: async (at) => ({value: [{labels, points: [{at, value: 1}]}], warnings: [WARNING], ...(partial.alerts ? {partial: [WARNING]} : {})}),
    },
    {slos: [slo]},
  );
}

const reason = `answered in part (${WARNING}): what it left out is missing`;

describe('history read in part', () => {
  it('the alert history: its events kept, the alerts a missing part naming the warning', async () => {
    const {timeline} = await readTimeline(prometheus({alerts: true}), {from: FROM, to: TO, ackPrefix: 'ACK!'});
    expect(timeline.events.map((e) => e.kind).sort()).toEqual(['alert-firing', 'slo-page']);
    expect(timeline.gaps).toEqual([{part: 'alerts', context: 'prod', source: 'prometheus', reason}]);
  });

  it('the SLO history: the SLOs a missing part naming the warning', async () => {
    const {timeline} = await readTimeline(prometheus({slos: true}), {from: FROM, to: TO, ackPrefix: 'ACK!'});
    expect(timeline.gaps).toEqual([{part: 'slos', context: 'prod', source: 'prometheus', reason}]);
  });

  it('read whole: no missing part', async () => {
    expect((await readTimeline(prometheus({}), {from: FROM, to: TO, ackPrefix: 'ACK!'})).timeline.gaps).toEqual([]);
  });

  it('status --at: the alerts of the past read in part carry `partial`', async () => {
    const list = (p: {alerts?: boolean}) => servicesAt(prometheus(p), TO).alertSources[0]!.capabilities.listAlerts();
    expect((await list({alerts: true})).partial).toEqual([WARNING]);
    expect((await list({})).partial).toBeUndefined();
  });

  it('the budget spent read in part: the budgets kept, a missing part of the SLOs naming the warning', async () => {
    const slo = makeSlo({name: 'checkout-availability'});
    const services = historyServices([], {readSpanRatios: async () => ({value: new Map([[slo.name, 0.001]]), warnings: [WARNING], partial: [WARNING]})}, {slos: [slo]});
    const {budgets, gaps} = await readBudgetSpent(services, [slo], FROM, TO);
    expect(budgets.map((b) => b.spent === null)).toEqual([false]);
    expect(gaps).toEqual([{part: 'slos', context: 'prod', source: 'prometheus', reason: `budget spent: answered in part (${WARNING}): the budgets are of what was read`}]);
  });
});
