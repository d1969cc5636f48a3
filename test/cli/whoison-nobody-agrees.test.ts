/**
 * `nobodyServices` agrees with the exit code and the text. It was filled only without SERVICE:
 * `whoison search --json` for a service with nobody on call exited 1 with `nobodyServices: []`;
 * and with no names at all and another service unknown, JSON named search while the text said
 * only `on call: UNKNOWN for payments`.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let pd: FakePagerduty;
const TOKEN = 'pd-cli-token-77';
beforeEach(async () => {
  tmp = tempDir();
  pd = await startFakePagerduty(TOKEN, [{id: 'PINC1', number: 1234, title: 'X', status: 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API'}], [{user: 'carol', level: 1}], [{id: 'PSVC002', name: 'Search API', policyId: 'PPOL002'}]);
});
afterEach(async () => {
  await pd.close();
  tmp.cleanup();
});

describe('whoison SERVICE --json', () => {
  it('names the service in nobodyServices when it exits 1 for nobody on call', async () => {
    const path = tmp.write('two.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001, PSVC002]\n        services: {PSVC001: checkout, PSVC002: search}\n`);
    const r = await run(['whoison', 'search', '--json', '--config', path], {PD_TOKEN: TOKEN});
    const doc = JSON.parse(r.out);
    expect(r.code).toBe(1);
    expect(doc.nobodyServices).toEqual(['search']);
  });
});

describe('whoison (no SERVICE), nobody on call anywhere and a service not found', () => {
  it('the text names the service with nobody on call, as nobodyServices does', async () => {
    const path = tmp.write('nf.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        apiUrl: ${pd.url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC002, PSVC404]\n        services: {PSVC002: search, PSVC404: payments}\n`);
    const json = await run(['whoison', '--json', '--config', path], {PD_TOKEN: TOKEN});
    expect(JSON.parse(json.out).nobodyServices).toEqual(['search']);
    const text = await run(['whoison', '--config', path], {PD_TOKEN: TOKEN});
    expect(text.code).toBe(3);
    expect(text.out).toContain('nobody on call for search');
  });
});
