/**
 * In the past a context whose alert history fails says so in the header, marked as live: its
 * failure with `✖`, and no `(trying …)` count. Nothing in the past is asked again and its clock
 * stands at the instant shown, so a count there read `trying 0s` for ever.
 */
import {describe, expect, it} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const MINUTE = 60_000;

/** The demo's services as `context`, its Prometheus failing every read of the alerts of the past. */
function historyFails(context: string): {services: ContextServices; startedAt: number} {
  const demo = createDemoEnvironment({now: () => Date.now()});
  const prom = demo.services.sloReader!;
  const readAlertsAt = async (): Promise<never> => {
    throw new SourceFailure('unavailable', 'GET /api/v1/query: connection refused');
  };
  return {services: {...demo.services, context, sloReader: {...prom, capabilities: {...prom.capabilities, readAlertsAt}}}, startedAt: demo.startedAt};
}

describe('the past with an alert history that fails', () => {
  it('marks the source failed in the header with its failure, not a frozen `trying 0s`', {timeout: 60_000}, async () => {
    const {services, startedAt} = historyFails('demo');
    const h = await renderDashboard(services, {columns: 200, rows: 40, initialAt: startedAt - 5 * MINUTE});
    const frame = await h.waitFor((f) => f.includes('THE PAST') && f.includes('prometheus ✖') && !f.includes('(retrying)'), 'the failure in the header, settled');
    const header = frame.split('\n')[0]!;
    expect(header).toContain('prometheus ✖ unavailable no data yet');
    expect(header).not.toContain('trying');
    // The alert pane has the whole message.
    expect(frame).toContain('prometheus: unavailable: GET /api/v1/query: connection refused');
  });

  it('marks a context of several failed, its failure named, without a `trying` count', {timeout: 60_000}, async () => {
    const ok = {...createDemoEnvironment({now: () => Date.now()}).services, context: 'prod-eu'};
    const {services: failing, startedAt} = historyFails('prod-us');
    const h = await renderDashboard(ok, {columns: 160, rows: 40, initialAt: startedAt - 5 * MINUTE, contexts: [{services: ok, production: false}, {services: failing, production: false}]});
    const frame = await h.waitFor((f) => f.includes('THE PAST') && f.includes('prod-us ✖'), 'the failure in the header');
    const header = frame.split('\n')[0]!;
    expect(header).toContain('prod-us ✖ unavailable no data yet');
    expect(header).not.toContain('trying');
  });
});
