import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {BURN_WINDOWS} from '../../../src/domain/slo.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {MINUTE} from '../../../src/sources/demo/demo-scenario.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);

describe('createDemoEnvironment', () => {
  it('composes a writable demo context with handles of the kinds they stand in for', () => {
    const {services} = createDemoEnvironment({now: () => T0});
    expect(services.context).toBe('demo');
    expect(services.readOnly).toBe(false);
    expect(services.sloReader).toMatchObject({name: 'prometheus', kind: 'prometheus'});
    expect(services.alertSources.map((s) => [s.name, s.kind])).toEqual([
      ['alertmanager', 'alertmanager'],
      ['prometheus', 'prometheus'],
      ['pagerduty', 'pagerduty'],
    ]);
    expect(services.deploySource).toMatchObject({name: 'ci', kind: 'deploys'});
    expect(services.rollbacker).toMatchObject({name: 'ci', kind: 'rollback'});
    expect(typeof services.sloReader?.capabilities.readHistory).toBe('function');
    expect(typeof services.rollbacker?.capabilities.getRun).toBe('function');
    const am = services.alertSources[0]!.capabilities;
    expect([am.listSilences, am.createSilence, am.expireSilence].map((f) => typeof f)).toEqual(['function', 'function', 'function']);
  });

  it('defines availability and latency SLOs for every service, sourced demo, over 30d or 28d', () => {
    const {services} = createDemoEnvironment({now: () => T0});
    expect(services.slos.map((s) => s.name)).toEqual([
      'checkout-availability',
      'checkout-latency',
      'payments-availability',
      'payments-latency',
      'search-availability',
      'search-latency',
      'inventory-availability',
      'inventory-reservations',
      'auth-availability',
      'auth-latency',
    ]);
    for (const slo of services.slos) {
      expect(slo.source).toBe('demo');
      expect(slo.sli).toBeUndefined();
      expect(['30d', '28d']).toContain(slo.window);
      expect(slo.name.startsWith(`${slo.service}-`)).toBe(true);
    }
    expect(services.slos.find((s) => s.name === 'checkout-availability')?.objective).toBe(99.98);
  });

  it('tells the intended story through the real SLO math: page, ticket, no-data, ok', async () => {
    const env = createDemoEnvironment({now: () => T0});
    const {slos, sloReader} = env.services;
    const {value} = await sloReader!.capabilities.readRatios(slos, [...BURN_WINDOWS, 'period'], T0);
    const reports = Object.fromEntries(slos.map((slo, i) => [slo.name, evaluateSlo(slo, value[i]!)]));
    expect(Object.fromEntries(Object.entries(reports).map(([name, r]) => [name, [r.status, r.trippedBy]]))).toEqual({
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
    const checkout = reports['checkout-availability']!;
    expect(checkout.burnRates['1h']).toBeCloseTo(20.32, 10);
    expect(checkout.burnRates['5m']).toBeCloseTo(100, 10);
    expect(checkout.errorBudgetRemaining).toBeCloseTo(0.6 - (0.02 - 0.00008) * 12 / 43_200 / 0.0002, 10);
    expect(reports['search-latency']!.burnRates['1d']).toBeCloseTo(4, 10);
  });

  it('starts the scenario at now() unless told otherwise', async () => {
    let t = T0;
    const env = createDemoEnvironment({now: () => t});
    expect(env.startedAt).toBe(T0);
    t += 5 * MINUTE;
    const checkout = (await env.alertmanager.listAlerts()).value.find((a) => a.name === 'CheckoutHighErrorRate');
    expect(checkout?.startsAt).toBe(T0 - 10 * MINUTE);
    const earlier = createDemoEnvironment({now: () => t, startedAt: T0 - MINUTE});
    expect(earlier.startedAt).toBe(T0 - MINUTE);
    expect((await earlier.ci.listDeploys()).value[0]!.startedAt).toBe(T0 - 13 * MINUTE);
  });

  it('keeps each instance to itself: silences and rollbacks do not leak', async () => {
    const t = T0;
    const a = createDemoEnvironment({now: () => t});
    const b = createDemoEnvironment({now: () => t});
    const id = await a.alertmanager.createSilence({
      matchers: [{name: 'alertname', value: 'CheckoutHighErrorRate', isRegex: false, isEqual: true}],
      startsAt: t,
      endsAt: t + 15 * MINUTE,
      createdBy: 'dev',
      comment: 'ACK!',
    });
    await a.ci.rollback({service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2', description: '', idempotencyKey: 'k'});
    expect(id).toBe('demo-silence-2');
    expect((await b.alertmanager.listSilences()).value.map((s) => s.id)).toEqual(['demo-silence-1']);
    await expect(b.ci.getRun('demo-run-1')).rejects.toThrow(/not found/);
    expect((await b.alertmanager.listAlerts()).value.find((x) => x.name === 'CheckoutHighErrorRate')?.state).toBe('firing');
  });

  it('advances only with the clock: the same instant reads the same', async () => {
    let t = T0;
    const env = createDemoEnvironment({now: () => t});
    const read = async () => JSON.stringify([(await env.alertmanager.listAlerts()).value, (await env.ci.listDeploys()).value]);
    const first = await read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await read()).toBe(first);
    t += 24 * 60 * MINUTE;
    expect(await read()).not.toBe(first);
  });

  it('frozen: every read answers as of frozenAt, whatever the clock or the instant asked about', async () => {
    let t = T0;
    const env = createDemoEnvironment({now: () => t, frozenAt: T0});
    const {slos, sloReader, alertSources, deploySource} = env.services;
    const slo = slos[0]!;
    const read = async (at: number) =>
      JSON.stringify([
        (await sloReader!.capabilities.readRatios(slos, [...BURN_WINDOWS, 'period'], at)).value,
        (await sloReader!.capabilities.readHistory!(slo, at - 60 * MINUTE, at, 60)).value,
        (await alertSources[0]!.capabilities.listAlerts()).value,
        (await deploySource!.capabilities.listDeploys()).value,
      ]);
    const first = await read(T0);
    t += 10 * MINUTE;
    expect(await read(t)).toBe(first);
    // The history keeps the span asked for, ending at the frozen instant.
    const history = (await sloReader!.capabilities.readHistory!(slo, t - 60 * MINUTE, t, 60)).value;
    expect([history.length, history[0]!.at, history.at(-1)!.at]).toEqual([61, T0 - 60 * MINUTE, T0]);
    // The same scenario, live, has moved on by then.
    const live = createDemoEnvironment({now: () => t, startedAt: T0});
    const liveRatios = (await live.services.sloReader!.capabilities.readRatios(slos, ['5m'], t)).value;
    const frozenRatios = (await sloReader!.capabilities.readRatios(slos, ['5m'], t)).value;
    expect(liveRatios).not.toEqual(frozenRatios);
  });
});
