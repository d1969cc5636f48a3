/**
 * Partitioned (or lagging) HA cluster: the user unacked S and the expiry went through ha-1 only;
 * ha-2 still lists its stale copy of S as active and about to end. The keeper must not extend
 * that copy: it would undo the unack, and once the partition heals gossip would carry the
 * extension back to every peer. (The unack may have finished before the run, or been made by
 * `oncall unack` or another dashboard, so the in-memory check of newer unacks does not see it.)
 */
import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
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

describe('keeper and an ack unacked on ha-1 that ha-2 has not heard of', () => {
  it('does not extend the stale active copy on ha-2', async () => {
    const s = {id: 'S', matchers, startsAt: T0, endsAt: T0 + 4 * MIN, createdBy: 'primary', comment: 'ACK! on it', state: 'active' as const};
    const ha1 = scriptedAlertmanager('ha-1', {}, () => [makeAlert({fingerprint: 'f1', state: 'firing', seenBy: ['ha-1', 'ha-2']})]);
    const ha2 = scriptedAlertmanager('ha-2', {}, () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']})]);
    ha1.created.push({...s, endsAt: T0, updatedAt: T0, state: 'expired' as never}); // unacked through ha-1
    ha2.created.push({...s}); // partitioned / lagging: still active, ends in 4 min
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const opts = {...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0};
    const run = await client.fetchQuery(opts);
    expect({extended: run.extended.map((e) => e.source), ha2Writes: ha2.createCalls.map((d) => d.id), ha1Writes: ha1.createCalls.length}).toEqual({extended: [], ha2Writes: [], ha1Writes: 0});
  });
});

describe('keeper: a copy that ran out on one peer is not an unack', () => {
  it('still extends the active copy the user holds on ha-1', async () => {
    const s = {id: 'S', matchers, startsAt: T0 - 60 * MIN, createdBy: 'primary', comment: 'ACK! on it'};
    const ha1 = scriptedAlertmanager('ha-1', {}, () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']})]);
    const ha2 = scriptedAlertmanager('ha-2', {}, () => [makeAlert({fingerprint: 'f1', state: 'firing', seenBy: ['ha-1', 'ha-2']})]);
    // ha-1: extended in place by an earlier run, active, due again (ends in 4 min).
    ha1.created.push({...s, endsAt: T0 + 4 * MIN, updatedAt: T0 - 30 * MIN, state: 'active' as never});
    // ha-2 (partitioned from ha-1): its copy was never extended and ran out at its own end.
    ha2.created.push({...s, endsAt: T0 - 5 * MIN, updatedAt: T0 - 60 * MIN, state: 'expired' as never});
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const opts = {...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0};
    const run = await client.fetchQuery(opts);
    expect({extended: run.extended.map((e) => e.source), ha1Writes: ha1.createCalls.map((d) => d.id)}).toEqual({extended: ['ha-1'], ha1Writes: ['S']});
  });
});
