/**
 * `status --at T` (and the dashboard's time travel, which reads through the same `servicesAt`)
 * at an instant inside a Prometheus outage: the alerts are said unknown ("held no data at T"),
 * but the SLOs are still evaluated from the long windows' data from before the outage and shown
 * `ok` (or ticketing), where the timeline of the same instant says every SLO's status is unknown
 * ("never burning by its long windows' data from before it", README). A postmortem reading
 * `status --at 03:12` sees "checkout-availability ok" at an instant Prometheus held nothing.
 */
import {describe, expect, it} from 'vitest';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {collectStatusAt} from '../../src/queries/status-at-queries.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {historyServices, makeSlo} from './fakes.ts';
import type {HistoryReader} from '../../src/sources/capabilities.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const MIN = 60_000;
// Prometheus was down from 07:30 on: nothing held in the short windows, the long ones still reach data before.
const DOWN_FROM = NOW - 30 * MIN;
const AT = NOW - 10 * MIN;
const slo = makeSlo({name: 'checkout-availability'});
const CALM_BEFORE = [
  {window: '5m', ratio: null},
  {window: '30m', ratio: null},
  {window: '1h', ratio: 0.0001},
  {window: '2h', ratio: 0.0001},
  {window: '6h', ratio: 0.0001},
  {window: '1d', ratio: 0.0001},
  {window: '3d', ratio: 0.0001},
  {window: 'period', ratio: 0.0001},
];

function services() {
  return historyServices(
    [],
    {
      // Not a history read: spread into the reader's capabilities beside them, as `fakes` does.
      ...({readRatios: async (_slos: unknown, _w: unknown, at: number) => ({value: [{slo: slo.name, at, ratios: [...CALM_BEFORE]}], warnings: []})} as Partial<HistoryReader>),
      // No ALERTS, no heartbeat at AT; `up` series in the 7 days before: the outage.
      readAlertsAt: async () => ({value: [], warnings: [], heartbeat: false as const}),
      readAlertHistory: async (from, to, step) => ({value: [], warnings: [], heartbeat: historyGrid(from, to, step).filter((t) => t < DOWN_FROM)}),
      readRatioHistory: async (_s, _w, from, to, step) => ({value: historyGrid(from, to, step).map((at) => ({at, measurements: [{slo: slo.name, at, ratios: at < DOWN_FROM ? CALM_BEFORE.map((r) => ({...r, ratio: 0.0001})) : [...CALM_BEFORE]}]})), warnings: []}),
      countLabelNames: async () => ({value: 25, warnings: []}),
      countAlertSeries: async () => ({value: 1, warnings: []}),
    },
    {slos: [slo]},
  );
}

describe('status --at an instant inside a Prometheus outage', () => {
  it('status --at says the alerts are unknown, and does not call the SLO ok at an instant Prometheus held nothing', async () => {
    // Baseline: the timeline up to that instant says the SLO is unknown from where the data stopped.
    const reading = await readTimeline(services(), {from: AT - 60 * MIN, to: AT, ackPrefix: 'ACK!'});
    expect(reading.slosAtEnd.map((s) => s.status)).toEqual(['unknown']);
    const doc = await collectStatusAt(createQueryClient(), services(), {now: () => NOW, ackPrefix: 'ACK!', suspectWindowMs: 30 * MIN} as never, AT);
    const prom = doc.sources.find((s) => s.name === 'prometheus');
    expect(prom?.error).toMatch(/held no data at/);
    expect(doc.slos.map((s) => s.status)).toEqual(['unknown']);
  });
});
