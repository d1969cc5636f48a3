/**
 * An HA pair declared `cluster: ha` whose gossip lags (held still: two Alertmanagers declared one
 * cluster that do not gossip, as test/integration/ha-ack-immediate.test.ts does).
 * The ack went through ha-2 because ha-1 was down at that moment; ha-1 is back, its silence
 * list without the ack (gossip has not brought it yet). `u` lists the ack silences through the
 * first peer that answers (ha-1), finds none, expires nothing, and the footer says
 * "unacked X" — while ha-2 still holds the ack silence and the row still shows ACK.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {oneUnackText} from '../../src/actions/alert-ops.ts';
import type {AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {alertmanagerServices, alertsNow} from '../helpers/alertmanager-services.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const now = () => Date.now();
let still: [AlertmanagerPeer, AlertmanagerPeer];
let proxy: FaultProxy;
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;

const services = (urls: string[]): ContextServices => alertmanagerServices(urls, sources, {stem: 'ha', cluster: 'ha'});
const alertsOf = (s: ContextServices): Promise<Alert[]> => alertsNow(client, s);

beforeAll(async () => {
  sources = [];
  still = await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()]) as [AlertmanagerPeer, AlertmanagerPeer];
  proxy = await startFaultProxy(forwardTo(still[0].url));
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await proxy?.close();
  await Promise.allSettled((still ?? []).map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('unack on an HA cluster whose first peer has not had the ack by gossip yet', () => {
  it('does not say "unacked" while the other peer still holds the ack silence', async () => {
    const labels = {alertname: 'LaggingUnack', service: 'api', severity: 'critical'};
    await Promise.all(still.map((p) => postAlerts(p.url, [labels])));
    const s = services([proxy.url, still[1].url]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'LaggingUnack')!;
    expect(alert.seenBy.sort()).toEqual(['ha-1', 'ha-2']);
    // ha-1 is down when the ack is sent: the cluster takes it through ha-2.
    await proxy.set('refused');
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 900_000, author: 'it', prefix: 'ACK!', now: now()});
    const acked = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), ackVariables(s, plan.drafts));
    expect(acked.results.map((r) => [r.source, r.ok])).toEqual([['ha-2', true]]);
    // ha-1 is back; gossip has not brought it the silence yet.
    await proxy.set(null);
    const before = (await alertsOf(s)).find((a) => a.name === 'LaggingUnack')!;
    expect(before.ack?.by).toBe('it'); // the row shows ACK (the cluster holds it)
    const outcome = await runSilenceMutation(client, unackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), {alerts: [before], author: 'it'});
    const footer = oneUnackText('LaggingUnack', outcome).text;
    const onHa2 = (await (await fetch(`${still[1].url}/api/v2/silences`)).json()) as Array<{comment: string; status: {state: string}}>;
    const stillActive = onHa2.filter((x) => x.comment.startsWith('ACK!') && x.status.state === 'active').length;
    const after = (await alertsOf(s)).find((a) => a.name === 'LaggingUnack')!;
    // The footer says the alert was unacked (outcome ok); then no ack silence may remain.
    expect(footer).toMatch(/^unacked LaggingUnack/);
    expect({footer, ackSilencesStillActiveOnHa2: stillActive, rowStillAcked: after.ack !== null}).toEqual({footer, ackSilencesStillActiveOnHa2: 0, rowStillAcked: false});
  });
});
