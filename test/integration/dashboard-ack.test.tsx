/**
 * Ack and unack driven from the real dashboard (keys in, frames out) against a real Prometheus
 * firing a rule with a runbook_url into a real Alertmanager, composed from a config file the way
 * `oncall` composes it. Timers are real (the servers answer in real time); only `Date` is faked,
 * advancing with real time, so the harness can settle Ink between key presses.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {composeContext, type Composed} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {createActionLog, readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';
import {realDashboardHooks} from '../helpers/real-frames.ts';

const RUNBOOK = 'https://runbooks.example.com/checkout/errors';
const RULES = `groups:
  - name: oncall-dashboard-ack
    rules:
      - alert: CheckoutErrorsDash
        expr: vector(1)
        labels: {severity: critical, service: checkout}
        annotations: {summary: "checkout fails", runbook_url: "${RUNBOOK}"}
`;

let backends: Backends;
let am: AlertmanagerSource;
let composed: Composed;
let dir: string;
let log: ActionLog;
// The answers come from real servers: frames are awaited in real time.
const dashboard = realDashboardHooks();
const frameWith = dashboard.frame;

async function alertNamed(name: string): Promise<Alert | undefined> {
  return (await am.listAlerts()).value.find((a) => a.name === name);
}

async function ackSilences(): Promise<Silence[]> {
  return (await am.listSilences()).value.filter((s) => s.state === 'active' && s.comment.startsWith('ACK!'));
}

beforeAll(async () => {
  backends = await startTestBackends({rules: RULES});
  am = createAlertmanagerSource({name: 'am-check', baseUrl: backends.alertmanagerUrl ?? '', timeoutMs: 5000});
  await pollUntil(() => alertNamed('CheckoutErrorsDash'), (a) => a !== undefined, 20_000, 'rule alert reaches Alertmanager');
  dir = await mkdtemp(join(tmpdir(), 'oncall-dash-ack-'));
  log = createActionLog(join(dir, 'actions.jsonl'));
  const config = parseConfig(
    [
      'current-context: it',
      'refresh: {alerts: 1s, slos: 1m, deploys: 1m}',
      'contexts:',
      '  - name: it',
      `    prometheus: {url: ${backends.prometheusUrl}}`,
      `    alertmanagers: [{name: am, url: ${backends.alertmanagerUrl}}]`,
    ].join('\n'),
    join(dir, 'config.yaml'),
  );
  if (!config.ok) throw new Error(JSON.stringify(config.errors));
  composed = composeContext(config.config.contexts[0]!, {});
});

afterAll(async () => {
  await composed?.close();
  await am?.close();
  await backends?.stop();
  await rm(dir, {recursive: true, force: true});
});

describe('ack from the dashboard against a real Alertmanager', () => {
  it('a on the alert silences it with its exact labels, our author and ACK!; u expires the silence', async () => {
    const harness = await dashboard.render(composed.services, {record: log.record});
    await frameWith((f) => f.includes('CheckoutErrorsDash'), 'the firing alert');
    await harness.press('2');
    // The group header comes first; the alert row is the next one.
    await harness.press('j');
    await harness.press('a');

    const [silence] = await pollUntil(ackSilences, (s) => s.length === 1, 10_000, 'the ack silence');
    const alert = (await alertNamed('CheckoutErrorsDash'))!;
    expect(silence!.createdBy).toBe('tester@host');
    expect(silence!.comment).toBe('ACK!');
    expect(silence!.endsAt - silence!.startsAt).toBeGreaterThan(14 * 60_000);
    expect(silence!.matchers.map((m) => [m.name, m.value, m.isRegex, m.isEqual]).sort()).toEqual(
      Object.entries(alert.labels).map(([name, value]) => [name, value, false, true]).sort(),
    );
    const suppressed = await pollUntil(() => alertNamed('CheckoutErrorsDash'), (a) => a?.state === 'suppressed', 5000, 'suppressed in Alertmanager');
    expect(suppressed?.silencedBy).toEqual([silence!.id]);
    await frameWith((f) => f.includes('tester@host'), 'the ACK column with the author');

    await harness.press('u');
    await pollUntil(ackSilences, (s) => s.length === 0, 10_000, 'the ack silence expired');
    await pollUntil(() => alertNamed('CheckoutErrorsDash'), (a) => a?.state === 'firing', 5000, 'active again');

    // The unack's success is logged after its DELETE lands, which Alertmanager may show first.
    const entries = await pollUntil(() => readActionLog(log.path), (e) => e.length >= 4, 5000, 'the unack logged');
    expect(entries.map((e) => `${e.action}:${e.phase}`)).toEqual(['ack:attempt', 'ack:success', 'unack:attempt', 'unack:success']);
    expect(entries[1]!.silenceId).toBe(silence!.id);
  });
});

describe('a partial ack from the dashboard, against two unclustered Alertmanagers', () => {
  it('shows ACK PARTIAL when one reports the alert unsilenced, and a acks exactly there', async () => {
    const peers = [await startAlertmanagerPeer(), await startAlertmanagerPeer()];
    const sources = peers.map((p, i) => createAlertmanagerSource({name: `am-${i + 1}`, baseUrl: p.url, timeoutMs: 2000}));
    const acksOn = async (source: AlertmanagerSource) => (await source.listSilences()).value.filter((x) => x.state === 'active' && x.comment.startsWith('ACK!'));
    try {
      await Promise.all(peers.map((p) => postAlerts(p.url, [{alertname: 'PartialDash', service: 'search', severity: 'critical'}])));
      const services: ContextServices = {
        context: 'it', readOnly: false, slos: [], sloReader: null, deploySource: null, rollbacker: null,
        alertSources: sources.map((capabilities, i) => ({name: `am-${i + 1}`, kind: 'alertmanager' as const, capabilities})),
      };
      const harness = await dashboard.render(services, {record: log.record});
      await frameWith((f) => f.includes('PartialDash'), 'the firing alert');
      await harness.press('2');
      await harness.press('j');
      await harness.press('a');
      await pollUntil(() => Promise.all(sources.map(acksOn)), (lists) => lists.every((l) => l.length === 1), 10_000, 'acked on both');
      await harness.press('r');
      await frameWith((f) => f.includes('tester@host'), 'the ACK column with the author');

      // am-2 loses the ack (expired there by hand, or restarted without its data): it notifies.
      const [lost] = await acksOn(sources[1]!);
      await sources[1]!.expireSilence(lost!.id);
      await harness.press('r');
      await frameWith((f) => f.includes('ACK PARTIAL (a)'), 'the partial ack');
      const onOne = await acksOn(sources[0]!);

      await harness.press('a');
      const [restored] = await pollUntil(() => acksOn(sources[1]!), (l) => l.length === 1, 10_000, 'the ack back on am-2');
      expect(restored).toMatchObject({createdBy: 'tester@host', endsAt: onOne[0]!.endsAt});
      expect(await acksOn(sources[0]!)).toEqual(onOne);
      await harness.press('r');
      await frameWith((f) => f.includes('tester@host') && !f.includes('PARTIAL'), 'acked everywhere again');
    } finally {
      await Promise.allSettled(sources.map((x) => x.close()));
      await Promise.allSettled(peers.map((p) => p.cleanup()));
    }
  });
});
