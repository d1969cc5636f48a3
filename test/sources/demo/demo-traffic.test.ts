import {describe, expect, it} from 'vitest';
import {BURN_WINDOWS, type SloDefinition, type WindowRatio} from '../../../src/domain/slo.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {
  CHECKOUT_AVAILABILITY_OBJECTIVE,
  CHECKOUT_BASELINE_RATIO,
  CHECKOUT_DEPLOY_OFFSET_MS,
  CHECKOUT_INCIDENT_RATIO,
  DEMO_SLOS,
  HOUR,
  MINUTE,
  SEARCH_BURN_RATIO,
  SEARCH_LATENCY_BASELINE_RATIO,
  demoSloDefinitions,
} from '../../../src/sources/demo/demo-scenario.ts';
import {averageRatio, createDemoTraffic} from '../../../src/sources/demo/demo-traffic.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const slo = (name: string): SloDefinition => {
  const found = demoSloDefinitions().find((d) => d.name === name);
  if (!found) throw new Error(`no demo SLO ${name}`);
  return found;
};
const WINDOWS = [...BURN_WINDOWS, 'period'] as const;

async function ratiosAt(name: string, at: number): Promise<Record<string, number | null>> {
  const traffic = createDemoTraffic(DEMO_SLOS, T0);
  const {value, warnings} = await traffic.readRatios([slo(name)], [...WINDOWS], at);
  expect(warnings).toEqual([]);
  expect(value).toHaveLength(1);
  expect(value[0]!.slo).toBe(name);
  expect(value[0]!.at).toBe(at);
  return Object.fromEntries(value[0]!.ratios.map((r: WindowRatio) => [r.window, r.ratio]));
}

describe('averageRatio', () => {
  const traffic = {requestsPerSecond: 10, baselineRatio: 0.001, episodes: [{start: 1000, end: 2000, ratio: 0.1, endsOnRollback: false}]};

  it('weights the episode by the part of the window it covers', () => {
    expect(averageRatio(traffic, 1000, 1000)).toBeCloseTo(0.001, 15); // window [0, 1000]: before it
    expect(averageRatio(traffic, 1500, 1000)).toBeCloseTo((500 * 0.001 + 500 * 0.1) / 1000, 15);
    expect(averageRatio(traffic, 3000, 4000)).toBeCloseTo((3000 * 0.001 + 1000 * 0.1) / 4000, 15);
    expect(averageRatio(traffic, 2500, 200)).toBeCloseTo(0.001, 15); // after it
  });

  it('is null without traffic, never zero', () => {
    expect(averageRatio({...traffic, requestsPerSecond: 0}, 1500, 1000)).toBeNull();
  });
});

