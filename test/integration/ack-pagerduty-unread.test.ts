/**
 * `oncall ack` while PagerDuty cannot be read, through the real CLI, beside a real Alertmanager
 * and a recording PagerDuty stand-in: its incidents are rows read nowhere else, so an ack that
 * could not reach them names PagerDuty on stderr and exits 3 instead of a plain `ack ok`. Read, an
 * ack selecting both an alert and the incident row it paged acknowledges that incident once and
 * says `ack ok`, exit 0.
 */
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startAlertmanagerPeer, postAlerts, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil} from '../helpers/backends.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-unread-token';
const LABELS = {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'};
const NOT_ACKED = /^ack: NOT acked on pagerduty: it could not be read \(auth: [^\n]*\); [^\n]*, run the ack again when it answers$/m;

let am: AlertmanagerPeer;
let pd: FakePagerduty;
let tmp: ReturnType<typeof tempDir>;
let config: string;

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  await postAlerts(am.url, [LABELS]);
}, 60_000);
afterAll(async () => {
  await am?.cleanup();
});

beforeEach(async () => {
  // The incident the Alertmanager alert paged, and one on a service no alert of ours is linked to.
  pd = await startFakePagerduty(TOKEN, [
    {id: 'PINC300', number: 1400, title: '[FIRING:1] CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', firing: [LABELS]},
    {id: 'PINC301', number: 1401, title: 'Checkout card declines', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'},
  ]);
  tmp = tempDir();
  config = tmp.write('config.yaml', `current-context: it\ncontexts:\n${itContext()}`);
});

// The context of these tests: the real Alertmanager and the PagerDuty stand-in.
const itContext = () => `  - name: it
    alertmanagers:
      - {name: am, url: ${am.url}}
    alertSources:
      - {kind: pagerduty, apiUrl: ${pd.url}, tokenEnv: PD_TOKEN, from: bob@example.com, serviceIds: [PSVC001], services: {PSVC001: checkout}, timeout: 2s}
`;
afterEach(async () => {
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  tmp.cleanup();
});

const env = (token = TOKEN) => ({HOME: tmp.dir, XDG_STATE_HOME: join(tmp.dir, 'state'), PD_TOKEN: token});

async function fingerprint(): Promise<string> {
  const list = async () => JSON.parse((await run(['alerts', '--json', '--config', config], env())).out) as {alerts: Array<{name: string; fingerprint: string; source: string}>};
  const doc = await pollUntil(list, (d) => d.alerts.some((a) => a.name === 'CheckoutHighErrorRate' && a.source === 'alertmanager'), 15_000, 'the alert listed');
  return doc.alerts.find((a) => a.name === 'CheckoutHighErrorRate' && a.source === 'alertmanager')!.fingerprint;
}

async function unackAll(): Promise<void> {
  expect((await run(['unack', 'alertname=CheckoutHighErrorRate', '--config', config], env())).code).toBe(0);
}

describe('oncall ack while PagerDuty cannot be read', () => {
  it('by matchers: acks what was read, says PagerDuty was not acked, exit 3', async () => {
    await fingerprint();
    // PagerDuty refuses the wrong token: its incidents, matched too, are read nowhere else.
    const {code, out, err} = await run(['ack', 'service=checkout', '--config', config], env('wrong-token'));
    expect(out).toMatch(/acked CheckoutHighErrorRate .* on am: silence /);
    expect(err).toMatch(NOT_ACKED);
    expect(code).toBe(3);
    expect(pd.acks()).toEqual([]);
    await unackAll();
    // With PagerDuty read, an ack by matchers acknowledges the incident the alert paged: exit 0, nothing said.
    const ok = await run(['ack', 'alertname=CheckoutHighErrorRate', '--config', config], env());
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(ok.out).toContain('  acknowledged incident PD #1400 on pagerduty\n');
    expect(pd.acks().map((r) => r.path)).toEqual(['/incidents/PINC300']);
    await unackAll();
  }, 60_000);

  it('by fingerprint: the silence lands, the incident it may have paged is said not acked, exit 3', async () => {
    const fp = await fingerprint();
    const {code, out, err} = await run(['ack', fp, '--config', config], env('wrong-token'));
    expect(out).toMatch(/acked CheckoutHighErrorRate .* on am: silence /);
    expect(err).toMatch(NOT_ACKED);
    expect(code).toBe(3);
    expect(pd.acks()).toEqual([]);
    await unackAll();
  }, 60_000);

  it('by incident id or number: says PagerDuty could not be read rather than a usage error, exit 3, nothing sent', async () => {
    for (const target of ['PINC301', '#1401']) {
      const {code, out, err} = await run(['ack', target, '--config', config], env('wrong-token'));
      expect([code, out]).toEqual([3, '']);
      expect(err).toMatch(new RegExp(`^ack: no alert or incident ${target} among those read, and pagerduty could not be read \\(auth: [^\\n]*\\); nothing was acked$`, 'm'));
    }
    expect(pd.acks()).toEqual([]);
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{status: {state: string}}>;
    expect(silences.filter((s) => s.status.state === 'active')).toEqual([]);
  }, 60_000);

  it('by incident id over several contexts: names the context whose PagerDuty could not be read, exit 3, not a usage error', async () => {
    const two = tmp.write('two.yaml', `current-context: it\ncontexts:\n${itContext()}  - name: other\n    alertmanagers:\n      - {name: am-other, url: ${am.url}}\n`);
    const {code, out, err} = await run(['ack', 'PINC301', '--context', 'it,other', '--config', two], env('wrong-token'));
    expect([code, out]).toEqual([3, '']);
    expect(err).toMatch(/^ack: context it: no alert or incident PINC301 among those read, and pagerduty could not be read \(auth: [^\n]*\)$/m);
    expect(err).toContain('ack: nothing was acked\n');
    expect(pd.acks()).toEqual([]);
  }, 60_000);
});

describe('oncall ack with PagerDuty read', () => {
  it('by matchers selecting both the alert and the incident it paged: each incident acknowledged once, ack ok, exit 0', async () => {
    await fingerprint();
    // service=checkout matches the alert, the incident row it paged (PINC300) and the other
    // incident (PINC301). The alert's ack acknowledges PINC300; its own row is covered by that
    // ack, never reported as failed, never acknowledged a second time.
    const {code, out, err} = await run(['ack', 'service=checkout', '--config', config], env());
    expect(out).toMatch(/^ack ok for /);
    expect(out).toMatch(/acked CheckoutHighErrorRate .* on am: silence /);
    expect(out).toContain('  acknowledged incident PD #1400 on pagerduty\n');
    expect(out).toContain('  acknowledged incident PD #1401 on pagerduty\n');
    expect(out).not.toMatch(/FAILED|partial|on none/);
    expect([code, err]).toEqual([0, '']);
    expect(pd.acks().map((r) => r.path).sort()).toEqual(['/incidents/PINC300', '/incidents/PINC301']);
    await unackAll();
  }, 60_000);

  it('the silence lands and PagerDuty refuses the incident: partial says the incident was not acknowledged, not the Alertmanagers', async () => {
    const fp = await fingerprint();
    // A token that may read but not write incidents: a 403 on the acknowledge only.
    pd.fake.route('PUT', '/incidents/{id}', {status: 403, body: {error: {message: 'Access Denied', code: 2010, errors: ['Access Denied']}}});
    const {code, out} = await run(['ack', fp, '--config', config], env());
    expect(out).toMatch(/acked CheckoutHighErrorRate .* on am: silence /);
    expect(out).toContain('  FAILED to acknowledge incident PD #1400 on pagerduty: ');
    expect(out).toContain('  partial: no incident was acknowledged (see the action log)\n');
    expect(out).not.toContain('some Alertmanagers hold the silence');
    expect(code).toBe(1);
    await unackAll();
  }, 60_000);
});
