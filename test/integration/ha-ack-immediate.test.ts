/**
 * An HA pair declared with `cluster:` (one silence through one peer, gossiped to the other).
 * Right after the ack lands, the read the dashboard does at once (readAlertsAfterWrite) must not
 * show the alert as a partial ack ("ACK PARTIAL (a)": "the others still notify") only because
 * the gossip has not reached the other peer yet: they are one cluster and share silences.
 *
 * Gossip on loopback is quick enough that a real pair rarely shows the gap, so the moment before
 * gossip is also held still: two Alertmanagers declared one cluster that do not gossip, the ack
 * sent through one of them as for any cluster.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPair, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';

const now = () => Date.now();
let ha: [AlertmanagerPeer, AlertmanagerPeer];
let still: [AlertmanagerPeer, AlertmanagerPeer];
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;

function services(peers: readonly AlertmanagerPeer[]): ContextServices {
  const alertSources = peers.map((p, i) => {
    const capabilities = createAlertmanagerSource({name: `ha-${i + 1}`, baseUrl: p.url, timeoutMs: 2000});
    sources.push(capabilities);
    return {name: `ha-${i + 1}`, kind: 'alertmanager' as const, capabilities, cluster: 'ha'};
  });
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null};
}
async function alertsOf(s: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

async function ackedAtOnce(peers: readonly AlertmanagerPeer[], name: string): Promise<Alert> {
  const labels = {alertname: name, service: 'api', severity: 'critical'};
  await Promise.all(peers.map((p) => postAlerts(p.url, [labels])));
  const s = services(peers);
  const all = await alertsOf(s);
  const alert = all.find((a) => a.name === name)!;
  expect(alert.seenBy.sort()).toEqual(['ha-1', 'ha-2']);
  const plan = planAck([alert], all, {volatileLabels: [], durationMs: 900_000, author: 'it', prefix: 'ACK!', now: now()});
  expect((await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!'}), ackVariables(s, plan.drafts))).status).toBe('ok');
  return (await alertsOf(s)).find((a) => a.name === name)!;
}

beforeAll(async () => {
  sources = [];
  [ha, still] = await Promise.all([startAlertmanagerPair(), Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()])]);
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await Promise.allSettled([...(ha ?? []), ...(still ?? [])].map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('ack on a declared HA cluster', () => {
  it('is not shown as partial right after it lands', async () => {
    const after = await ackedAtOnce(ha, 'ItHa');
    expect({ack: after.ack !== null, partial: after.partialAck ?? null}).toEqual({ack: true, partial: null});
  });

  it('is acked, not partial, while the other peer has not had the silence by gossip yet', async () => {
    const after = await ackedAtOnce(still, 'ItHaBeforeGossip');
    // One peer reports it silenced, the other not yet: the ack is the cluster's all the same.
    expect(after.silencedBy).toHaveLength(1);
    expect({ack: after.ack?.by, partial: after.partialAck ?? null}).toEqual({ack: 'it', partial: null});
  });
});
