/**
 * Two unclustered Alertmanagers (each gets its own silence); am-2 is down. `A` acks a group of
 * two alerts for 15m: lands on am-1, retries on am-2. The user then `:ack 1h` one alert of the
 * group. README: "A newer ack or unack of the alert stops the retries; a newer ack (`:ack 1h`
 * on a retrying ack) ... replaces what that retry landed, so one silence remains".
 * The older group ack is only stopped when EVERY alert it covers has a newer action
 * (isSuperseded), so its draft for the re-acked alert goes on retrying; when am-2 is back and
 * the 1h ack landed first, the old retry finds the user's own 1h ack there and "replaces" it
 * with its 15m draft: the alert's ack on am-2 now ends in 15 minutes, not 1 hour.
 */
import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables} from '../../src/queries/ack-mutations.ts';
import type {AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {alertmanagerServices, alertsNow} from '../helpers/alertmanager-services.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const now = () => Date.now();
const MIN = 60_000;
let ams: [AlertmanagerPeer, AlertmanagerPeer];
let proxy: FaultProxy;
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const services = (urls: string[]): ContextServices => alertmanagerServices(urls, sources, {stem: 'am'});
const alertsOf = (s: ContextServices): Promise<Alert[]> => alertsNow(client, s);

beforeAll(async () => {
  sources = [];
  ams = (await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()])) as [AlertmanagerPeer, AlertmanagerPeer];
  proxy = await startFaultProxy(forwardTo(ams[1].url));
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await proxy?.close();
  await Promise.allSettled((ams ?? []).map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('group ack still retrying, then a longer ack of one of its alerts', () => {
  it('the old group retry does not cut the newer 1h ack back to 15m', async () => {
    const x = {alertname: 'GroupX', service: 'api', severity: 'critical'};
    const y = {alertname: 'GroupY', service: 'api', severity: 'critical'};
    await Promise.all(ams.map((p) => postAlerts(p.url, [x, y])));
    const s = services([ams[0].url, proxy.url]);
    const all = await alertsOf(s);
    const ax = all.find((a) => a.name === 'GroupX')!;
    const ay = all.find((a) => a.name === 'GroupY')!;
    expect(ax.seenBy.sort()).toEqual(['am-1', 'am-2']);
    await proxy.set('refused');

    // `A` on the group: 15m, am-2 down, retried (slowly here, so the newer ack's retry goes first).
    const group = planAck([ax, ay], all, {volatileLabels: [], durationMs: 15 * MIN, author: 'it', prefix: 'ACK!', now: now()});
    const older = new MutationObserver(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retryDelay: () => 1500}));
    void older.mutate(ackVariables(s, group.drafts)).catch(() => undefined);
    await sleep(500);

    // `:ack 1h` on GroupX.
    const one = planAck([ax], all, {volatileLabels: [], durationMs: 60 * MIN, author: 'it', prefix: 'ACK!', comment: 'longer', now: now()});
    const newer = new MutationObserver(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retryDelay: () => 200}));
    const newerDone = newer.mutate(ackVariables(s, one.drafts)).catch(() => undefined);
    await sleep(300);
    // am-2 is back.
    await proxy.set(null);
    await newerDone;
    await sleep(3000);

    const silences = (await (await fetch(`${ams[1].url}/api/v2/silences`)).json()) as Array<{id: string; comment: string; endsAt: string; status: {state: string}; matchers: Array<{name: string; value: string}>}>;
    const xAcks = silences.filter((z) => z.status.state === 'active' && z.comment.startsWith('ACK!') && z.matchers.some((m) => m.name === 'alertname' && m.value === 'GroupX'));
    const latestEnd = Math.max(...xAcks.map((z) => Date.parse(z.endsAt)));
    // GroupX's ack on am-2 should still end about 1h from now, as the user asked last.
    expect({xAcksOnAm2: xAcks.length, minutesLeft: Math.round((latestEnd - now()) / MIN)}).toEqual({xAcksOnAm2: 1, minutesLeft: 60});
    older.reset();
    newer.reset();
  });
});
