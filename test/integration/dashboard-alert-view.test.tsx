/**
 * What the alert pane leaves out, it says, against a real Alertmanager: the hide toggles for
 * acked and silenced alerts with the count in the title, `state=` in the filter, and an empty
 * filter result that never reads as "no alerts firing". Plus an Alertmanager-shaped server that
 * sends an unreadable start time: `?`, never 56 years. Timers are real; only `Date` is faked,
 * advancing with real time, so the harness can settle Ink between keys.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {alertmanagerServices, realDashboardHooks} from '../helpers/real-frames.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import type {Harness} from '../view/dashboard-harness.tsx';

let am: AlertmanagerPeer;
let source: AlertmanagerSource;
const dashboard = realDashboardHooks();
const frameWith = dashboard.frame;

const checkout = {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'};
const disk = {alertname: 'DiskFilling', severity: 'warning', service: 'db'};
const queue = {alertname: 'QueueBacklog', severity: 'warning', service: 'queue'};

/** Clears the filter if one is set, then applies `text` as the new one. */
async function filter(harness: Harness, text: string): Promise<void> {
  if (harness.lastFrame().includes('filter: ')) {
    await harness.press('\u001b');
    await frameWith((f) => !f.includes('filter: '), 'filter cleared');
  }
  await harness.press('/');
  await harness.press(text);
  await harness.press('\r');
}

/** The title line of the alerts pane. */
const alertTitle = (frame: string) => frame.split('\n').find((l) => l.includes('2 Alerts')) ?? '';

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: am.url, timeoutMs: 5000});
  await postAlerts(am.url, [checkout, disk, queue]);
  await postSilence(am.url, disk, 'disk replacement window');
  await postSilence(am.url, queue, 'ACK!');
});

afterAll(async () => {
  await source?.close();
  await am?.cleanup();
});

describe('the alert pane says what it leaves out (real Alertmanager)', () => {
  it('hides silenced (s) and acked (h) alerts with the count in the title, and shows them again', {timeout: 60_000}, async () => {
    const harness = await dashboard.render(alertmanagerServices(source));
    await harness.press('2');
    let frame = await frameWith((f) => f.includes('silenced') && f.includes('QueueBacklog') && f.includes('CheckoutHighErrorRate'), 'the three alerts, one silenced, one acked');
    expect(alertTitle(frame)).toContain('▶ 2 Alerts (3)');

    await harness.press('s');
    frame = await frameWith((f) => !f.includes('DiskFilling'), 'silenced alert hidden');
    expect(alertTitle(frame)).toContain('▶ 2 Alerts (2 of 3)  hiding 1 silenced');
    await harness.press('h');
    frame = await frameWith((f) => !f.includes('QueueBacklog'), 'acked alert hidden');
    expect(alertTitle(frame)).toContain('▶ 2 Alerts (1 of 3)  hiding 1 acked · 1 silenced');
    expect(frame).toContain('CheckoutHighErrorRate');

    await harness.press('s');
    await harness.press('h');
    frame = await frameWith((f) => f.includes('DiskFilling') && f.includes('QueueBacklog'), 'all shown again');
    expect(alertTitle(frame)).toContain('▶ 2 Alerts (3)');
    expect(alertTitle(frame)).not.toContain('hiding');
  });

  it('filters on state, and says "no alerts match the filter" (never "no alerts firing") when nothing does', {timeout: 60_000}, async () => {
    const harness = await dashboard.render(alertmanagerServices(source));
    await harness.press('2');
    await frameWith((f) => f.includes('QueueBacklog'), 'the alerts');

    await filter(harness, 'state=firing');
    let frame = await frameWith((f) => !f.includes('DiskFilling') && !f.includes('QueueBacklog'), 'only firing alerts');
    expect(frame).toContain('CheckoutHighErrorRate');
    expect(alertTitle(frame)).toContain('▶ 2 Alerts (1 of 3)  filter: state=firing');

    await filter(harness, 'state!=acked service=db');
    frame = await frameWith((f) => alertTitle(f).includes('(1 of 3)'), 'the silenced db alert');
    expect(frame).toContain('DiskFilling');

    await filter(harness, 'paymentz');
    frame = await frameWith((f) => alertTitle(f).includes('(0 of 3)'), 'nothing matches');
    expect(frame).toContain('no alerts match the filter · 3 in all');
    expect(frame).not.toContain('no alerts firing');
  });
});

describe('an unreadable start time (an Alertmanager-compatible server sending NaN)', () => {
  let server: LocalServer;
  let odd: AlertmanagerSource;

  beforeAll(async () => {
    const alert = (fingerprint: string, alertname: string, startsAt: string) => ({
      labels: {alertname, severity: 'warning', service: 'odd'},
      annotations: {},
      startsAt,
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      updatedAt: new Date().toISOString(),
      fingerprint,
      receivers: [{name: 'default'}],
      status: {state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: []},
      generatorURL: '',
    });
    const body = JSON.stringify([alert('aaaa0001', 'OddTimeAlert', 'NaN'), alert('aaaa0002', 'KnownTimeAlert', new Date(Date.now() - 5 * 60_000).toISOString())]);
    server = await startLocalServer((req, res) => {
      res.writeHead(200, {'content-type': 'application/json'});
      res.end(req.url?.startsWith('/api/v2/alerts') ? body : '[]');
    });
    odd = createAlertmanagerSource({name: 'am', baseUrl: server.url, timeoutMs: 5000});
  });

  afterAll(async () => {
    await odd?.close();
    await server?.close();
  });

  it('shows its age as ?, sorts it after the known ones, and says "unknown" in the details', {timeout: 30_000}, async () => {
    const harness = await dashboard.render(alertmanagerServices(odd));
    await harness.press('2');
    const frame = await frameWith((f) => f.includes('OddTimeAlert') && f.includes('KnownTimeAlert'), 'both alerts');
    const lines = frame.split('\n');
    const oddLine = lines.find((l) => l.includes('OddTimeAlert') && !l.includes('▸')) ?? '';
    expect(oddLine).toMatch(/ \? /);
    expect(oddLine).not.toMatch(/\d+d /);
    expect(lines.findIndex((l) => l.includes('▸ KnownTimeAlert'))).toBeLessThan(lines.findIndex((l) => l.includes('▸ OddTimeAlert')));
    // The group header of the odd alert, then the alert itself: its details.
    for (let i = 0; i < 3; i++) await harness.press('j');
    await harness.press('\r');
    const details = await frameWith((f) => f.includes('Alert details'), 'details');
    expect(details).toContain('unknown (the source sent no readable start time)');
    expect(details).not.toContain('1970');
  });
});
