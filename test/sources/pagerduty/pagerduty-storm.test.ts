/**
 * An incident storm: dozens of open incidents, each with its alerts read to link it to the
 * Alertmanager alerts that paged it. A healthy PagerDuty answering each read in time is read
 * whole in a few seconds (a few reads at once, never many), and an incident whose alerts fail or
 * are slow to read is still shown, without its links, with a warning that says so.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {Alert} from '../../../src/domain/alert.ts';
import {alertPagedIncident} from '../../../src/domain/incident.ts';
import {LINK_READS_AT_ONCE} from '../../../src/sources/pagerduty/link-reads.ts';
import {createPagerdutySource, LINK_WAIT_MS, type PagerdutySourceConfig} from '../../../src/sources/pagerduty/pagerduty-source.ts';
import {startFakePagerduty, type FakeIncident, type FakePagerduty} from '../../helpers/fake-pagerduty.ts';

const TOKEN = 'pd-storm-token';
let pd: FakePagerduty | null = null;

afterEach(async () => {
  if (!pd) return;
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  pd = null;
});

const STORM: FakeIncident[] = Array.from({length: 40}, (_, i) => ({
  id: `PSTORM${i}`,
  number: 1000 + i,
  title: `storm ${i}`,
  status: 'triggered',
  serviceId: 'PSVC1',
  serviceName: 'Checkout',
  firing: [{alertname: `Storm${i}`, service: 'checkout'}],
}));

const config = (url: string): PagerdutySourceConfig => ({kind: 'pagerduty', name: 'pd', apiUrl: url, from: 'bob@example.com', serviceIds: ['PSVC1'], teamIds: [], services: {}, timeout: '10s'});

/** Whether the row of the `n`th storm incident links it to the alert that paged it. */
const linked = (alert: Alert, n: number) =>
  alert.incidentLinks !== undefined && alertPagedIncident({alertname: `Storm${n}`, service: 'checkout'}, alert.incidentLinks);

/** The most alert reads that were in flight together, each answered `delayMs` after it arrived. */
function mostAtOnce(arrivals: number[], delayMs: number): number {
  // A little under the delay: a timer may fire a millisecond early by the clock it is measured on.
  return Math.max(0, ...arrivals.map((t) => arrivals.filter((u) => u <= t && u > t - (delayMs - 30)).length));
}

describe('PagerDuty in an incident storm', () => {
  it.each([['a poll', {}], ['a one-shot read', {once: true}]] as const)('%s reads 40 incidents answered in 350 ms each in a few seconds, a few at a time, every one linked', async (_, read) => {
    pd = await startFakePagerduty(TOKEN, STORM);
    const arrivals: number[] = [];
    pd.alertReads = () => (arrivals.push(performance.now()), {delayMs: 350});
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    try {
      const started = Date.now();
      const {value, warnings} = await source.listAlerts(read);
      // One after another, 40 × 350 ms = 14 s: past the poll's 12 s wait for the source.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(value).toHaveLength(40);
      expect(value.every((alert, n) => linked(alert, n))).toBe(true);
      expect(warnings).toEqual([]);
      expect(arrivals).toHaveLength(40);
      expect(mostAtOnce(arrivals, 350)).toBeLessThanOrEqual(LINK_READS_AT_ONCE);
      expect(mostAtOnce(arrivals, 350)).toBeGreaterThan(1);
    } finally {
      await source.close();
    }
  }, 30_000);

  it('an incident whose alerts cannot be read is shown without its links, the read said partial', async () => {
    pd = await startFakePagerduty(TOKEN, STORM.slice(0, 3));
    pd.alertReads = (id) => (id === 'PSTORM1' ? {status: 403, body: {error: {message: 'Access Denied', code: 2010}}} : undefined);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    try {
      const {value, warnings, partial} = await source.listAlerts();
      expect(value.map((a) => a.incident?.number)).toEqual([1000, 1001, 1002]);
      expect(value.map((alert, n) => linked(alert, n))).toEqual([true, false, true]);
      expect(warnings).toEqual(['pd: the alerts behind 1 incident could not be read (pd: not authorized (HTTP 403): Access Denied); shown without the alerts that paged them']);
      expect(partial).toEqual(warnings);
    } finally {
      await source.close();
    }
  });

  it('a poll does not wait past its time for a slow incident\'s alerts: the row is shown, and the next poll joins the read still running', async () => {
    pd = await startFakePagerduty(TOKEN, STORM.slice(0, 2));
    pd.alertReads = (id) => (id === 'PSTORM1' ? {delayMs: LINK_WAIT_MS + 1_500} : undefined);
    const source = createPagerdutySource(config(pd.url), {token: TOKEN});
    try {
      const started = Date.now();
      const first = await source.listAlerts();
      expect(Date.now() - started).toBeLessThan(LINK_WAIT_MS + 1_000);
      expect(first.value.map((alert, n) => [alert.incident?.number, linked(alert, n)])).toEqual([[1000, true], [1001, false]]);
      expect(first.warnings).toEqual(['pd: the alerts behind 1 incident are still being read; shown without the alerts that paged them until the next refresh']);
      // The next poll, while that read runs: it waits for it rather than asking again.
      const second = await source.listAlerts();
      expect(second.value.map((alert, n) => linked(alert, n))).toEqual([true, true]);
      expect(second.warnings).toEqual([]);
      expect(pd.fake.calls('GET', '/incidents/{id}/alerts').filter((r) => r.path.includes('PSTORM1'))).toHaveLength(1);
    } finally {
      await source.close();
    }
  }, 20_000);
});
