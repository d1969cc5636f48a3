/**
 * The windows a long range is read in are bounded. `oncall timeline --from 1970-01-01T00:00:00Z`
 * (or `--since 50y`) read PagerDuty as 116 sequential 180-day windows, each a request sharing the
 * token's rate limit with the dashboard's polls, and any 429 among them failed the whole read.
 * Now the last 720 days of a range are read (four windows); what is older is said as a gap,
 * never dropped in silence.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPagerdutySource} from '../../../src/sources/pagerduty/pagerduty-source.ts';
import {listOpenedBetween} from '../../../src/sources/pagerduty/ranged-incidents.ts';
import {startFakePagerduty, type FakeIncident, type FakePagerduty} from '../../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-bound-token';
const DAY = 86_400_000;
// The documented bound: four windows of 180 days.
const READ_DAYS = 720;
const config = (url: string) => ({kind: 'pagerduty' as const, name: 'pagerduty', apiUrl: url, from: 'alice@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'});
const incident = (id: string, number: number, createdAt: string, resolvedAt?: string): FakeIncident => ({id, number, title: `incident ${number}`, status: resolvedAt ? 'resolved' : 'triggered', serviceId: 'PSVC001', serviceName: 'Checkout API', createdAt, ...(resolvedAt ? {resolvedAt} : {})});
const to = Date.parse('2026-12-07T00:00:00Z');
const epoch = Date.parse('1970-01-01T00:00:00Z');

let pd: FakePagerduty;
beforeAll(async () => {
  pd = await startFakePagerduty(TOKEN, []);
}, 30_000);
afterAll(async () => {
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
});

const ranged = (sent: number) => pd.fake.calls('GET', '/incidents').slice(sent).filter((r) => r.query.get('since') !== null);

describe('a range reaching back decades', () => {
  it('listOpenedBetween sends four windows, the last 720 days of the range', async () => {
    let requests = 0;
    const since: number[] = [];
    const client = {list: async (_path: string, query: Record<string, unknown>) => (requests++, since.push(Date.parse(String(query['since']))), {items: [], cut: false})} as never;
    await listOpenedBetween(client, epoch, to, {});
    expect(requests).toBe(4);
    expect(since[0]).toBe(to - READ_DAYS * DAY);
  });

  it('listIncidentsBetween finds what was open in the read span, and says the older part as not read', async () => {
    pd.incidents.clear();
    // Opened and resolved decades ago: past the bound.
    pd.incidents.set('PANCIENT', incident('PANCIENT', 1, '2000-01-01T00:00:00Z', '2000-01-02T00:00:00Z'));
    // Opened before the bound and still open, or resolved within it: found by the reads of what is open or resolved since.
    pd.incidents.set('POPEN', incident('POPEN', 2, '2020-01-01T00:00:00Z'));
    pd.incidents.set('PSPAN', incident('PSPAN', 3, '2024-06-01T00:00:00Z', '2025-06-01T00:00:00Z'));
    pd.incidents.set('PRECENT', incident('PRECENT', 4, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'));
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const sent = pd.fake.calls('GET', '/incidents').length;
    try {
      const {value, warnings} = await source.listIncidentsBetween(epoch, to);
      expect(value.map((i) => i.number).sort()).toEqual([2, 3, 4]);
      const start = new Date(to - READ_DAYS * DAY).toISOString();
      expect(warnings).toEqual([`pagerduty: incidents opened and resolved before ${start} not read (a range is read from PagerDuty ${READ_DAYS} days back from its end at most)`]);
    } finally {
      await source.close();
      pd.incidents.clear();
    }
    expect(ranged(sent)).toHaveLength(4);
  });

  it('a range of 720 days exactly is read whole, with no gap', async () => {
    pd.incidents.clear();
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const sent = pd.fake.calls('GET', '/incidents').length;
    try {
      const {warnings} = await source.listIncidentsBetween(to - READ_DAYS * DAY, to);
      expect(warnings).toEqual([]);
    } finally {
      await source.close();
    }
    expect(ranged(sent)).toHaveLength(4);
  });
});
