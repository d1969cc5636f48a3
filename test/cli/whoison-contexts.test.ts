/**
 * whoison over several contexts, each with its own PagerDuty account under the default source
 * name: the one whose PagerDuty is down must be named, or the engineer cannot tell whose on-call
 * is missing (and the on-call listed may be the other region's).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

const TOKEN = 'pd-cli-token-77';
let tmp: ReturnType<typeof tempDir>;
let eu: FakePagerduty;
let us: FakePagerduty;
const incident = (id: string) => [{id, number: 1, title: 'CheckoutHighErrorRate', status: 'triggered' as const, serviceId: 'PSVC001', serviceName: 'Checkout API'}];

beforeEach(async () => {
  tmp = tempDir();
  eu = await startFakePagerduty(TOKEN, incident('PINC1'), [{user: 'carol', level: 1}]);
  us = await startFakePagerduty(TOKEN, incident('PINC2'), [{user: 'erin', level: 1}]);
});
afterEach(async () => {
  await eu.close();
  await us.close();
  tmp.cleanup();
});

const entry = (url: string) => `    alertSources:\n      - kind: pagerduty\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n        services: {PSVC001: checkout}\n`;

describe('oncall whoison --context eu,us', () => {
  it('names the context whose PagerDuty could not be read (text and --json)', async () => {
    const path = tmp.write('c.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url)}  - name: us\n${entry('http://127.0.0.1:1')}`);
    const text = await run(['whoison', 'checkout', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(text.code).toBe(3);
    // Today: "on call for checkout: L1 carol" + "(not read: pagerduty: …)" + "note: pagerduty: unavailable …":
    // nothing says that it is us' PagerDuty that is down, nor that carol is eu's on-call.
    expect(text.out + text.err).toMatch(/\bus\b/);
    const json = await run(['whoison', 'checkout', '--json', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    const doc = JSON.parse(json.out) as {errors: string[]; oncalls: Array<Record<string, unknown>>};
    expect(doc.errors.join(' ')).toMatch(/\bus\b/);
  });

  it('--json says which context each on-call row is from', async () => {
    const path = tmp.write('c.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url)}  - name: us\n${entry(us.url)}`);
    const json = await run(['whoison', 'checkout', '--json', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as {oncalls: Array<Record<string, unknown>>};
    // Today both rows say source "pagerduty" and nothing else: carol (eu) and erin (us) read alike.
    expect(doc.oncalls.map((o) => [o['user'], o['context']])).toEqual([['carol', 'eu'], ['erin', 'us']]);
  });
});
