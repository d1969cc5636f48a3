import {describe, expect, it, vi} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {T0} from '../queries/fakes.ts';
import {dashboardTestHooks, PLAIN, renderDashboard, type Harness} from './dashboard-harness.tsx';
import {CLEAR_SCREEN, HOSTILE, OSC52, RLO} from './hostile.ts';
import type {Look} from '../../src/view/look.ts';

let harness: Harness | null = null;

dashboardTestHooks({stubTerminalSize: true});

/** The demo with its SLO reader wrapped to count reads. */
function countedDemo(): {services: ContextServices; reads: () => number} {
  const env = createDemoEnvironment({now: () => Date.now()});
  const inner = env.services.sloReader!;
  let reads = 0;
  const services: ContextServices = {
    ...env.services,
    sloReader: {
      ...inner,
      capabilities: {
        readRatios: (slos, windows, at) => {
          reads++;
          return inner.capabilities.readRatios(slos, windows, at);
        },
        readHistory: (slo, from, to, step) => inner.capabilities.readHistory!(slo, from, to, step),
      },
    },
  };
  return {services, reads: () => reads};
}

const loaded = (f: string) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability') && f.includes('v2.14.0');

describe('Dashboard on the demo', () => {
  it('shows all three panes with data, the header with every source healthy, and the key hints', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    const frame = await harness.waitFor(loaded, 'demo data');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(40);
    expect(lines[0]).toMatch(/^ oncall {2}ctx demo │ prometheus ✔ 0s │ alertmanager ✔ 0s │ pagerduty ✔ 0s │ ci ✔ 0s │ \d\d:\d\d:\d\d$/);
    expect(frame).toContain('║▶ 1 SLOs (10)');
    expect(frame).toContain('║› ✖ PAGE 1h&5m     checkout-availability █████░░░ 57.2%      100×   40.2×   20.3×');
    // Six alerts and the demo's incident in seven groups: the title counts alerts, not lines.
    expect(frame).toContain('│  2 Alerts (7)');
    // The checkout alert says which incident it paged, before its summary (which is cut).
    expect(frame).toContain('│  CRIT   firing       CheckoutHighErrorRate  ⚑ PD #4217 triggere… checkout    10m');
    expect(frame).toContain('│  3 Deploys (12)');
    expect(frame).toContain('│› ✔ ok       checkout   v2.14.0');
    expect(frame).toMatch(/production {2}12m storefron… ⚑ SUSPECT│/);
    // The SLO pane offers R first: it rolls back the suspect deploy of the selected SLO's service.
    expect(lines.at(-1)).toMatch(/^R rollback {2}j\/k move {2}enter details {2}\/ filter/);
    // Nothing wider than the terminal.
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('SLOs read from a partial response say PARTIAL in their rows, as `status` does, beside the ◐ in the header', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const reader = demo.services.sloReader!;
    const warning = 'partial response: store eu-2 unavailable';
    const readRatios: typeof reader.capabilities.readRatios = async (...args) => ({...(await reader.capabilities.readRatios(...args)), warnings: [warning], partial: [warning]});
    harness = await renderDashboard({...demo.services, sloReader: {...reader, capabilities: {...reader.capabilities, readRatios}}});
    const frame = await harness.waitFor((f) => loaded(f) && f.includes('PARTIAL'), 'partial SLO rows');
    expect(frame.split('\n')[0]).toContain('prometheus ◐');
    expect(frame).toContain('✖ PAGE 1h&5m PARTIAL');
    expect(frame).toMatch(/◐ OK PARTIAL +\S/);
    expect(frame).not.toContain('✔ OK ');
  });

  it('fits an 80x24-style short terminal: the focused pane expanded, the others collapsed with summaries', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {rows: 24});
    const frame = await harness.waitFor((f) => f.includes('checkout-availability') && f.includes('12 deploys'), 'demo data');
    expect(frame.split('\n')).toHaveLength(24);
    expect(frame).toContain('│  2 Alerts');
    expect(frame).toMatch(/2 Alerts \(7\) {2}2 crit · 5 active · 1 silenced · 1 inhibited/);
    expect(frame).toMatch(/3 Deploys \(12\) {2}12 deploys · 1 suspect/);
  });

  it('moves focus with 2 and 3, and opens help with ?', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    let frame = await harness.waitFor((f) => f.includes('▶ 2 Alerts'), 'alerts focused');
    expect(frame).not.toContain('▶ 1 SLOs');
    expect(frame).toContain('│  1 SLOs (10)');
    // On the group header (where 2 lands) o opens the group's runbook, and the footer says so.
    // `u unack` (nothing acked) is disabled: without colour (PLAIN) the footer leaves it out.
    expect(frame.split('\n').at(-1)).toMatch(/^a ack {2}o group runbook/);
    await harness.press('3');
    frame = await harness.waitFor((f) => f.includes('▶ 3 Deploys'), 'deploys focused');
    expect(frame).not.toContain('▶ 2 Alerts');
    await harness.press('?');
    frame = await harness.waitFor((f) => f.includes('Keys  (? or Esc to close, j/k to scroll)'), 'help');
    expect(frame).toContain('Focus the alerts pane');
    expect(frame).toContain('Deploys pane (focused)');
    expect(frame).not.toContain('3 Deploys');
    await harness.press('?');
    await harness.waitFor((f) => f.includes('▶ 3 Deploys') && !f.includes('Keys  ('), 'help closed');
  });

  it('opens the details of the selected alert with enter', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    await harness.press('j');
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('Alert details'), 'details');
    expect(frame).toContain('alert          CheckoutHighErrorRate');
    // The runbook is an OSC 8 hyperlink around the plain URL, so it reads without OSC 8 support too.
    const url = 'https://runbooks.example.com/checkout/high-error-rate';
    expect(frame).toContain(`runbook        \x1b]8;;${url}\x1b\\${url}\x1b]8;;\x1b\\`);
  });

  it('p pauses polling: [PAUSED] in the header and no reads while paused; p again resumes', async () => {
    const demo = countedDemo();
    harness = await renderDashboard(demo.services);
    await harness.waitFor(loaded, 'demo data');
    const first = demo.reads();
    await vi.advanceTimersByTimeAsync(5000);
    expect(demo.reads()).toBe(first + 1);
    await harness.press('p');
    const frame = await harness.waitFor((f) => f.includes('[PAUSED]'), 'paused badge');
    expect(frame.split('\n')[0]).toContain(' ctx demo [PAUSED] │ prometheus');
    expect(frame.split('\n').at(-1)).toBe('Polling paused');
    const atPause = demo.reads();
    await vi.advanceTimersByTimeAsync(15_000);
    await harness.settle();
    expect(demo.reads()).toBe(atPause);
    await harness.press('p');
    await harness.waitFor((f) => !f.includes('[PAUSED]'), 'resumed');
    await vi.advanceTimersByTimeAsync(5000);
    await harness.settle();
    expect(demo.reads()).toBeGreaterThanOrEqual(atPause + 1);
  });

  it('r refetches every pane at once, without waiting for the interval', async () => {
    const demo = countedDemo();
    harness = await renderDashboard(demo.services);
    await harness.waitFor(loaded, 'demo data');
    const before = demo.reads();
    await harness.press('r');
    await harness.waitFor((f) => f.includes('refreshing…'), 'refresh flash');
    expect(demo.reads()).toBe(before + 1);
  });

  it(':ctx NAME asks to open the context; an error comes back as a flash', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press(':');
    await harness.waitFor((f) => f.split('\n').at(-1) === ':', 'command line');
    await harness.press('ctx other');
    await harness.waitFor((f) => f.split('\n').at(-1) === ':ctx other', 'typed command');
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('no context named "other"'), 'error flash');
    expect(harness.openContext).toHaveBeenCalledTimes(1);
    expect(harness.openContext).toHaveBeenCalledWith('other');
    expect(frame.split('\n')[0]).toContain('ctx demo');
  });

  it(':ctx NAME switches to the services it returns', async () => {
    const other = createDemoEnvironment({now: () => Date.now()});
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {
      openContext: () => ({services: {...other.services, context: 'staging', readOnly: true}, look: PLAIN}),
    });
    await harness.waitFor(loaded, 'demo data');
    await harness.press(':');
    await harness.press('ctx staging');
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('ctx staging [READ-ONLY]'), 'switched');
    expect(harness.openContext).toHaveBeenCalledWith('staging');
    expect(frame.split('\n').at(-1)).toBe('context staging');
  });

  it(':theme NAME applies a theme that loads later (its loader still starting), and only the latest one asked for', async () => {
    const pending = new Map<string, (look: Look | string) => void>();
    const themed = (banner: string): Look => ({name: banner, palette: () => undefined, banner, color: false});
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {
      loadLook: (name) => new Promise((resolve) => pending.set(name, resolve)),
    });
    await harness.waitFor(loaded, 'demo data');
    for (const name of ['slow', 'fast']) {
      await harness.press(':');
      await harness.press(`theme ${name}`);
      await harness.press('\r');
    }
    expect([...pending.keys()]).toEqual(['slow', 'fast']);
    pending.get('fast')!(themed('FAST'));
    await harness.waitFor((f) => f.split('\n')[0]!.includes(' FAST '), 'the theme asked for last');
    // The first request answers after the second: it must not repaint over it.
    pending.get('slow')!(themed('SLOW'));
    await harness.settle();
    expect(harness.lastFrame().split('\n')[0]).toContain(' FAST ');
    expect(harness.lastFrame()).not.toContain('SLOW');
  });

  it(':theme NAME shows a theme that fails to load as an error, keeping the current look', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {
      loadLook: async (name) => `theme ${name}: no such theme`,
    });
    await harness.waitFor(loaded, 'demo data');
    await harness.press(':');
    await harness.press('theme nope');
    await harness.press('\r');
    await harness.waitFor((f) => f.split('\n').at(-1) === 'theme nope: no such theme', 'error flash');
  });

  it('keeps showing the last SLO data when the source goes down, with the error and its age', async () => {
    const env = createDemoEnvironment({now: () => Date.now()});
    const inner = env.services.sloReader!;
    let failing = false;
    const services: ContextServices = {
      ...env.services,
      sloReader: {
        ...inner,
        capabilities: {
          readRatios: (slos, windows, at) => (failing ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : inner.capabilities.readRatios(slos, windows, at)),
        },
      },
    };
    harness = await renderDashboard(services);
    await harness.waitFor(loaded, 'demo data');
    failing = true;
    await vi.advanceTimersByTimeAsync(12_000);
    const frame = await harness.waitFor((f) => f.includes('(showing data from 12s ago)'), 'pane error with age', 500);
    expect(frame).toContain('║▶ 1 SLOs (10)  ⚠ unavailable: connection refused (showing data from 12s ago)');
    expect(frame).toContain('checkout-availability');
    // With the demo's four sources the healthy ones drop their age, the failing one keeps it.
    expect(frame.split('\n')[0]).toContain('│ prometheus ✖ unavailable (retrying) 12s │ alertmanager ✔ │ pagerduty ✔ │ ci ✔');
    // Every SLO row is the last good data: each says so in words, a stale OK is not `✔ OK` alone.
    const sloRows = frame.split('\n').filter((l) => / (✔ OK|✖ PAGE|▲ TICKET|\? NO DATA) /.test(l));
    expect(sloRows.length).toBeGreaterThan(0);
    expect(sloRows.filter((l) => !l.includes('STALE 12s '))).toEqual([]);
    expect(frame).toContain('STALE 12s ✖ PAGE 1h&5m');
  });

  it('q calls onQuit', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    expect(harness.onQuit).not.toHaveBeenCalled();
    await harness.press('q');
    await harness.settle();
    expect(harness.onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('Dashboard with hostile backend strings', () => {
  it('never writes ESC[2J, an OSC 52 payload, BEL, CR or a bidi override to the terminal', async () => {
    const evil: Alert = makeAlert({
      fingerprint: 'evil-1',
      name: `Pwned${CLEAR_SCREEN}`,
      severity: 'critical',
      labels: {alertname: `Pwned${CLEAR_SCREEN}`, service: `shop${RLO}gnp`, [`x${OSC52}`]: HOSTILE},
      annotations: {summary: `click ${OSC52} bell\x07 cr\r done`, description: HOSTILE, runbook_url: `https://r.example.com/${OSC52}`},
      startsAt: T0 - 60_000,
      seenBy: [`am${RLO}`],
    });
    const lister = {listAlerts: async () => ({value: [evil], warnings: [`partial ${OSC52}`]})};
    const services: ContextServices = {
      context: `ctx${CLEAR_SCREEN}`,
      readOnly: false,
      slos: [],
      sloReader: null,
      alertSources: [{name: `am${OSC52}`, kind: 'alertmanager', capabilities: lister}],
      deploySource: null,
      rollbacker: null,
    };
    harness = await renderDashboard(services);
    await harness.waitFor((f) => f.includes('Pwned␛[2J'), 'hostile alert');
    await harness.press('2');
    await harness.press('j');
    await harness.press('\r');
    const detail = await harness.waitFor((f) => f.includes('Alert details'), 'alert details');
    expect(detail).toContain('║  summary      click ␛]52;c;ZWNobyBoaQ==\\x07 bell\\x07 cr\\x0d done');
    expect(detail).toContain('║  service      shop\\u202egnp');
    // Our own OSC 8 links are the only escapes allowed through: well-formed, printable ASCII URL.
    const links = harness.frames.join('').match(/\x1b\]8;;[^\x1b]*\x1b\\/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^\x1b\]8;;(https?:\/\/[\x21-\x7e]*)?\x1b\\$/);
    // The URL parser percent-encodes inner controls (ESC → %1B) and drops trailing ones (BEL).
    expect(links.join('')).toContain('https://r.example.com/%1B]52;c;ZWNobyBoaQ==\x1b');
    const written = harness.frames.join('').replace(/\x1b\]8;;[\x20-\x7e]*\x1b\\/g, '');
    expect(harness.frames.length).toBeGreaterThan(3);
    expect(written).toContain('␛]52;c;ZWNobyBoaQ==');
    expect(written).not.toContain('\x1b]52');
    expect(written).not.toContain('\x1b[2J');
    expect(written).not.toContain('\x07');
    expect(written).not.toContain('\r');
    expect(written).not.toContain(RLO);
    expect(written).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });
});
