/**
 * An Alertmanager whose alerts answer but whose silences do not (a 403 from a proxy granting
 * alerts:read only): the alerts pane still shows its alerts, the source marked read in part
 * (`◐` in the header, the cause in the pane's title), never as a source that failed.
 */
import {describe, expect, it} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const titleOf = (frame: string, pane: string) => frame.split('\n').find((l) => l.includes(`${pane} (`)) ?? '';

describe('an alert source whose silences cannot be read', () => {
  it('shows its alerts in the alerts pane, marked read in part with the cause', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()}).services;
    const services: ContextServices = {
      ...demo,
      // Only the Alertmanager holds silences: the other alert sources stay as they are.
      alertSources: demo.alertSources.map((src) =>
        src.capabilities.listSilences === undefined
          ? src
          : {...src, capabilities: {...src.capabilities, listSilences: () => Promise.reject(new SourceFailure('auth', 'HTTP 403: forbidden: silences:read required'))}},
      ),
    };
    const h = await renderDashboard(services, {columns: 140, rows: 40});
    const frame = await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'the alerts of the source', 8000);
    const name = demo.alertSources.find((s) => s.capabilities.listSilences !== undefined)!.name;
    expect(frame).toContain(`${name} ◐`);
    expect(frame).not.toContain(`${name} ✖`);
    expect(titleOf(frame, 'Alerts')).toContain('partial');
    await h.press('2');
    const focused = await h.waitFor((f) => f.includes('silences unreadable'), 'the cause, in the title or the footer');
    expect(focused).toMatch(/silences unreadable: auth: HTTP 403/);
    // Silenced there: whether by an ack cannot be told without the silences.
    expect(focused).toMatch(/silenced .*DiskSpaceLow.*ACK UNKNOWN/);
  });
});
