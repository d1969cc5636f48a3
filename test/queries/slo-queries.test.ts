import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {BURN_WINDOWS} from '../../src/domain/slo.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {HISTORY_SPAN_MS, sloHistoryKey, sloHistoryQueryOptions, sloKey, sloQueryOptions} from '../../src/queries/slo-queries.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {emptyServices, fakeSloReader, flatRatios, makeSlo, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

const slos = [makeSlo({name: 'api-availability', objective: 99.9}), makeSlo({name: 'api-latency', service: 'api', objective: 99})];

function twoSloServices(reader: ReturnType<typeof fakeSloReader>) {
  return emptyServices({slos, sloReader: {name: 'prom-eu', kind: 'prometheus', capabilities: reader.reader}});
}

describe('sloQueryOptions', () => {
  it('evaluates the demo: checkout pages on 1h&5m, search tickets on 1d&2h, inventory-reservations has no data', async () => {
    const env = createDemoEnvironment({now});
    const snap = await client.fetchQuery(sloQueryOptions(env.services, {intervalMs: false, now}));
    expect(snap.at).toBe(T0);
    expect(snap.outcome).toEqual({name: 'prometheus', kind: 'prometheus', ok: true, error: null, warnings: []});
    const byName = Object.fromEntries(snap.reports.map((r) => [r.definition.name, [r.status, r.trippedBy]]));
    expect(byName).toEqual({
      'checkout-availability': ['page', '1h&5m'],
      'checkout-latency': ['ok', null],
      'payments-availability': ['ok', null],
      'payments-latency': ['ok', null],
      'search-availability': ['ok', null],
      'search-latency': ['ticket', '1d&2h'],
      'inventory-availability': ['ok', null],
      'inventory-reservations': ['no-data', null],
      'auth-availability': ['ok', null],
      'auth-latency': ['ok', null],
    });
    const checkout = snap.reports.find((r) => r.definition.name === 'checkout-availability')!;
    expect(checkout.burnRates['5m']).toBeCloseTo(100, 9);
    expect(checkout.burnRates['1h']).toBeCloseTo(20.32, 10);
  });

  it('reads every burn window plus the period at the clock of the fetch, for all SLOs in one call', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    await client.fetchQuery(sloQueryOptions(twoSloServices(reader), {intervalMs: false, now}));
    expect(reader.calls).toEqual([{slos: ['api-availability', 'api-latency'], windows: [...BURN_WINDOWS, 'period'], at: T0}]);
  });

  it('adds Pyrra\'s 4d window to the one read when a Pyrra SLO is in the fleet, and tickets on its slow pair', async () => {
    const pyrra = makeSlo({name: 'api-errors', service: 'api', objective: 99, window: '28d', source: 'pyrra'});
    // 1.2× on the short windows, 1.5× over 1d, 3d and 4d: only 4d&6h (1×) trips; 1d&2h needs 2×.
    const slow = {'5m': 0.012, '30m': 0.012, '1h': 0.012, '2h': 0.012, '6h': 0.012, '1d': 0.015, '3d': 0.015, period: 0.005, '4d': 0.015};
    const reader = fakeSloReader((s, at) => ({
      value: s.map((d) => ({slo: d.name, at, ratios: d.source === 'pyrra' ? Object.entries(slow).map(([window, ratio]) => ({window, ratio})) : flatRatios(0.0001)})),
    }));
    const services = emptyServices({slos: [...slos, pyrra], sloReader: {name: 'prom-eu', kind: 'prometheus', capabilities: reader.reader}});
    const snap = await client.fetchQuery(sloQueryOptions(services, {intervalMs: false, now}));
    expect(reader.calls).toEqual([{slos: ['api-availability', 'api-latency', 'api-errors'], windows: [...BURN_WINDOWS, 'period', '4d'], at: T0}]);
    const report = snap.reports.find((r) => r.definition.name === 'api-errors')!;
    expect(report).toMatchObject({status: 'ticket', trippedBy: '4d&6h'});
    expect(report.extraBurnRates?.['4d']).toBeCloseTo(1.5, 12);
    expect(snap.reports.filter((r) => r.definition.source === 'native').every((r) => r.status === 'ok' && r.extraBurnRates === undefined)).toBe(true);
  });

  it('turns ratios into reports with the domain math and keeps the SLO order of the config', async () => {
    const reader = fakeSloReader((_s, at) => ({
      value: [
        {slo: 'api-latency', at, ratios: flatRatios(0.005)},
        {slo: 'api-availability', at, ratios: flatRatios(0.02)},
      ],
      warnings: ['partial response: store eu-2 down'],
    }));
    const snap = await client.fetchQuery(sloQueryOptions(twoSloServices(reader), {intervalMs: false, now}));
    expect(snap.reports.map((r) => r.definition.name)).toEqual(['api-availability', 'api-latency']);
    const [avail, latency] = snap.reports;
    // 0.02 / 0.001 = 20× on every window: the paging pair trips first; the period is overspent 19 times.
    expect(avail!.status).toBe('page');
    expect(avail!.trippedBy).toBe('1h&5m');
    expect(avail!.burnRates['1h']).toBeCloseTo(20, 12);
    expect(avail!.errorBudgetRemaining).toBeCloseTo(-19, 12);
    expect(avail!.exhaustsInSeconds).toBe(0);
    // 0.005 / 0.01 = 0.5×: fine.
    expect(latency!.status).toBe('ok');
    expect(latency!.burnRates['3d']).toBeCloseTo(0.5, 12);
    expect(latency!.errorBudgetRemaining).toBeCloseTo(0.5, 12);
    expect(snap.outcome).toEqual({name: 'prom-eu', kind: 'prometheus', ok: true, error: null, warnings: ['partial response: store eu-2 down']});
  });

  it('reports an SLO the source did not answer for as no data, never as zero errors', async () => {
    const reader = fakeSloReader((_s, at) => ({value: [{slo: 'api-availability', at, ratios: flatRatios(0)}]}));
    const snap = await client.fetchQuery(sloQueryOptions(twoSloServices(reader), {intervalMs: false, now}));
    const latency = snap.reports[1]!;
    expect(latency.status).toBe('no-data');
    expect(latency.sli).toBeNull();
    expect(latency.errorBudgetRemaining).toBeNull();
    expect(Object.values(latency.burnRates)).toEqual([null, null, null, null, null, null, null]);
    expect(snap.reports[0]!.status).toBe('ok');
  });

  it('is disabled without a reader or without SLOs, and keyed by context', () => {
    const reader = fakeSloReader(() => ({value: []}));
    expect(sloQueryOptions(emptyServices({slos}), {intervalMs: 1000, now}).enabled).toBe(false);
    expect(sloQueryOptions(emptyServices({sloReader: {name: 'p', kind: 'prometheus', capabilities: reader.reader}}), {intervalMs: 1000, now}).enabled).toBe(false);
    const opts = sloQueryOptions(twoSloServices(reader), {intervalMs: 1000, now});
    expect(opts.enabled).toBe(true);
    expect(opts.queryKey).toEqual(['slos', 'test']);
    expect(sloKey('prod')).toEqual(['slos', 'prod']);
    expect((opts.refetchInterval as () => number)()).toBe(1000);
  });

  it('fails the query with the source failure when the reader throws', async () => {
    const reader = fakeSloReader(() => ({error: new SourceFailure('unavailable', 'connection refused')}));
    await expect(client.fetchQuery(sloQueryOptions(twoSloServices(reader), {intervalMs: false, now}))).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'connection refused',
    });
  });

  it('polls at the interval while observed, each read at the then current clock', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const observer = new QueryObserver(client, sloQueryOptions(twoSloServices(reader), {intervalMs: 5000, now}));
    const unsubscribe = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(reader.calls.map((c) => c.at)).toEqual([T0]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(reader.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reader.calls.map((c) => c.at)).toEqual([T0, T0 + 5000]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reader.calls.map((c) => c.at)).toEqual([T0, T0 + 5000, T0 + 10_000, T0 + 15_000]);
    expect(observer.getCurrentResult().data?.at).toBe(T0 + 15_000);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reader.calls).toHaveLength(4);
  });

  it('does not poll when paused (intervalMs false), and stops when the options switch to paused', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const services = twoSloServices(reader);
    const paused = new QueryObserver(client, sloQueryOptions(services, {intervalMs: false, now}));
    const stop = paused.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reader.calls).toHaveLength(1);
    stop();

    const other = createQueryClient({retry: 0});
    const reader2 = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const observer = new QueryObserver(other, sloQueryOptions(twoSloServices(reader2), {intervalMs: 1000, now}));
    const stop2 = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(3000);
    expect(reader2.calls).toHaveLength(4);
    observer.setOptions(sloQueryOptions(twoSloServices(reader2), {intervalMs: false, now}));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(reader2.calls).toHaveLength(4);
    stop2();
    other.clear();
    other.unmount();
  });
});

