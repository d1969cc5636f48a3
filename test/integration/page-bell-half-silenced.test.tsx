/**
 * Two real unclustered Alertmanagers; a plain silence (made with another tool) exists on the first
 * only. README: the bell rings for "a critical alert that starts firing unacked", and "silenced on
 * one Alertmanager and firing on another, it still notifies and is not quiet". Such an alert
 * notifies through the second Alertmanager; its row says `firing` and the pane counts it critical,
 * so the bell must ring for it too.
 */
import {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkPages, NO_PAGES} from '../../src/domain/new-pages.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {realDashboardHooks} from '../helpers/real-frames.ts';

let one: AlertmanagerPeer;
let two: AlertmanagerPeer;
let sources: Record<'am-1' | 'am-2', AlertmanagerSource>;
const dashboard = realDashboardHooks();

function services(): ContextServices {
  const alertSources = (['am-1', 'am-2'] as const).map((name) => ({name, kind: 'alertmanager' as const, capabilities: sources[name]}));
  return {context: 'rv', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null} as ContextServices;
}

beforeAll(async () => {
  [one, two] = await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()]);
  sources = {
    'am-1': createAlertmanagerSource({name: 'am-1', baseUrl: one.url, timeoutMs: 5000}),
    'am-2': createAlertmanagerSource({name: 'am-2', baseUrl: two.url, timeoutMs: 5000}),
  };
}, 60_000);
afterAll(async () => {
  await Promise.allSettled(Object.values(sources ?? {}).map((s) => s.close()));
  await Promise.allSettled([one?.cleanup(), two?.cleanup()]);
});

// Silenced on the first Alertmanager only, then firing on both: the second one notifies.
async function fireHalfSilenced(labels: Record<string, string>): Promise<void> {
  await postSilence(one.url, labels, 'maintenance on am-1', 'bob');
  await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
}

describe('the page bell and a silence held by one of two unclustered Alertmanagers', () => {
  it('checkPages: a new critical alert firing through am-2 (silenced on am-1 only) is a new page', async () => {
    const client = new QueryClient();
    const read = async () => (await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
    const baseline = checkPages(NO_PAGES, {slos: null, alerts: await read()});
    await fireHalfSilenced({alertname: 'PaymentsDown', severity: 'critical', service: 'payments'});
    const alerts = await read();
    const alert = alerts.find((a) => a.name === 'PaymentsDown')!;
    // The dashboard's own word for it: firing (am-2 notifies), nobody acked it.
    expect(alert.state).toBe('firing');
    expect(alert.ack).toBeNull();
    expect(checkPages(baseline.memory, {slos: null, alerts}).fresh).toContain('PaymentsDown');
  });

  it('dashboard (notify: osc9) rings for the alert firing through am-2 as for an unsilenced one', {timeout: 90_000}, async () => {
    const written: string[] = [];
    await dashboard.render(services(), {settings: {notify: 'osc9'}, intervals: {alerts: 1000}, terminal: {writeRaw: (b: string) => void written.push(b)}});
    await dashboard.frame((f) => f.includes('PaymentsDown'), 'first data (the baseline)');
    // Control: a plain new critical alert rings.
    const control = {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'};
    await Promise.all([postAlerts(one.url, [control]), postAlerts(two.url, [control])]);
    await dashboard.frame(() => written.some((b) => b.includes('CheckoutDown')), 'the control alert rang');
    await fireHalfSilenced({alertname: 'SearchDown', severity: 'critical', service: 'search'});
    const isRow = (l: string) => l.includes('SearchDown') && !l.includes('▸');
    const frame = await dashboard.frame((f) => f.split('\n').some(isRow), 'SearchDown row listed');
    expect(frame.split('\n').find(isRow)).toContain('firing');
    // The bell follows the alerts' polls (1 s here): one ring, not none, not one per poll.
    await dashboard.frame(() => written.some((b) => b.includes('SearchDown')), 'SearchDown rang', 10_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(written.filter((b) => b.includes('SearchDown'))).toHaveLength(1);
  });
});
