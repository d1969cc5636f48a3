/**
 * A PagerDuty incident acknowledged in PagerDuty has no end to its ack. `alerts --json` and
 * `status --json` both write its `ack.until` as null: `status --json` wrote it as
 * "+275760-09-13T00:00:00.000Z", the same field with two values for one alert, and a six-digit
 * year most ISO 8601 parsers refuse.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

const TOKEN = 'pd-cli-token-77';
let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
let config: string;

beforeAll(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'acknowledged', acknowledgedBy: 'bob@example.com', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}]);
  config = tmp.write('c.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);
});
afterAll(async () => {
  await pd.close();
  tmp.cleanup();
});

describe('an incident acknowledged in PagerDuty, in status --json and alerts --json', () => {
  it('has the same ack.until in both documents (null: no end), never the year 275760', async () => {
    const env = {PD_TOKEN: TOKEN, HOME: tmp.dir, XDG_STATE_HOME: tmp.dir};
    const alerts = JSON.parse((await run(['alerts', '--json', '--config', config], env)).out) as {alerts: Array<{fingerprint: string; ack: {until: string | null} | null}>};
    const status = JSON.parse((await run(['status', '--json', '--config', config], env)).out) as {alerts: Array<{fingerprint: string; ack: {until: string | null} | null}>};
    const a = alerts.alerts[0]!;
    const s = status.alerts.find((x) => x.fingerprint === a.fingerprint)!;
    expect(a.ack).not.toBeNull();
    expect(a.ack!.until).toBeNull();
    // Not "+275760-09-13T00:00:00.000Z", a year most ISO parsers refuse.
    expect(s.ack!.until).toBe(a.ack!.until);
  });
});
