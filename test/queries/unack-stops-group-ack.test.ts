import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import {expect, it, vi} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import {ackMutationOptions, ackVariables} from '../../src/queries/ack-mutations.ts';
import {ackStates} from '../../src/queries/ack-state.ts';
import {STOPPED_BY_UNACK} from '../../src/queries/silence-retry.ts';
import type {SilenceFailure} from '../../src/queries/silence-results.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from './fakes.ts';
import {actionLogEachTest, freshQueryClientEachTest} from './query-harness.ts';
import {scriptedAlertmanager} from './silence-fakes.ts';

let client: QueryClient;
const {record} = actionLogEachTest();
const now = () => Date.now();
freshQueryClientEachTest((c) => (client = c));

const a1 = makeAlert({fingerprint: 'f1', name: 'HighLatency', labels: {alertname: 'HighLatency', service: 'api'}, seenBy: ['am-1']});
const a2 = makeAlert({fingerprint: 'f2', name: 'Errors', labels: {alertname: 'Errors', service: 'api'}, seenBy: ['am-1']});

it('an unack of one alert of a group ack waiting to retry stops that ack whole: no silence of the alert comes back', async () => {
  // The group ack's first try fails for both alerts and waits 1 s to retry; the unack's read of
  // the silences takes 50 ms, so a retry woken by it would land after that read.
  const am = scriptedAlertmanager('am-1', {create: ['unavailable', 'unavailable', 'ok'], listDelayMs: 50});
  const services = emptyServices({alertSources: [am.handle]});
  const plan = planAck([a1, a2], [a1, a2], {volatileLabels: [], durationMs: 15 * 60_000, author: 'primary@bastion', prefix: 'ACK!', comment: 'on it', now: T0});
  const ack = new MutationObserver(client, ackMutationOptions(services, {record, now})).mutate(ackVariables(services, plan.drafts)).then((v) => v, (e: unknown) => e as SilenceFailure);
  await vi.advanceTimersByTimeAsync(200);
  expect(am.createCalls).toHaveLength(2);

  const unack = new MutationObserver(client, unackMutationOptions(services, {record, now, prefix: 'ACK!', retry: 0})).mutate({alerts: [a1]}).then((v) => v, (e: unknown) => e);
  await vi.advanceTimersByTimeAsync(60_000);
  expect((await unack as {status?: string}).status).toBe('ok');
  // No retry went: nothing silences f1 (nor f2, whose ack never landed).
  expect(am.createCalls).toHaveLength(2);
  expect(am.created.filter((s) => s.state === 'active')).toEqual([]);
  // The ack says it stopped, and that neither alert is acked.
  const outcome = (await ack) as SilenceFailure;
  expect(outcome.outcome.status).toBe('failed');
  expect(outcome.outcome.results.map((r) => [r.fingerprint, r.ok, r.retryable, r.error])).toEqual([
    ['f1', false, false, STOPPED_BY_UNACK],
    ['f2', false, false, STOPPED_BY_UNACK],
  ]);
  // The rows: f1 shows its unack done; f2 shows the ack failed, saying why it stopped.
  const states = ackStates(client);
  expect([states.get('f1')?.action, states.get('f1')?.status]).toEqual(['unack', 'done']);
  expect([states.get('f2')?.action, states.get('f2')?.status, states.get('f2')?.error]).toEqual(['ack', 'failed', STOPPED_BY_UNACK]);
});
