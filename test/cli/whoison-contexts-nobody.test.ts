/**
 * Over several contexts, nobody on call was worked out on the coverage and on-calls merged across
 * contexts: a service with nobody on call in eu was hidden by someone on call for a service of
 * the same name in us, and `whoison --context eu,us` exited 0 without a word of eu's search (a
 * handover check would not notice). It is now a context's, named with that context.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {run, tempDir} from './cli-fixtures.ts';

const TOKEN = 'pd-cli-token-77';
let tmp: ReturnType<typeof tempDir>;
let eu: FakePagerduty;
let us: FakePagerduty;
const incident = [{id: 'PINC1', number: 1, title: 'X', status: 'triggered' as const, serviceId: 'PSVC001', serviceName: 'Checkout API'}];
const search = [{id: 'PSVC002', name: 'Search API', policyId: 'PPOL002'}];
beforeEach(async () => {
  tmp = tempDir();
  // eu: carol on checkout, nobody on search. us: erin on checkout, dave on search.
  eu = await startFakePagerduty(TOKEN, incident, [{user: 'carol', level: 1}], search);
  us = await startFakePagerduty(TOKEN, incident, [{user: 'erin', level: 1}, {user: 'dave', level: 1, policyId: 'PPOL002'}], search);
});
afterEach(async () => {
  await eu.close();
  await us.close();
  tmp.cleanup();
});
const entry = (url: string) => `    alertSources:\n      - kind: pagerduty\n        apiUrl: ${url}\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001, PSVC002]\n        services: {PSVC001: checkout, PSVC002: search}\n`;

describe('oncall whoison --context eu,us without SERVICE', () => {
  it('names eu\'s search as having nobody on call, and exits 1', async () => {
    const path = tmp.write('c.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url)}  - name: us\n${entry(us.url)}`);
    // Sanity: each context alone.
    const euOnly = await run(['whoison', '--config', path, '--context', 'eu'], {PD_TOKEN: TOKEN});
    expect([euOnly.code, euOnly.out]).toEqual([1, expect.stringContaining('nobody on call for search')]);
    const both = await run(['whoison', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(both.out).toContain('  nobody on call for search  [eu]\n');
    expect(both.out).not.toMatch(/nobody on call for search {2}\[us\]/);
    expect(both.code).toBe(1);
    const json = JSON.parse((await run(['whoison', '--json', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN})).out);
    expect([json.nobodyServices, json.nobodyIn]).toEqual([['search'], [{service: 'search', context: 'eu'}]]);
  });

  it('a PagerDuty account shared by both contexts is one answer: its nobody is named once, with both', async () => {
    const path = tmp.write('s.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url)}  - name: us\n${entry(eu.url)}`);
    const both = await run(['whoison', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(both.out.match(/nobody on call for search/g)).toEqual(['nobody on call for search']);
    expect(both.out).toContain('  nobody on call for search  [eu, us]\n');
    expect(both.code).toBe(1);
  });

  it('a context is judged on all its sources: one source with nobody on search does not hide another with dave', async () => {
    const named = (name: string, url: string) => entry(url).replace('      - kind: pagerduty\n', `      - kind: pagerduty\n        name: ${name}\n`).replace('    alertSources:\n', '');
    const path = tmp.write('m.yaml', `current-context: eu\ncontexts:\n  - name: eu\n    alertSources:\n${named('pd-eu', eu.url)}${named('pd-us', us.url)}  - name: us\n${entry(us.url)}`);
    const eu1 = await run(['whoison', '--config', path, '--context', 'eu'], {PD_TOKEN: TOKEN});
    expect([eu1.code, eu1.out]).toEqual([0, expect.not.stringContaining('nobody on call')]);
    const both = await run(['whoison', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(both.out).not.toContain('nobody on call');
    expect(both.code).toBe(0);
  });

  it('asked for search by name, names eu\'s nobody beside dave of us, and exits 1', async () => {
    const path = tmp.write('n.yaml', `current-context: eu\ncontexts:\n  - name: eu\n${entry(eu.url)}  - name: us\n${entry(us.url)}`);
    const both = await run(['whoison', 'search', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN});
    expect(both.out).toContain('dave');
    expect(both.out).toContain('  nobody on call for search  [eu]\n');
    expect(both.code).toBe(1);
    const json = JSON.parse((await run(['whoison', 'search', '--json', '--config', path, '--context', 'eu,us'], {PD_TOKEN: TOKEN})).out);
    expect([json.nobodyServices, json.nobodyIn]).toEqual([['search'], [{service: 'search', context: 'eu'}]]);
  });
});
