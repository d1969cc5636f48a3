import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {evaluatePanel} from '../../src/domain/panel.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {paneHealth, type DashboardData} from '../../src/view/hooks/use-dashboard-data.ts';
import {statusText} from '../../src/view/components/Pane.tsx';
import {hiddenPanesLine, idleReasons, paneStatuses, paneSummaries} from '../../src/view/pane-status.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, fakeSloReader, flatRatios, makeDeploy, makeSlo, T0} from '../queries/fakes.ts';
import {freshQueryClientEachTest, observeDashboardQueries} from '../queries/query-harness.ts';
import {buildTables} from './fixtures.ts';

let client: QueryClient;
const all = {slos: null, alerts: null, deploys: null, panels: null};
const live = {retrying: true, staleAfterMs: 30_000};

freshQueryClientEachTest((c) => (client = c));

/** Observes every query of `services` once and returns the dashboard data at the current time. */
async function observe(services: ContextServices): Promise<{data: () => DashboardData; stop: () => void}> {
  const {read, stop} = await observeDashboardQueries(client, services);
  return {
    data: () => {
      const r = read();
      return {now: Date.now(), ...r, paneHealth: paneHealth(services, r, {slos: live, alerts: live, deploys: live, panels: live}), health: [], unread: [], configuredSlos: services.slos, services};
    },
    stop,
  };
}

describe('paneStatuses', () => {
  it('shows a failing refetch as an error with the age of the data still shown', async () => {
    let failing = false;
    const reader = fakeSloReader((s, at) => (failing ? {error: new SourceFailure('unavailable', 'connection refused')} : {value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const services = emptyServices({slos: [makeSlo({name: 'a'})], sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader}});
    const {data, stop} = await observe(services);
    expect(paneStatuses(data(), all).slos).toEqual({error: null, warnings: [], loading: false, ageSeconds: 0, stale: false});
    failing = true;
    await vi.advanceTimersByTimeAsync(12_000);
    await client.refetchQueries();
    expect(paneStatuses(data(), all).slos).toEqual({error: 'unavailable: connection refused', warnings: [], loading: false, ageSeconds: 12, stale: false});
    stop();
  });

  it('says stale, with the age, once the data is older than two polls though nothing failed', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const services = emptyServices({slos: [makeSlo({name: 'a'})], sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader}});
    const {data, stop} = await observe(services);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(paneStatuses(data(), all).slos).toMatchObject({error: null, stale: false, ageSeconds: 30});
    await vi.advanceTimersByTimeAsync(1000);
    expect(paneStatuses(data(), all).slos).toMatchObject({error: null, stale: true, ageSeconds: 31});
    stop();
  });

  it('lists a failed alert source and backend warnings as the alert pane warnings', async () => {
    const am1 = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f1'})], warnings: ['cluster not ready']}));
    const am2 = fakeAlertSource(() => ({error: new SourceFailure('unavailable', 'down')}));
    const services = emptyServices({
      alertSources: [
        {name: 'am-1', kind: 'alertmanager', capabilities: am1.capabilities},
        {name: 'am-2', kind: 'alertmanager', capabilities: am2.capabilities},
      ],
    });
    const {data, stop} = await observe(services);
    expect(paneStatuses(data(), all).alerts).toEqual({error: null, warnings: ['am-2: unavailable: down', 'am-1: cluster not ready'], loading: false, ageSeconds: 0, stale: false});
    stop();
  });

  it('names every failing source first when several fail, so a narrow title still says which are missing', async () => {
    const ok = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f1'})]}));
    const down = fakeAlertSource(() => ({error: new SourceFailure('unavailable', 'GET http://am-2.example/api/v2/alerts: connection refused')}));
    const slow = fakeAlertSource(() => ({error: new SourceFailure('timeout', 'GET http://am-3.example/api/v2/alerts: no answer within 15000 ms')}));
    const services = emptyServices({
      alertSources: [
        {name: 'am-1', kind: 'alertmanager', capabilities: ok.capabilities},
        {name: 'am-2', kind: 'alertmanager', capabilities: down.capabilities},
        {name: 'am-3', kind: 'alertmanager', capabilities: slow.capabilities},
      ],
    });
    const {data, stop} = await observe(services);
    const status = paneStatuses(data(), all).alerts;
    expect(status.warnings[0]).toBe('2 failed: am-2, am-3');
    expect(statusText(status, '').text.slice(0, 40)).toBe('⚠ partial: 2 failed: am-2, am-3; am-2: u');
    stop();
  });

  it('says quietly why a pane reads nothing: no source, or a Prometheus with no SLOs (not "no source configured")', async () => {
    const ci = fakeDeploySource(() => ({value: [makeDeploy({id: 'd'})], warnings: ['only the last 100 runs']}));
    const services = emptyServices({deploySource: {name: 'ci', kind: 'deploys', capabilities: ci.capabilities}});
    const {data, stop} = await observe(services);
    const statuses = paneStatuses(data(), idleReasons(services));
    expect(statuses.slos).toEqual({error: null, warnings: [], loading: false, ageSeconds: null, note: 'no Prometheus in this context', stale: false});
    expect(statuses.alerts).toEqual({error: null, warnings: [], loading: false, ageSeconds: null, note: 'no Alertmanager or Prometheus in this context', stale: false});
    expect(statuses.deploys).toEqual({error: null, warnings: ['only the last 100 runs'], loading: false, ageSeconds: 0, stale: false});
    stop();
    // A Prometheus (it also answers for pending alerts) and no SLOs: the source is there, the SLOs are not.
    const reader = fakeSloReader(() => ({value: []}));
    const prom = fakeAlertSource(() => ({value: []}));
    const withProm = emptyServices({
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader},
      alertSources: [{name: 'prometheus', kind: 'prometheus', capabilities: prom.capabilities}],
    });
    expect(idleReasons(withProm)).toEqual({
      slos: 'no SLOs defined (slos: or sloFiles: in the config)',
      alerts: null,
      deploys: 'no deploy history (deploys: in the config)',
      panels: 'no panels defined (panels: in the config)',
    });
    const text = statusText(paneStatuses(data(), idleReasons(withProm)).slos, '');
    expect(text).toEqual({text: 'no SLOs defined (slos: or sloFiles: in the config)', tone: 'muted'});
    // SLO files that did not load are not "no SLOs defined": the pane names them.
    const broken = {...withProm, sloFileErrors: [{file: '/etc/oncall/slos/checkout.yaml', error: '5:16: objective: must be a number'}, {file: '/etc/oncall/slos/pay\x1b[2J.yaml', error: 'x'}]};
    expect(idleReasons(broken).slos).toBe('⚠ no SLOs loaded: SLO files checkout.yaml, pay␛[2J.yaml failed to load (oncall config validate)');
  });
});

