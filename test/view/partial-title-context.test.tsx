/**
 * Several contexts, one answering in part (a Thanos store down behind prod-eu's Prometheus, a page
 * of prod-eu's deploy history unread): the SLO and deploy pane titles said `⚠ partial: …` without
 * saying whose data it is, while a failure in the same titles is named `prod-eu/prometheus: …`.
 * The deploy rows carry no partial mark, so on a screen of many contexts nothing in the pane says
 * which context's history may be missing deploys (only the header's `prod-eu ◐`).
 */
import {describe, expect, it} from 'vitest';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {emptyServices, fakeDeploySource, fakeSloReader, flatRatios, makeDeploy, makeSlo, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const STORE = 'store eu-3 did not answer';
const PAGE = 'page 2 of the deployments could not be read (unavailable: 502)';
const ctx = (name: string, partial: boolean): DashboardContext => {
  const slo = fakeSloReader((slos) => ({value: slos.map((s) => ({slo: s.name, at: Date.now(), ratios: flatRatios(0.0001)})), ...(partial ? {warnings: [STORE], partial: [STORE]} : {})}));
  const deploys = fakeDeploySource(() => ({value: [makeDeploy({id: `d-${name}`, version: `v-${name}`, startedAt: T0 - 600_000})], ...(partial ? {warnings: [PAGE], partial: [PAGE]} : {})}));
  return {
    services: emptyServices({
      context: name,
      slos: [makeSlo({name: 'checkout-availability'})],
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: slo.reader},
      deploySource: {name: 'github', kind: 'deploys', capabilities: deploys.capabilities},
    }),
  };
};

describe('pane titles of a context read in part, among several', () => {
  it('name the context whose SLO and deploy reads came back in part', async () => {
    const eu = ctx('prod-eu', true);
    const us = ctx('prod-us', false);
    const h = await renderDashboard(eu.services, {columns: 160, rows: 30, contexts: [eu, us]});
    const frame = await h.waitFor((f) => f.includes('v-prod-eu') && f.includes('v-prod-us') && f.includes(STORE), 'both contexts read');
    // The header does say it (control).
    expect(frame.split('\n')[0]).toMatch(/prod-eu ◐/);
    const titles = frame.split('\n').filter((l) => /(SLOs|Deploys) \(\d+\)\s+⚠ partial/.test(l));
    const parts = titles.flatMap((l) => l.split(/[│║]{2}/)).filter((p) => /⚠ partial/.test(p));
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part, 'a partial warning in a merged pane title names its context').toContain('prod-eu');
  });
});