describe('sloHistoryQueryOptions', () => {
  it('reads six hours in 72 steps of 300 s per SLO and converts ratios to burn rates, keeping gaps', async () => {
    const reader = fakeSloReader(() => ({value: []}));
    reader.withHistory((slo) => ({
      value: [
        {at: T0 - 600_000, ratio: slo.objective === 99.9 ? 0.002 : 0.05},
        {at: T0 - 300_000, ratio: null},
      ],
    }));
    const history = await client.fetchQuery(sloHistoryQueryOptions(twoSloServices(reader), {intervalMs: false, now}));
    expect(HISTORY_SPAN_MS).toBe(21_600_000);
    expect(reader.historyCalls).toEqual([
      {slo: 'api-availability', from: T0 - 21_600_000, to: T0, step: 300},
      {slo: 'api-latency', from: T0 - 21_600_000, to: T0, step: 300},
    ]);
    expect(Object.keys(history)).toEqual(['api-availability', 'api-latency']);
    expect(history['api-availability']![0]!.burnRate).toBeCloseTo(2, 9);
    expect(history['api-latency']![0]!.burnRate).toBeCloseTo(5, 9);
    expect(history['api-availability']![1]).toEqual({at: T0 - 300_000, burnRate: null});
  });

  it('is disabled when the reader has no history capability, and then yields nothing', async () => {
    const reader = fakeSloReader(() => ({value: []}));
    const opts = sloHistoryQueryOptions(twoSloServices(reader), {intervalMs: 60_000, now});
    expect(opts.enabled).toBe(false);
    expect(opts.queryKey).toEqual(sloHistoryKey('test'));
    expect(await client.fetchQuery(opts)).toEqual({});
  });

  it('reads the demo history: 72 points for checkout-availability ending at now', async () => {
    const env = createDemoEnvironment({now});
    const history = await client.fetchQuery(sloHistoryQueryOptions(env.services, {intervalMs: false, now}));
    const points = history['checkout-availability']!;
    expect(points.length).toBeGreaterThanOrEqual(72);
    expect(points.at(-1)!.at).toBeLessThanOrEqual(T0);
    expect(points[0]!.at).toBeGreaterThanOrEqual(T0 - HISTORY_SPAN_MS);
    // The incident started 12 minutes before now: the last point burns, six hours ago did not.
    expect(points.at(-1)!.burnRate!).toBeGreaterThan(14.4);
    expect(points[0]!.burnRate!).toBeLessThan(1);
  });
});
