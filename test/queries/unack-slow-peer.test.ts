/**
 * HA cluster, ha-1 healthy, ha-2 blackholed (its listing only ends at the 10 s timeout). The
 * peers are listed at once and what ha-1 lists is expired as soon as it answers: waiting for
 * every peer first would make each `u` wait out ha-2's timeout while the row says sending.
 */
import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
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

describe('unack with one cluster peer not answering', () => {
  it('expires through the healthy peer without waiting for the other one to time out', async () => {
    const alert = makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['S'], seenBy: ['ha-1', 'ha-2']});
    const ha1 = scriptedAlertmanager('ha-1', {}, () => [alert]);
    const ha2 = scriptedAlertmanager('ha-2', {listDelayMs: 10_000}, () => [alert]);
    const s = {id: 'S', matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'primary', comment: 'ACK! on it', state: 'active' as const};
    ha1.created.push({...s});
    ha2.created.push({...s});
    const services = emptyServices({alertSources: [{...ha1.handle, cluster: 'ha'}, {...ha2.handle, cluster: 'ha'}]});
    void new MutationObserver(client, unackMutationOptions(services, {record, now, prefix: 'ACK!', retryDelay: () => 30_000})).mutate({alerts: [alert], author: 'primary'}).catch(() => {});
    await vi.advanceTimersByTimeAsync(1000);
    expect(ha1.expireCalls).toEqual(['S']);
    await vi.advanceTimersByTimeAsync(20_000);
  });
});
