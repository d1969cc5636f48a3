/**
 * One ack due on both peers of a cluster with different ends, the first peer refusing
 * connections: its plan falls over to the second peer (read first, nothing there yet, so written),
 * and the second peer's own plan must not write it there again (with an Alertmanager that extends
 * by a new id, that left two active ack silences, and the run said extended twice).
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

describe('keeper, one id due on both peers with different ends, ha-1 refusing connections', () => {
  it('writes the extension to ha-2 once', async () => {
    const alerts = () => [makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']})];
    const ha1 = scriptedAlertmanager('ha-1', {create: ['unavailable']}, alerts);
    const ha2 = scriptedAlertmanager('ha-2', {}, alerts);
    const s = {id: 'S', matchers, startsAt: T0, endsAt: T0 + 3 * MIN, createdBy: 'primary', comment: 'ACK! on it', state: 'active' as const};
    ha1.created.push({...s});
    ha2.created.push({...s, endsAt: T0 + 4 * MIN});
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    client.setQueryData(alertKey('test'), {alerts: [], at: T0, outcomes: []});
    const opts = {...ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary', intervalMs: false}), staleTime: 0};
    const run = await client.fetchQuery(opts);
    expect({ha2Writes: ha2.createCalls.length, ha2Active: ha2.created.filter((x) => x.state === 'active').length, extended: run.extended.length}).toEqual({ha2Writes: 1, ha2Active: 1, extended: 1});
  });
});
