/**
 * The ack of an alert without an `alertname` label (hand-posted, or relabelled) against a real
 * Alertmanager: its silence pins `alertname=""`, which Alertmanager takes and matches only where
 * the label is absent, so a named alert of the same instance is not silenced with it.
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
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';

const now = () => Date.now();
let peer: AlertmanagerPeer;
let source: AlertmanagerSource;
let log: ActionLog;
let client: QueryClient;

function services(): ContextServices {
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [{name: 'am', kind: 'alertmanager', capabilities: source}], deploySource: null, rollbacker: null};
}

async function alertsOf(s: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

beforeAll(async () => {
  peer = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: peer.url, timeoutMs: 2000});
}, 60_000);
afterAll(async () => {
  await source?.close();
  await peer?.cleanup();
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('ack of an alert without alertname', () => {
  it('silences that alert only, not a named alert of the same instance', async () => {
    await postAlerts(peer.url, [{instance: 'db-1:9100', pod: 'db-1-abc'}, {alertname: 'DiskFull', instance: 'db-1:9100', pod: 'db-1-abc'}]);
    const s = services();
    const all = await alertsOf(s);
    const nameless = all.find((a) => a.labels['alertname'] === undefined)!;
    // `pod` volatile: without `alertname=""` the silence was `instance="db-1:9100"` alone.
    const plan = planAck([nameless], all, {volatileLabels: ['pod'], durationMs: 15 * 60_000, author: 'it@bastion', prefix: 'ACK!', now: now()});
    expect(plan.overreach).toEqual([]);
    expect((await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!'}), ackVariables(s, plan.drafts))).status).toBe('ok');
    const after = await alertsOf(s);
    expect(after.find((a) => a.fingerprint === nameless.fingerprint)).toMatchObject({state: 'suppressed', ack: {by: 'it@bastion'}});
    expect(after.find((a) => a.name === 'DiskFull')).toMatchObject({state: 'firing', silencedBy: []});
  });
});
