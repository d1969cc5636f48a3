/**
 * An incident acknowledge never re-opens an incident resolved meanwhile. PagerDuty's contract
 * (PUT /incidents/{id}, `status`): "If the incident is currently resolved, setting the status to
 * "triggered" or "acknowledged" will reopen it", and a reopened incident pages again when its ack
 * timeout runs out. So each try reads the incident first (against the stand-in, which reopens a
 * resolved incident as PagerDuty does): resolved, nothing is sent and the outcome says so
 * (neither a failure retried for ever nor "acked"); acknowledged on a retry, it is done. (A first
 * try whose read fails sends on the row just polled: ack-incident-read-fails.test.ts.)
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {INCIDENT_RESOLVED_NOTE, ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-reopen-token';
let pd: FakePagerduty;
let source: AlertSourceInstance;
let client: QueryClient;
let log: ActionLog;

freshAckWorkspaceEachTest((w) => ({client, log} = w));

beforeAll(async () => {
  pd = await startFakePagerduty(TOKEN, []);
  source = createAlertSource({kind: 'pagerduty', name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}, {provider: {token: TOKEN}});
}, 30_000);

afterAll(async () => {
  await source.close();
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
});

const services = (): ContextServices => ({context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [source.handle], deploySource: null, rollbacker: null});

async function alerts(): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

// The ack of incident `id`'s row as the dashboard plans it from the last poll.
async function planned(id: string, number: number) {
  pd.incidents.set(id, {id, number, title: 'Checkout is down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'});
  const all = await alerts();
  const row = all.find((a) => a.incident?.id === id)!;
  expect(row.incident?.status).toBe('triggered');
  return planAck([row], all, {volatileLabels: [], durationMs: 15 * 60_000, author: 'bob', prefix: 'ACK!', comment: 'on it', now: Date.now()}).drafts;
}

const send = (drafts: Awaited<ReturnType<typeof planned>>, retry: number, retryDelay: () => number) =>
  runSilenceMutation(client, ackMutationOptions(services(), {record: log.record, now: Date.now, retry, retryDelay}), ackVariables(services(), drafts));

describe('an incident acknowledge and an incident resolved meanwhile', () => {
  it('the stand-in reopens a resolved incident on PUT acknowledged, as the contract says', async () => {
    pd.incidents.set('PINC800', {id: 'PINC800', number: 4800, title: 'Checkout is down', status: 'resolved', serviceId: 'PSVC001', serviceName: 'Checkout API', resolvedAt: '2026-12-04T18:30:00Z'});
    await source.handle.capabilities.acknowledgeIncident!('PINC800');
    expect(pd.incidents.get('PINC800')!.status).toBe('acknowledged');
    expect(pd.incidents.get('PINC800')!.resolvedAt).toBeUndefined();
    pd.incidents.delete('PINC800');
  });

  it('a retry after PagerDuty was unreachable sends nothing to the incident a colleague resolved meanwhile, and says so', async () => {
    const drafts = await planned('PINC900', 4900);
    // PagerDuty is unreachable for the first try (connection dropped mid-request): its read
    // fails, so the row just polled stands and the acknowledge goes into the outage, its fate
    // unknown (it cannot be read back either) ...
    pd.outage = {reset: true};
    let resolvedAt = -1;
    const retryDelay = () => {
      // ... and while the ack waits to retry, a colleague resolves the incident in PagerDuty's UI.
      if (resolvedAt < 0) {
        pd.outage = null;
        pd.incidents.get('PINC900')!.status = 'resolved';
        resolvedAt = pd.acks().length;
      }
      return 50;
    };
    const outcome = await send(drafts, 3, retryDelay);
    expect({status: pd.incidents.get('PINC900')!.status, sentAfterResolve: pd.acks().length - resolvedAt}).toEqual({status: 'resolved', sentAfterResolve: 0});
    // Settled (not retried for ever), and said as what happened: not "acked".
    expect(outcome.status).toBe('ok');
    expect(outcome.results).toEqual([expect.objectContaining({source: 'pagerduty', ok: true, incident: 'PD #4900', note: INCIDENT_RESOLVED_NOTE, attempts: 2})]);
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.phase, e.attempt, e.details?.['note'] ?? null])).toEqual([
      ['attempt', 1, null],
      ['unknown', 1, null],
      ['attempt', 2, null],
      ['success', 2, INCIDENT_RESOLVED_NOTE],
    ]);
    pd.incidents.delete('PINC900');
  });

  it('a first try from a row polled before the incident was resolved sends nothing either', async () => {
    const drafts = await planned('PINC901', 4901);
    pd.incidents.get('PINC901')!.status = 'resolved';
    const before = pd.acks().length;
    const outcome = await send(drafts, 0, () => 50);
    expect(pd.acks().length - before).toBe(0);
    expect(pd.incidents.get('PINC901')!.status).toBe('resolved');
    expect(outcome.results).toEqual([expect.objectContaining({ok: true, note: INCIDENT_RESOLVED_NOTE, attempts: 1})]);
    pd.incidents.delete('PINC901');
  });

  it('a retry finds the incident acknowledged meanwhile: done, nothing sent', async () => {
    const drafts = await planned('PINC902', 4902);
    // The first try's acknowledge is lost on its way (read back, the incident is still triggered) ...
    let lost = false;
    pd.writes = () => (lost ? undefined : ((lost = true), {reset: true}));
    // ... and while the ack waits to retry, a colleague acknowledges the incident.
    const retryDelay = () => {
      if (pd.incidents.get('PINC902')!.status === 'triggered') (pd.incidents.get('PINC902')!.status = 'acknowledged'), (pd.incidents.get('PINC902')!.acknowledgedBy = 'alice@example.com');
      return 50;
    };
    const before = pd.acks().length;
    const outcome = await send(drafts, 3, retryDelay).finally(() => (pd.writes = null));
    // Only the first try's PUT (lost on its way) went out.
    expect(pd.acks().length - before).toBe(1);
    expect(outcome.status).toBe('ok');
    expect(outcome.results).toEqual([expect.objectContaining({ok: true, note: 'already acknowledged', attempts: 2})]);
    expect(pd.incidents.get('PINC902')!.acknowledgedBy).toBe('alice@example.com');
    pd.incidents.delete('PINC902');
  });

  it('a triggered incident is acknowledged as before: read, then one PUT', async () => {
    const drafts = await planned('PINC903', 4903);
    const before = pd.acks().length;
    const outcome = await send(drafts, 0, () => 50);
    expect(outcome.results).toEqual([expect.objectContaining({ok: true, incident: 'PD #4903', attempts: 1})]);
    expect(outcome.results[0]!.note).toBeUndefined();
    expect(pd.acks().length - before).toBe(1);
    expect(pd.incidents.get('PINC903')!.status).toBe('acknowledged');
    pd.incidents.delete('PINC903');
  });
});
