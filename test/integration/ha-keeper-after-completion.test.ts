/**
 * Ack-until-resolved on a partitioned HA cluster (`cluster: ha`, peers not gossiping: held still
 * with two unclustered Alertmanagers). The ack lands through ha-1; past the gossip grace the row
 * says ACK PARTIAL and `a` sends the same silence to ha-2 itself (README). The keeper then reads
 * the cluster through ha-1 only and extends ha-1's silence only: ha-2's copy runs out and ha-2
 * pages, while the keeper's run reports the ack extended.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, completionVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {ackKeeperQueryOptions} from '../../src/queries/ack-keeper.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';

const now = () => Date.now();
const later = () => Date.now() + 2 * 60_000;
let still: [AlertmanagerPeer, AlertmanagerPeer];
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

describe('ack keeper after completing a partial ack on a partitioned cluster', () => {
  it("extends the copy on the peer gossip did not reach too", async () => {
    const labels = {alertname: 'PartitionedKeep', service: 'api', severity: 'critical'};
    await Promise.all(still.map((p) => postAlerts(p.url, [labels])));
    const s = services(still);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'PartitionedKeep')!;
    // A 3-minute ack: inside the keeper's 5-minute window.
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 3 * 60_000, author: 'it', prefix: 'ACK!', now: now()});
    await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), ackVariables(s, plan.drafts));
    const partial = (await alertsOf(s, later)).find((a) => a.name === 'PartitionedKeep')!;
    expect(partial.partialAck?.notGossiped).toEqual(['ha-2']);
    const completed = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), completionVariables(s, partial, partial.partialAck!, now()));
    expect(completed.status).toBe('ok');
    await sleep(300); // ha-2 marks its alert silenced
    const run = await client.fetchQuery({...ackKeeperQueryOptions(s, {record: log.record, now, prefix: 'ACK!', author: 'it', intervalMs: false}), staleTime: 0});
    const endOn = async (url: string) => {
      const list = (await (await fetch(`${url}/api/v2/silences`)).json()) as Array<{comment: string; endsAt: string; status: {state: string}}>;
      return Math.round((Math.max(...list.filter((x) => x.status.state === 'active' && x.comment.startsWith('ACK!')).map((x) => Date.parse(x.endsAt))) - now()) / 60_000);
    };
    expect({extendedOn: run.extended.map((e) => e.source), minutesLeftHa1: await endOn(still[0].url), minutesLeftHa2: await endOn(still[1].url)}).toEqual({
      extendedOn: ['ha-1', 'ha-2'],
      minutesLeftHa1: 15,
      minutesLeftHa2: 15,
    });
  });
});
