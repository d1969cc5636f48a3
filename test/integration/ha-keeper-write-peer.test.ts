/**
 * Ack-until-resolved on an HA pair (`cluster: ha`, gossiping). The first peer's way in reads
 * fine but refuses writes with a 503 (an overloaded peer, or a proxy in front of it that lets
 * only GETs through answering a 404 page). The second peer is healthy. The keeper reads the
 * cluster through the first peer that answers and sends the extension there only: it fails every
 * run, and the ack ends and pages although the other peer of the same cluster would take it.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackKeeperQueryOptions} from '../../src/queries/ack-keeper.ts';
import type {AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPair, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {alertmanagerServices} from '../helpers/alertmanager-services.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const now = () => Date.now();
let ha: [AlertmanagerPeer, AlertmanagerPeer];
let proxy: FaultProxy;
let sources: AlertmanagerSource[];
let log: ActionLog;
let client: QueryClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const services = (urls: string[]): ContextServices => alertmanagerServices(urls, sources, {stem: 'ha', cluster: 'ha'});

beforeAll(async () => {
  sources = [];
  ha = await startAlertmanagerPair();
  const forward = forwardTo(ha[0].url);
  // Reads pass; writes are refused with a 503 (retryable kind: the peer is "unavailable" for writes).
  proxy = await startFaultProxy(async (req, body) => (req.method === 'GET' ? forward(req, body) : {status: 503, contentType: 'text/plain', body: 'Service Unavailable'}));
}, 60_000);
afterAll(async () => {
  await Promise.allSettled((sources ?? []).map((s) => s.close()));
  await proxy?.close();
  await Promise.allSettled((ha ?? []).map((p) => p.cleanup()));
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('ack keeper on an HA pair whose first peer refuses writes', () => {
  it('extends the ack through the healthy peer of the cluster', async () => {
    const labels = {alertname: 'KeeperHa', service: 'api', severity: 'critical'};
    await Promise.all(ha.map((p) => postAlerts(p.url, [labels])));
    // The user's ack, ending in 2 minutes (within the 5-minute window).
    const silence = {
      matchers: Object.entries(labels).map(([name, value]) => ({name, value, isRegex: false, isEqual: true})),
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      createdBy: 'it',
      comment: 'ACK! on it',
    };
    const res = await fetch(`${ha[1].url}/api/v2/silences`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(silence)});
    expect(res.status).toBe(200);
    // Let gossip bring it to ha-1 and both peers mark the alert silenced.
    for (let i = 0; i < 50; i++) {
      const a = (await (await fetch(`${ha[0].url}/api/v2/alerts`)).json()) as Array<{status: {silencedBy: string[]}}>;
      if (a.some((x) => x.status.silencedBy.length > 0)) break;
      await sleep(200);
    }
    const s = services([proxy.url, ha[1].url]);
    const run = await client.fetchQuery({...ackKeeperQueryOptions(s, {record: log.record, now, prefix: 'ACK!', author: 'it', intervalMs: false}), staleTime: 0});
    const active = (await (await fetch(`${ha[1].url}/api/v2/silences`)).json()) as Array<{comment: string; endsAt: string; status: {state: string}}>;
    const latestEnd = Math.max(...active.filter((x) => x.status.state === 'active' && x.comment.startsWith('ACK!')).map((x) => Date.parse(x.endsAt)));
    expect({
      extended: run.extended.length,
      failed: run.failed.map((f) => f.source),
      minutesLeft: Math.round((latestEnd - now()) / 60_000),
    }).toEqual({extended: 1, failed: [], minutesLeft: 15});
  });
});
