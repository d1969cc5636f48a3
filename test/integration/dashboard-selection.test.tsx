/**
 * The selection follows the alert, not the line, against a real Alertmanager: a new critical
 * alert sorting on top does not move the cursor onto another alert, and an alert that resolves
 * hands the cursor to its nearest neighbour. Timers are real (the server answers in real time);
 * only `Date` is faked, advancing with real time, so the harness can settle Ink between keys.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {alertmanagerServices, realDashboardHooks, selectedLine} from '../helpers/real-frames.ts';

let am: AlertmanagerPeer;
let source: AlertmanagerSource;
const dashboard = realDashboardHooks();
const frameWith = dashboard.frame;

const disk = {alertname: 'DiskFilling', severity: 'warning', service: 'db'};
const queue = {alertname: 'QueueBacklog', severity: 'warning', service: 'queue'};
const checkout = {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'};

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: am.url, timeoutMs: 5000});
});

afterAll(async () => {
  await source?.close();
  await am?.cleanup();
});

describe('the alert selection across polls (real Alertmanager)', () => {
  it('stays on the selected alert when a new critical one sorts above it, and moves to its neighbour when it resolves', {timeout: 60_000}, async () => {
    await postAlerts(am.url, [disk, queue]);
    const harness = await dashboard.render(alertmanagerServices(source));
    await frameWith((f) => f.includes('QueueBacklog') && f.includes('DiskFilling'), 'both alerts');
    await harness.press('2');
    // Rows: DiskFilling's group and alert, then QueueBacklog's group and alert.
    for (let i = 0; i < 3; i++) await harness.press('j');
    expect(selectedLine(harness.lastFrame())).toContain('QueueBacklog');

    // A critical alert arrives and sorts first: two rows above the selection.
    await postAlerts(am.url, [checkout]);
    let frame = await frameWith((f) => f.includes('CheckoutDown'), 'the new critical alert');
    expect(selectedLine(frame)).toContain('QueueBacklog');
    // The next key moves from there, not from the old line.
    await harness.press('k');
    expect(selectedLine(harness.lastFrame())).toContain('▸ QueueBacklog');
    await harness.press('j');
    expect(selectedLine(harness.lastFrame())).toMatch(/QueueBacklog\s/);

    // QueueBacklog resolves: its group goes with it, the cursor lands on the alert above.
    const resolved = [{labels: queue, annotations: {}, startsAt: new Date(Date.now() - 120_000).toISOString(), endsAt: new Date(Date.now() - 1000).toISOString()}];
    const res = await fetch(`${am.url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(resolved)});
    expect(res.status).toBe(200);
    frame = await frameWith((f) => !f.includes('QueueBacklog'), 'QueueBacklog resolved');
    expect(selectedLine(frame)).toContain('DiskFilling');
  });
});
