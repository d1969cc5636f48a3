/**
 * Grafana-managed alerts beside a real Alertmanager, through the real CLI: Grafana's own
 * Alertmanager is a recording stand-in (Grafana cannot run here) checked against the
 * Alertmanager v2 contract; the other Alertmanager is the real one. An ack of a Grafana alert
 * lands as a silence at Grafana's path with the service-account token, and only there; an ack of
 * the Alertmanager's alert never reaches Grafana. The token is read from the environment and
 * never printed.
 */
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {readActionLog} from '../../src/platform/action-log.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startAlertmanagerPeer, postAlerts, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil} from '../helpers/backends.ts';
import {GRAFANA_AM_PREFIX, startFakeGrafana, type FakeGrafana, type GrafanaWireAlert} from '../helpers/fake-grafana.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glsa_', 32, 27);
const GRAFANA_ALERT: GrafanaWireAlert = {
  fingerprint: '6c2a1f0e9b8d7a65',
  labels: {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', __alert_rule_uid__: 'fe1x2abcd', severity: 'critical', service: 'checkout'},
  annotations: {summary: 'p99 latency over 2s', __dashboardUid__: 'checkout-overview', __panelId__: '4', __orgId__: '1'},
  startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  generatorURL: 'https://grafana.example.com/alerting/grafana/fe1x2abcd/view',
};

let am: AlertmanagerPeer;
let grafana: FakeGrafana;
let tmp: ReturnType<typeof tempDir>;
let config: string;

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  await postAlerts(am.url, [{alertname: 'DiskFull', severity: 'warning', service: 'db'}]);
}, 60_000);
afterAll(async () => {
  await am?.cleanup();
});

beforeEach(async () => {
  grafana = await startFakeGrafana(TOKEN, [structuredClone(GRAFANA_ALERT)]);
  tmp = tempDir();
  config = tmp.write(
    'config.yaml',
    `current-context: it
contexts:
  - name: it
    alertmanagers:
      - {name: am, url: ${am.url}}
    alertSources:
      - {kind: grafana, url: ${grafana.url}, tokenEnv: GRAFANA_SA_TOKEN}
`,
  );
});
afterEach(async () => {
  expect(grafana.problems).toEqual([]);
  await grafana.close();
  tmp.cleanup();
});

const env = (token = TOKEN) => ({HOME: tmp.dir, XDG_STATE_HOME: join(tmp.dir, 'state'), GRAFANA_SA_TOKEN: token});

async function alertsJson(): Promise<{sources: Array<{name: string; state: string; ok: boolean; error: string | null}>; alerts: Array<Record<string, unknown>>}> {
  const {code, out, err} = await run(['alerts', '--json', '--config', config], env());
  expect([code, err, out.includes(TOKEN)]).toEqual([0, '', false]);
  return JSON.parse(out);
}

async function amSilences(): Promise<Array<{comment: string; status: {state: string}}>> {
  return (await fetch(`${am.url}/api/v2/silences`)).json() as Promise<Array<{comment: string; status: {state: string}}>>;
}

