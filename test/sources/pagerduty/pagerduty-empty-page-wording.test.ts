/**
 * A read that stops at an empty page still saying `more` is a cut, but not the 2,000-item one:
 * how many remain is unknown. The warnings were worded for the cap alone and said "more than 0
 * open incidents; showing the first 0", or "more than 2000 … only the first 2000 read" when
 * nothing was read. A range read in windows also stopped at such a window, leaving the newer
 * windows unread and unsaid.
 */
import http from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {createPagerdutySource, type PagerdutySourceConfig} from '../../../src/sources/pagerduty/pagerduty-source.ts';
import {listOpenedBetween, MAX_RANGE_MS} from '../../../src/sources/pagerduty/ranged-incidents.ts';

let server: http.Server | null = null;
afterEach(async () => {
  if (server === null) return;
  await new Promise((r) => server!.close(r));
  server = null;
});

// A bare server: the fake PagerDuty never sends an empty page that says more.
async function serve(handler: (u: URL) => unknown): Promise<string> {
  server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify(handler(u)));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as {port: number}).port}`;
}
const config = (url: string): PagerdutySourceConfig => ({kind: 'pagerduty', name: 'pagerduty', apiUrl: url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'}) as PagerdutySourceConfig;
const page = (key: string, u: URL) => ({[key]: [], more: true, limit: 100, offset: Number(u.searchParams.get('offset') ?? 0)});
const TOKEN = 'tok-123456789';

describe('cut warnings after an empty page that says more', () => {
  it('incident pane: says the server stopped early, not "more than 0 open incidents; showing the first 0"', async () => {
    const url = await serve((u) => page('incidents', u));
    const source = createPagerdutySource(config(url), {token: TOKEN});
    const {value, warnings} = await source.listAlerts();
    await source.close();
    expect(value).toEqual([]);
    expect(warnings).toEqual(['pagerduty: the server said more open incidents follow after the 0 read but sent none; the list shown may be incomplete']);
  });

  it('on-call: stays incomplete, and does not say "more than 0 on-call entries; showing the first 0"', async () => {
    const url = await serve((u) => (u.pathname === '/services' ? {services: [{id: 'PSVC001', type: 'service', name: 'Checkout', escalation_policy: {id: 'EP1', type: 'escalation_policy_reference', summary: 'EP'}}], more: false, limit: 100, offset: 0} : page('oncalls', u)));
    const source = createPagerdutySource(config(url), {token: TOKEN});
    const answer = await source.listOncalls!();
    await source.close();
    expect(answer.incomplete).toBe(true);
    expect(answer.warnings.join('\n')).not.toMatch(/more than 0 |the first 0\b/);
    expect(answer.warnings.join('\n')).toMatch(/sent none/);
  });

  it('handover range: does not claim "more than 2000 … only the first 2000 read" when none were read', async () => {
    const url = await serve((u) => (u.searchParams.has('since') ? page('incidents', u) : {incidents: [], more: false, limit: 100, offset: 0}));
    const source = createPagerdutySource(config(url), {token: TOKEN});
    const to = Date.UTC(2026, 11, 7, 21, 0, 0);
    const {warnings} = await source.listIncidentsBetween!(to - 12 * 3_600_000, to);
    await source.close();
    expect(warnings.join('\n')).toMatch(/incidents opened in the range/);
    expect(warnings.join('\n')).not.toMatch(/more than 2000|first 2000/);
  });

  it('a range in windows: a window stopped by an empty page does not leave the newer windows unread', async () => {
    const to = Date.UTC(2026, 11, 7);
    const from = to - 2 * MAX_RANGE_MS;
    let calls = 0;
    // The older window stops at an empty page; the newer one holds an incident.
    const client = {
      list: async () => (calls++ === 0 ? {items: [], cut: 'empty-page'} : {items: [{id: 'PNEW'}], cut: false}),
    } as never;
    const {items, cut} = await listOpenedBetween(client, from, to, {});
    expect(calls).toBe(2);
    expect(items).toEqual([{id: 'PNEW'}]);
    expect(cut).toBe('empty-page');
  });
});
