/**
 * What `:ctx` leaves on screen besides the rows: the look the opener gives (the prod theme's
 * PRODUCTION banner goes with the prod context, and a set holding a production context still says
 * PROD in its header and rows), and the focus, which never stays on a pane no longer drawn.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {lookFromTheme} from '../../src/view/look.ts';
import {loadTheme} from '../../src/view/theme/theme-load.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const look = (name: string) => lookFromTheme(loadTheme(name, {noColor: true}).theme);
const alertIn = (context: string, name: string, production = false): DashboardContext => {
  const alert = makeAlert({fingerprint: `${context}-1`, name, labels: {alertname: name, service: 's'}, startsAt: T0 - 60_000});
  return {services: emptyServices({context, alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [alert], warnings: []})}}]}), production};
};
const head = (h: Harness) => h.lastFrame().split('\n')[0]!;

describe(':ctx and the look', () => {
  it('drops the PRODUCTION banner for a context drawn with the default look; a set with prod still says PROD', async () => {
    const prodLook = look('prod');
    expect(prodLook.banner).toBeTruthy();
    const members: Record<string, DashboardContext> = {prod: alertIn('prod', 'ProdDown', true), staging: alertIn('staging', 'StagingDown')};
    const h = await renderDashboard(members['staging']!.services, {
      openContext: (spec: string) => ({contexts: spec.split(',').map((n) => members[n]!), look: spec.startsWith('prod') ? prodLook : look('dark')}),
    });
    const command = async (text: string) => {
      await h.press(':');
      await h.press(text);
      await h.press('\r');
    };
    await command('ctx prod');
    await h.waitFor((f) => f.split('\n')[0]!.includes(prodLook.banner!) && f.includes('ProdDown'), 'prod with its banner');
    await command('ctx staging');
    await h.waitFor((f) => f.split('\n')[0]!.includes('ctx staging') && f.includes('StagingDown'), 'staging');
    expect(head(h)).not.toContain(prodLook.banner!);
    // A set led by staging takes staging's look, and its production member says so in words.
    await command('ctx staging,prod');
    const both = await h.waitFor((f) => f.includes('StagingDown') && f.includes('ProdDown'), 'the set');
    expect(head(h)).not.toContain(prodLook.banner!);
    expect(head(h)).toMatch(/PROD prod/);
    expect(both.split('\n').filter((l) => l.includes('ProdDown')).every((l) => l.includes('PROD prod'))).toBe(true);
    expect(both.split('\n').find((l) => l.includes('StagingDown'))).not.toContain('PROD');
  });
});

describe(':ctx to a context whose theme failed to load', () => {
  it('draws it with the fallback look and shows why, never with the banner of the context just left', async () => {
    const prodLook = look('prod');
    const members: Record<string, DashboardContext> = {prod: alertIn('prod', 'ProdDown', true), staging: alertIn('staging', 'StagingDown'), 'prod-eu': alertIn('prod-eu', 'EuDown', true)};
    const failed = (name: string) => Promise.resolve({look: look('dark'), error: `theme "${name}": not valid JSON`});
    const h = await renderDashboard(members['staging']!.services, {
      openContext: (spec: string) => ({contexts: [members[spec]!], look: spec === 'prod' ? prodLook : failed(spec)}),
    });
    await h.press(':ctx prod\r');
    await h.waitFor((f) => f.split('\n')[0]!.includes(prodLook.banner!) && f.includes('ProdDown'), 'prod with its banner');
    await h.press(':ctx staging\r');
    const staging = await h.waitFor((f) => f.includes('StagingDown') && f.includes('theme "staging": not valid JSON'), 'staging and the error');
    expect(staging.split('\n')[0]).not.toContain(prodLook.banner!);
    expect(staging.split('\n')[0]).not.toMatch(/PROD/);
    // A production context whose theme broke still says PROD in its header, in words.
    await h.press(':ctx prod-eu\r');
    const eu = await h.waitFor((f) => f.includes('EuDown') && f.includes('theme "prod-eu": not valid JSON'), 'prod-eu and the error');
    expect(eu.split('\n')[0]).toMatch(/PROD prod-eu/);
  });
});

describe(':ctx and the notes of the contexts opened', () => {
  it('flashes them, as a start with those contexts does', async () => {
    const members: Record<string, DashboardContext> = {prod: alertIn('prod', 'ProdDown', true), staging: alertIn('staging', 'StagingDown')};
    const notes: Record<string, string[]> = {prod: [], staging: ['am-staging: bearer token not found (env var STAGING_AM_TOKEN)']};
    const h = await renderDashboard(members['prod']!.services, {
      columns: 140,
      openContext: (spec: string) => ({contexts: [members[spec]!], look: look('dark'), notes: notes[spec]!}),
    });
    await h.press(':ctx staging\r');
    const frame = await h.waitFor((f) => f.includes('StagingDown') && f.includes('STAGING_AM_TOKEN'), 'staging and its note');
    expect(frame.split('\n').at(-1)).toContain('context staging · note: am-staging: bearer token not found (env var STAGING_AM_TOKEN)');
    // A context with nothing to note says only that it opened.
    await h.press(':ctx prod\r');
    const prod = await h.waitFor((f) => f.includes('ProdDown') && f.includes('context prod'), 'prod');
    expect(prod).not.toContain('STAGING_AM_TOKEN');
  });
});

describe(':ctx to a context that has a note and whose theme fails to load', () => {
  it('says the theme error on the line of the switch, keeping its note', async () => {
    const members: Record<string, DashboardContext> = {prod: alertIn('prod', 'ProdDown', true), staging: alertIn('staging', 'StagingDown')};
    const note = 'am-staging: bearer token not found (env var STAGING_AM_TOKEN)';
    const h = await renderDashboard(members['prod']!.services, {
      columns: 200,
      openContext: (spec: string) => ({contexts: [members[spec]!], look: Promise.resolve({look: look('dark'), error: `theme "${spec}": not valid JSON`}), notes: [note]}),
    });
    await h.press(':ctx staging\r');
    // The theme's error arrives after the switch's line: it is added to it, never put in its place.
    const frame = await h.waitFor((f) => f.includes('StagingDown') && f.includes('not valid JSON'), 'staging and the theme error');
    expect(frame.split('\n').at(-1)).toContain(`context staging · note: ${note} · theme "staging": not valid JSON`);
  });
});

describe(':ctx and the focus', () => {
  it('moves the focus from a Panels pane to a pane on screen when the new context has no panels', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    expect(demo.services.panels?.length ?? 0).toBeGreaterThan(0);
    const staging = alertIn('staging', 'StagingDown');
    const h = await renderDashboard(demo.services, {columns: 140, openContext: () => ({services: staging.services, look: look('dark')})});
    await h.waitFor((f) => f.includes('4 Panels'), 'the Panels pane');
    await h.press('4');
    await h.waitFor((f) => f.includes('▶ 4 Panels'), 'panels focused');
    await h.press(':ctx staging\r');
    const frame = await h.waitFor((f) => f.includes('ctx staging') && f.includes('StagingDown'), 'staging drawn');
    expect(frame).not.toContain('Panels');
    // The first pane shown carries the focus mark, and keys act on the panes drawn.
    expect(frame).toMatch(/▶ 1 /);
    await h.press('2');
    await h.press('\r');
    await h.waitFor((f) => f.includes('Alert group details') && f.includes('StagingDown'), 'the details of the staging alert');
  });
});