describe('demo traffic at T0', () => {
  it('gives checkout-availability the exact time-weighted ratio in every window', async () => {
    const b = CHECKOUT_BASELINE_RATIO;
    const i = CHECKOUT_INCIDENT_RATIO;
    const bad = -CHECKOUT_DEPLOY_OFFSET_MS / MINUTE; // 12 minutes of incident
    const over = (minutes: number) => (i * bad + b * (minutes - bad)) / minutes;
    const r = await ratiosAt('checkout-availability', T0);
    expect(bad).toBe(12);
    expect(r['5m']).toBeCloseTo(i, 15);
    expect(r['30m']).toBeCloseTo(over(30), 15);
    expect(r['1h']).toBeCloseTo(over(60), 15);
    expect(r['2h']).toBeCloseTo(over(120), 15);
    expect(r['6h']).toBeCloseTo(over(360), 15);
    expect(r['1d']).toBeCloseTo(over(1440), 15);
    expect(r['3d']).toBeCloseTo(over(4320), 15);
    expect(r['period']).toBeCloseTo(over(43_200), 15);
    // The same figures written out: 0.02 × 12/60 + 0.00008 × 48/60.
    expect(r['1h']).toBeCloseTo(0.004064, 15);
    expect(r['30m']).toBeCloseTo(0.008048, 15);
  });

  it('burns checkout-availability at about 20× over 1h and 100× over 5m: a page', async () => {
    const budget = (100 - CHECKOUT_AVAILABILITY_OBJECTIVE) / 100;
    const r = await ratiosAt('checkout-availability', T0);
    expect(budget).toBeCloseTo(0.0002, 15);
    expect(Math.abs(r['1h']! / budget - 20)).toBeLessThan(0.5);
    expect(r['1h']! / budget).toBeCloseTo(20.32, 10);
    expect(r['5m']! / budget).toBeCloseTo(100, 10);
    // 6h&30m would not page on its own: 3.72× over 6h.
    expect(r['6h']! / budget).toBeCloseTo(3.72, 10);
  });

  it('leaves 60 % of checkout budget just before the incident and a little less at T0', async () => {
    const before = await ratiosAt('checkout-availability', T0 + CHECKOUT_DEPLOY_OFFSET_MS);
    expect(1 - before['period']! / 0.0002).toBeCloseTo(0.6, 12);
    const now = await ratiosAt('checkout-availability', T0);
    expect(1 - now['period']! / 0.0002).toBeCloseTo(0.6 - (0.02 - 0.00008) * 12 / 43_200 / 0.0002, 12);
  });

  it('burns search-latency at 4× in every window up to 1d and 2.7× over 3d: ticket, not page', async () => {
    const budget = 0.005;
    const r = await ratiosAt('search-latency', T0);
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d'] as const) expect(r[w]).toBeCloseTo(SEARCH_BURN_RATIO, 15);
    expect(r['3d']).toBeCloseTo((2 * SEARCH_BURN_RATIO + SEARCH_LATENCY_BASELINE_RATIO) / 3, 15);
    expect(r['1d']! / budget).toBeCloseTo(4, 12);
    expect(r['2h']! / budget).toBeCloseTo(4, 12);
    expect(r['3d']! / budget).toBeCloseTo(2.7333333333, 8);
    expect(r['6h']! / budget).toBeGreaterThan(1);
    expect(r['6h']! / budget).toBeLessThan(6);
    expect(r['1h']! / budget).toBeLessThan(14.4);
    expect(r['period']).toBeCloseTo((2 * SEARCH_BURN_RATIO + 28 * SEARCH_LATENCY_BASELINE_RATIO) / 30, 15);
  });

  it('reports no data (null) in every window for the inventory endpoint without traffic', async () => {
    const r = await ratiosAt('inventory-reservations', T0);
    expect(Object.keys(r)).toEqual([...WINDOWS]);
    expect(Object.values(r)).toEqual(WINDOWS.map(() => null));
    const other = await ratiosAt('inventory-availability', T0);
    expect(other['1h']).toBeCloseTo(0.0003, 15);
  });

  it('keeps healthy services at their baseline', async () => {
    const payments = await ratiosAt('payments-availability', T0);
    const auth = await ratiosAt('auth-availability', T0);
    for (const w of WINDOWS) {
      expect(payments[w]).toBeCloseTo(0.0001, 15);
      expect(auth[w]).toBeCloseTo(0.00002, 15);
    }
  });

  it('measures the period over the SLO window (28d for auth)', async () => {
    const traffic = createDemoTraffic([{...DEMO_SLOS.find((s) => s.name === 'auth-latency')!, episodes: [{startOffsetMs: -28 * 24 * HOUR - HOUR, endOffsetMs: -28 * 24 * HOUR, ratio: 1, endsOnRollback: false}]}], T0);
    const {value} = await traffic.readRatios([slo('auth-latency')], ['period'], T0);
    // The episode ends exactly where the 28d window starts: unseen.
    expect(value[0]!.ratios).toEqual([{window: 'period', ratio: 0.0004}]);
  });

  it('answers null for an SLO it does not know', async () => {
    const traffic = createDemoTraffic(DEMO_SLOS, T0);
    const {value} = await traffic.readRatios([{...slo('checkout-latency'), name: 'unknown'}], ['1h'], T0);
    expect(value).toEqual([{slo: 'unknown', at: T0, ratios: [{window: '1h', ratio: null}]}]);
  });
});

