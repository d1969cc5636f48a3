/**
 * A context whose SLO files all failed to load, shown beside a context with SLOs: the merged SLO
 * pane must say that prod-eu's SLOs are missing (as the one-context pane does), not draw prod-us'
 * SLOs alone under a healthy title.
 */
import {describe, expect, it} from 'vitest';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {emptyServices, fakeSloReader, flatRatios, makeSlo} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const reader = (opts: {partial?: string; fail?: boolean} = {}) => {
  const r = fakeSloReader((slos) => {
    if (opts.fail) return {error: new SourceFailure('unavailable', 'connection refused')};
    return {value: slos.map((s) => ({slo: s.name, at: Date.now(), ratios: flatRatios(0.0001)})), ...(opts.partial ? {warnings: [opts.partial], partial: [opts.partial]} : {})};
  });
  return {name: 'prometheus', kind: 'prometheus' as const, capabilities: r.reader};
};
const FILE = 'slos/checkout-eu.yaml';
const euServices = () => emptyServices({context: 'prod-eu', slos: [], sloReader: reader(), sloFileErrors: [{file: FILE, error: 'line 3: objective: expected a number'}]});
const usServices = (opts: {partial?: string; fail?: boolean} = {}) => emptyServices({context: 'prod-us', slos: [makeSlo({name: 'checkout-availability'})], sloReader: reader(opts)});
const sloTitle = (frame: string) => frame.split('\n').find((l) => l.includes('SLOs ('))!;

describe('merged SLO pane and a context whose SLO files did not load', () => {
  it('control: prod-eu alone names the file that failed to load', async () => {
    const h = await renderDashboard(euServices(), {columns: 140});
    const frame = await h.waitFor((f) => f.includes('SLOs ('), 'the SLO pane');
    expect(frame).toContain('checkout-eu.yaml');
  });

  it('prod-eu beside prod-us: the merged screen still says prod-eu\'s SLO file failed to load', async () => {
    const a: DashboardContext = {services: euServices()};
    const b: DashboardContext = {services: usServices()};
    const h = await renderDashboard(a.services, {columns: 140, contexts: [a, b]});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('prod-us'), 'prod-us SLO drawn');
    // Let the start's flashed notes (none in this harness) and a few polls pass.
    const later = await h.waitFor((f) => f.includes('checkout-availability'), 'still drawn', 100);
    expect(later, 'nothing on the merged screen says prod-eu has no SLOs because its SLO file failed').toContain('checkout-eu.yaml');
  });

  it('beside a context without Prometheus (first in the set): the title names prod-eu\'s SLO file, not only "no Prometheus in this context"', async () => {
    const dev: DashboardContext = {services: emptyServices({context: 'dev'})};
    const eu: DashboardContext = {services: euServices()};
    const h = await renderDashboard(dev.services, {columns: 140, contexts: [dev, eu]});
    const frame = await h.waitFor((f) => f.includes('SLOs ('), 'the SLO pane');
    const title = frame.split('\n').find((l) => l.includes('SLOs ('))!;
    expect(title, 'the SLO pane title over dev and prod-eu').toContain('checkout-eu.yaml');
  });

  it('beside prod-us whose Prometheus is down: the failed title still names prod-eu\'s SLO file', async () => {
    const a: DashboardContext = {services: euServices()};
    const b: DashboardContext = {services: usServices({fail: true})};
    const h = await renderDashboard(a.services, {columns: 200, contexts: [a, b]});
    const title = sloTitle(await h.waitFor((f) => /SLOs \(\d+\)\s+⚠/.test(f), 'the SLO pane failed', 3000));
    expect(title).toContain('prod-us/prometheus');
    expect(title).toContain('checkout-eu.yaml');
  });

  it('at 80 columns beside prod-us answering in part: prod-eu comes first in the cut title', async () => {
    const thanos = 'partial response: store 10.0.3.4:10901 (eu-3) did not answer: context deadline exceeded';
    const a: DashboardContext = {services: euServices()};
    const b: DashboardContext = {services: usServices({partial: thanos})};
    const h = await renderDashboard(a.services, {columns: 80, rows: 30, contexts: [a, b]});
    const title = sloTitle(await h.waitFor((f) => /SLOs \(\d+\)/.test(f) && f.includes('⚠ partial'), 'both contexts read', 3000));
    expect(title).toContain('prod-eu');
  });
});
