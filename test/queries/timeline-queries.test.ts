/**
 * A Prometheus without the history asked for: no data at the range's start (it is younger than
 * the range, or was down), or no `ALERTS` series at or before the range. Either is a missing
 * part of the timeline, never an empty one that reads as "nothing happened".
 */
import {describe, expect, it} from 'vitest';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {historyServices, makeSlo} from './fakes.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 6 * 3_600_000;
const DAY = 86_400_000;
const firing: AlertSeries = {labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', severity: 'critical', service: 'checkout'}, points: [{at: TO - 600_000, value: 1}]};

/** A Prometheus holding `alerts` over the range; `labelNames` and `alertSeries` answer the metadata lookups. */
function prometheus(opts: {alerts: AlertSeries[]; labelNames: number | Error; alertSeries: number | Error}) {
  const asked: string[] = [];
  const services = historyServices(
    opts.alerts,
    {
      readRatioHistory: async (_slos, _windows, from, to, step) => ({value: [{at: from, measurements: []}, {at: to - (to % (step * 1000)), measurements: []}], warnings: []}),
      countLabelNames: async (from: number, to: number) => {
        asked.push(`labels ${new Date(from).toISOString()} ${new Date(to).toISOString()}`);
        if (opts.labelNames instanceof Error) throw opts.labelNames;
        return {value: opts.labelNames, warnings: []};
      },
      countAlertSeries: async (from: number, to: number) => {
        asked.push(`series ${new Date(from).toISOString()} ${new Date(to).toISOString()}`);
        if (opts.alertSeries instanceof Error) throw opts.alertSeries;
        return {value: opts.alertSeries, warnings: []};
      },
    },
    {slos: [makeSlo({name: 'checkout-availability'})]},
  );
  return {services, asked};
}

const read = (services: ContextServices) => readTimeline(services, {from: FROM, to: TO, ackPrefix: 'ACK!'});

describe('readTimeline: a Prometheus without the history asked for', () => {
  it('no data at the range start: alerts and SLOs are missing parts, naming the instant', async () => {
    const {services} = prometheus({alerts: [firing], labelNames: 0, alertSeries: 1});
    const {timeline} = await read(services);
    expect(timeline.gaps).toEqual([
      {part: 'alerts', context: 'prod', source: 'prometheus', reason: 'no data at 2026-12-06T02:00:00.000Z: the range begins before the oldest data prometheus holds (or it was down then), so what happened before its data begins is missing'},
      {part: 'slos', context: 'prod', source: 'prometheus', reason: 'no data at 2026-12-06T02:00:00.000Z: the range begins before the oldest data prometheus holds (or it was down then), so what happened before its data begins is missing'},
    ]);
    // What it does hold is still shown.
    expect(timeline.events.map((e) => e.kind)).toEqual(['alert-firing', 'alert-resolved']);
  });

  it('no ALERTS in the range nor in the 7 days before it: the alerts part is missing, not "nothing fired"', async () => {
    const {services, asked} = prometheus({alerts: [], labelNames: 12, alertSeries: 0});
    const {timeline} = await read(services);
    expect(timeline.gaps).toEqual([
      {part: 'alerts', context: 'prod', source: 'prometheus', reason: 'no alert history: no ALERTS series from 2026-11-29T02:00:00.000Z to 2026-12-06T08:00:00.000Z, so no alert events is not "nothing fired"'},
    ]);
    expect(asked).toContain(`series ${new Date(FROM - 7 * DAY).toISOString()} ${new Date(TO).toISOString()}`);
  });

  it('ALERTS held before the range and data at its start: an empty range is calm, no gap', async () => {
    const {timeline} = await read(prometheus({alerts: [], labelNames: 12, alertSeries: 3}).services);
    expect(timeline.gaps).toEqual([]);
  });

  it('alerts in the range: no series lookup', async () => {
    const {services, asked} = prometheus({alerts: [firing], labelNames: 12, alertSeries: 0});
    expect((await read(services)).timeline.gaps).toEqual([]);
    expect(asked.filter((a) => a.startsWith('series'))).toEqual([]);
  });

  it('the label-names lookup failing is said for every part read, never skipped', async () => {
    const {timeline} = await read(prometheus({alerts: [firing], labelNames: new SourceFailure('timeout', 'POST /api/v1/labels: no answer'), alertSeries: 1}).services);
    expect(timeline.gaps.map((g) => [g.part, g.reason])).toEqual([
      ['alerts', 'coverage not checked (timeout: POST /api/v1/labels: no answer): whether prometheus holds data at 2026-12-06T02:00:00.000Z is unknown, so no events may not mean "nothing happened"'],
      ['slos', 'coverage not checked (timeout: POST /api/v1/labels: no answer): whether prometheus holds data at 2026-12-06T02:00:00.000Z is unknown, so no events may not mean "nothing happened"'],
    ]);
  });

  it('no ALERTS, but alerting rules evaluated: no gap, the note that no alert fired (one rules lookup)', async () => {
    const {services, asked} = prometheus({alerts: [], labelNames: 12, alertSeries: 0});
    services.sloReader!.capabilities.countAlertingRules = async () => {
      asked.push('rules');
      return {value: 2, warnings: []};
    };
    const {timeline} = await read(services);
    expect(timeline.gaps).toEqual([]);
    expect(timeline.notes).toEqual(['no alert fired: prometheus evaluates 2 alerting rules and held no ALERTS series from 2026-11-29T02:00:00.000Z to 2026-12-06T08:00:00.000Z']);
    expect(asked.filter((a) => a === 'rules')).toHaveLength(1);
  });

  it('the alert history lookup failing is said, never read as calm', async () => {
    const {timeline} = await read(prometheus({alerts: [], labelNames: 12, alertSeries: new SourceFailure('timeout', 'POST /api/v1/series: no answer')}).services);
    expect(timeline.gaps.map((g) => [g.part, g.reason])).toEqual([['alerts', 'alert history not checked (timeout: POST /api/v1/series: no answer): no alert events may not mean "nothing fired"']]);
  });
});

describe('readTimeline: a range too long to read at the evaluation interval', () => {
  const LONG_FROM = TO - 400 * DAY;

  it('reads alerts as the most of each step (none shorter than a step is dropped) and says the resolution', async () => {
    const steps: Array<[number, number | undefined]> = [];
    const {services} = prometheus({alerts: [firing], labelNames: 12, alertSeries: 1});
    const caps = services.sloReader!.capabilities;
    const read = caps.readAlertHistory!;
    caps.readAlertHistory = (from, to, step, evaluation) => {
      steps.push([step, evaluation]);
      return read(from, to, step, evaluation);
    };
    const {timeline} = await readTimeline(services, {from: LONG_FROM, to: TO, ackPrefix: 'ACK!'});
    expect(steps).toEqual([[3142, 15]]);
    expect(timeline.notes).toEqual([
      'alerts read every 3142s, not at each 15s evaluation (a range holds at most 11,000 points): every alert is listed, each change at the first step after it',
      'SLO status read every 3142s: a page or ticket shorter than that may be missing; narrow the range (7 days or less reads it every minute)',
    ]);
  });

  it('six hours: no notes', async () => {
    const {timeline} = await readTimeline(prometheus({alerts: [firing], labelNames: 12, alertSeries: 1}).services, {from: FROM, to: TO, ackPrefix: 'ACK!'});
    expect(timeline.notes).toEqual([]);
  });
});

describe('readTimeline: an evaluation interval that could not be read', () => {
  // No config endpoint (Thanos, Mimir, VictoriaMetrics) or a proxy refusing it: rules may run
  // every 15s, so `ALERTS` sampled every assumed minute would miss a shorter page.
  it('reads alerts as the most of each step and says the interval was not read and how alerts were read', async () => {
    const steps: Array<[number, number | undefined]> = [];
    const {services} = prometheus({alerts: [firing], labelNames: 12, alertSeries: 1});
    const caps = services.sloReader!.capabilities;
    const read = caps.readAlertHistory!;
    caps.evaluationSeconds = async () => {
      throw new SourceFailure('unavailable', '/api/v1/status/config: HTTP 404');
    };
    caps.readAlertHistory = (from, to, step, evaluation) => {
      steps.push([step, evaluation]);
      return read(from, to, step, evaluation);
    };
    const {timeline} = await readTimeline(services, {from: FROM, to: TO, ackPrefix: 'ACK!'});
    const [[step, evaluation]] = steps as [[number, number]];
    expect(step).toBe(60);
    // Finer than the step: the reader takes the most of each step rather than one sample.
    expect(evaluation).toBeLessThan(step);
    expect(timeline.notes).toEqual([
      'evaluation interval not read (unavailable: /api/v1/status/config: HTTP 404): alerts read as the most of each 60s step (max_over_time), so an alert shorter than a step is still listed, each change at the first step after it',
    ]);
    expect(timeline.events.map((e) => e.kind)).toContain('alert-firing');
  });
});
