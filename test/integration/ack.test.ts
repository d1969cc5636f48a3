/**
 * Ack, unack, ack-until-resolved and "nothing lost" against real servers: a Prometheus firing a
 * rule with a runbook_url into a real Alertmanager (the shared backends), plus independent
 * Alertmanagers that can be stopped and restarted on the same port.
 */
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {ackKeeperQueryOptions} from '../../src/queries/ack-keeper.ts';
import {ackStates} from '../../src/queries/ack-state.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {createPrometheusSource, type PrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {run} from '../cli/cli-fixtures.ts';
import {startAlertmanagerPeer, postAlerts, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60_000;
const AUTHOR = 'oncall-it@bastion';
const RUNBOOK = 'https://runbooks.example.com/checkout/errors';

const RULES = `groups:
  - name: oncall-ack
    rules:
      - alert: CheckoutErrors
        expr: vector(1)
        labels: {severity: critical, service: checkout}
        annotations: {summary: "checkout fails", runbook_url: "${RUNBOOK}"}
`;

let backends: Backends;
let prometheus: PrometheusSource;
let am: AlertmanagerSource;
let peer: AlertmanagerPeer;
let peerSource: AlertmanagerSource;
let dir: string;
let log: ActionLog;
let client: QueryClient;
const now = () => Date.now();

function services(alertSources: ContextServices['alertSources']): ContextServices {
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null};
}

const promHandle = () => ({name: 'prometheus', kind: 'prometheus' as const, capabilities: prometheus});
const amHandle = () => ({name: 'am-a', kind: 'alertmanager' as const, capabilities: am});
const peerHandle = () => ({name: 'am-b', kind: 'alertmanager' as const, capabilities: peerSource});

