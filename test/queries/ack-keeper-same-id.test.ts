/**
 * Partitioned HA cluster (cluster: ha): the ack S landed on ha-1 and gossiped to ha-2 before the
 * partition, so both hold the same silence id. The keeper extends S through ha-1; ha-2 never
 * hears of it and its copy keeps the old end. Whether ha-1 replaced S (a new id, S expired) or
 * updated it in place (a later end), ha-2's copy must still be extended before it runs out:
 * left to ha-1, it paged.
 */
import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {ackKeeperQueryOptions} from '../../src/queries/ack-keeper.ts';
import {alertKey} from '../../src/queries/alert-queries.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager} from './silence-fakes.ts';

const MIN = 60_000;
let client: QueryClient;
const {record} = actionLogEachTest();
const now = () => Date.now();
const matchers = [{name: 'alertname', value: 'A', isRegex: false, isEqual: true}];
freshQueryClientEachTest((c) => (client = c));

describe('keeper on a partitioned cluster where both peers hold the same ack id', () => {
  it('keeps the copy on ha-2 from running out', async () => {
    const alerts = () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']})];
    const ha1 = scriptedAlertmanager('ha-1', {}, alerts);
    const ha2 = scriptedAlertmanager('ha-2', {}, alerts);
    const s = {id: 'S', matchers, startsAt: T0, endsAt: T0 + 4 * MIN, createdBy: 'primary', comment: 'ACK! on it', state: 'active' as const};
    ha1.created.push({...s});
    ha2.created.push({...s}); // gossiped before the partition
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const opts = {...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0};
    const run1 = await client.fetchQuery(opts);
    expect(run1.extended.map((e) => e.source)).toEqual(['ha-1']);
    // Partition: ha-2 never hears of the extension. Two minutes on, its copy ends in 2 minutes.
    vi.setSystemTime(T0 + 2 * MIN);
    const run2 = await client.fetchQuery(opts);
    const ha2Active = ha2.created.filter((x) => x.state === 'active');
    const ha2LatestEnd = Math.max(...ha2Active.map((x) => x.endsAt));
    expect({run2Extended: run2.extended.map((e) => e.source), ha2MinutesLeft: Math.round((ha2LatestEnd - now()) / MIN) >= 10}).toEqual({run2Extended: ['ha-2'], ha2MinutesLeft: true});
  });

  it('keeps the copy on ha-2 from running out when ha-1 updated S in place', async () => {
    const alerts = () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']})];
    const ha1 = scriptedAlertmanager('ha-1', {}, alerts);
    const ha2 = scriptedAlertmanager('ha-2', {}, alerts);
    const s = {id: 'S', matchers, startsAt: T0, endsAt: T0 + 4 * MIN, createdBy: 'primary', comment: 'ACK! on it', state: 'active' as const};
    // ha-1 already holds S extended in place (the same id, a later end); ha-2 the old copy.
    ha1.created.push({...s, endsAt: T0 + 60 * MIN});
    ha2.created.push({...s});
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const opts = {...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0};
    const run = await client.fetchQuery(opts);
    // The write carries S's id: ha-2's copy is updated, no second silence of another id sent.
    expect({extended: run.extended.map((e) => e.source), ids: ha2.createCalls.map((d) => d.id), ha1Writes: ha1.createCalls.length}).toEqual({extended: ['ha-2'], ids: ['S'], ha1Writes: 0});
  });
});
