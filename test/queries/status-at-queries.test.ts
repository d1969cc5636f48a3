/**
 * The alerts of the past come from Prometheus' ALERTS series; when there are none at the instant,
 * whether the Prometheus keeps alert history at all decides what the empty list means, and the
 * source says so when it does not (it never fails the source: exit codes stay as they were).
 */
import {describe, expect, it} from 'vitest';
import {ALERT_HISTORY_SPAN_MS, servicesAt} from '../../src/queries/status-at-queries.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {emptyServices} from './fakes.ts';

const AT = Date.UTC(2026, 11, 5, 3, 12, 5);
const firing = {labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', severity: 'critical'}, points: [{at: AT, value: 1}]};

/** A Prometheus whose ALERTS at AT are `series`, holding `held` ALERTS series around it; counts the lookups. */
function prometheus(series: Array<{labels: Record<string, string>; points: Array<{at: number; value: number}>}>, held: number | Error) {
  const asked: Array<[number, number]> = [];
  const services: ContextServices = emptyServices({
    sloReader: {
      name: 'prom-eu',
      kind: 'prometheus',
      capabilities: {
        readRatios: async () => ({value: [], warnings: []}),
        readAlertsAt: async () => ({value: series, warnings: []}),
        countAlertSeries: async (from: number, to: number) => {
          asked.push([from, to]);
          if (held instanceof Error) throw held;
          return {value: held, warnings: []};
        },
      },
    },
  });
  return {services, asked};
}

const listAt = (services: ContextServices) => servicesAt(services, AT).alertSources[0]!.capabilities.listAlerts();

describe('servicesAt: alerts of the past', () => {
  it('no ALERTS at the instant and none in the 7 days up to it: an empty list with a warning naming the instant', async () => {
    const {services, asked} = prometheus([], 0);
    expect(await listAt(services)).toEqual({
      value: [],
      warnings: ['no alert history: no ALERTS series in the 7d up to 2026-12-05T03:12:05.000Z, so no alerts listed is not "nothing was firing"'],
    });
    // Only up to the instant: series after it (an instant before the oldest data) say nothing about then.
    expect(asked).toEqual([[AT - ALERT_HISTORY_SPAN_MS, AT]]);
  });

  it('no ALERTS at the instant, but the Prometheus keeps them: empty means nothing was firing, no warning', async () => {
    expect(await listAt(prometheus([], 3).services)).toEqual({value: [], warnings: []});
  });

  it('alerts at the instant: listed, and no history lookup', async () => {
    const {services, asked} = prometheus([firing], 0);
    const {value, warnings} = await listAt(services);
    expect(value.map((a) => [a.name, a.state, a.seenBy])).toEqual([['CheckoutDown', 'firing', ['prom-eu']]]);
    expect(warnings).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('no ALERTS in the 7 days, but alerting rules evaluated and data held at the instant: a quiet week, no warning', async () => {
    const {services} = prometheus([], 0);
    const asked: Array<[number, number]> = [];
    const caps = services.sloReader!.capabilities;
    caps.countAlertingRules = async () => ({value: 4, warnings: []});
    caps.countLabelNames = async (from: number, to: number) => {
      asked.push([from, to]);
      return {value: 12, warnings: []};
    };
    expect(await listAt(services)).toEqual({value: [], warnings: []});
    // Data at the instant itself: rules evaluated now say nothing of a time before the oldest data.
    expect(asked).toEqual([[AT - 5 * 60_000, AT]]);
  });

  it('rules evaluated now but no data at the instant, no rules, or a lookup failing: still "no alert history"', async () => {
    const noHistory = 'no alert history: no ALERTS series in the 7d up to 2026-12-05T03:12:05.000Z, so no alerts listed is not "nothing was firing"';
    const cases: Array<[number | Error, number | Error]> = [
      [4, 0],
      [0, 12],
      [new SourceFailure('timeout', 'GET /api/v1/rules: no answer'), 12],
      [4, new SourceFailure('timeout', 'GET /api/v1/labels: no answer')],
    ];
    for (const [rules, labels] of cases) {
      const {services} = prometheus([], 0);
      const caps = services.sloReader!.capabilities;
      caps.countAlertingRules = async () => {
        if (rules instanceof Error) throw rules;
        return {value: rules, warnings: []};
      };
      caps.countLabelNames = async () => {
        if (labels instanceof Error) throw labels;
        return {value: labels, warnings: []};
      };
      expect((await listAt(services)).warnings).toEqual([noHistory]);
    }
  });

  it('alerts at the instant get the runbook of today\'s rule of their name, as today\'s; a rules read failing is said, the alerts kept', async () => {
    const {services} = prometheus([{...firing, labels: {...firing.labels, service: 'checkout'}}], 0);
    const caps = services.sloReader!.capabilities;
    let reads = 0;
    caps.readAlertingRules = async () => {
      reads++;
      return {value: [{name: 'CheckoutDown', labels: {severity: 'critical'}, annotations: {runbook_url: 'https://rb.example/{{ $labels.service }}/down'}}], warnings: []};
    };
    const {value, warnings} = await listAt(services);
    expect(value.map((a) => [a.name, a.ruleRunbook, a.annotations])).toEqual([['CheckoutDown', 'https://rb.example/checkout/down', {}]]);
    expect(warnings).toEqual([]);
    expect(reads).toBe(1);
    caps.readAlertingRules = async () => {
      throw new SourceFailure('timeout', 'GET /api/v1/rules: no answer');
    };
    const failed = await listAt(services);
    expect(failed.value.map((a) => [a.name, a.ruleRunbook])).toEqual([['CheckoutDown', undefined]]);
    expect(failed.warnings).toEqual(["runbooks of today's rules not read (timeout: GET /api/v1/rules: no answer): alerts of the past are shown without them"]);
  });

  it('no alerts at the instant: today\'s rules are not read for runbooks', async () => {
    const {services} = prometheus([], 3);
    let reads = 0;
    services.sloReader!.capabilities.readAlertingRules = async () => {
      reads++;
      return {value: [], warnings: []};
    };
    await listAt(services);
    expect(reads).toBe(0);
  });

  it('the lookup failing is said too, never read as calm', async () => {
    const {warnings} = await listAt(prometheus([], new SourceFailure('timeout', 'POST /api/v1/series: no answer')).services);
    expect(warnings).toEqual(['alert history not checked (timeout: POST /api/v1/series: no answer): no alerts listed may not mean "nothing was firing"']);
  });
});

describe('servicesAt: a context whose past alerts cannot be read', () => {
  const am = {name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [], warnings: []})}} as ContextServices['alertSources'][number];
  const sources = (services: ContextServices) => servicesAt(services, AT).alertSources;

  // One rule for `status --at` and the dashboard's past: an empty list there would read as calm.
  it('no Prometheus: one source that fails saying the alert history is unknown', async () => {
    const [only, ...rest] = sources(emptyServices({alertSources: [am]}));
    expect(rest).toEqual([]);
    expect(only).toMatchObject({name: 'alert history', kind: 'prometheus'});
    await expect(only!.capabilities.listAlerts()).rejects.toThrow(new SourceFailure('unavailable', 'no Prometheus configured: alert history unknown'));
  });

  it('a Prometheus without the history reads: fails naming it', async () => {
    const services = emptyServices({alertSources: [am], sloReader: {name: 'prom-eu', kind: 'prometheus', capabilities: {readRatios: async () => ({value: [], warnings: []})}}});
    const [only] = sources(services);
    expect(only).toMatchObject({name: 'prom-eu', kind: 'prometheus'});
    await expect(only!.capabilities.listAlerts()).rejects.toThrow('prom-eu keeps no alert history');
  });

  it('a context with no alert source at all has none in the past either', () => {
    expect(sources(emptyServices())).toEqual([]);
  });
});

describe('servicesAt: the alert sources the past does not read', () => {
  const source = (name: string, kind: string) => ({name, kind, capabilities: {listAlerts: async () => ({value: [], warnings: []})}}) as ContextServices['alertSources'][number];

  it('lists every alert source but the Prometheus whose history stands in, said to be not read then', () => {
    const {services} = prometheus([firing], 1);
    const past = servicesAt({...services, alertSources: [source('prom-eu', 'prometheus'), source('am', 'alertmanager'), source('pd', 'pagerduty')]}, AT);
    expect(past.alertSources.map((s) => s.name)).toEqual(['prom-eu']);
    expect(past.unreadAlertSources).toEqual([
      {name: 'am', kind: 'alertmanager', reason: 'not read in the past'},
      {name: 'pd', kind: 'pagerduty', reason: 'not read in the past'},
    ]);
  });

  it('lists none when the Prometheus is the only alert source', () => {
    const {services} = prometheus([firing], 1);
    expect(servicesAt({...services, alertSources: [source('prom-eu', 'prometheus')]}, AT).unreadAlertSources).toBeUndefined();
  });
});