async function alertsOf(s: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

async function byName(source: AlertmanagerSource, name: string): Promise<Alert | undefined> {
  return (await source.listAlerts()).value.find((a) => a.name === name);
}

async function silence(source: AlertmanagerSource, id: string): Promise<Silence | undefined> {
  return (await source.listSilences()).value.find((s) => s.id === id);
}

function plan(selected: Alert[], all: Alert[], durationMs = 15 * MIN) {
  return planAck(selected, all, {volatileLabels: [], durationMs, author: AUTHOR, prefix: 'ACK!', comment: 'integration', now: now()});
}

beforeAll(async () => {
  backends = await startTestBackends({rules: RULES});
  prometheus = createPrometheusSource({name: 'prometheus', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 5000});
  am = createAlertmanagerSource({name: 'am-a', baseUrl: backends.alertmanagerUrl ?? '', timeoutMs: 5000});
  peer = await startAlertmanagerPeer();
  peerSource = createAlertmanagerSource({name: 'am-b', baseUrl: peer.url, timeoutMs: 2000});
  await pollUntil(() => byName(am, 'CheckoutErrors'), (a) => a !== undefined, 20_000, 'rule alert reaches Alertmanager');
});

afterAll(async () => {
  await Promise.allSettled([prometheus?.close(), am?.close(), peerSource?.close()]);
  await peer?.cleanup();
  await backends?.stop();
});

freshAckWorkspaceEachTest((w) => ({dir, log, client} = w));

describe('ack against a real Alertmanager', () => {
  it('ack: the alert is suppressed by a silence with its exact labels, our author and the ACK! comment; unack: active again', async () => {
    const s = services([promHandle(), amHandle()]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CheckoutErrors');
    expect(alert?.seenBy.sort()).toEqual(['am-a', 'prometheus']);
    expect(alert?.annotations['runbook_url']).toBe(RUNBOOK);
    const p = plan([alert!], all);
    expect(p.overreach).toEqual([]);
    const outcome = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now}), ackVariables(s, p.drafts));
    expect(outcome.status).toBe('ok');
    expect(outcome.results.map((r) => [r.source, r.ok])).toEqual([['am-a', true]]);
    const id = outcome.results[0]!.silenceId!;

    const suppressed = await pollUntil(() => byName(am, 'CheckoutErrors'), (a) => a?.state === 'suppressed', 5000, 'alert suppressed');
    expect(suppressed?.silencedBy).toEqual([id]);
    const stored = await silence(am, id);
    expect(stored).toMatchObject({state: 'active', createdBy: AUTHOR, comment: 'ACK! integration'});
    expect(stored?.matchers).toEqual([
      {name: 'alertname', value: 'CheckoutErrors', isRegex: false, isEqual: true},
      {name: 'service', value: 'checkout', isRegex: false, isEqual: true},
      {name: 'severity', value: 'critical', isRegex: false, isEqual: true},
    ]);
    expect(Math.abs(stored!.endsAt - stored!.startsAt - 15 * MIN)).toBeLessThan(2000);
    // The dashboard's own view now shows the ACK, recognised from the silence.
    expect((await alertsOf(s)).find((a) => a.name === 'CheckoutErrors')?.ack).toMatchObject({by: AUTHOR, silenceId: id, comment: 'ACK! integration'});

    const acked = (await alertsOf(s)).find((a) => a.name === 'CheckoutErrors')!;
    const unack = await runSilenceMutation(client, unackMutationOptions(s, {record: log.record, now, prefix: 'ACK!'}), {alerts: [acked]});
    expect(unack.results.map((r) => [r.source, r.ok, r.silenceId])).toEqual([['am-a', true, id]]);
    const active = await pollUntil(() => byName(am, 'CheckoutErrors'), (a) => a?.state === 'firing', 5000, 'alert active again');
    expect(active?.silencedBy).toEqual([]);
    expect((await silence(am, id))?.state).toBe('expired');
    expect((await readActionLog(log.path)).map((e) => [e.action, e.phase, e.source, e.silenceId])).toEqual([
      ['ack', 'attempt', 'am-a', undefined],
      ['ack', 'success', 'am-a', id],
      ['unack', 'attempt', 'am-a', id],
      ['unack', 'success', 'am-a', id],
    ]);
  });

  it('ack-until-resolved replaces a short ack close to its end and tracks the id Alertmanager returns', async () => {
    const s = services([amHandle()]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CheckoutErrors')!;
    const outcome = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now}), ackVariables(s, plan([alert], all, 2 * MIN).drafts));
    const firstId = outcome.results[0]!.silenceId!;
    await pollUntil(() => byName(am, 'CheckoutErrors'), (a) => a?.silencedBy.includes(firstId) === true, 5000, 'short ack applied');

    const keeper = ackKeeperQueryOptions(s, {record: log.record, now, prefix: 'ACK!', author: AUTHOR, intervalMs: false});
    const run1 = await client.fetchQuery(keeper);
    expect(run1.failed).toEqual([]);
    expect(run1.extended).toHaveLength(1);
    const extended = run1.extended[0]!;
    expect([extended.source, extended.previousId, extended.fingerprints]).toEqual(['am-a', firstId, [alert.fingerprint]]);
    const replacement = await silence(am, extended.silenceId);
    expect(replacement).toMatchObject({state: 'active', createdBy: AUTHOR, comment: 'ACK! integration'});
    expect(Math.abs(replacement!.endsAt - (now() + 15 * MIN))).toBeLessThan(5000);
    if (extended.silenceId !== firstId) expect((await silence(am, firstId))?.state).toBe('expired');
    await pollUntil(() => byName(am, 'CheckoutErrors'), (a) => a?.silencedBy.includes(extended.silenceId) === true, 5000, 'replacement silences the alert');
    const entries = await readActionLog(log.path);
    expect(entries.filter((e) => e.action === 'ack-extend').map((e) => [e.phase, e.silenceId, e.details?.['previousId']])).toEqual([
      ['attempt', firstId, undefined],
      ['success', extended.silenceId, firstId],
    ]);
    // Fifteen minutes left now: the next run leaves it alone.
    expect((await client.fetchQuery({...keeper, staleTime: 0})).extended).toEqual([]);
    await am.expireSilence(extended.silenceId);
  });

  it('Alertmanager stopped mid-ack: the failure is shown and logged; restarted on the same port, the retry lands one silence', async () => {
    await postAlerts(peer.url, [{alertname: 'PeerDown', service: 'payments', severity: 'critical'}]);
    const s = services([peerHandle()]);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'PeerDown')!;
    await peer.stop();

    const options = ackMutationOptions(s, {record: log.record, now, retry: 10, retryDelay: () => 700});
    const done = runSilenceMutation(client, options, ackVariables(s, plan([alert], all).drafts));
    await pollUntil(async () => (await readActionLog(log.path)).filter((e) => e.phase === 'failure').length, (n) => n >= 1, 10_000, 'first failure logged');
    const shown = ackStates(client).get(alert.fingerprint);
    expect(shown?.status).toBe('retrying');
    expect(shown?.error).toMatch(/^unavailable: .*connection refused/);

    await peer.start();
    const outcome = await done;
    expect(outcome.status).toBe('ok');
    const id = outcome.results[0]!.silenceId!;
    const entries = await readActionLog(log.path);
    const failures = entries.filter((e) => e.phase === 'failure');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.every((e) => e.source === 'am-b' && /connection refused/.test(e.error ?? ''))).toBe(true);
    expect(entries.at(-1)).toMatchObject({action: 'ack', phase: 'success', source: 'am-b', attempt: failures.length + 1, silenceId: id});
    expect(entries.filter((e) => e.phase === 'attempt').map((e) => e.attempt)).toEqual(Array.from({length: failures.length + 1}, (_, i) => i + 1));
    const ours = (await peerSource.listSilences()).value.filter((x) => x.comment === 'ACK! integration' && x.state === 'active');
    expect(ours.map((x) => x.id)).toEqual([id]);
    // Alerts live in memory: re-sent (as Prometheus would), the alert comes back silenced.
    await postAlerts(peer.url, [{alertname: 'PeerDown', service: 'payments', severity: 'critical'}]);
    const back = await pollUntil(() => byName(peerSource, 'PeerDown'), (a) => a?.state === 'suppressed', 5000, 'alert suppressed after restart');
    expect(back?.silencedBy).toEqual([id]);
    expect(ackStates(client).get(alert.fingerprint)?.status).toBe('done');
  });

  it('two unclustered Alertmanagers: the alert shows once, each gets its own silence; one down is a partial ack', async () => {
    const labels = {alertname: 'TwoPeers', service: 'search', severity: 'warning'};
    const later = {alertname: 'TwoPeersLater', service: 'search', severity: 'warning'};
    await postAlerts(backends.alertmanagerUrl ?? '', [labels, later]);
    await postAlerts(peer.url, [labels, later]);
    const s = services([amHandle(), peerHandle()]);
    const all = await alertsOf(s);
    expect(all.filter((a) => a.name === 'TwoPeers')).toHaveLength(1);
    const alert = all.find((a) => a.name === 'TwoPeers')!;
    expect(alert.seenBy).toEqual(['am-a', 'am-b']);

    const outcome = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now}), ackVariables(s, plan([alert], all).drafts));
    expect(outcome.status).toBe('ok');
    const [onA, onB] = outcome.results;
    expect([onA?.source, onB?.source]).toEqual(['am-a', 'am-b']);
    expect((await pollUntil(() => byName(am, 'TwoPeers'), (a) => a?.state === 'suppressed', 5000, 'suppressed on am-a'))?.silencedBy).toEqual([onA?.silenceId]);
    expect((await pollUntil(() => byName(peerSource, 'TwoPeers'), (a) => a?.state === 'suppressed', 5000, 'suppressed on am-b'))?.silencedBy).toEqual([onB?.silenceId]);

    const second = (await alertsOf(s)).find((a) => a.name === 'TwoPeersLater')!;
    await peer.stop();
    try {
      const partial = await runSilenceMutation(client, ackMutationOptions(s, {record: log.record, now, retry: 1, retryDelay: () => 200}), ackVariables(s, plan([second], all).drafts));
      expect(partial.status).toBe('partial');
      expect(partial.results.map((r) => [r.source, r.ok, r.attempts])).toEqual([
        ['am-a', true, 1],
        ['am-b', false, 2],
      ]);
      expect(partial.results[1]?.error).toMatch(/^unavailable: .*connection refused/);
      expect(ackStates(client).get(second.fingerprint)?.status).toBe('partial');
      const createdOnA = (await am.listSilences()).value.filter((x) => x.state === 'active' && x.matchers.some((m) => m.value === 'TwoPeersLater'));
      expect(createdOnA).toHaveLength(1);
    } finally {
      await peer.start();
    }
  });

  it('oncall alerts and status print hostile labels and annotations as visible escapes, in text and JSON', async () => {
    const hostile = {alertname: 'Hostile', service: `x\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\rZ\u202egnp.exe\u009b31m`};
    await postAlerts(backends.alertmanagerUrl ?? '', [hostile], {summary: '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\'});
    const config = join(dir, 'config.yaml');
    await writeFile(config, `current-context: it\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-a, url: "${backends.alertmanagerUrl}"}\n`);
    const env = {HOME: dir, XDG_STATE_HOME: join(dir, 'state')};
    const text = await run(['alerts', '--config', config, '--filter', 'alertname=Hostile'], env);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Hostile (x␛[2J␛]52;c;cm0gLXJmIH4=\\x07\\x0dZ\\u202egnp.exe\\x9b31m)');
    const json = await run(['alerts', '--json', '--config', config, '--filter', 'alertname=Hostile'], env);
    expect(JSON.parse(json.out).alerts[0].labels.service).toBe(hostile.service);
    // `status --json` carries the same alerts: the same escaping, the same JSON value.
    const status = await run(['status', '--json', '--config', config], env);
    expect(JSON.parse(status.out).alerts.find((a: {name: string}) => a.name === 'Hostile').labels.service).toBe(hostile.service);
    for (const out of [text.out, json.out, status.out]) expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('the one-shot commands ack and unack through a config file, with the same log', async () => {
    await postAlerts(backends.alertmanagerUrl ?? '', [{alertname: 'CliAck', service: 'cart', severity: 'warning'}]);
    const config = join(dir, 'config.yaml');
    await writeFile(config, `current-context: it\nack: {author: cli-tester, commentPrefix: "ACK!"}\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-a, url: "${backends.alertmanagerUrl}"}\n`);
    const env = {HOME: dir, XDG_STATE_HOME: join(dir, 'state')};
    const acked = await run(['ack', 'alertname=CliAck', '--config', config, '--comment', 'from the cli'], env);
    expect([acked.code, acked.err]).toEqual([0, '']);
    const id = /on am-a: silence ([0-9a-f-]{36})\n/.exec(acked.out)?.[1];
    expect(id).toBeDefined();
    expect(await silence(am, id!)).toMatchObject({state: 'active', createdBy: 'cli-tester', comment: 'ACK! from the cli'});
    const unacked = await run(['unack', id!, '--config', config], env);
    expect([unacked.code, unacked.out]).toEqual([0, `unack ok:\n  expired on am-a: silence ${id}\n`]);
    expect((await silence(am, id!))?.state).toBe('expired');
    expect((await readActionLog(join(dir, 'state', 'oncall', 'actions.jsonl'))).map((e) => `${e.action} ${e.phase}`)).toEqual(['ack attempt', 'ack success', 'unack attempt', 'unack success']);
  });
});
