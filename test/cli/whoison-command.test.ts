import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = 'pd-cli-token-77';

beforeEach(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}, {user: 'dave', level: 2}]);
});
afterEach(async () => {
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  tmp.cleanup();
});

const config = () =>
  tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`);

describe('oncall whoison, alerts and ack with PagerDuty', () => {
  it('prints who is on call per level for a service, and as JSON', async () => {
    const path = config();
    const text = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: TOKEN});
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('on call for checkout: L1 carol · L2 dave');
    expect(text.out + text.err).not.toContain(TOKEN);
    const json = await run(['whoison', '--json', '--config', path], {PD_TOKEN: TOKEN});
    expect(JSON.parse(json.out).oncalls.map((o: {user: string; level: number; services: string[]}) => [o.level, o.user, o.services])).toEqual([[1, 'carol', ['checkout']], [2, 'dave', ['checkout']]]);
    const nobody = await run(['whoison', 'search', '--config', path], {PD_TOKEN: TOKEN});
    expect([nobody.code, nobody.out]).toEqual([1, 'nobody on call for search\n']);
  });

  it('never says "nobody" for a source it could not read: unknown when none answered, the rest marked incomplete', async () => {
    const path = config();
    const down = await run(['whoison', 'checkout', '--config', path], {PD_TOKEN: 'wrong-token'});
    expect([down.code, down.out]).toEqual([3, 'on call for checkout: UNKNOWN, pagerduty could not be read\n']);
    expect(down.err).toMatch(/^note: pagerduty: auth/);
    // A second PagerDuty account that refuses connections beside the one that answers.
    const two = tmp.write('two.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        name: pd-main\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n      - kind: pagerduty\n        name: pd-other\n        apiUrl: http://127.0.0.1:1\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC009]\n`);
    const partial = await run(['whoison', 'checkout', '--config', two], {PD_TOKEN: TOKEN});
    expect(partial.code).toBe(3);
    expect(partial.out.split('\n')[0]).toBe('on call for checkout: L1 carol · L2 dave');
    expect(partial.out).toContain('  (not read: pd-other: the list may be incomplete)\n');
    const nobody = await run(['whoison', 'search', '--config', two], {PD_TOKEN: TOKEN});
    expect([nobody.code, nobody.out]).toEqual([3, 'nobody on call for search in the sources that answered (not read: pd-other)\n']);
  });

  it('asks a PagerDuty entry two contexts share once, and one of each token reference apart', async () => {
    const entry = (tokenEnv: string) => `    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: ${tokenEnv}\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`;
    const twins = tmp.write('twins.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry('PD_TOKEN')}  - name: us\n${entry('PD_TOKEN')}`);
    const shared = await run(['whoison', 'checkout', '--config', twins, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect([shared.code, shared.out.split('\n')[0]]).toEqual([0, 'on call for checkout: L1 carol · L2 dave']);
    expect(pd.fake.calls('GET', '/oncalls')).toHaveLength(1);
    // Another credential reference is another adapter, whatever its value: never pooled.
    const apart = tmp.write('apart.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry('PD_TOKEN')}  - name: us\n${entry('PD_TOKEN_US')}`);
    const both = await run(['whoison', 'checkout', '--config', apart, '--context', 'eu,us'], {PD_TOKEN: TOKEN, PD_TOKEN_US: TOKEN});
    expect([both.code, both.out.split('\n')[0]]).toEqual([0, 'on call for checkout: L1 carol · L2 dave']);
    expect(pd.fake.calls('GET', '/oncalls')).toHaveLength(3);
  });

  it('lists incidents in alerts --json and acks one by its id', async () => {
    const path = config();
    const listed = await run(['alerts', '--json', '--config', path], {PD_TOKEN: TOKEN});
    const alert = JSON.parse(listed.out).alerts[0];
    expect([alert.source, alert.incident.id, alert.incident.number, alert.incident.status, alert.labels.service]).toEqual(['pagerduty', 'PINC1', 1234, 'triggered', 'checkout']);
    const acked = await run(['ack', 'PINC1', '--config', path], {PD_TOKEN: TOKEN, XDG_STATE_HOME: tmp.dir});
    expect(acked.out).toContain('acknowledged incident PD #1234 on pagerduty');
    expect(acked.code).toBe(0);
    expect(pd.acks().map((r) => r.headers.from)).toEqual(['alice@example.com']);
    expect(listed.out + acked.out + acked.err).not.toContain(TOKEN);
  });
});
