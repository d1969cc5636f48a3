/**
 * README (acks): a newer unack stops an ack's retries, "so nothing is left silencing the alert
 * after `unacked`". `oncall unack` always runs in another process than the dashboard retrying an
 * ack, so the retry cannot learn of it from its own cache: it reads the silences where it landed.
 */
import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {expect, it, vi} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import {ackMutationOptions, ackVariables} from '../../src/queries/ack-mutations.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {STOPPED_BY_UNACK} from '../../src/queries/silence-retry.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager} from './silence-fakes.ts';

let dashboard: QueryClient;
const {record} = actionLogEachTest();
const now = () => Date.now();
freshQueryClientEachTest((c) => (dashboard = c));

const a1 = makeAlert({fingerprint: 'f1', name: 'HighLatency', labels: {alertname: 'HighLatency', service: 'api'}, seenBy: ['am-1', 'am-2']});

it('an `oncall unack` (another process) of an alert the dashboard is still retrying to ack leaves no silence of it afterwards', async () => {
  // Two Alertmanagers (not one cluster): am-1 takes the ack, am-2 is down for its first try.
  const am1 = scriptedAlertmanager('am-1');
  const am2 = scriptedAlertmanager('am-2', {create: ['unavailable', 'ok']});
  const services = emptyServices({alertSources: [am1.handle, am2.handle]});
  const plan = planAck([a1], [a1], {volatileLabels: [], durationMs: 15 * 60_000, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
  const ack = new MutationObserver(dashboard, ackMutationOptions(services, {record, now})).mutate(ackVariables(services, plan.drafts)).then((v) => v, (e: unknown) => e);
  await vi.advanceTimersByTimeAsync(200);
  expect(am1.created.filter((s) => s.state === 'active')).toHaveLength(1);

  // `oncall unack f1` in another pane: its own process, its own query client.
  const cli = createQueryClient();
  const unack = await new MutationObserver(cli, unackMutationOptions(services, {record, now, prefix: 'ACK!', retry: 0})).mutate({alerts: [a1]}).then((v) => v, (e: unknown) => e);
  expect((unack as {status?: string}).status).toBe('ok');
  expect(am1.created.filter((s) => s.state === 'active')).toEqual([]);

  // The dashboard's next retry reads am-1, finds its silence unacked there, and stops: am-2 is never sent it.
  await vi.advanceTimersByTimeAsync(120_000);
  const outcome = (await ack) as {outcome?: {results: Array<{source: string; error?: string}>}};
  expect([...am1.created, ...am2.created].filter((s) => s.state === 'active')).toEqual([]);
  expect(am2.createCalls).toHaveLength(1);
  expect(outcome.outcome?.results.find((r) => r.source === 'am-2')?.error).toBe(STOPPED_BY_UNACK);
});
