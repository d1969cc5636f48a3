/**
 * `oncall ack` of an incident whose acknowledge was sent and whose answer was lost, PagerDuty
 * unreadable since (the read back fails, and so does every retry's read before sending): the
 * outcome is UNKNOWN, never FAILED (it may have landed), and what to do next speaks of the
 * incident, not of a silence there is none of. Exit code 1, as for any unknown outcome.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = ['pd', 'cli', 'unknown', '88'].join('-');

beforeEach(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}]);
});

afterEach(async () => {
  await pd.close();
  tmp.cleanup();
});

const config = () =>
  tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        timeout: 2s\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);

describe('oncall ack of an incident whose acknowledge may have landed', () => {
  it('says UNKNOWN whether it was acknowledged, how to find out, and never speaks of a silence', async () => {
    const path = config();
    // The acknowledge goes out and PagerDuty drops off the network as it arrives, and stays off.
    pd.writes = () => (pd.outage = {reset: true});
    const acked = await run(['ack', 'PINC1', '--config', path], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    pd.outage = null;
    expect(acked.out).not.toContain('FAILED');
    expect(acked.out).toMatch(/^ {2}UNKNOWN whether incident PD #1234 was acknowledged on pagerduty: .*outcome unknown \(may be acknowledged\)/m);
    expect(acked.out).toContain('  unknown: the incident PD #1234 may be acknowledged on pagerduty; oncall alerts shows it, and running the ack again reads it first and sends only if still unacknowledged\n');
    expect(acked.out).not.toContain('silence');
    expect(acked.code).toBe(1);
  }, 30_000);
});
