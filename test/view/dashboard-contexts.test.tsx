/**
 * The real Dashboard given a set of contexts (two demo environments under two names): `:ctx a,b`
 * turns one context into the merged screen with a CONTEXT column and back with `:ctx a`; the `/`
 * filter's `ctx=` and `ctx=~` choose the contexts a pane shows; a production context says PROD.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, makeDeploy, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, PLAIN, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks({stubTerminalSize: true});

const named = (context: string, production = false): DashboardContext => ({services: {...createDemoEnvironment({now: () => Date.now()}).services, context}, production});
const loaded = (f: string) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability') && f.includes('v2.14.0');

async function command(text: string): Promise<void> {
  await harness!.press(':');
  await harness!.press(text);
  await harness!.press('\r');
}

/** Opens the focused pane's filter, erases what it holds and types `text`. */
async function refilter(text: string): Promise<void> {
  await harness!.press('/');
  for (let i = 0; i < 20; i++) await harness!.press('\x7f');
  await harness!.press(text);
  await harness!.press('\r');
}

describe('Dashboard over several contexts', () => {
  it(':ctx a,b shows both with a CONTEXT column and PROD in words; :ctx a is one context again, as before', async () => {
    const eu = named('eu');
    const us = named('us', true);
    harness = await renderDashboard(eu.services, {
      openContext: (spec: string) => ({contexts: spec.split(',').map((n) => (n === 'us' ? us : eu)), look: PLAIN}),
    });
    const one = await harness.waitFor(loaded, 'one context');
    expect(one).not.toContain('CONTEXT');
    const before = harness.frames.length;
    await command('ctx eu,us');
    const both = await harness.waitFor((f) => f.includes('CONTEXT') && f.includes('PROD us'), 'the merged screen');
    // The switch draws no empty frame while the new context's feed starts.
    expect(harness.frames.slice(before).filter((f) => !f.includes(' oncall '))).toEqual([]);
    expect(harness.openContext).toHaveBeenCalledWith('eu,us');
    expect(both.split('\n')[0]).toContain('ctx eu,PROD us');
    // Every SLO row names its context: the two demos' SLOs, each twice.
    const sloRows = both.split('\n').filter((l) => l.includes('checkout-availability'));
    expect(sloRows.map((l) => (l.includes('PROD us') ? 'us' : l.includes(' eu ') ? 'eu' : '?')).sort()).toEqual(['eu', 'us']);
    // Enter on a prod row opens that row's details, read from its own context.
    await harness.press('g');
    await harness.press('\r');
    await harness.waitFor((f) => f.includes('SLO details') && f.includes('checkout-availability'), 'the details of the first SLO row');
    await harness.press('\u001b');
    await harness.waitFor((f) => !f.includes('SLO details') && f.includes('CONTEXT'), 'back to the panes');
    await command('ctx eu');
    const back = await harness.waitFor((f) => !f.includes('CONTEXT') && f.split('\n')[0]!.includes('ctx eu ') && loaded(f), 'one context again');
    expect(back.split('\n')[0]).not.toContain('PROD');
    // A production context alone: no CONTEXT column, the header says PROD.
    await command('ctx us');
    await harness.waitFor((f) => !f.includes('CONTEXT') && f.split('\n')[0]!.includes('ctx PROD us ') && loaded(f), 'the production context alone');
  });

  it('/ ctx=NAME and ctx=~"RE" choose the contexts a pane shows; a bad regex is said, not ignored', async () => {
    harness = await renderDashboard(named('prod-eu').services, {contexts: [named('prod-eu'), named('prod-us'), named('dev')]});
    await harness.waitFor((f) => loaded(f) && f.includes('prod-us') && f.includes('dev'), 'three contexts');
    await harness.press('/');
    await harness.press('ctx=prod-us');
    await harness.press('\r');
    const us = await harness.waitFor((f) => f.includes('SLOs (') && !/ prod-eu .*checkout-availability/.test(f), 'only prod-us SLOs');
    const slos = us.split('\n').filter((l) => l.includes('checkout-availability'));
    expect(slos.length).toBeGreaterThan(0);
    expect(slos.every((l) => l.includes('prod-us'))).toBe(true);
    // The box holds the filter: erase it, then a regex over two contexts.
    await refilter('ctx=~"prod-.*"');
    const prod = await harness.waitFor((f) => /prod-eu .*checkout-availability/.test(f) && /prod-us .*checkout-availability/.test(f), 'prod-eu and prod-us');
    expect(prod.split('\n').filter((l) => l.includes('checkout-availability') && l.includes('dev'))).toEqual([]);
    await refilter('ctx=~"("');
    await harness.waitFor((f) => f.includes('invalid regex for ctx'), 'the bad regex said');
  });

  it('judges suspect deploys within a context: a checkout deploy of one does not make the checkout alert of another suspect', async () => {
    const alert = {name: 'am', kind: 'alertmanager' as const, capabilities: fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'a1', name: 'CheckoutErrors', severity: 'critical', labels: {alertname: 'CheckoutErrors', service: 'checkout'}, startsAt: T0 - 60_000})]})).capabilities};
    const deploys = {name: 'ci', kind: 'deploys' as const, capabilities: fakeDeploySource(() => ({value: [makeDeploy({id: 'd1', service: 'checkout', version: 'v9', startedAt: T0 - 5 * 60_000})]})).capabilities};
    // One context holding both: the deploy is suspect (the control: this test can fail).
    harness = await renderDashboard(emptyServices({context: 'one', alertSources: [alert], deploySource: deploys}));
    await harness.waitFor((f) => f.includes('CheckoutErrors') && f.includes('⚑ SUSPECT'), 'suspect within one context');
    harness.unmount();
    const a: DashboardContext = {services: emptyServices({context: 'a', alertSources: [alert]})};
    const b: DashboardContext = {services: emptyServices({context: 'b', deploySource: deploys})};
    harness = await renderDashboard(a.services, {contexts: [a, b]});
    const frame = await harness.waitFor((f) => f.includes('CheckoutErrors') && f.includes('v9'), 'both contexts');
    expect(frame).not.toContain('⚑ SUSPECT');
    expect(frame).not.toContain('⚑');
  });
});
