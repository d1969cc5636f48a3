/**
 * The alert poll waits for no one source: a rate-limited PagerDuty fails its read at once (its
 * last incidents kept stale), and any source slower than its deadline is a failure of its own,
 * so the other sources' alerts, a new page among them, are drawn without it.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {alertQueryOptions, type AlertSnapshot} from '../../src/queries/alert-queries.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {createPagerdutySource} from '../../src/sources/pagerduty/pagerduty-source.ts';
import {startFakePagerduty, type FakeIncident, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {emptyServices, fakeAlertSource} from './fakes.ts';

// Real timers (not the query harness' fake clock): what is measured is how long a poll takes.
let client: QueryClient;
beforeEach(() => void (client = createQueryClient({retry: 0})));

let pd: FakePagerduty | null = null;
afterEach(async () => {
  client.clear();
  if (!pd) return;
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  pd = null;
});

const PAGE = makeAlert({fingerprint: 'f-new', name: 'CheckoutDown', severity: 'critical', seenBy: ['am']});

/** The snapshot, or `waiting` when it took longer than `ms`: what the screen would still lack. */
async function within(read: Promise<AlertSnapshot>, ms: number): Promise<AlertSnapshot | 'waiting'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'waiting'>((ok) => (timer = setTimeout(() => ok('waiting'), ms)));
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('one source does not hold back the others\' alerts', () => {
  it('a PagerDuty rate limit (Retry-After: 50) fails its read at once: the page is drawn, the incident kept stale with the reset said', async () => {
    pd = await startFakePagerduty('pd-token', [{id: 'PINC1', number: 1234, title: 'Checkout burning', status: 'triggered', serviceId: 'PSVC1', serviceName: 'Checkout'}]);
    const source = createPagerdutySource({kind: 'pagerduty', name: 'pd', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC1'], teamIds: [], services: {}, timeout: '2s'}, {token: 'pd-token'});
    let amAlerts: Alert[] = [];
    const am = fakeAlertSource(() => ({value: amAlerts}));
    const services = emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities: am.capabilities}, {name: 'pd', kind: 'pagerduty', capabilities: source}]});
    const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0};
    try {
      const first = await client.fetchQuery(options);
      expect(first.alerts.map((a) => a.fingerprint)).toEqual(['pagerduty-PINC1']);
      // An incident storm: PagerDuty limits the account, and Alertmanager has a new page.
      pd.fake.route('GET', '/incidents', () => ({status: 429, headers: {'retry-after': '50'}, body: {error: {message: 'Rate Limit Exceeded', code: 2020}}}));
      amAlerts = [PAGE];
      const second = await within(client.fetchQuery(options), 5_000);
      expect(second).not.toBe('waiting');
      const snap = second as AlertSnapshot;
      expect(snap.alerts.map((a) => a.fingerprint).sort()).toEqual(['f-new', 'pagerduty-PINC1']);
      // The incident is the last good one, marked stale since that answer.
      expect(snap.staleSince['pagerduty-PINC1']).toBe(first.at);
      const pdOutcome = snap.outcomes.find((o) => o.name === 'pd')!;
      expect(pdOutcome.ok).toBe(false);
      expect(pdOutcome.error).toMatch(/^unavailable: pd: rate limited \(HTTP 429\) — try again in (49|50)s \(at \S+ by the server's clock\)$/);
      // While the limit lasts, the next poll sends PagerDuty nothing and is drawn at once too.
      const sent = pd.fake.calls('GET', '/incidents').length;
      const third = await within(client.fetchQuery(options), 2_000);
      expect(third).not.toBe('waiting');
      expect(pd.fake.calls('GET', '/incidents')).toHaveLength(sent);
    } finally {
      await source.close();
    }
  }, 20_000);

  it('a source slower than its deadline is a failure of its own: the others\' alerts are drawn, its last ones kept stale', async () => {
    let hang = false;
    const slow = {
      listAlerts: () => (hang ? new Promise<never>(() => {}) : Promise.resolve({value: [makeAlert({fingerprint: 'f-old', seenBy: ['am-b']})], warnings: []})),
    };
    let amAlerts: Alert[] = [];
    const am = fakeAlertSource(() => ({value: amAlerts}));
    const services = emptyServices({alertSources: [{name: 'am-a', kind: 'alertmanager', capabilities: am.capabilities}, {name: 'am-b', kind: 'alertmanager', capabilities: slow}]});
    const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!', sourceDeadlineMs: 300}), staleTime: 0};
    const first = await client.fetchQuery(options);
    expect(first.alerts.map((a) => a.fingerprint)).toEqual(['f-old']);
    // Peer b hangs (its connection open, no answer); a new page arrives on a.
    hang = true;
    amAlerts = [PAGE];
    const started = Date.now();
    const second = await within(client.fetchQuery(options), 3_000);
    expect(second).not.toBe('waiting');
    const snap = second as AlertSnapshot;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(snap.alerts.map((a) => a.fingerprint).sort()).toEqual(['f-new', 'f-old']);
    expect(snap.staleSince['f-old']).toBe(first.at);
    expect(snap.outcomes.map((o) => [o.name, o.ok, o.error])).toEqual([
      ['am-a', true, null],
      ['am-b', false, 'timeout: am-b: no answer within 0.3 s; the other sources are shown without it'],
    ]);
  });

  it('a source configured to wait longer than the deadline (its own timeout) is not cut before that timeout', async () => {
    const slow = {listAlerts: () => new Promise<{value: Alert[]; warnings: string[]}>((ok) => setTimeout(() => ok({value: [PAGE], warnings: []}), 600))};
    const services = emptyServices({alertSources: [{name: 'am-big', kind: 'alertmanager', capabilities: slow, timeoutMs: 1_000}]});
    const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!', sourceDeadlineMs: 300}), staleTime: 0};
    const snap = await client.fetchQuery(options);
    expect(snap.outcomes.map((o) => [o.name, o.ok])).toEqual([['am-big', true]]);
    expect(snap.alerts.map((a) => a.fingerprint)).toEqual(['f-new']);
  });

  it('a one-shot read is not cut by the deadline: it waits for the answer its source gives within its own timeouts', async () => {
    const slow = {listAlerts: () => new Promise<{value: Alert[]; warnings: string[]}>((ok) => setTimeout(() => ok({value: [PAGE], warnings: []}), 600))};
    const services = emptyServices({alertSources: [{name: 'am-slow', kind: 'alertmanager', capabilities: slow}]});
    const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!', once: true, sourceDeadlineMs: 300}), staleTime: 0};
    const snap = await client.fetchQuery(options);
    expect(snap.outcomes.map((o) => [o.name, o.ok])).toEqual([['am-slow', true]]);
    expect(snap.alerts.map((a) => a.fingerprint)).toEqual(['f-new']);
  });

  it('a poll\'s read cut by the deadline is not left running beside the next poll\'s: that one joins it, one read in flight at a time', async () => {
    let inFlight = 0;
    let most = 0;
    let reads = 0;
    const slow = {
      listAlerts: () => {
        reads++;
        most = Math.max(most, ++inFlight);
        return new Promise<{value: Alert[]; warnings: string[]}>((ok) => setTimeout(() => (inFlight--, ok({value: [PAGE], warnings: []})), 700));
      },
    };
    const services = emptyServices({alertSources: [{name: 'am-slow', kind: 'alertmanager', capabilities: slow}]});
    const options = {...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!', sourceDeadlineMs: 250}), staleTime: 0};
    // Polls back to back, each cut at 250 ms, until one gets the answer of the read still running.
    const failed: string[] = [];
    let snap: AlertSnapshot | null = null;
    for (let poll = 0; poll < 6 && snap === null; poll++) {
      try {
        snap = await client.fetchQuery(options);
      } catch (error) {
        failed.push(String(error));
      }
    }
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.includes('am-slow: no answer within 0.25 s'))).toBe(true);
    expect(snap?.alerts.map((a) => a.fingerprint)).toEqual(['f-new']);
    expect(reads).toBe(1);
    expect(most).toBe(1);
    // Once that read is done, the next poll reads anew.
    await client.fetchQuery(options).catch(() => {});
    expect(reads).toBe(2);
  });

  it('oncall alerts (one-shot) during a 40-incident storm reads a healthy PagerDuty answering each request in 350 ms', async () => {
    const storm: FakeIncident[] = Array.from({length: 40}, (_, i) => ({id: `P${i}`, number: 1000 + i, title: `storm ${i}`, status: 'triggered', serviceId: 'PSVC1', serviceName: 'Checkout'}));
    pd = await startFakePagerduty('pd-token', storm);
    pd.alertReads = () => ({delayMs: 350});
    const source = createPagerdutySource({kind: 'pagerduty', name: 'pd', apiUrl: pd.url, from: 'bob@example.com', serviceIds: ['PSVC1'], teamIds: [], services: {}}, {token: 'pd-token'});
    const services = emptyServices({alertSources: [{name: 'pd', kind: 'pagerduty', capabilities: source}]});
    try {
      const snap = await client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!', once: true}), staleTime: 0});
      expect(snap.outcomes.map((o) => [o.name, o.ok, o.warnings])).toEqual([['pd', true, []]]);
      expect(snap.alerts).toHaveLength(40);
    } finally {
      await source.close();
    }
  }, 30_000);
});
