/**
 * A poll after a write (an ack, an unack, a keeper extension, an incident resolved) reads what
 * the source holds after it: it never takes the answer of an overdue read sent before the write.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {ackKeeperQueryOptions} from '../../src/queries/ack-keeper.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions, type AlertSnapshot} from '../../src/queries/alert-queries.ts';
import {runResolve} from '../../src/queries/incident-mutations.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource} from './fakes.ts';
import {scriptedAlertmanager} from './silence-fakes.ts';

// Real timers (not the query harness' fake clock): the deadline cuts reads that are really slow.
let client: QueryClient;
beforeEach(() => void (client = createQueryClient({retry: 0})));
afterEach(() => client.clear());

const MIN = 60_000;
const DEADLINE_MS = 400;
// A read the deadline cuts, still running when the next poll starts (a write between them).
const SLOW_MS = 600;
const log: ActionLogEntry[] = [];
const record = async (entry: ActionLogEntry) => void log.push(entry);
const now = () => Date.now();

/**
 * An Alertmanager whose reads take `delays[i]` ms (the last one for the rest) and answer the
 * writes it had settled when each read was sent: its alert's fingerprint says how many
 * (`f-after-0`, `f-after-1`). A second, fast source keeps each poll from failing as a whole.
 */
function setup(delays: number[]) {
  let resolved = 0;
  let reads = 0;
  const am = scriptedAlertmanager('am', {});
  const writes = () => am.createCalls.length + am.expireCalls.length + resolved;
  const capabilities = {
    ...am.handle.capabilities,
    async listAlerts() {
      const seen = writes();
      const delay = delays[Math.min(reads++, delays.length - 1)]!;
      // Silenced by the acks active when the read was sent, as Alertmanager says it.
      const silencedBy = (await am.handle.capabilities.listSilences()).value.filter((x) => x.state === 'active').map((x) => x.id);
      const alert = makeAlert({fingerprint: `f-after-${seen}`, labels: {alertname: 'A'}, seenBy: ['am'], ...(silencedBy.length > 0 ? {state: 'suppressed' as const, silencedBy} : {})});
      return new Promise<{value: Alert[]; warnings: string[]}>((ok) => setTimeout(() => ok({value: [alert], warnings: []}), delay));
    },
    async resolveIncident() {
      resolved++;
    },
    // Open until resolved: a resolve reads the incident before sending, and sends nothing to a resolved one.
    readIncidentStatus: async () => (resolved > 0 ? ('resolved' as const) : ('triggered' as const)),
  };
  const fast = fakeAlertSource(() => ({value: []}));
  const services = emptyServices({alertSources: [{...am.handle, capabilities}, {name: 'fast', kind: 'alertmanager', capabilities: fast.capabilities}]});
  const options = {...alertQueryOptions(services, {intervalMs: false, now, ackPrefix: 'ACK!', sourceDeadlineMs: DEADLINE_MS}), staleTime: 0};
  const poll = () => client.fetchQuery(options);
  return {am, services, poll, reads: () => reads};
}

const fingerprints = (snap: AlertSnapshot) => snap.alerts.map((a) => a.fingerprint);
const amOk = (snap: AlertSnapshot) => snap.outcomes.find((o) => o.name === 'am')?.ok;

/** A first poll whose read of `am` (sent before any write) is cut by the deadline, still running. */
async function overdueFirstPoll(poll: () => Promise<AlertSnapshot>) {
  const first = await poll();
  expect(amOk(first)).toBe(false);
}

describe('a poll after a write does not join an overdue read sent before it', () => {
  it('an ack: the next poll sends a read of its own and shows the source after the ack', async () => {
    const {services, poll, reads} = setup([SLOW_MS, 10]);
    await overdueFirstPoll(poll);
    const alert = makeAlert({fingerprint: 'f-after-0', labels: {alertname: 'A'}, seenBy: ['am']});
    const plan = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * MIN, author: 'primary', prefix: 'ACK!', comment: 'on it', now: now()});
    const outcome = await runSilenceMutation(client, ackMutationOptions(services, {record, now}), ackVariables(services, plan.drafts));
    expect(outcome.status).toBe('ok');
    const second = await poll();
    expect(fingerprints(second)).toEqual(['f-after-1']);
    expect(reads()).toBe(2);
  });

  it('an unack: the same', async () => {
    const {am, services, poll} = setup([SLOW_MS, 10]);
    await overdueFirstPoll(poll);
    const outcome = await runSilenceMutation(client, unackMutationOptions(services, {record, now}), {silenceIds: ['am-s9']});
    expect(am.expireCalls).toEqual(['am-s9']);
    expect(outcome.status).toBe('ok');
    expect(fingerprints(await poll())).toEqual(['f-after-1']);
  });

  it('a keeper extension: the same', async () => {
    const {am, services, poll} = setup([SLOW_MS, 10]);
    // An ack by primary ending in 2 minutes: the keeper replaces it.
    await am.handle.capabilities.createSilence({matchers: [{name: 'alertname', value: 'A', isRegex: false, isEqual: true}], startsAt: now(), endsAt: now() + 2 * MIN, createdBy: 'primary', comment: 'ACK! on it'});
    await overdueFirstPoll(poll);
    const run = await client.fetchQuery(ackKeeperQueryOptions(services, {record, now, prefix: 'ACK!', author: 'primary'}));
    expect(run.extended).toHaveLength(1);
    // The ack and its extension: two writes.
    expect(fingerprints(await poll())).toEqual(['f-after-2']);
  });

  it('an incident resolved: the same', async () => {
    const {services, poll} = setup([SLOW_MS, 10]);
    await overdueFirstPoll(poll);
    const incident = {source: 'am', id: 'PINC1', number: 1234, title: 'Checkout burning', status: 'triggered' as const, url: null, service: 'Checkout', acknowledgedBy: [], acknowledgedAt: null};
    await runResolve(client, services, {record, now}, incident);
    expect(fingerprints(await poll())).toEqual(['f-after-1']);
  });

  it('a read sent after the write and cut too is the one later polls join: still one overdue read per source', async () => {
    const {services, poll, reads} = setup([SLOW_MS, SLOW_MS, 10]);
    await overdueFirstPoll(poll);
    const outcome = await runSilenceMutation(client, unackMutationOptions(services, {record, now}), {silenceIds: ['am-s1']});
    expect(outcome.status).toBe('ok');
    // Its own read, cut as well; the read from before the unack is left to finish, dropped.
    expect(amOk(await poll())).toBe(false);
    expect(reads()).toBe(2);
    const third = await poll();
    expect(fingerprints(third)).toEqual(['f-after-1']);
    expect(reads()).toBe(2);
  });

  it('plain polls with no write between them still join the overdue read', async () => {
    const {poll, reads} = setup([SLOW_MS, 10]);
    await overdueFirstPoll(poll);
    expect(fingerprints(await poll())).toEqual(['f-after-0']);
    expect(reads()).toBe(1);
  });
});
