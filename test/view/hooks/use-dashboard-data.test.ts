import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {healthState, mergeSourceHealth} from '../../../src/domain/health.ts';
import {lastFailureOptions} from '../../../src/queries/last-failure.ts';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import {sloKey, sloQueryOptions} from '../../../src/queries/slo-queries.ts';
import {SourceFailure, type ContextServices} from '../../../src/sources/capabilities.ts';
import {paneHealth, type PaneResults} from '../../../src/view/hooks/use-dashboard-data.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, fakeSloReader, flatRatios, makeDeploy, makeSlo, T0} from '../../queries/fakes.ts';
import {freshQueryClientEachTest, observeDashboardQueries} from '../../queries/query-harness.ts';

let client: QueryClient;

freshQueryClientEachTest((c) => (client = c));

const ONCE = {retrying: false, staleAfterMs: null};
const once = {slos: ONCE, alerts: ONCE, deploys: ONCE, panels: ONCE};
const results = (services: ContextServices) => observeDashboardQueries(client, services);
const merged = (services: ContextServices, r: PaneResults) => {
  const byPane = paneHealth(services, r, once);
  return mergeSourceHealth([...byPane.slos, ...byPane.alerts, ...byPane.deploys]);
};

describe('paneHealth', () => {
  it('merges the Prometheus that serves SLOs and alerts into one entry, one per other source', async () => {
    let slosDown = false;
    const reader = fakeSloReader((s, at) => (slosDown ? {error: new SourceFailure('unavailable', 'refused')} : {value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const prom = fakeAlertSource(() => ({value: []}));
    const am = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f'})], warnings: ['cluster not ready']}));
    const ci = fakeDeploySource(() => ({value: [makeDeploy({id: 'd'})]}));
    const services = emptyServices({
      slos: [makeSlo({name: 'a'})],
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader},
      alertSources: [
        {name: 'prometheus', kind: 'prometheus', capabilities: prom.capabilities},
        {name: 'am-1', kind: 'alertmanager', capabilities: am.capabilities},
      ],
      deploySource: {name: 'ci', kind: 'deploys', capabilities: ci.capabilities},
    });
    const r = await results(services);
    const fine = {retrying: false, staleAt: null, error: null, last: 'ok', updatedAt: T0, askedSince: null};
    expect(merged(services, r.read())).toEqual([
      {...fine, name: 'prometheus', kind: 'prometheus', warnings: []},
      {...fine, name: 'am-1', kind: 'alertmanager', warnings: ['cluster not ready']},
      {...fine, name: 'ci', kind: 'deploys', warnings: []},
    ]);
    slosDown = true;
    await vi.advanceTimersByTimeAsync(5000);
    await client.refetchQueries({queryKey: ['slos']});
    const [promHealth] = merged(services, r.read());
    // Failing for SLOs, so failing; its age is that of the last good SLO read.
    expect(promHealth).toEqual({name: 'prometheus', kind: 'prometheus', last: 'failed', error: 'unavailable: refused', updatedAt: T0, warnings: [], retrying: false, staleAt: null, askedSince: null});
    r.stop();
  });

  it('reports each alert source from AllSourcesFailed when none answers', async () => {
    const am1 = fakeAlertSource(() => ({error: new SourceFailure('timeout', 'no answer in 10s')}));
    const am2 = fakeAlertSource(() => ({error: new SourceFailure('auth', 'HTTP 401')}));
    const services = emptyServices({
      alertSources: [
        {name: 'am-1', kind: 'alertmanager', capabilities: am1.capabilities},
        {name: 'am-2', kind: 'alertmanager', capabilities: am2.capabilities},
      ],
    });
    const r = await results(services);
    expect(merged(services, r.read()).map((h) => [h.name, h.last, h.error, h.updatedAt])).toEqual([
      ['am-1', 'failed', 'timeout: no answer in 10s', null],
      ['am-2', 'failed', 'auth: HTTP 401', null],
    ]);
    r.stop();
  });

  it('gives an alert source that never answered no data age, while another answers: not the snapshot\'s time', async () => {
    const am1 = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f'})]}));
    const am2 = fakeAlertSource(() => ({error: new SourceFailure('unavailable', 'connection refused')}));
    const services = emptyServices({
      alertSources: [
        {name: 'am-1', kind: 'alertmanager', capabilities: am1.capabilities},
        {name: 'am-2', kind: 'alertmanager', capabilities: am2.capabilities},
      ],
    });
    const r = await results(services);
    const live = {retrying: true, staleAfterMs: 10_000, askedSince: T0 - 60_000};
    const byPane = paneHealth(services, r.read(), {slos: live, alerts: live, deploys: live, panels: live});
    expect(byPane.alerts.map((h) => [h.name, h.last, h.updatedAt, h.askedSince])).toEqual([
      ['am-1', 'ok', T0, T0 - 60_000],
      ['am-2', 'failed', null, T0 - 60_000],
    ]);
    // Folded into one header entry (a context among several), it has no age either.
    expect(mergeSourceHealth(byPane.alerts.map((h) => ({...h, name: 'prod-eu'})))[0]).toMatchObject({last: 'failed', updatedAt: null, askedSince: T0 - 60_000});
    r.stop();
  });

  it('shows a source that has not answered yet as pending, never as ok', async () => {
    const ci = {listDeploys: () => new Promise<never>(() => {})};
    const services = emptyServices({deploySource: {name: 'ci', kind: 'deploys', capabilities: ci}});
    const r = await results(services);
    const [h] = merged(services, r.read());
    expect(h).toEqual({name: 'ci', kind: 'deploys', last: 'none', error: null, updatedAt: null, warnings: [], retrying: false, staleAt: null, askedSince: null});
    expect(healthState(h!, T0)).toBe('pending');
    r.stop();
  });

  it('gives a source with no SLOs to read no SLO health at all', async () => {
    const reader = fakeSloReader(() => ({value: []}));
    const services = emptyServices({sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader}});
    const r = await results(services);
    expect(merged(services, r.read())).toEqual([]);
    r.stop();
  });
});

describe('health while query-core retries', () => {
  let retrying: QueryClient | null = null;
  afterEach(() => {
    retrying?.clear();
    retrying?.unmount();
    retrying = null;
  });

  it('fails from the first failed attempt on, also through the next poll of a source that never answered', async () => {
    retrying = createQueryClient({retry: 2});
    let answer: 'refuse' | 'hang' | 'ok' = 'refuse';
    const reader = fakeSloReader((s, at) =>
      answer === 'ok' ? {value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))} : {error: new SourceFailure('unavailable', 'connection refused')},
    );
    const hangOrAnswer = reader.reader.readRatios;
    // A hanging answer: the attempt neither succeeds nor fails until the test lets it go.
    let release: () => void = () => {};
    reader.reader.readRatios = (slos, windows, at) =>
      answer === 'hang' ? new Promise((resolve, reject) => (release = () => reject(new SourceFailure('timeout', 'no answer within 10000 ms')))) : hangOrAnswer(slos, windows, at);
    const services = emptyServices({slos: [makeSlo({name: 'a'})], sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader}});
    const main = new QueryObserver(retrying, sloQueryOptions(services, {intervalMs: 15_000, now: () => Date.now()}));
    const failure = new QueryObserver(retrying, lastFailureOptions(sloKey(services.context)));
    const stops = [main.subscribe(() => {}), failure.subscribe(() => {})];
    const health = () => {
      const r = {slos: main.getCurrentResult(), alerts: main.getCurrentResult(), deploys: main.getCurrentResult(), failures: {slos: failure.getCurrentResult().data ?? null, alerts: null, deploys: null}};
      const live = {retrying: true, staleAfterMs: 30_000};
      return paneHealth(services, r as unknown as PaneResults, {slos: live, alerts: live, deploys: live, panels: live}).slos[0]!;
    };
    await vi.advanceTimersByTimeAsync(10);
    // The first attempt failed; query-core will retry and has not given up: already a failure.
    expect(main.getCurrentResult().error).toBeNull();
    expect([healthState(health(), Date.now()), health().error, health().retrying]).toEqual(['error', 'unavailable: connection refused', true]);
    // Retries exhausted (after 1 s and 2 s more), then the next poll starts and hangs:
    // query-core clears its error then (no data yet); the recorded failure stays until an
    // attempt succeeds.
    await vi.advanceTimersByTimeAsync(4000);
    expect(main.getCurrentResult().status).toBe('error');
    answer = 'hang';
    await vi.advanceTimersByTimeAsync(11_000);
    expect(main.getCurrentResult().fetchStatus).toBe('fetching');
    expect(main.getCurrentResult().error).toBeNull();
    expect(healthState(health(), Date.now())).toBe('error');
    answer = 'ok';
    release();
    // query-core retries the timed-out attempt after 1 s, and that one answers.
    await vi.advanceTimersByTimeAsync(1100);
    expect([healthState(health(), Date.now()), health().error]).toEqual(['ok', null]);
    stops.forEach((s) => s());
  });
});