describe('demo traffic history', () => {
  it('returns the 1h ratio at every step, oldest first', async () => {
    const traffic = createDemoTraffic(DEMO_SLOS, T0);
    const {value} = await traffic.readHistory!(slo('checkout-availability'), T0 - 2 * HOUR, T0, 300);
    expect(value).toHaveLength(25);
    expect(value[0]).toEqual({at: T0 - 2 * HOUR, ratio: CHECKOUT_BASELINE_RATIO});
    expect(value[22]!.at).toBe(T0 - 10 * MINUTE);
    expect(value[22]!.ratio).toBeCloseTo((0.02 * 2 + CHECKOUT_BASELINE_RATIO * 58) / 60, 15);
    expect(value[24]!.at).toBe(T0);
    expect(value[24]!.ratio).toBeCloseTo(0.004064, 15);
  });

  it('is null at every step without traffic', async () => {
    const traffic = createDemoTraffic(DEMO_SLOS, T0);
    const {value} = await traffic.readHistory!(slo('inventory-reservations'), T0 - HOUR, T0, 1800);
    expect(value).toEqual([
      {at: T0 - HOUR, ratio: null},
      {at: T0 - HOUR / 2, ratio: null},
      {at: T0, ratio: null},
    ]);
  });

  it('refuses a bad step or more than 11,000 points, as Prometheus does', async () => {
    const traffic = createDemoTraffic(DEMO_SLOS, T0);
    await expect(traffic.readHistory!(slo('checkout-availability'), T0 - HOUR, T0, 0)).rejects.toBeInstanceOf(SourceFailure);
    await expect(traffic.readHistory!(slo('checkout-availability'), T0 - 2 * 24 * HOUR, T0, 10)).rejects.toThrow(/exceeds 11000/);
  });
});

describe('ending episodes on rollback', () => {
  it('ends checkout production incidents at the given time, and nothing else', () => {
    const traffic = createDemoTraffic(DEMO_SLOS, T0);
    const fixedAt = T0 + MINUTE;
    traffic.endEpisodesOnRollback('checkout', 'staging', fixedAt);
    expect(traffic.ratioAt('checkout-availability', fixedAt + 6 * MINUTE, 5 * MINUTE)).toBeCloseTo(CHECKOUT_INCIDENT_RATIO, 15);
    traffic.endEpisodesOnRollback('search', 'production', fixedAt);
    expect(traffic.ratioAt('search-latency', fixedAt + 6 * MINUTE, 5 * MINUTE)).toBeCloseTo(SEARCH_BURN_RATIO, 15);
    traffic.endEpisodesOnRollback('checkout', 'production', fixedAt);
    // Windows ending before the fix are unchanged, so scheduling the end early is harmless.
    expect(traffic.ratioAt('checkout-availability', fixedAt, 5 * MINUTE)).toBeCloseTo(CHECKOUT_INCIDENT_RATIO, 15);
    expect(traffic.ratioAt('checkout-availability', fixedAt + 5 * MINUTE, 5 * MINUTE)).toBeCloseTo(CHECKOUT_BASELINE_RATIO, 15);
    expect(traffic.ratioAt('checkout-availability', fixedAt + 2 * MINUTE, 5 * MINUTE)).toBeCloseTo((3 * 0.02 + 2 * CHECKOUT_BASELINE_RATIO) / 5, 15);
  });

  it('does not reach into another instance', () => {
    const a = createDemoTraffic(DEMO_SLOS, T0);
    const b = createDemoTraffic(DEMO_SLOS, T0);
    a.endEpisodesOnRollback('checkout', 'production', T0);
    expect(a.ratioAt('checkout-availability', T0 + HOUR, 5 * MINUTE)).toBeCloseTo(CHECKOUT_BASELINE_RATIO, 15);
    expect(b.ratioAt('checkout-availability', T0 + HOUR, 5 * MINUTE)).toBeCloseTo(CHECKOUT_INCIDENT_RATIO, 15);
  });
});
