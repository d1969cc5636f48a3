/**
 * `oncall alerts` prints a PagerDuty incident's fingerprint (`pagerduty-PINC1`), and `oncall ack
 * TARGET` acks by fingerprint: a script acking what `alerts --json` listed must ack it, not be
 * refused as a usage error. `unack` of it says PagerDuty has no un-acknowledge, not that no such
 * alert exists (it is listed), and never prints an empty list of Alertmanagers.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = ['pd', 'cli', 'fingerprint', '41'].join('-');

beforeEach(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}]);
});

afterEach(async () => {
  await pd.close();
  tmp.cleanup();
});

const config = (apiUrl = pd.url) =>
  tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${apiUrl}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);

describe('oncall ack and unack of the fingerprint oncall alerts printed for an incident', () => {
  it('ack acknowledges the incident', async () => {
    const path = config();
    const env = {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir};
    const listed = await run(['alerts', '--json', '--config', path], env);
    const fingerprint = (JSON.parse(listed.out) as {alerts: Array<{fingerprint: string}>}).alerts[0]!.fingerprint;
    expect(fingerprint).toBe('pagerduty-PINC1');
    const acked = await run(['ack', fingerprint, '--config', path], env);
    expect(acked.err).not.toContain('give a fingerprint');
    expect(acked.out).toMatch(/acknowledged incident PD #1234/);
    expect(acked.code).toBe(0);
  });

  it('unack says PagerDuty has no un-acknowledge, not that no such alert exists', async () => {
    const r = await run(['unack', 'pagerduty-PINC1', '--config', config()], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(r.err).toBe('unack: pagerduty-PINC1 is PagerDuty incident PD #1234: PagerDuty has no un-acknowledge: resolve it there\n');
    expect(r.code).toBe(2);
  });

  it('an unknown word says the context has no Alertmanager, not an empty list of them', async () => {
    const r = await run(['unack', 'abc', '--config', config()], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(r.err).toBe('unack: no alert with fingerprint abc and no silence with id abc: context prod has no Alertmanager; nothing was sent\n');
    expect(r.code).toBe(1);
  });

  it('ack of an incident fingerprint no longer listed (resolved since) is "no open incident", exit 1, not a usage error', async () => {
    const r = await run(['ack', 'pagerduty-PGONE', '--config', config()], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(r.err).toBe('ack: no open incident with fingerprint pagerduty-PGONE\n');
    expect(r.code).toBe(1);
  });

  it('unack of an incident fingerprint with PagerDuty unreadable still says PagerDuty has no un-acknowledge', async () => {
    // Nothing listens on port 1: the incident cannot be listed, nor a silence looked up.
    const r = await run(['unack', 'pagerduty-PINC1', '--config', config('http://127.0.0.1:1')], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(r.err).toBe('unack: pagerduty-PINC1 is a PagerDuty incident: PagerDuty has no un-acknowledge: resolve it there\n');
    expect(r.code).toBe(2);
  });
});