describe('Grafana-managed alerts', () => {
  it("lists Grafana's alerts beside the Alertmanager's, with its labels and a panel link, reading with the Bearer token", async () => {
    const doc = await pollUntil(alertsJson, (d) => d.alerts.length === 2, 15_000, 'both alerts listed');
    expect(doc.sources).toEqual([
      {name: 'am', kind: 'alertmanager', state: 'ok', ok: true, error: null, ageSeconds: expect.any(Number), retrying: false, warnings: [], partial: false, alerts: true},
      {name: 'grafana', kind: 'grafana', state: 'ok', ok: true, error: null, ageSeconds: expect.any(Number), retrying: false, warnings: [], partial: false, alerts: true},
    ]);
    const fromGrafana = doc.alerts.find((a) => a['name'] === 'CheckoutLatencyHigh')!;
    expect(fromGrafana).toMatchObject({
      fingerprint: GRAFANA_ALERT.fingerprint,
      seenBy: ['grafana'],
      labels: GRAFANA_ALERT.labels,
      // The same link for a given alert whenever the list is written: its range ends at Grafana's `now`.
      dashboardUrl: `${grafana.url}/d/checkout-overview?from=${Date.parse(GRAFANA_ALERT.startsAt) - 3_600_000}&to=now&orgId=1&viewPanel=4`,
    });
    expect(doc.alerts.find((a) => a['name'] === 'DiskFull')).toMatchObject({seenBy: ['am']});
    expect(doc.alerts.find((a) => a['name'] === 'DiskFull')).not.toHaveProperty('dashboardUrl');
    expect(grafana.requests.map((r) => [r.method, r.url, r.authorization])).toContainEqual(['GET', `${GRAFANA_AM_PREFIX}/alerts`, `Bearer ${TOKEN}`]);
  });

  it('acks a Grafana alert with a silence at Grafana, only there, and acks an Alertmanager alert only at the Alertmanager', async () => {
    await pollUntil(alertsJson, (d) => d.alerts.length === 2, 15_000, 'both alerts listed');
    const acked = await run(['ack', GRAFANA_ALERT.fingerprint, '--config', config, '--comment', 'looking'], env());
    expect([acked.code, acked.err]).toEqual([0, '']);
    const [silence] = grafana.silences();
    expect(grafana.silences()).toHaveLength(1);
    expect(acked.out).toContain(`on grafana: silence ${silence!.id}`);
    expect(`${acked.out}${acked.err}`).not.toContain(TOKEN);
    // Exact matchers on Grafana's own labels, the rule uid included, as Grafana's silence button does.
    expect(silence!.matchers).toContainEqual({name: '__alert_rule_uid__', value: 'fe1x2abcd', isRegex: false, isEqual: true});
    expect(silence!.comment).toBe('ACK! looking');
    const posts = grafana.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.url, r.authorization])).toEqual([[`${GRAFANA_AM_PREFIX}/silences`, `Bearer ${TOKEN}`]]);
    expect((await amSilences()).filter((s) => s.comment.startsWith('ACK!'))).toEqual([]);
    // The same ack machinery: the row reads ACK from Grafana's answer, and the action log has it.
    const after = await alertsJson();
    expect(after.alerts.find((a) => a['name'] === 'CheckoutLatencyHigh')).toMatchObject({state: 'suppressed', ack: {silenceId: silence!.id}});
    const log = await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));
    expect(log.map((e) => [e.action, e.phase, e.source, e.silenceId])).toEqual([
      ['ack', 'attempt', 'grafana', undefined],
      ['ack', 'success', 'grafana', silence!.id],
    ]);

    const diskFull = after.alerts.find((a) => a['name'] === 'DiskFull')!;
    const amAck = await run(['ack', String(diskFull['fingerprint']), '--config', config], env());
    expect([amAck.code, amAck.err]).toEqual([0, '']);
    expect(amAck.out).toContain('on am: silence ');
    expect(grafana.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await amSilences()).filter((s) => s.comment.startsWith('ACK!') && s.status.state === 'active')).toHaveLength(1);
  });

  it('unacks a Grafana alert at Grafana alone: an Alertmanager that is down does not make it partial', async () => {
    await pollUntil(alertsJson, (d) => d.alerts.length === 2, 15_000, 'both alerts listed');
    expect((await run(['ack', GRAFANA_ALERT.fingerprint, '--config', config], env())).code).toBe(0);
    await am.stop();
    try {
      const {code, out, err} = await run(['unack', GRAFANA_ALERT.fingerprint, '--config', config], env());
      expect([code, err]).toEqual([0, '']);
      expect(out).not.toMatch(/partial|failed/);
      expect(grafana.silences().map((s) => s.expired)).toEqual([true]);
      expect(grafana.requests.filter((r) => r.method === 'DELETE').map((r) => r.authorization)).toEqual([`Bearer ${TOKEN}`]);
    } finally {
      await am.start();
    }
  }, 60_000);

  it('a wrong token is an auth failure of that source, and the token is not printed', async () => {
    const {code, out, err} = await run(['alerts', '--json', '--config', config], env(fakeToken('glsa_', 32, 28)));
    const doc = JSON.parse(out);
    expect(doc.sources.find((s: {name: string}) => s.name === 'grafana')).toMatchObject({ok: false, error: expect.stringMatching(/^auth: /)});
    expect(`${out}${err}`).not.toMatch(/glsa_/);
    expect(code).not.toBe(0);
  });

  it('an ack by matchers while Grafana cannot be read acks what was read and says Grafana was not acked, exit 3', async () => {
    // An alert of its own: the tests before ack DiskFull, and restart the Alertmanager.
    await postAlerts(am.url, [{alertname: 'QueueBacklog', severity: 'warning', service: 'queue'}]);
    const listed = await pollUntil(alertsJson, (d) => d.alerts.some((a) => a['name'] === 'QueueBacklog'), 15_000, 'QueueBacklog listed');
    // Grafana refuses the wrong token: its CheckoutLatencyHigh, matched too, is read nowhere else.
    const {code, out, err} = await run(['ack', 'alertname=~"QueueBacklog|CheckoutLatencyHigh"', '--config', config], env(fakeToken('glsa_', 32, 28)));
    expect(out).toMatch(/acked QueueBacklog .* on am: silence /);
    expect(err).toMatch(/^ack: NOT acked on grafana: it could not be read \(auth: .*\); its alerts matching the selection may fire unacked, run the ack again when it answers$/m);
    expect(code).toBe(3);
    expect(`${out}${err}`).not.toMatch(/glsa_/);
    expect(grafana.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect((await run(['unack', 'alertname=QueueBacklog', '--config', config], env())).code).toBe(0);
    // By fingerprint the alert is found where it is: nothing else was asked for.
    const one = await run(['ack', String(listed.alerts.find((a) => a['name'] === 'QueueBacklog')!['fingerprint']), '--config', config], env(fakeToken('glsa_', 32, 28)));
    expect([one.code, one.err]).toEqual([0, expect.not.stringContaining('NOT acked')]);
    expect((await run(['unack', 'alertname=QueueBacklog', '--config', config], env())).code).toBe(0);
  }, 60_000);
});
