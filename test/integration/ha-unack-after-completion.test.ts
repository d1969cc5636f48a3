/**
 * An HA pair declared `cluster: ha` that does not gossip (partitioned; held still with two
 * Alertmanagers that do not cluster, as test/integration/ha-ack-immediate.test.ts does).
 * The ack lands through ha-1; a minute later the row says ACK PARTIAL ("its cluster did not gossip
 * the ack to ha-2") and `a` completes it by sending the silence to ha-2 itself, as the README says.
 * Then `u`: the unack lists the cluster's silences through ha-1 only, expires ha-1's copy, and
 * says "unacked" while the copy the dashboard itself put on ha-2 stays active: ha-2 keeps the
 * alert silenced (and after the partition heals, gossips it back to ha-1).
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, completionVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {oneUnackText} from '../../src/actions/alert-ops.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';

const now = () => Date.now();
// The dashboard's clock two minutes on: past the one-minute gossip grace.
const later = () => Date.now() + 2 * 60_000;
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
async function alertsOf(s: ContextServices, clock = now): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now: clock, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

beforeAll(async () => {
  sources = [];
  still = (await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()])) as [AlertmanagerPeer, AlertmanagerPeer];
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await Promise.allSettled((still ?? []).map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('unack after completing a partial ack on a partitioned cluster', () => {
  it('expires the copy `a` sent to the peer gossip did not reach, or does not say unacked', async () => {
    const labels = {alertname: 'PartitionedUnack', service: 'api', severity: 'critical'};
    await Promise.all(still.map((p) => postAlerts(p.url, [labels])));
    const s = services(still);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'PartitionedUnack')!;
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 900_000, author: 'it', prefix: 'ACK!', now: now()});
    const acked = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), ackVariables(s, plan.drafts));
    expect(acked.results.map((r) => r.source)).toEqual(['ha-1']);
    // A minute on: ACK PARTIAL, not gossiped to ha-2.
    const partial = (await alertsOf(s, later)).find((a) => a.name === 'PartitionedUnack')!;
    expect(partial.partialAck?.notGossiped).toEqual(['ha-2']);
    // `a` on the row: the same silence sent to ha-2 itself.
    const completed = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), completionVariables(s, partial, partial.partialAck!, now()));
    expect(completed.results.map((r) => [r.source, r.ok])).toEqual([['ha-2', true]]);
    const whole = (await alertsOf(s)).find((a) => a.name === 'PartitionedUnack')!;
    expect(whole.ack?.by).toBe('it');
    // `u` on the row.
    const outcome = await runSilenceMutation(client, unackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), {alerts: [whole], author: 'it'});
    const footer = oneUnackText('PartitionedUnack', outcome).text;
    const onHa2 = (await (await fetch(`${still[1].url}/api/v2/silences`)).json()) as Array<{comment: string; status: {state: string}}>;
    const active = onHa2.filter((x) => x.comment.startsWith('ACK!') && x.status.state === 'active').length;
    expect(footer).toMatch(/^unacked PartitionedUnack/);
    expect({footer, ackSilencesStillActiveOnHa2: active}).toEqual({footer, ackSilencesStillActiveOnHa2: 0});
  });
});
