import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {SourceFailure, type ContextServices} from '../../../src/sources/capabilities.ts';
import {sourceHealth} from '../../../src/view/hooks/use-dashboard-data.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, fakeSloReader, flatRatios, makeDeploy, makeSlo, T0} from '../../queries/fakes.ts';
import {freshQueryClientEachTest, observeDashboardQueries} from '../../queries/query-harness.ts';

let client: QueryClient;

freshQueryClientEachTest((c) => (client = c));

const results = (services: ContextServices) => observeDashboardQueries(client, services);

describe('sourceHealth', () => {
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
    expect(sourceHealth(services, r.read())).toEqual([
      {name: 'prometheus', kind: 'prometheus', ok: true, error: null, updatedAt: T0, warnings: []},
      {name: 'am-1', kind: 'alertmanager', ok: true, error: null, updatedAt: T0, warnings: ['cluster not ready']},
      {name: 'ci', kind: 'deploys', ok: true, error: null, updatedAt: T0, warnings: []},
    ]);
    slosDown = true;
    await vi.advanceTimersByTimeAsync(5000);
    await client.refetchQueries({queryKey: ['slos']});
    const [promHealth] = sourceHealth(services, r.read());
    // Failing for SLOs, so failing; its age is that of the last good SLO read.
    expect(promHealth).toEqual({name: 'prometheus', kind: 'prometheus', ok: false, error: 'unavailable: refused', updatedAt: T0, warnings: []});
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
    expect(sourceHealth(services, r.read()).map((h) => [h.name, h.ok, h.error, h.updatedAt])).toEqual([
      ['am-1', false, 'timeout: no answer in 10s', null],
      ['am-2', false, 'auth: HTTP 401', null],
    ]);
    r.stop();
  });

  it('shows a source that has not answered yet as not failed and without an age', async () => {
    const ci = {listDeploys: () => new Promise<never>(() => {})};
    const services = emptyServices({deploySource: {name: 'ci', kind: 'deploys', capabilities: ci}});
    const r = await results(services);
    expect(sourceHealth(services, r.read())).toEqual([{name: 'ci', kind: 'deploys', ok: true, error: null, updatedAt: null, warnings: []}]);
    r.stop();
  });
});
