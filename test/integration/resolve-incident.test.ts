/**
 * `:resolve` against the recording PagerDuty stand-in (every request and answer checked against
 * PagerDuty's OpenAPI description): the command line, the typed service name (a wrong one is
 * refused and sends nothing), exactly one resolve request as the configured user, the outcome in
 * the footer and the action log; PagerDuty down → the failure shown and logged, the incident
 * still listed, nothing retried behind the user's back.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createActionRunner} from '../../src/actions/action-runner.ts';
import {createIncidentOps} from '../../src/actions/incident-ops.ts';
import type {SelectionInfo} from '../../src/actions/keymap.ts';
import {initialUiState, uiReducer, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertSource, type AlertSourceInstance} from '../../src/sources/alert-source-kinds.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {actionData, fakeDeps} from '../actions/action-fixtures.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {incidentBody, startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-resolve-token';

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
  expect(pd.fake.problems.map((p) => JSON.stringify(p))).toEqual([]);
  await pd.close();
});

const services = (readOnly = false): ContextServices => ({context: 'it', readOnly, slos: [], sloReader: null, alertSources: [source.handle], deploySource: null, rollbacker: null});

async function alerts(): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(services(), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

function incident(id: string, number: number) {
  pd.incidents.set(id, {id, number, title: 'Checkout is down', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'});
}

/** The dashboard's loop around one key press: the reducer, and the runner for its effects. */
async function dashboard(all: Alert[], selection: SelectionInfo | null, readOnly = false) {
  let state: UiState = initialUiState({focus: 'alerts'});
  const flashes: string[] = [];
  const svc = services(readOnly);
  const {deps} = fakeDeps();
  const dispatch = (ev: UiEvent) => {
    const was = state.flash;
    state = uiReducer(state, ev);
    if (state.flash && state.flash !== was) flashes.push(state.flash.text);
  };
  const runner = () =>
    createActionRunner({
      ...deps,
      incidents: createIncidentOps(client, svc, {record: log.record, now: Date.now}),
      data: actionData(all, {services: svc}),
      dispatch,
      now: Date.now,
      readOnly,
      app: {quit: vi.fn(), refresh: vi.fn(), switchContext: vi.fn(), switchTheme: vi.fn()},
    });
  const settle = async () => {
    for (let i = 0; i < 50 && state.effects.length > 0; i++) runner().runEffects(state.effects);
    await vi.waitFor(() => expect(flashes.at(-1) ?? '').not.toMatch(/…$/), {timeout: 5000});
  };
  const type = async (text: string) => {
    dispatch({type: 'text', text});
    dispatch({type: 'submit', now: Date.now()});
    await settle();
  };
  return {
    command: async (line: string) => {
      // The line keeps the row selected when it was opened: `:resolve` acts on it.
      dispatch({type: 'action', id: 'command', rowCounts: {}, pageSize: 10, row: selection && {key: `a:${selection.id}`, target: selection}});
      await type(line);
    },
    type,
    cancel: () => dispatch({type: 'cancel', now: Date.now()}),
    state: () => state,
    flashes,
  };
}

/** The stand-in's own PUT answer again, after a test replaced it. */
function restorePut(): void {
  pd.fake.route('PUT', '/incidents/{id}', (req) => {
    const held = pd.incidents.get(decodeURIComponent(req.path.split('/')[2]!));
    if (!held) return {status: 404, body: {error: {message: 'Incident Not Found', code: 5001}}};
    held.status = (req.json as {incident: {status: 'acknowledged' | 'resolved'}}).incident.status;
    return {body: {incident: incidentBody(held)}};
  });
}

const rowOf = (a: Alert): SelectionInfo => ({kind: 'alert', id: a.fingerprint, label: a.name, ...(a.source !== undefined && a.incident ? {incident: true} : {})});

