/**
 * `oncall whoison` without a SERVICE answers for every watched service: one whose escalation
 * policy is known and that has nobody on call must be named and must make the exit 1, as it does
 * when asked by name, or a handover check would read "nothing needs attention".
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = 'pd-cli-token-77';

beforeEach(async () => {
  tmp = tempDir();
  // checkout (PPOL001) has carol on call; search (PPOL002) has a known policy with nobody on call.
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'CheckoutHighErrorRate', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}], [{id: 'PSVC002', name: 'Search API', policyId: 'PPOL002'}]);
});
afterEach(async () => {
  await pd.close();
  tmp.cleanup();
});

const config = () =>
  tmp.write('two.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001, PSVC002]\n        services: {PSVC001: checkout, PSVC002: search}\n`);

describe('oncall whoison without SERVICE', () => {
  it('does not exit 0 ("nothing needs attention") nor leave out a watched service with nobody on call', async () => {
    const path = config();
    const one = await run(['whoison', 'search', '--config', path], {PD_TOKEN: TOKEN});
    expect([one.code, one.out]).toEqual([1, 'nobody on call for search\n']);
    const all = await run(['whoison', '--config', path], {PD_TOKEN: TOKEN});
    expect(all.out).toContain('  nobody on call for search\n');
    expect(all.code).toBe(1);
  });

  it('names it in --json too (nobodyServices), with exit 1', async () => {
    const all = await run(['whoison', '--json', '--config', config()], {PD_TOKEN: TOKEN});
    const doc = JSON.parse(all.out);
    expect(doc.nobodyServices).toEqual(['search']);
    expect([doc.unknownServices, doc.incomplete]).toEqual([[], false]);
    expect(all.code).toBe(1);
  });

  it('exit 3 still wins over exit 1 when a source could not be read', async () => {
    const path = tmp.write('down.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001, PSVC002]\n        services: {PSVC001: checkout, PSVC002: search}\n      - kind: pagerduty\n        name: pd-other\n        apiUrl: http://127.0.0.1:9\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PX]\n        services: {PX: billing}\n`);
    const all = await run(['whoison', '--config', path], {PD_TOKEN: TOKEN});
    expect(all.out).toContain('nobody on call for search');
    expect(all.code).toBe(3);
  });
});
