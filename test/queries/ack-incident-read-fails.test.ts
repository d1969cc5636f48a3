/**
 * The read an incident acknowledge makes before sending never blocks an acknowledge that would
 * have landed. On the first try a failed read (PagerDuty dropping that one request, a rate
 * limit) lets the row just polled stand and the acknowledge goes, as it did before there was
 * a read; a read told to wait (429) waits out a short reset like the acknowledge does. On a retry
 * the row is no longer current: a failed read fails the try, nothing is sent, and the error says
 * it was the read.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import type {FakeReply} from '../helpers/fake-ci.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-read-fails-token';
let pd: FakePagerduty;
let source: AlertSourceInstance;
let client: QueryClient;
let log: ActionLog;

freshAckWorkspaceEachTest((w) => ({client, log} = w));

beforeAll(async () => {
  pd = await startFakePagerduty(TOKEN, []);
  source = createAlertSource({kind: 'pagerduty', name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}, {provider: {token: TOKEN}});
}, 30_000);

afterEach(() => {
  pd.reads = null;
  pd.writes = null;
});

afterAll(async () => {
  await source.close();
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
});

const services = (): ContextServices => ({context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [source.handle], deploySource: null, rollbacker: null});

// PagerDuty dropping the connection (its contract declares no 5xx; a proxy's would read alike).
const UNAVAILABLE: FakeReply = {reset: true};
const RATE_LIMITED: FakeReply = {status: 429, headers: {'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '2'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}};

// Answers the incident's read with `reply` the first `times` times (every time when omitted), then as usual.
function failReads(reply: FakeReply, times = Infinity): void {
  let left = times;
  pd.reads = () => (left-- > 0 ? reply : undefined);
}

async function alerts(): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

// The ack of triggered incident `id`'s row as the dashboard plans it from the last poll.
async function planned(id: string, number: number) {
  pd.incidents.set(id, {id, number, title: 'Checkout is down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'});
  const all = await alerts();
  const row = all.find((a) => a.incident?.id === id)!;
  return planAck([row], all, {volatileLabels: [], durationMs: 15 * 60_000, author: 'bob', prefix: 'ACK!', comment: 'on it', now: Date.now()}).drafts;
}

const send = (drafts: Awaited<ReturnType<typeof planned>>, retry: number, retryDelay: () => number = () => 50) =>
  runSilenceMutation(client, ackMutationOptions(services(), {record: log.record, now: Date.now, retry, retryDelay}), ackVariables(services(), drafts));

describe('an incident acknowledge whose read before sending fails', () => {
  it('on the first try, with only the incident read failing (connection dropped), is sent on the row just polled and lands', async () => {
    const drafts = await planned('PINC701', 4701);
    failReads(UNAVAILABLE);
    const before = pd.acks().length;
    const outcome = await send(drafts, 3);
    expect({status: outcome.status, incident: pd.incidents.get('PINC701')!.status, sent: pd.acks().length - before}).toEqual({status: 'ok', incident: 'acknowledged', sent: 1});
    expect(outcome.results).toEqual([expect.objectContaining({ok: true, incident: 'PD #4701', attempts: 1})]);
    pd.incidents.delete('PINC701');
  });

  it('on the first try, told to wait out a short rate limit (429), lands once the reset passes', async () => {
    const drafts = await planned('PINC702', 4702);
    failReads(RATE_LIMITED, 1);
    const started = Date.now();
    const outcome = await send(drafts, 0);
    expect({status: outcome.status, incident: pd.incidents.get('PINC702')!.status, error: outcome.results[0]?.error ?? null}).toEqual({status: 'ok', incident: 'acknowledged', error: null});
    // Not sent before the reset the server named.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    pd.incidents.delete('PINC702');
  }, 20_000);

  it("on a retry, the read told to wait (429) waits out the reset, then the acknowledge lands", async () => {
    const drafts = await planned('PINC703', 4703);
    // The first try's acknowledge is lost (read back, still triggered: it did not land) ...
    let lost = false;
    pd.writes = () => (lost ? undefined : ((lost = true), UNAVAILABLE));
    // ... and while the ack waits to retry the account's rate limit is spent: the retry's read is told to wait.
    const outcome = await send(drafts, 1, () => (failReads(RATE_LIMITED, 1), 50));
    expect({status: outcome.status, incident: pd.incidents.get('PINC703')!.status}).toEqual({status: 'ok', incident: 'acknowledged'});
    expect(outcome.results).toEqual([expect.objectContaining({ok: true, attempts: 2})]);
    pd.incidents.delete('PINC703');
  }, 20_000);

  it('on a retry, fails the try without sending, said as the read that failed', async () => {
    const drafts = await planned('PINC704', 4704);
    // The first try's acknowledge is lost (read back, still triggered) ...
    let lost = false;
    pd.writes = () => (lost ? undefined : ((lost = true), UNAVAILABLE));
    // ... and from the retry on, every read of the incident is dropped.
    const before = pd.acks().length;
    const outcome = await send(drafts, 1, () => (failReads(UNAVAILABLE), 50));
    // Only the first try's lost PUT went out.
    expect(pd.acks().length - before).toBe(1);
    expect(pd.incidents.get('PINC704')!.status).toBe('triggered');
    expect(outcome.status).toBe('failed');
    expect(outcome.results[0]?.error).toMatch(/^reading PD #4704 before acknowledging failed; nothing was sent: unavailable: pagerduty/);
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.phase, e.attempt])).toEqual([
      ['attempt', 1],
      ['failure', 1],
      ['attempt', 2],
      ['failure', 2],
    ]);
    expect(entries[3]!.error).toMatch(/^reading PD #4704 before acknowledging failed; nothing was sent: /);
    pd.incidents.delete('PINC704');
  });
});
