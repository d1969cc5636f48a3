/**
 * The contract (listIncidents `since`/`until`): "Maximum range is 6 months". A timeline or
 * handover over a longer range (a quarterly or half-year review) is read in windows within it,
 * never in one request PagerDuty refuses with a 400 (every PagerDuty incident of the range was
 * then unreadable), merged by incident id and sharing one list's 2000-item cut.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPagerdutySource} from '../../../src/sources/pagerduty/pagerduty-source.ts';
import {createPagerdutyClient} from '../../../src/sources/pagerduty/pagerduty-client.ts';
import {listOpenedBetween, rangeWindows} from '../../../src/sources/pagerduty/ranged-incidents.ts';
import {startFakePagerduty, type FakeIncident, type FakePagerduty} from '../../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-range-token';
const DAY = 86_400_000;
// The shortest 6 months (September 1 to March 1): no window may be longer, whatever its months.
const SIX_MONTHS_AT_LEAST_DAYS = 181;
const config = (url: string) => ({kind: 'pagerduty' as const, name: 'pagerduty', apiUrl: url, from: 'alice@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'checkout'}, timeout: '2s'});
const incident = (id: string, number: number, createdAt: string, status: FakeIncident['status'] = 'resolved'): FakeIncident => ({id, number, title: `incident ${number}`, status, serviceId: 'PSVC001', serviceName: 'Checkout API', createdAt, ...(status === 'resolved' ? {resolvedAt: createdAt} : {})});

let pd: FakePagerduty;
beforeAll(async () => {
  pd = await startFakePagerduty(TOKEN, []);
}, 30_000);
afterAll(async () => {
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
});

// The `since`–`until` of every ranged `/incidents` request sent from `sent` on.
const ranges = (sent: number) =>
  pd.fake
    .calls('GET', '/incidents')
    .slice(sent)
    .filter((r) => r.query.get('since') !== null)
    .map((r) => [Date.parse(r.query.get('since')!), Date.parse(r.query.get('until')!)] as const);

describe('listIncidentsBetween and the 6-month since/until bound', () => {
  it('reads ~9 months in windows within 6 months, covering the range edge to edge, and finds the incidents of each', async () => {
    pd.incidents.clear();
    pd.incidents.set('POLD', incident('POLD', 7, '2026-04-01T00:00:00Z'));
    pd.incidents.set('PNEW', incident('PNEW', 8, '2026-11-20T00:00:00Z'));
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const from = Date.parse('2026-03-01T00:00:00Z');
    const to = Date.parse('2026-12-07T00:00:00Z');
    const sent = pd.fake.calls('GET', '/incidents').length;
    try {
      const {value, warnings} = await source.listIncidentsBetween(from, to);
      expect(value.map((i) => i.number).sort()).toEqual([7, 8]);
      expect(warnings).toEqual([]);
    } finally {
      await source.close();
    }
    const sentRanges = ranges(sent);
    expect(sentRanges.length).toBeGreaterThan(1);
    for (const [since, until] of sentRanges) expect((until - since) / DAY).toBeLessThanOrEqual(SIX_MONTHS_AT_LEAST_DAYS);
    // Consecutive: nothing of the range is left between two windows.
    expect(sentRanges[0]![0]).toBe(from);
    expect(sentRanges.at(-1)![1]).toBe(to);
    sentRanges.slice(1).forEach(([since], n) => expect(since).toBe(sentRanges[n]![1]));
  });

  it('a range within 6 months is still one request', async () => {
    pd.incidents.clear();
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    const sent = pd.fake.calls('GET', '/incidents').length;
    const to = Date.parse('2026-12-07T00:00:00Z');
    try {
      await source.listIncidentsBetween(to - 30 * DAY, to);
    } finally {
      await source.close();
    }
    expect(ranges(sent)).toEqual([[to - 30 * DAY, to]]);
  });
});

describe('listOpenedBetween', () => {
  it('lists an incident opened on the edge two windows share once', async () => {
    pd.incidents.clear();
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = from + 300 * DAY;
    const edge = rangeWindows(from, to)[0]![1];
    pd.incidents.set('PEDGE', incident('PEDGE', 9, new Date(edge).toISOString()));
    const client = createPagerdutyClient(config(pd.url), {token: TOKEN});
    try {
      const {items, cut} = await listOpenedBetween(client, from, to, {'service_ids[]': ['PSVC001']});
      expect((items as Array<{id: string}>).map((i) => i.id)).toEqual(['PEDGE']);
      expect(cut).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('shares one 2000-item cut across the windows: more in the range than that is said cut, at 2000', async () => {
    pd.incidents.clear();
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = from + 300 * DAY;
    // 1500 in the first window and 600 in the second: each under a list's cut, together past it.
    for (let n = 0; n < 2100; n++) {
      const at = n < 1500 ? from + DAY + n * 60_000 : from + 250 * DAY + n * 60_000;
      pd.incidents.set(`P${n}`, incident(`P${n}`, 10_000 + n, new Date(at).toISOString()));
    }
    const client = createPagerdutyClient(config(pd.url), {token: TOKEN});
    try {
      const {items, cut} = await listOpenedBetween(client, from, to, {'service_ids[]': ['PSVC001']});
      expect(items).toHaveLength(2000);
      expect(cut).toBe('cap');
    } finally {
      await client.close();
      pd.incidents.clear();
    }
  }, 30_000);

  it('exactly 2000 in the range is no cut', async () => {
    pd.incidents.clear();
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = from + 300 * DAY;
    for (let n = 0; n < 2000; n++) {
      const at = n < 1500 ? from + DAY + n * 60_000 : from + 250 * DAY + n * 60_000;
      pd.incidents.set(`P${n}`, incident(`P${n}`, 10_000 + n, new Date(at).toISOString()));
    }
    const client = createPagerdutyClient(config(pd.url), {token: TOKEN});
    try {
      const {items, cut} = await listOpenedBetween(client, from, to, {'service_ids[]': ['PSVC001']});
      expect(items).toHaveLength(2000);
      expect(cut).toBe(false);
    } finally {
      await client.close();
      pd.incidents.clear();
    }
  }, 30_000);
});

describe('rangeWindows', () => {
  it('splits at most every 180 days, oldest first, and keeps a short or empty range whole', () => {
    expect(rangeWindows(0, 10)).toEqual([[0, 10]]);
    expect(rangeWindows(5, 5)).toEqual([[5, 5]]);
    expect(rangeWindows(0, 400 * DAY)).toEqual([[0, 180 * DAY], [180 * DAY, 360 * DAY], [360 * DAY, 400 * DAY]]);
    expect(rangeWindows(0, 360 * DAY)).toEqual([[0, 180 * DAY], [180 * DAY, 360 * DAY]]);
  });
});
