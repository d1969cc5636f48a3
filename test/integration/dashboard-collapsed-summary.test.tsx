/**
 * README (Layout): at 80x24 the panes not focused "collapse to a one-line summary", "so a firing
 * alert never disappears behind another pane". A standing hide toggle (`h`) or a kept filter
 * that leaves the critical alert out must not take the alerts pane's summary away: the collapsed
 * line says what fires and what the pane hides. Real Alertmanager; a critical alert fires,
 * another alert is acked.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {alertmanagerServices, realDashboardHooks} from '../helpers/real-frames.ts';

let am: AlertmanagerPeer;
let source: AlertmanagerSource;
const dashboard = realDashboardHooks();
const critical = {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'};
const acked = {alertname: 'DiskFull', severity: 'warning', service: 'db'};

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: am.url, timeoutMs: 5000});
  await postAlerts(am.url, [critical, acked]);
  await postSilence(am.url, acked, 'ACK! disk', 'me@host');
}, 60_000);
afterAll(async () => {
  await source?.close();
  await am?.cleanup();
});

const alertsLine = (frame: string) => frame.split('\n').find((l) => l.includes('2 Alerts')) ?? '';

describe('the collapsed alerts pane at 80x24 keeps its summary beside what it hides', () => {
  it('with h (hide acked) on, the collapsed line still says a critical alert is active', {timeout: 60_000}, async () => {
    const h = await dashboard.render(alertmanagerServices(source), {rows: 24, columns: 80});
    await h.press('3');
    let frame = await dashboard.frame((f) => f.includes('▶ 3') && alertsLine(f).includes('crit'), 'collapsed alerts line with its summary');
    expect(alertsLine(frame)).toContain('1 crit · 1 active');
    await h.press('2');
    await h.press('h');
    await h.press('3');
    frame = await dashboard.frame((f) => f.includes('▶ 3') && alertsLine(f).includes('hiding'), 'collapsed with h on');
    // The summary's own wording aside: its critical count first, then the mark.
    expect(alertsLine(frame)).toMatch(/1 crit.* · hiding 1 acked/);
  });

  it('with a kept filter that leaves the critical alert out, the collapsed line still says it is active', {timeout: 60_000}, async () => {
    const h = await dashboard.render(alertmanagerServices(source), {rows: 24, columns: 80});
    await h.press('2');
    await dashboard.frame((f) => f.includes('CheckoutDown'), 'alerts listed');
    await h.press('/');
    await h.press('service=db');
    await h.press('\r');
    await h.press('3');
    const frame = await dashboard.frame((f) => f.includes('▶ 3') && alertsLine(f).includes('filter'), 'collapsed with a filter');
    expect(alertsLine(frame)).toMatch(/1 crit.* · filter: service=db/);
  });
});
