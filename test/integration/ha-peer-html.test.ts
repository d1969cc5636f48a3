/**
 * An HA pair declared `cluster: ha`; the first peer's way in answers an HTML sign-in page
 * (HTTP 200, an SSO proxy in front of that peer only), the second peer is healthy. The ack is
 * one silence for the cluster "through the next peer when one is down": the healthy peer
 * should take it. Today the first peer's bad-response is final and the second is never asked.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import type {AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPair, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {alertmanagerServices, alertsNow} from '../helpers/alertmanager-services.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const now = () => Date.now();
let ha: [AlertmanagerPeer, AlertmanagerPeer];
let proxy: FaultProxy;
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;

const services = (urls: string[]): ContextServices => alertmanagerServices(urls, sources, {stem: 'ha', cluster: 'ha'});
const alertsOf = (s: ContextServices): Promise<Alert[]> => alertsNow(client, s);

beforeAll(async () => {
  sources = [];
  ha = await startAlertmanagerPair();
  proxy = await startFaultProxy(forwardTo(ha[0].url));
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await proxy?.close();
  await Promise.allSettled((ha ?? []).map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('ack on an HA pair whose first peer answers HTML', () => {
  it('lands through the healthy second peer of the cluster', async () => {
    const labels = {alertname: 'HtmlPeerDown', service: 'api', severity: 'critical'};
    await Promise.all(ha.map((p) => postAlerts(p.url, [labels])));
    const s = services([proxy.url, ha[1].url]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'HtmlPeerDown')!;
    expect(alert.seenBy.sort()).toEqual(['ha-1', 'ha-2']);
    // The SSO proxy in front of ha-1 now answers its sign-in page.
    await proxy.set('html');
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 900_000, author: 'it', prefix: 'ACK!', now: now()});
    const outcome = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), ackVariables(s, plan.drafts));
    const silences = (await (await fetch(`${ha[1].url}/api/v2/silences`)).json()) as Array<{comment: string; status: {state: string}}>;
    expect({
      status: outcome.status,
      triedSources: outcome.results.map((r) => r.source),
      ackSilencesOnHealthyPeer: silences.filter((x) => x.comment.startsWith('ACK!') && x.status.state === 'active').length,
    }).toEqual({status: 'ok', triedSources: ['ha-2'], ackSilencesOnHealthyPeer: 1});
  });

  it('unack (u) expires the ack through the healthy second peer of the cluster', async () => {
    await proxy.set(null);
    const labels = {alertname: 'HtmlPeerUnack', service: 'api', severity: 'critical'};
    await Promise.all(ha.map((p) => postAlerts(p.url, [labels])));
    const s = services([proxy.url, ha[1].url]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'HtmlPeerUnack')!;
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 900_000, author: 'it', prefix: 'ACK!', now: now()});
    expect((await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), ackVariables(s, plan.drafts))).status).toBe('ok');
    // Gossip brings the ack to ha-2 (a moment under load): until then the row reads ACK PARTIAL, and the unack below asks ha-2 alone.
    const ackOnSecond = async () => ((await (await fetch(`${ha[1].url}/api/v2/silences`)).json()) as Array<{comment: string; matchers: Array<{value: string}>; status: {state: string}}>).some((x) => x.comment.startsWith('ACK!') && x.status.state === 'active' && x.matchers.some((m) => m.value === 'HtmlPeerUnack'));
    for (let i = 0; i < 100 && !(await ackOnSecond()); i++) await new Promise((r) => setTimeout(r, 100));
    const acked = (await alertsOf(s)).find((a) => a.name === 'HtmlPeerUnack')!;
    expect(acked.ack?.by).toBe('it');
    // The SSO proxy in front of ha-1 now answers its sign-in page.
    await proxy.set('html');
    const outcome = await runSilenceMutation(client, unackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), {alerts: [acked], author: 'it'});
    const silences = (await (await fetch(`${ha[1].url}/api/v2/silences`)).json()) as Array<{comment: string; matchers: Array<{value: string}>; status: {state: string}}>;
    const active = silences.filter((x) => x.comment.startsWith('ACK!') && x.status.state === 'active' && x.matchers.some((m) => m.value === 'HtmlPeerUnack')).length;
    expect({status: outcome.status, activeAckSilences: active}).toEqual({status: 'ok', activeAckSilences: 0});
  });
});