describe('paneSummaries', () => {
  it('counts SLO statuses, active and quiet alerts, and suspect deploys', () => {
    const ok = evaluateSlo(makeSlo({name: 'ok'}), {slo: 'ok', at: T0, ratios: flatRatios(0.0001)});
    const page = evaluateSlo(makeSlo({name: 'page'}), {slo: 'page', at: T0, ratios: flatRatios(0.05)});
    const none = evaluateSlo(makeSlo({name: 'none'}), {slo: 'none', at: T0, ratios: flatRatios(null)});
    const built = buildTables({
      now: T0,
      reports: [ok, page, none, {...ok, definition: makeSlo({name: 'ok2'})}],
      alerts: [
        makeAlert({fingerprint: 'c', severity: 'critical'}),
        makeAlert({fingerprint: 'p', state: 'pending'}),
        makeAlert({fingerprint: 's', state: 'suppressed', silencedBy: ['x']}),
        makeAlert({fingerprint: 'a', severity: 'critical', ack: {by: 'me', until: T0 + 1, silenceId: 'x', comment: 'ACK!'}}),
      ],
      deploys: [makeDeploy({id: 'd1'}), makeDeploy({id: 'd2'})],
      suspects: ['d1'],
    });
    expect(paneSummaries(built)).toEqual({
      slos: '1 page · 2 ok · 1 no data',
      alerts: '1 crit · 2 active · 1 acked · 1 silenced',
      deploys: '2 deploys · 1 suspect',
      panels: 'no panels',
    });
  });

  it('counts a refused panel query as refused, never as no data', () => {
    const panel = (name: string, value: number | null, error?: string) => evaluatePanel({name, query: 'q', unit: 'ratio', warn: 0.8, crit: 0.9}, {points: [{value}], series: value === null ? 0 : 1, ...(error ? {error} : {})});
    const built = buildTables({now: T0, panels: [panel('ok', 0.1), panel('bad', null, 'parse error'), panel('empty', null)]});
    expect(paneSummaries(built).panels).toBe('1 refused · 1 ok · 1 no data');
    expect(paneSummaries(buildTables({now: T0, panels: [panel('bad', null, 'parse error')]})).panels).toBe('1 refused');
  });

  it('has words for empty panes', () => {
    expect(paneSummaries(buildTables({now: T0}))).toEqual({slos: 'no SLOs', alerts: '0 active', deploys: '0 deploys', panels: 'no panels'});
  });
});

describe('hiddenPanesLine', () => {
  const alerts = [
    makeAlert({fingerprint: 'c1', severity: 'critical'}),
    makeAlert({fingerprint: 'c2', severity: 'critical'}),
    makeAlert({fingerprint: 'w', severity: 'warning'}),
    makeAlert({fingerprint: 's', severity: 'critical', state: 'suppressed', silencedBy: ['x']}),
  ];

  it('puts the alerts first, their critical count leading, so a cut at 16 columns keeps it', () => {
    const built = buildTables({now: T0, alerts, deploys: [makeDeploy({id: 'd1'})]});
    // The pane order puts deploys before alerts: the alerts still lead.
    const line = hiddenPanesLine(['deploys', 'alerts', 'panels'], built, paneSummaries(built));
    expect(line).toBe('+ 2 crit · 3 active alerts · 1 silenced · deploys 1 deploys · panels no panels');
    expect(line.slice(0, 16)).toBe('+ 2 crit · 3 act');
  });

  it('names no critical count when there is none, and one alert as one', () => {
    const built = buildTables({now: T0, alerts: [makeAlert({fingerprint: 'w', severity: 'warning'})]});
    expect(hiddenPanesLine(['alerts'], built, paneSummaries(built))).toBe('+ 1 active alert');
  });

  it('in the past counts every critical alert and says acks are unknown, and the sources not read', () => {
    const built = buildTables({now: T0, alerts});
    const unread = 'pagerduty: not read in the past';
    expect(hiddenPanesLine(['slos', 'alerts'], built, paneSummaries(built, true, unread), true, unread)).toBe(
      '+ 3 crit · 4 alerts firing or pending · acks unknown in the past · pagerduty: not read in the past · slos no SLOs',
    );
  });
});
