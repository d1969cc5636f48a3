/**
 * `:resolve` of an incident a colleague (or PagerDuty itself) resolved between the last refresh
 * and the confirmation, against the recording PagerDuty stand-in. PagerDuty refuses a resolve of
 * a resolved incident (400 "Incident Already Resolved"): the footer must say it was resolved
 * meanwhile, never "FAILED … still open", and "still open" only when a read showed it open.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createIncidentOps} from '../../src/actions/incident-ops.ts';
import type {IncidentRef} from '../../src/domain/incident.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-resolve-token';
// PagerDuty's refusal of a resolve of a resolved incident. The contract declares no 400 for this
// PUT, yet PagerDuty answers one (the demo's PagerDuty models it too): its only allowed problem.
const ALREADY_RESOLVED = {status: 400, body: {error: {message: 'Invalid Input Provided', code: 2001, errors: ['Incident Already Resolved']}}};

let pd: FakePagerduty;
let source: AlertSourceInstance;
let client: QueryClient;
let log: ActionLog;
freshAckWorkspaceEachTest((w) => ({client, log} = w));

beforeAll(async () => {
  pd = await startFakePagerduty(TOKEN, []);
  source = createAlertSource({kind: 'pagerduty', name: 'pagerduty', apiUrl: pd.url, from: 'alice@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}, {provider: {token: TOKEN}});
}, 30_000);
afterAll(async () => {
  await source.close();
  expect(pd.fake.problems.map((p) => JSON.stringify(p)).filter((p) => !/PUT \/incidents\/\w+ → 400: status not declared/.test(p))).toEqual([]);
  await pd.close();
});

const services = (): ContextServices => ({context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [source.handle], deploySource: null, rollbacker: null});
const ops = () => createIncidentOps(client, services(), {record: log.record, now: Date.now});

// The row as the last refresh showed it: triggered.
function held(id: string, number: number, status: 'triggered' | 'resolved'): IncidentRef {
  pd.incidents.set(id, {id, number, title: 'Checkout is down', status, serviceId: 'PSVC001', serviceName: 'Checkout API', ...(status === 'resolved' ? {resolvedAt: '2026-12-04T18:10:00Z'} : {})});
  return {source: 'pagerduty', id, number, title: 'Checkout is down', status: 'triggered', url: null, service: 'Checkout API', acknowledgedBy: [], acknowledgedAt: null};
}

async function phases() {
  return (await readActionLog(log.path)).map((e) => [e.phase, e.details?.['note'] ?? e.error ?? null]);
}

describe(':resolve of an incident resolved elsewhere', () => {
  it('found resolved before sending: nothing sent, said resolved meanwhile, logged as a success with that note', async () => {
    const ref = held('PRES400', 4300, 'resolved');
    const before = pd.resolves().length;
    const message = await ops().resolve(ref, 'checkout');
    expect(message).toEqual({text: 'PD #4300 (checkout) on pagerduty: resolved meanwhile, nothing to resolve', tone: 'info'});
    expect(pd.resolves().length).toBe(before);
    expect(await phases()).toEqual([['attempt', null], ['success', 'resolved meanwhile, nothing to resolve']]);
    pd.incidents.delete('PRES400');
  });

  it('resolved between the read and the PUT, PagerDuty refusing it: read back, said resolved meanwhile, never FAILED nor "still open"', async () => {
    const ref = held('PRES410', 4310, 'triggered');
    // A colleague's resolve lands just before ours: PagerDuty answers ours with its refusal.
    pd.writes = (id) => {
      pd.incidents.get(id)!.status = 'resolved';
      return ALREADY_RESOLVED;
    };
    try {
      const message = await ops().resolve(ref, 'checkout');
      expect(message).toEqual({text: 'PD #4310 (checkout) on pagerduty: resolved meanwhile, nothing to resolve', tone: 'info'});
    } finally {
      pd.writes = null;
    }
    expect(await phases()).toEqual([['attempt', null], ['success', 'resolved meanwhile, nothing to resolve']]);
    pd.incidents.delete('PRES410');
  });

  it('a refusal with the incident read back open: FAILED, and "still open" because the read showed it', async () => {
    const ref = held('PRES420', 4320, 'triggered');
    pd.writes = () => ({status: 403, body: {error: {message: 'Access Denied', code: 2010}}});
    try {
      const message = await ops().resolve(ref, 'checkout');
      expect(message.tone).toBe('critical');
      expect(message.text).toMatch(/^resolve PD #4320 \(checkout\) FAILED: .*HTTP 403.*; read back, the incident is triggered; the incident is still open \(:resolve to try again\)$/);
    } finally {
      pd.writes = null;
    }
    expect(await phases()).toEqual([['attempt', null], ['failure', expect.stringMatching(/; read back, the incident is triggered$/)]]);
    pd.incidents.delete('PRES420');
  });

  it('a refusal whose read back fails: FAILED, never "still open" (it may have been resolved elsewhere)', async () => {
    const ref = held('PRES430', 4330, 'triggered');
    // The read before sending answers; the one after the refusal does not.
    let reads = 0;
    pd.reads = () => (++reads > 1 ? {reset: true} : undefined);
    pd.writes = () => ALREADY_RESOLVED;
    try {
      const message = await ops().resolve(ref, 'checkout');
      expect(message.tone).toBe('critical');
      expect(message.text).toMatch(/; reading the incident back failed: .+; nothing was resolved \(:resolve to try again\)$/);
      expect(message.text).not.toContain('still open');
    } finally {
      pd.writes = null;
      pd.reads = null;
    }
    pd.incidents.delete('PRES430');
  });
});
