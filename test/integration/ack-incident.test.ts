/**
 * One ack for both, against a real Alertmanager and a recording PagerDuty stand-in (checked
 * against PagerDuty's OpenAPI description): an alert that paged an incident is acked with one
 * key — the silence lands in Alertmanager and exactly one acknowledge request reaches PagerDuty
 * as the configured user; with PagerDuty down the silence still lands, the incident ack is
 * unknown, is retried and lands once PagerDuty is back, every try in the action log; an
 * acknowledge whose answer was lost is read back, and found acknowledged is a success.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil, postAlert} from '../helpers/backends.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-it-token';
const LABELS = {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'};

let peer: AlertmanagerPeer;
let pd: FakePagerduty;
let sources: AlertSourceInstance[];
let client: QueryClient;
let log: ActionLog;
let dir: string;

freshAckWorkspaceEachTest((w) => ({client, log, dir} = w));

beforeAll(async () => {
  peer = await startAlertmanagerPeer();
  pd = await startFakePagerduty(TOKEN, []);
  await postAlert(peer.url, LABELS);
  sources = [
    createAlertSource({kind: 'alertmanager', name: 'am-a', url: peer.url}, {endpoint: {baseUrl: peer.url, timeoutMs: 3000}}),
    createAlertSource({kind: 'pagerduty', name: 'pagerduty', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}, {provider: {token: TOKEN}}),
  ];
}, 60_000);

afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  await peer.cleanup();
});

function services(): ContextServices {
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: sources.map((s) => s.handle), deploySource: null, rollbacker: null};
}

async function alerts(): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

function incident(id: string, number: number) {
  pd.incidents.set(id, {id, number, title: '[FIRING:1] CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', firing: [LABELS]});
}

async function ackPaged(retry: number, retryDelay = () => 50, beforeSend = () => {}) {
  const all = await pollUntil(alerts, (list) => list.some((a) => a.name === 'CheckoutHighErrorRate' && a.incident?.status === 'triggered'), 15_000, 'alert linked to its incident');
  beforeSend();
  const alert = all.find((a) => a.name === 'CheckoutHighErrorRate')!;
  const plan = planAck([alert], all, {volatileLabels: [], durationMs: 15 * 60_000, author: 'bob', prefix: 'ACK!', comment: 'both', now: Date.now()});
  return runSilenceMutation(client, ackMutationOptions(services(), {record: log.record, now: Date.now, retry, retryDelay}), ackVariables(services(), plan.drafts));
}

describe('one ack for an alert and the incident it paged', () => {
  it('creates the silence and sends exactly one acknowledge, as the configured user', async () => {
    incident('PINC100', 1234);
    const before = pd.acks().length;
    const outcome = await ackPaged(0);
    expect(outcome.status).toBe('ok');
    expect(outcome.results.map((r) => [r.source, r.ok, r.incident ?? 'silence'])).toEqual([['am-a', true, 'silence'], ['pagerduty', true, 'PD #1234']]);
    const acks = pd.acks().slice(before);
    expect(acks.map((r) => [r.path, r.headers.from])).toEqual([['/incidents/PINC100', 'bob@example.com']]);
    const silenceId = outcome.results[0]!.silenceId!;
    const silences = (await sources[0]!.handle.capabilities.listSilences!()).value;
    expect(silences.find((s) => s.id === silenceId)?.comment).toBe('ACK! both');
    // The row now says who acked the incident.
    const after = await alerts();
    expect(after.find((a) => a.name === 'CheckoutHighErrorRate')?.incident).toMatchObject({number: 1234, status: 'acknowledged', acknowledgedBy: ['bob']});
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.source, e.phase, e.target['incident'] ?? e.target['alertname']]).sort()).toEqual([
      ['am-a', 'attempt', 'CheckoutHighErrorRate'],
      ['am-a', 'success', 'CheckoutHighErrorRate'],
      ['pagerduty', 'attempt', 'PD #1234'],
      ['pagerduty', 'success', 'PD #1234'],
    ]);
    expect(entries).toHaveLength(4);
    pd.incidents.delete('PINC100');
  });

  it('with PagerDuty down: the silence lands, the incident ack is unknown and is retried until it lands, all logged', async () => {
    incident('PINC200', 1300);
    const before = pd.acks().length;
    // Each try reads the incident first, then its acknowledge goes out and PagerDuty goes down
    // as it arrives (not done), so the incident cannot be read back either; twice.
    let drops = 2;
    pd.writes = () => (drops-- > 0 ? (pd.outage = {reset: true}) : undefined);
    let outcome;
    try {
      // PagerDuty is back before each retry.
      outcome = await ackPaged(20, () => ((pd.outage = null), 100));
    } finally {
      pd.writes = null;
      pd.outage = null;
    }
    expect(outcome.status).toBe('ok');
    // Two acknowledges lost as PagerDuty went down, then one answered: no more.
    expect(pd.acks().length - before).toBe(3);
    expect(pd.incidents.get('PINC200')?.status).toBe('acknowledged');
    const entries = await readActionLog(log.path);
    const pdEntries = entries.filter((e) => e.source === 'pagerduty').map((e) => [e.phase, e.attempt]);
    // Each dropped connection came after sending, and the incident could not be read back: unknown, never failed.
    expect(pdEntries.slice(0, 4)).toEqual([['attempt', 1], ['unknown', 1], ['attempt', 2], ['unknown', 2]]);
    expect(pdEntries.at(-1)).toEqual(['success', 3]);
    // The silence landed on the first try and was not sent again.
    expect(entries.filter((e) => e.source === 'am-a').map((e) => [e.phase, e.attempt])).toEqual([['attempt', 1], ['success', 1]]);
    expect(dir).toBeTruthy();
  });

  it('an acknowledge PagerDuty did whose answer was lost: read back acknowledged, a success, not sent again', async () => {
    // The earlier test's incident, acknowledged, would link the alert instead.
    pd.incidents.delete('PINC200');
    incident('PINC300', 1400);
    const before = pd.acks().length;
    // PagerDuty acknowledges it, and its answer never comes (a slow gateway): the source times out after sending.
    const hangAfterAck = () =>
      (pd.writes = (id) => {
        const held = pd.incidents.get(id);
        if (held) (held.status = 'acknowledged'), (held.acknowledgedBy = 'bob@example.com');
        return {hang: true};
      });
    let outcome;
    try {
      outcome = await ackPaged(3, () => 50, hangAfterAck);
    } finally {
      pd.writes = null;
    }
    expect(outcome.status).toBe('ok');
    expect(outcome.results.find((r) => r.source === 'pagerduty')).toMatchObject({ok: true, incident: 'PD #1400', note: 'found acknowledged: the answer was lost', attempts: 1});
    expect(pd.acks().length - before).toBe(1);
    const entries = await readActionLog(log.path);
    expect(entries.filter((e) => e.source === 'pagerduty').map((e) => [e.phase, e.attempt, e.details?.['note'] ?? null])).toEqual([
      ['attempt', 1, null],
      ['success', 1, 'found acknowledged: the answer was lost'],
    ]);
    pd.incidents.delete('PINC300');
  }, 20_000);
});