describe(':resolve on a PagerDuty incident row', () => {
  it('asks for the service name; a wrong name sends nothing; the right one sends exactly one resolve as the configured user', async () => {
    incident('PRES100', 2001);
    const all = await alerts();
    const row = all.find((a) => a.fingerprint === 'pagerduty-PRES100')!;
    const d = await dashboard(all, rowOf(row));
    await d.command('resolve');
    expect(d.state().modal).toMatchObject({kind: 'confirm', action: 'resolve', expected: 'checkout'});
    await d.type('payments');
    expect(d.flashes.at(-1)).toBe('Type "checkout" exactly to confirm, or Esc to cancel');
    expect(pd.resolves()).toHaveLength(0);
    expect(d.state().modal).toMatchObject({kind: 'confirm', draft: 'payments'});
    d.cancel();
    const before = pd.resolves().length;
    await d.command('resolve');
    await d.type('checkout');
    expect(d.flashes.at(-1)).toBe('resolved PD #2001 (checkout) on pagerduty');
    const sent = pd.resolves().slice(before);
    expect(sent.map((r) => [r.path, r.headers.from, r.json])).toEqual([['/incidents/PRES100', 'alice@example.com', {incident: {type: 'incident_reference', status: 'resolved'}}]]);
    expect(pd.incidents.get('PRES100')?.status).toBe('resolved');
    expect((await alerts()).some((a) => a.fingerprint === 'pagerduty-PRES100')).toBe(false);
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.action, e.phase, e.source, e.target['incident'], e.target['id']])).toEqual([
      ['resolve', 'attempt', 'pagerduty', 'PD #2001', 'PRES100'],
      ['resolve', 'success', 'pagerduty', 'PD #2001', 'PRES100'],
    ]);
  });

  it('with PagerDuty down after sending: unknown in the footer and the log, never "still open", the incident listed, no retry', async () => {
    incident('PRES200', 2002);
    const all = await alerts();
    const d = await dashboard(all, rowOf(all.find((a) => a.fingerprint === 'pagerduty-PRES200')!));
    // Down: the connection is dropped (the contract declares no 5xx for this operation), the
    // read back too: whether the resolve reached PagerDuty cannot be known.
    pd.outage = {reset: true};
    const before = pd.fake.calls('PUT', '/incidents/{id}').length;
    try {
      await d.command('resolve');
      await d.type('checkout');
    } finally {
      pd.outage = null;
    }
    expect(d.flashes.at(-1)).toMatch(/^resolve PD #2002 \(checkout\): unavailable: .+; outcome unknown \(may be resolved\): reading the incident back failed too: .+ \(check the incident before :resolve again\)$/);
    expect(d.flashes.at(-1)).not.toContain('still open');
    expect(pd.fake.calls('PUT', '/incidents/{id}').length - before).toBe(1);
    expect((await alerts()).some((a) => a.fingerprint === 'pagerduty-PRES200')).toBe(true);
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.action, e.phase, e.target['incident']])).toEqual([
      ['resolve', 'attempt', 'PD #2002'],
      ['resolve', 'unknown', 'PD #2002'],
    ]);
    pd.incidents.delete('PRES200');
  });

  it('a resolve whose connection dropped, read back open: the failure said, "still open" true, logged as failure', async () => {
    incident('PRES210', 2012);
    const all = await alerts();
    const d = await dashboard(all, rowOf(all.find((a) => a.fingerprint === 'pagerduty-PRES210')!));
    // Only the PUT is dropped, before PagerDuty acted on it; the read back answers.
    pd.fake.route('PUT', '/incidents/{id}', {reset: true});
    try {
      await d.command('resolve');
      await d.type('checkout');
    } finally {
      restorePut();
    }
    expect(d.flashes.at(-1)).toMatch(/^resolve PD #2012 \(checkout\) FAILED: unavailable: .+; read back, the incident is triggered; the incident is still open \(:resolve to try again\)$/);
    expect(pd.incidents.get('PRES210')?.status).toBe('triggered');
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.phase, e.error ?? null])).toEqual([
      ['attempt', null],
      ['failure', expect.stringMatching(/; read back, the incident is triggered$/)],
    ]);
    pd.incidents.delete('PRES210');
  });

  it('a resolve PagerDuty did whose answer was lost: read back resolved, a success, never "still open"', async () => {
    incident('PRES220', 2022);
    const all = await alerts();
    const d = await dashboard(all, rowOf(all.find((a) => a.fingerprint === 'pagerduty-PRES220')!));
    // PagerDuty resolves it, and its answer never comes (a slow gateway): the source times out after sending.
    pd.fake.route('PUT', '/incidents/{id}', (req) => {
      const held = pd.incidents.get(decodeURIComponent(req.path.split('/')[2]!));
      if (held) held.status = 'resolved';
      return {hang: true};
    });
    try {
      await d.command('resolve');
      await d.type('checkout');
    } finally {
      restorePut();
    }
    expect(d.flashes.at(-1)).toBe('resolved PD #2022 (checkout) on pagerduty (found resolved: the answer was lost)');
    expect((await alerts()).some((a) => a.fingerprint === 'pagerduty-PRES220')).toBe(false);
    const entries = await readActionLog(log.path);
    expect(entries.map((e) => [e.phase, e.details ?? null])).toEqual([
      ['attempt', {title: 'Checkout is down'}],
      ['success', {note: 'found resolved: the answer was lost'}],
    ]);
    pd.incidents.delete('PRES220');
  }, 15_000);

  it('is refused, with the reason and nothing sent, on a row that is not an incident and in a read-only context', async () => {
    incident('PRES300', 2003);
    const all = await alerts();
    const before = pd.fake.calls('PUT', '/incidents/{id}').length;
    const plain = await dashboard(all, {kind: 'alert', id: 'f1', label: 'HighLatency'});
    await plain.command('resolve');
    expect(plain.flashes.at(-1)).toBe('resolve: not a PagerDuty incident (select its PD # row in the alerts pane)');
    const ro = await dashboard(all, rowOf(all.find((a) => a.fingerprint === 'pagerduty-PRES300')!), true);
    await ro.command('resolve');
    expect(ro.flashes.at(-1)).toBe('resolve: read-only context');
    expect(ro.state().modal).toBeNull();
    expect(pd.fake.calls('PUT', '/incidents/{id}').length).toBe(before);
    expect(await readActionLog(log.path)).toEqual([]);
    pd.incidents.delete('PRES300');
  });
});
